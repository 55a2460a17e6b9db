"""The grid's columns and how each shows a row: formatting only, no rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.plans import IndicatorKind, display_seq
from domain.progress import ProgressRow


def format_number(value: float | None) -> str:
    """18, 2.35, 1,234 — no trailing zeros, thousands separated as Excel shows them."""
    if value is None:
        return ""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def format_date(value: date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


def format_target(row: ProgressRow) -> str:
    """What the city asked of this unit, the way the table words it."""
    kind = row.indicator.kind
    if kind is IndicatorKind.QUALITATIVE:
        return "—"
    if row.target is None:
        return "未分解"
    if kind is IndicatorKind.GROWTH:
        return f"增长{format_number(row.target)}%"
    if kind is IndicatorKind.RATIO:
        return f"{format_number(row.target)}%"
    return format_number(row.target)


def format_actual(row: ProgressRow, value: float | None) -> str:
    if row.indicator.kind is IndicatorKind.QUALITATIVE:
        ach = row.achievement
        return ach.status.value if ach and ach.status else ""
    if value is None:
        return ""
    return format_number(value) + ("%" if row.indicator.kind is IndicatorKind.RATIO else "")


def format_previous(row: ProgressRow) -> str:
    """上期完成值: the previous period's figure, or an older one with its period, 12（10月）."""
    previous = row.previous
    if previous is None or not row.indicator.kind.is_numeric:
        return ""
    return previous.shown(format_actual(row, previous.actual))


def format_baseline(row: ProgressRow) -> str:
    """A growth target's base figure (empty where the table gives none: type it in to get a rate)."""
    if row.indicator.kind is not IndicatorKind.GROWTH:
        return ""
    return format_number(row.baseline)


def measure_of(row: ProgressRow) -> str:
    return row.indicator.measure if row.indicator.kind.is_numeric else ""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    show: Callable[[ProgressRow], str]
    field: str | None = None  # the achievement field an edit of this column changes
    wrap: bool = False


def _text(field: str) -> Callable[[ProgressRow], str]:
    return lambda row: getattr(row.achievement, field) if row.achievement else ""


COLUMNS: list[Column] = [
    Column("seq", "序号", 56, lambda r: display_seq(r.task.seq)),
    Column("indicator", "任务 / 指标", 260, lambda r: r.indicator.name, wrap=True),
    Column("measure", "计量单位", 64, measure_of),
    Column("target", "目标值", 80, format_target),
    Column("baseline", "基数", 72, format_baseline, field="baseline"),
    Column("previous", "上期完成值", 96, format_previous),
    Column("actual", "本期完成值", 88, lambda r: format_actual(r, r.actual), field="actual"),
    Column("rate", "完成率", 70, lambda r: format_percent(r.rate)),
    Column("time", "序时进度", 70, lambda r: format_percent(r.time_progress)),
    Column("status", "状态", 64, lambda r: r.status.value),
    Column("progress", "工作进展", 200, _text("progress"), field="progress", wrap=True),
    Column("problems", "存在问题", 160, _text("problems"), field="problems", wrap=True),
    Column("next_steps", "下一步计划", 160, _text("next_steps"), field="next_steps", wrap=True),
    Column("evidence", "佐证材料", 140, _text("evidence"), field="evidence", wrap=True),
    Column("deadline", "完成时限", 110, lambda r: format_date(r.deadline)),
    Column("lead", "牵头单位", 140, lambda r: r.task.lead, wrap=True),
]
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
EDITABLE_FIELDS = {c.field for c in COLUMNS if c.field}


def field_of(column: int) -> str | None:
    """The achievement field behind a column; for the 完成值 column of a qualitative row, its status."""
    return COLUMNS[column].field


def edit_field(row: ProgressRow, column: int) -> str | None:
    """The field an edit of this cell changes, or None where the cell cannot be edited on this row."""
    field = field_of(column)
    if field == "actual" and not row.indicator.kind.is_numeric:
        return "status"
    if field == "baseline" and row.indicator.kind is not IndicatorKind.GROWTH:
        return None  # only a growth target is measured against a base
    return field


def raw_value(row: ProgressRow, field: str) -> str:
    """The stored value as the user would type it back: what undo restores and copy copies."""
    if field == "baseline":
        return "" if row.baseline is None else format_number(row.baseline).replace(",", "")
    ach = row.achievement
    if ach is None:
        return ""
    if field == "actual":
        return "" if ach.actual is None else format_number(ach.actual).replace(",", "")
    if field == "status":
        return ach.status.value if ach.status else ""
    return getattr(ach, field) or ""

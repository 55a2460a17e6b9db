"""What a unit's progress return (完成情况表) says, cell by cell, before any file format is chosen.

The Excel writer and the Qt print preview both take their columns, titles and cell texts from here,
so the printed page and the file sent upward say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.periods import Period, cn_date
from domain.plans import IndicatorKind, Plan, display_seq
from domain.progress import ProgressRow, Status
from domain.return_checksum import CHECKSUM_FIELDS, canonical
from domain.return_checksum import figures_checksum as domain_checksum
from exporters.quota_wording import official, plain_number, unit_task_text
from exporters.xlsx_style import number_format

TEXT, CENTRE, FIGURE = "text", "centre", "figure"


@dataclass(frozen=True)
class Column:
    """A printed column: its key (a ReturnLine field), title, width in Excel units and how it aligns.

    A figure column is right-aligned and at least as wide as its widest printed value, so no figure
    ever shows ###; a text column wraps and continues on the 附页 when its text does not fit; it is as
    many characters wide as the page allows, at least `width`.
    """

    key: str
    title: str
    width: float  # Excel width units; a text column's in characters a line (exporters.text_fit.chars_width)
    align: str = CENTRE


# The return's columns in printed order. A column added here is written, measured, read back by the city
# (importers/returns.py knows the titles) and printed by the preview without any other change. Printed at
# full size (body 10.5 pt) on A4 landscape, so two columns of earlier returns are gone: the units are in the
# figures (18家, 5200万元) and in the line above the table (no 计量单位), and a sub-task's 细化任务序号 is
# unique in the city's table (no 对应市任务分解表序号). The titles the city's reader finds figures by (序号,
# 细化任务序号, 目标值, 完成值, 完成率, 状态) are kept, so an older program still collects these returns.
RETURN_COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", 4.5),
    Column("seq", "细化任务序号", 7),
    Column("task", "任务 / 指标", 6, TEXT),
    Column("target", "目标值", 6, FIGURE),
    Column("actual", "完成值", 6, FIGURE),
    Column("rate", "完成率", 6, FIGURE),
    Column("time_progress", "序时进度", 6, FIGURE),
    Column("status", "状态", 6.5),
    Column("progress", "工作进展", 5, TEXT),
    Column("problems", "存在问题", 4, TEXT),
    Column("next_steps", "下一步计划", 4, TEXT),
    Column("evidence", "佐证材料", 4, TEXT),
    Column("responsible", "责任单位", 4, TEXT),
    Column("deadline", "完成时限", 9.5),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(RETURN_COLUMNS, start=1)}
# Columns as wide as their widest printed value (never ###, never a status word on two lines).
FITTED = ("target", "actual", "rate", "time_progress", "status")
# Who gets a character more first, when widening two columns would shorten the table as much.
WIDENED_FIRST = ("progress", "task", "problems", "next_steps", "evidence", "responsible")
PERCENT_FORMAT = "0.0%"
NOT_ASSIGNED = "—"  # a task of the unit's with no quota for it: nothing to reach, nothing to report
NOT_ASSIGNED_STATUS = "未分解"
# The footer of a return, each label with the share of the table's width where it starts.
FOOTER_SHARES = (("单位负责人", 0.0), ("审核人", 0.22), ("填报人", 0.42), ("联系电话", 0.62), ("填报日期", 0.82))


def footer_spans(count: int) -> list[tuple[str, int, int]]:
    """The footer's labels with the columns (first, last) each spans in a table of `count` columns."""
    starts = [1 + round(share * count) for _, share in FOOTER_SHARES]
    spans = []
    for index, (label, _) in enumerate(FOOTER_SHARES):
        last = starts[index + 1] - 1 if index + 1 < len(starts) else count
        spans.append((label, starts[index], max(starts[index], last)))
    return spans


FOOTER_SPANS = tuple(footer_spans(len(RETURN_COLUMNS)))


@dataclass(frozen=True)
class ReturnLine:
    """One printed line of a return, with the number formats its figures are shown in."""

    number: int
    city_seq: str
    seq: str
    indicator: str
    kind: IndicatorKind
    task: str
    measure: str
    target: float | None
    target_format: str
    actual: float | str | None
    actual_format: str
    baseline: float | None
    rate: float | None
    time_progress: float
    status: Status
    progress: str
    problems: str
    next_steps: str
    evidence: str
    responsible: str
    deadline: str

    @property
    def assigned(self) -> bool:
        """False for a numeric task the unit has no quota in (printed —, 未分解), unless it reported a figure."""
        return not (self.kind.is_numeric and self.target is None and self.actual is None)

    @property
    def status_word(self) -> str:
        """The status as printed: the word, or 未分解 where the unit has no quota (never 未填报)."""
        return self.status.value if self.assigned else NOT_ASSIGNED_STATUS

    def value(self, key: str) -> object:
        """The cell value of a column, as written to the file (None leaves the cell empty)."""
        if key == "status":
            return self.status_word
        if key == "target" and not self.assigned:
            return NOT_ASSIGNED
        return getattr(self, key)

    def format_of(self, key: str) -> str:
        """The number format a column's figure is printed with."""
        if key == "target":
            return self.target_format
        if key == "actual":
            return self.actual_format
        if key in ("rate", "time_progress"):
            return PERCENT_FORMAT
        return "General"

    def shown(self, key: str) -> str:
        """A column's cell as a reader sees it printed: 18家, 83.0%, 增长35%."""
        return shown(self.value(key), self.format_of(key))


def return_title(plan: Plan, unit_name: str) -> str:
    """北流市落实《2022年玉林市…实施方案》指标任务完成情况表; the year is added when the title lacks it."""
    year = "" if str(plan.year) in plan.title else f"{plan.year}年"
    return f"{year}{unit_name}落实《{plan.title}》指标任务完成情况表"


def measures_text(lines: Iterable[ReturnLine]) -> str:
    """The measure units the return uses, in first-use order: 家、项、万元、%."""
    seen: list[str] = []
    for line in lines:
        for measure in (line.measure, "%" if line.kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO) else ""):
            if measure and measure not in seen:
                seen.append(measure)
    return "、".join(seen) if seen else "—"


def return_lines(rows: Sequence[ProgressRow], unit_name: str, unit_names: Sequence[str] = ()) -> list[ReturnLine]:
    """The lines of a unit's return, in the rows' order, numbered from 1."""
    lines = []
    for number, row in enumerate(rows, start=1):
        indicator, task = row.indicator, row.task
        text = official(unit_task_text(task, unit_name, unit_names))
        name = official(indicator.name)
        if name and name not in text:
            text = f"{text}\n（指标：{name}）"
        achievement = row.achievement
        if indicator.kind.is_numeric:
            actual: float | str | None = row.actual
        else:
            actual = achievement.status.value if achievement and achievement.status else None
        lines.append(
            ReturnLine(
                number=number,
                city_seq=task.city_seq,
                seq=display_seq(task.seq),
                indicator=indicator.name,
                kind=indicator.kind,
                task=text,
                measure=indicator.measure,
                target=row.target,
                target_format=_target_format(indicator.kind, row.target, indicator.measure),
                actual=actual,
                actual_format=_actual_format(indicator.kind, actual, indicator.measure),
                baseline=row.baseline,
                # Rounded here so that the figure in the file, the checksum and the screen agree.
                rate=None if row.rate is None else round(row.rate, 6),
                time_progress=round(row.time_progress, 4),
                status=row.status,
                progress=achievement.progress if achievement else "",
                problems=achievement.problems if achievement else "",
                next_steps=achievement.next_steps if achievement else "",
                evidence=achievement.evidence if achievement else "",
                responsible=task.responsible or task.lead,
                deadline=cn_date(row.deadline),
            )
        )
    return lines


def _target_format(kind: IndicatorKind, target: float | None, measure: str) -> str:
    """Targets with their unit, as the reader says them: 18家, 增长35%, 1%."""
    if kind is IndicatorKind.GROWTH:
        return number_format(target, prefix="增长", suffix="%")
    if kind is IndicatorKind.RATIO:
        return number_format(target, suffix="%")
    return number_format(target, suffix=measure)


def _actual_format(kind: IndicatorKind, actual: float | str | None, measure: str) -> str:
    """Actuals with their unit: 12家, 5200万元 (a growth indicator's actual is the amount), 0.8%."""
    if not isinstance(actual, (int, float)):
        return "General"
    return number_format(actual, suffix="%" if kind is IndicatorKind.RATIO else measure)


def shown(value: object, fmt: str = "General") -> str:
    """A cell's value as a reader sees it printed: 18, 11.5, 增长35%, 83.0%."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    if fmt == PERCENT_FORMAT:
        return f"{number * 100:.1f}%"
    prefix = suffix = ""
    if fmt.startswith('"'):
        prefix = fmt[1 : fmt.index('"', 1)]
    if fmt.endswith('"'):
        suffix = fmt[fmt.rindex('"', 0, len(fmt) - 1) + 1 : -1]
    if fmt.startswith(PERCENT_FORMAT):  # '0.0%" 已完成"': the rate with its status word after it
        return f"{number * 100:.1f}%{suffix}"
    return f"{prefix}{plain_number(number)}{suffix}"


# --- the checksum of a return's figures (the rule lives in domain/return_checksum.py) ------------


def line_figures(line: ReturnLine) -> list[str]:
    """A line's figures as the checksum takes them: the values themselves, the status as printed."""
    values = {"seq": line.seq, "indicator": line.indicator, "target": line.target, "actual": line.actual,
              "rate": line.rate, "status": line.status_word}  # fmt: skip
    return [canonical(values[name]) for name in CHECKSUM_FIELDS]


def figures_checksum(plan_key: str, unit: str, period: Period | str, figures: Iterable[Sequence[str]]) -> str:
    """SHA-256 over the return's identity and each line's figures (target, actual, rate, status)."""
    return domain_checksum(plan_key, unit, period.code if isinstance(period, Period) else str(period), figures)

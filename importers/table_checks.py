"""Checks on a whole indicator once its figures are read: quotas that cannot add up to the city's target.

The units' figures of one indicator add up to about the city's target. When their sum is that target
times a measure's conversion (10⁴: 万元 written where the indicator says 亿元; 10³, 10⁸) or more than ten
times it, or a tenth of it although every unit has a figure, the figures are in another measure than the
indicator's, most likely: none is stored as certain, each is asked about with that reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.plans import Indicator, Task, display_seq
from importers.table_layout import Shape
from importers.table_review import plain_number
from importers.table_rows import ask_all

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

PERCENT_MEASURES = ("%", "‰")
_FACTORS = {1e3: "1000 倍", 1e4: "1 万倍", 1e8: "1 亿倍"}
_PARTS = {1e3: "千分之一", 1e4: "万分之一", 1e8: "亿分之一"}


def measure_mismatch(indicator: Indicator, units_of_city: int) -> str:
    """Why the indicator's quotas cannot be in its measure, or "" when their sum fits its target."""
    total = indicator.target
    measure = indicator.target_measure
    if total is None or total <= 0 or measure in PERCENT_MEASURES or not indicator.kind.is_numeric:
        return ""
    values = [q.target for q in indicator.quotas if q.target is not None]
    added = round(sum(values), 6)
    if added <= 0:
        return ""
    ratio = added / total
    factor = next((f for f in _FACTORS if abs(ratio / f - 1) <= 0.05 or abs(ratio * f - 1) <= 0.05), 0.0)
    whole = units_of_city and len(values) >= max(2, units_of_city * 0.8)
    if not factor and ratio < 9.5 and not (ratio < 1 / 9.5 and whole):
        return ""
    if ratio > 1:
        times = _FACTORS[factor] if factor else f"约 {ratio:.0f} 倍"
        how = f"是全市目标 {plain_number(total)}{measure} 的 {times}"
    else:
        part = _PARTS[factor] if factor else f"约 1/{1 / ratio:.0f}"
        how = f"只有全市目标 {plain_number(total)}{measure} 的{part}"
    return (f"各单位分解数相加为 {plain_number(added)}{measure}，{how}：很可能各单位的数用的是另一个计量单位"
            "（如万元与亿元），请确认这一格的数值和单位")  # fmt: skip


def ask_measure_mismatches(ctx: ReadContext, tasks: list[Task]) -> None:
    """Ask about every quota of an indicator whose quotas and target differ by a measure's factor.

    The sums said about it before (各单位分解数合计 …) are taken back: its figures are no longer counted.
    """
    units = len([u for u in ctx.registry.units_of_city(ctx.city) if not u.is_city and not u.is_zone]) if ctx.city else 0
    notes = [n for n in ctx.footnotes if "单位" in n and not any(a in n for a in ctx.applied_notes)]
    for task in tasks:
        for indicator in task.indicators:
            reason = measure_mismatch(indicator, units)
            if not reason:
                continue
            if notes:
                reason += f"（表下注释：{'；'.join(notes)}）"
            row = ctx.preview.task_rows.get(task.seq, ctx.layout.header_last + 1) - 1
            _take_back_sums(ctx, row, task.seq)
            ctx.warn(row, f"序号 {task.seq}“{indicator.name}”：{reason}")
            ask_all(ctx, row, _only(task, indicator), reason, rule="measure_mismatch")


def _take_back_sums(ctx: ReadContext, row: int, seq: str) -> None:
    # A units-as-rows table says its sums on its 全市 and 合计 rows, not on the indicator's (header) row.
    head = "第 " if ctx.layout.shape is Shape.UNIT_ROWS else f"第 {row + 1} 行："
    names = (f"序号 {seq}的", f"序号 {seq} 的", f"任务 {display_seq(seq)}：")
    for lines in (ctx.preview.warnings, ctx.preview.notes):
        lines[:] = [
            line for line in lines
            if not (line.startswith(head) and any(n in line for n in names) and ("合计" in line or "相加" in line))
        ]  # fmt: skip


def _only(task: Task, indicator: Indicator) -> Task:
    """The task as seen by ask_all: this indicator alone (a task may hold several)."""
    return Task(seq=task.seq, text=task.text, indicators=[indicator])

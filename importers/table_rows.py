"""Rows and cells of a table that are not what they first seem, decided by what they hold.

A hidden row, or one whose own words say it was cancelled (已取消, 调整至表2), is no live task. A row
without 序号 between numbered rows is an unnumbered indicator when it holds figures (numbered after the
row above: 2-1), and a 序号 written twice is no reason to refuse the file: the second row is kept under
its own number and its figures are asked about. A figure in a cell merged across several units (or
indicators) is their joint figure: asked, never given to each.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.figures import Figure, convert_amount
from domain.plans import Task
from importers.row_serials import clean_seq
from importers.table_cells import CellReading
from importers.table_layout import Column, ends_table
from importers.table_reader import cell_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from importers.breakdown import ReadContext

# The words of a row taken out of the plan: in its 备注, or in brackets after its name.
CANCELLED = re.compile(r"已取消|取消|调整至|移至|不再考核|不再列入|停止执行|作废|已删除")
_BRACKET = re.compile(r"[（(]([^（）()]*)[)）]")


def hidden_note(ctx: ReadContext, row: int, name: str) -> None:
    """Say that a hidden row was left out, naming it."""
    shown = f"“{name[:30]}”" if name else ""
    ctx.note(row, f"{shown}在表中被隐藏，未导入（隐藏的行一般是已取消或已调整的内容；"
                  "如仍需要，请在原表中取消隐藏后重新导入）")  # fmt: skip


def skipped_row(ctx: ReadContext, row: int, name: str, texts: dict[str, str]) -> bool:
    """Whether a row is left out as hidden or cancelled (said in a note or a warning); False for a live row."""
    values = ctx.layout.grid.rows[row]
    if row in ctx.layout.grid.hidden_rows:
        if any(cell_text(v) for v in values):
            hidden_note(ctx, row, name or next((cell_text(v) for v in values if cell_text(v)), ""))
        return True
    words = cancelled_words(name, texts.get("note", ""))
    if words:
        ctx.warn(row, f"“{name[:30]}”注明“{words}”，不是本年的任务，未导入")
        return True
    return False


# A 备注 that takes one figure out of the assessment without cancelling the row: "技术合同成交额不考核" on a
# unit's row, "那坡县本年度不考核" on an indicator's row.
EXEMPT = re.compile(r"不考核|免考核|不作考核|不纳入考核|不列入考核|暂不考核|不作要求|不作硬性要求|不分解|不承担")


def exempt_reason(note: str, these: list[str], every: list[str]) -> str:
    """Why a figure is asked when its row's 备注 exempts it ("" when it does not).

    `these` are the names of the figure's other axis (its unit's names on an indicator's row, its indicator's on a
    unit's row), `every` all such names of the table: a note naming others only leaves this figure alone, a note
    naming none (本年度不考核) concerns every figure of the row.
    """
    plain = re.sub(r"\s+", "", note or "")
    found = EXEMPT.search(plain)
    if found is None or re.search(r"表示|代表|即为|为准", plain[: found.start()]):
        return ""  # "“—”表示本年度不分解" explains a mark of the table; it exempts no figure
    before = plain[: found.start()]

    def named(name: str) -> bool:
        return bool(name) and (name in plain or (len(before) >= 2 and before in name))

    if any(named(n) for n in every) and not any(named(n) for n in these):
        return ""
    return f"备注写明“{plain}”：这一数字是否仍作为目标登记？"


def cancelled_words(name: str, note: str) -> str:
    """The words that take a row out of the plan: a short 备注 (已取消), or a bracket after its name (调整至表2)."""
    plain = re.sub(r"\s+", "", note)
    if plain and len(plain) <= 20 and CANCELLED.search(plain):
        return plain
    for bracket in _BRACKET.findall(name or ""):
        if CANCELLED.search(bracket):
            return bracket
    return ""


class Serials:
    """The 序号 of each row of one table, kept unique without refusing the file.

    A written 序号 is kept; one written twice is kept under "3-2" and said to be asked about. A row without
    序号 in a table whose rows are numbered takes the number after the row above it ("2-1"); in a table
    without numbers, the rows are numbered in order.
    """

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.seen: dict[str, int] = {}
        self.count = 0
        self.last = ""
        self.sub = 0
        column = ctx.layout.column("seq")
        self.written: set[str] = set()
        if column is not None:
            for values in ctx.layout.grid.rows[ctx.layout.header_last + 1 :]:
                if ends_table(values):
                    break
                text = clean_seq(cell_text(values[column.index])) if column.index < len(values) else ""
                if text:
                    self.written.add(text)

    @property
    def numbered(self) -> bool:
        """Whether the table's rows carry 序号 at all."""
        return bool(self.written)

    def take(self, row: int, written: str, name: str) -> tuple[str, str]:
        """(the row's serial, "" or the reason to ask about its figures when its 序号 repeats an earlier one)."""
        self.count += 1
        if written and written not in self.seen:
            self.seen[written] = row
            self.last, self.sub = written, 0
            return written, ""
        if written:
            serial = self._free(f"{written}-", 2)
            first = self.seen[written] + 1
            self.ctx.warn(row, f"序号 {written} 与第 {first} 行重复：这一行（“{name[:20]}”）按序号 {serial} 导入，"
                               "其数字列为待确认")  # fmt: skip
            self.seen[serial] = row
            return serial, (f"序号 {written} 与第 {first} 行重复，这一行按序号 {serial} 导入："
                            "请确认这一行的数字（是否重复录入，或是另一项指标）")  # fmt: skip
        if not self.numbered:
            serial = self._free("", self.count)
        else:
            serial = self._free(f"{self.last or '0'}-", self.sub + 1)
            self.sub = int(serial.rsplit("-", 1)[1])
            self.ctx.note(row, f"“{name[:20]}”没有序号，按序号 {serial} 导入")
        self.seen[serial] = row
        return serial, ""

    def _free(self, stem: str, number: int) -> str:
        while f"{stem}{number}" in self.seen or f"{stem}{number}" in self.written:
            number += 1
        return f"{stem}{number}"


def ask_all(ctx: ReadContext, row: int, task: Task, reason: str, start: int = 0, rule: str = "cell") -> None:
    """Move every certain quota of a task to 待确认 with `reason` (its 基数 goes with it), and give the
    reason to the task's doubts from `start` on too."""
    registry = ctx.registry
    for item in ctx.preview.pending[start:]:
        if item.seq == task.seq and reason not in item.reason:
            item.reason = f"{reason}；{item.reason}"
    for indicator in task.indicators:
        for quota in list(indicator.quotas):
            if quota.target is None and quota.baseline is None:
                continue
            unit = registry.resolve(quota.unit)
            short = unit.short_name if unit is not None and not unit.is_city else quota.unit
            ctx.ask(row, task.seq, indicator.name, short, quota.unit, quota.target, quota.baseline,
                    indicator.measure, quota.source, reason, rule)  # fmt: skip
            indicator.quotas.remove(quota)


def in_measure(cell: CellReading, measure: str) -> CellReading:
    """The cell's figure expressed in the indicator's measure (30000 万元 as 3 亿元)."""
    figure = cell.figure
    if figure is None or not figure.measure or figure.measure == measure:
        return cell
    value = convert_amount(figure.value, figure.measure, measure)
    return CellReading(Figure(value, figure.direction, measure), cell.doubt, cell.written, cell.past, cell.past_words)


def joint_doubt(
    ctx: ReadContext,
    row: int,
    column: Column,
    cell: CellReading,
    names_of: Callable[[ReadContext, int, Column, tuple[int, int, int, int]], list[str]],
) -> CellReading | None:
    """The doubt of a figure written once in a cell merged across several units (or indicators), else None.

    One "8000" over the 钦南区 and 钦北区 rows is the two units' joint figure: giving 8000 to each doubles it,
    and how it splits is not written, so each unit's figure is asked for.
    """
    merged = ctx.layout.grid.merged_range(row, column.index)
    if merged is None or merged[0] <= ctx.layout.header_last or (merged[0], merged[1]) == (merged[2], merged[3]):
        return None
    if cell.figure is None and not cell.doubt:
        return None
    names = names_of(ctx, row, column, merged)
    if len(names) < 2:
        return None
    shared = "、".join(names)
    return CellReading(
        doubt=f"“{cell.written}”写在{shared}合并的一个单元格里，是它们共同的数，不能分别登记为 {cell.written}："
        "请确认各自的分解数",
        written=cell.written,
    )

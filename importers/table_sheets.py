"""Which sheets of a workbook are read, and what is said about each sheet and column that is not.

A city may send its quantified targets in 表1 and its key tasks in 表2 of one workbook, behind a 封面 and a
填报说明, with a blank 完成情况 template at the end. Every sheet that holds a table handing out targets is
read into the one plan; every other sheet is named in a note with the reason it was left out, so no sheet
is lost without a word. Within a table, a column of actuals or of another year, and a hidden column, are
named too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.plans import Task
from domain.units import UnitRegistry
from importers.table_content import figures_cells
from importers.table_find import progress_title, reports_progress, sheet_tables
from importers.table_headers import past_reason
from importers.table_layout import Layout, Shape
from importers.table_reader import SheetGrid, cell_text
from importers.table_review import PendingItem

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

# A task list with one of these columns hands work out even when no cell holds a figure.
_TASK_FIELDS = {"responsible", "lead", "partners", "deadline"}
# Hidden columns whose figures are no unit's: left out with a note (a hidden unit column is asked about).
_FIGURE_FIELDS = {"total", "sum", "baseline", "own", "indicator_column"}


def tables_to_read(
    grids: list[SheetGrid],
    registry: UnitRegistry,
    found: list[tuple[SheetGrid, Layout]] | None = None,
    why: list[tuple[SheetGrid, str]] | None = None,
) -> tuple[list[tuple[SheetGrid, Layout]], list[str]]:
    """The sheets to read (the first as importers.table_find chooses it), and a note for each sheet left out.

    `found` and `why` are importers.table_find.sheet_tables's answer when the caller has it already.
    """
    if found is None or why is None:
        found, why = sheet_tables(grids, registry)
    notes = [f"{reason}，未读取" for _, reason in why]
    if not found:
        return [], notes
    first = found[0]
    tables = [first]
    for grid, layout in found[1:]:
        reason = _left_out(grid, layout, first[0], registry)
        if reason:
            notes.append(f"工作表“{grid.name}”{reason}，未读取")
        else:
            tables.append((grid, layout))
    order = {id(g): n for n, g in enumerate(grids)}
    tables.sort(key=lambda t: (t is not first, order.get(id(t[0]), 0)))
    return tables, notes


def _left_out(grid: SheetGrid, layout: Layout, first: SheetGrid, registry: UnitRegistry) -> str:
    """Why a sheet beside the first is not read ("" when it is)."""
    if grid.hidden and not first.hidden:
        return "是隐藏的工作表"
    if reports_progress(layout) or progress_title(layout.title):
        return "是完成情况表（有“完成值”“完成率”列或以完成情况为题，没有分解任务），不是分工表"
    if layout.shape is not Shape.LONG:
        return "" if _has_figures(layout) else "的表中没有数字（空白模板）"
    if {c.field for c in layout.columns} & _TASK_FIELDS or figures_cells(layout, registry):
        return ""
    return "没有分解到单位的指标，也没有责任单位、完成时限列，不像任务分工表"


def _has_figures(layout: Layout) -> bool:
    """Whether a matrix has any figure below its header in the columns that hold figures."""
    columns = [c.index for c in layout.columns if c.field not in ("unit_name", "seq", "note", "indicator", "text")]
    for values in layout.grid.rows[layout.header_last + 1 :]:
        for index in columns:
            text = cell_text(values[index]) if index < len(values) else ""
            if any(ch.isdigit() for ch in text):
                return True
    return False


def column_notes(layout: Layout) -> list[str]:
    """Notes on the columns not read: actuals or another year's figures, and hidden figure columns."""
    notes = []
    for column in layout.columns:
        if column.field == "past":
            reason = past_reason(column.label)
            notes.append(f"{reason}（表中已隐藏）" if column.hidden else reason)
        elif column.hidden and column.field in _FIGURE_FIELDS:
            notes.append(f"“{column.label.split('/')[-1]}”列在表中被隐藏，未读取（隐藏的列一般是不再适用的内容）")
    return notes


def prefix_clashing_serials(
    ctx: ReadContext, tasks: list[Task], taken: set[str], asked: list[PendingItem], rows: dict[str, int]
) -> None:
    """Prefix a later sheet's serials with its label (表2-1) when any of them is an earlier sheet's serial.

    `asked` are the 待确认 items of this sheet, `rows` the task rows of the sheets before it.
    """
    clash = {t.seq for t in tasks} & taken
    if clash:
        label = sheet_label(ctx.layout.grid.name)
        renamed = {t.seq: f"{label}-{t.seq}" for t in tasks}
        mine = {t.seq: ctx.preview.task_rows.get(t.seq) for t in tasks}
        ctx.preview.task_rows.clear()
        ctx.preview.task_rows.update(rows)
        for task in tasks:
            task.seq = renamed[task.seq]
        for old, new in renamed.items():
            if mine.get(old) is not None:
                ctx.preview.task_rows[new] = mine[old]  # type: ignore[assignment]
            if old in ctx.total_sources:
                ctx.total_sources[new] = ctx.total_sources.pop(old)
        for item in asked:
            item.seq = renamed.get(item.seq, item.seq)
        ctx.preview.notes.append(
            f"工作表“{ctx.layout.grid.name}”的序号与前面的工作表重复，本表的任务序号前加“{label}-”（如 {label}-1）"
        )


_SHEET_LABEL = re.compile(r"^(附表|附件|表)\s*([0-9一二三四五六七八九十]+)")


def sheet_label(name: str) -> str:
    """A sheet's short label for serials: 表2 of "表2 重点任务", 附件2 of "附件2", else the name itself
    without spaces and brackets ("分解表（修订版）" → 分解表修订版)."""
    match = _SHEET_LABEL.match(name.strip())
    if match:
        return f"{match.group(1)}{match.group(2)}"
    # Without brackets: a serial is shown without them (domain.plans.normalize_seq), so notes and grid agree.
    return re.sub(r"[()（）\s]", "", name)[:8] or "表"

"""Finding the table in a sheet: its header rows, what each column means, and its shape.

The header is the first row (after 附件 labels, titles and notes) whose labels name the columns of a task
list (任务 / 目标 / 指标 …) or two or more units; it continues over up to three rows while they are merged
from it or are sub-headings, never into a section heading (一、主要目标任务) directly under it. A column of
place names under a header makes the table a unit × indicator matrix (importers.table_unit_rows); unit
names across the header make it an indicator × unit matrix; otherwise it is a task list, whose figures
column is then checked against what the columns hold (importers.table_content).
"""

from __future__ import annotations

import re
from pathlib import Path

from domain.units import UnitRegistry
from importers.file_safety import TableFileError
from importers.table_content import choose_figures_column
from importers.table_furniture import header_note_rows
from importers.table_headers import growth_as_target, plan_years
from importers.table_layout import (
    HEADER_SCAN_ROWS,
    MAX_HEADER_ROWS,
    PART_WORDS,
    Column,
    Layout,
    Shape,
    classify,
    ends_table,
    is_data_like,
    is_section_row,
    label_text,
    measure_choices,
    row_fields,
    title_and_measure,
)
from importers.table_reader import SheetGrid, cell_text
from importers.table_unit_rows import header_parts, unit_rows_layout

_CONTENT_FIELDS = {"text", "indicator", "city_goal", "breakdown"}


def find_layout(grid: SheetGrid, registry: UnitRegistry) -> Layout | None:
    """The first table in the sheet, or None when no row looks like its header."""
    for first in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        values = grid.rows[first]
        distinct = {label_text(v) for v in values} - {""}
        if len(distinct) < 2 or is_data_like(values):
            continue
        transposed = unit_rows_layout(grid, first, registry)
        if transposed is not None:
            return transposed
        fields, units = row_fields(values, registry)
        content = fields & _CONTENT_FIELDS
        if len(fields) + (2 if units >= 2 else 0) < 2 or not (content or units >= 2):
            continue
        last = first
        while last - first + 1 < MAX_HEADER_ROWS and last + 1 < len(grid.rows):
            if not _continues_header(grid, first, last + 1, registry):
                break
            last += 1
        layout = _build(grid, first, last, registry)
        if layout is not None:
            if layout.shape is Shape.LONG:
                note = choose_figures_column(layout, registry)
                if note:
                    layout.notices.append(note)
            return layout
    return None


def header_attempt(grid: SheetGrid, registry: UnitRegistry) -> str:
    """Why no header was found in a sheet, naming the row that came closest, for the refusal message."""
    best, best_labels = -1, []
    for row in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        values = grid.rows[row]
        labels = list(dict.fromkeys(label_text(v) for v in values if label_text(v)))
        if len(labels) > len(best_labels) and not is_data_like(values):
            best, best_labels = row, labels
    if best < 0 or len(best_labels) < 2:
        filled = sum(1 for r in grid.rows[:HEADER_SCAN_ROWS] for v in r if label_text(v))
        return f"前 {HEADER_SCAN_ROWS} 行没有表格（只有 {filled} 个单元格有字，像封面或说明）"
    shown = "、".join(f"“{t[:12]}”" for t in best_labels[:6])
    return f"试过第 {best + 1} 行（{shown}），不像表头：没有认出任务、指标列，也没有两个以上的单位列"


def _continues_header(grid: SheetGrid, first: int, row: int, registry: UnitRegistry) -> bool:
    values = grid.rows[row]
    if not any(label_text(v) for v in values) or is_data_like(values) or is_section_row(grid, row):
        return False
    spans_down = any(m[0] >= first and m[0] < row <= m[2] for m in grid.merged)
    spans_across = any(m[0] == row - 1 and m[3] > m[1] for m in grid.merged)
    fields, units = row_fields(values, registry)
    known = all(PART_WORDS.match(label_text(v)) or classify([label_text(v)], registry)[0] for v in values if v)
    return spans_down or spans_across or units >= 2 or (known and bool(fields))


def _build(grid: SheetGrid, first: int, last: int, registry: UnitRegistry) -> Layout | None:
    title, hint = title_and_measure(grid, first)
    all_parts = {index: header_parts(grid, first, last, index) for index in range(grid.width)}
    years = plan_years(title, ("/".join(p) for p in all_parts.values()))
    columns: list[Column] = []
    ignored: list[str] = []
    taken: set[str] = set()
    for index, parts in all_parts.items():
        if not parts:
            continue
        name, unit, part = classify(parts, registry, years)
        label = "/".join(parts)
        if name == "seq" and "seq" in taken and "city_seq" not in taken:
            # Two serial columns: the first was the city's (对应市任务序号), the second the sub-task's.
            first_seq = next(c for c in columns if c.field == "seq")
            first_seq.field = "city_seq"
            taken.add("city_seq")
        elif name == "text" and "text" in taken and "breakdown" not in taken:
            # 重点任务 | 具体任务, 工作任务 | 任务内容: the second holds the detail, with the figures.
            name = "breakdown"
        elif name not in (None, "unit", "total", "baseline", "sum", "past") and name in taken:
            # Said only if no other use is found for it (the figures column check may take it).
            ignored.append(label)
            name = None
        if name == "total" and part == "baseline":
            name = "baseline"
        if name and name != "unit":
            taken.add(name)
        columns.append(Column(index, label, name, unit, part, hidden=index in grid.hidden_columns))
    growth_as_target(columns, lambda c: c.unit or ("全市" if c.field in ("total", "baseline") else ""))
    units = [c for c in columns if c.field == "unit"]
    if len(units) >= 2:
        shape = Shape.MATRIX
        if not any(c.field in _CONTENT_FIELDS for c in columns):
            # 项目 | 全市 | 北流 | 容县 …: the named column left of the figures names the indicators.
            names = [c for c in columns if c.field is None and c.index < units[0].index]
            if not names:
                return None
            names[0].field = "indicator"
    else:
        shape = Shape.LONG
        if not any(c.field in _CONTENT_FIELDS for c in columns):
            return None
    choices = measure_choices(grid, first)
    return Layout(grid, first, last, columns, shape, title, hint, ignored, years=years, measure_choices=choices)


_RETURN_TITLE = re.compile(r"完成情况(?:统计)?表$")
_SUMMARY_TITLE = re.compile(r"完成情况汇总表$|完成情况表报送情况$")
_BREAKDOWN_TITLE = re.compile(r"分工|分解")
# The title of the plan a return or 汇总表 reports on ("北流市落实《…分工表》…") says nothing of the table itself.
_QUOTED = re.compile(r"《[^《》]*》")


def progress_title(text: str) -> str:
    """ "summary" or "return" for a title in the form of the app's 汇总表 or 完成情况表, else ""."""
    if _SUMMARY_TITLE.search(text):
        return "summary"
    return "return" if _RETURN_TITLE.search(text) else ""


def _breakdown_title(text: str) -> bool:
    """Whether a title names a breakdown table (分工 / 分解) itself, not through the plan it quotes or reports on."""
    return not progress_title(text) and _BREAKDOWN_TITLE.search(_QUOTED.sub("", text)) is not None


def find_table(file: Path, grids: list[SheetGrid], registry: UnitRegistry) -> tuple[SheetGrid, Layout]:
    """The sheet the table is read from first: the first titled as a breakdown (分工 / 分解), else the first table.

    Cities send 附件1 分工表 and 附件2, a blank 完成情况统计表 template, in one workbook, in either order,
    often behind a 封面 or 填报说明 sheet: a sheet without a header, or a header with nothing under it,
    is skipped. When no sheet has a table, the refusal says for each sheet which row was tried and why.
    importers.table_sheets reads the other sheets that hold tables too.
    """
    found, why = sheet_tables(grids, registry)
    if found:
        return found[0]
    raise TableFileError(
        f"文件 {file.name} 中找不到任务分工表："
        + "；".join(reason for _, reason in why)
        + "。分工表应有“序号”“重点任务（细化任务）”或“指标名称”“责任单位”“完成时限”等列，"
        "或以各县（市、区）为列（或为行）的指标表"
    )


def sheet_tables(
    grids: list[SheetGrid], registry: UnitRegistry
) -> tuple[list[tuple[SheetGrid, Layout]], list[tuple[SheetGrid, str]]]:
    """Every sheet's table, the one to read first leading; and each sheet without one, with why.

    The first is the first visible sheet titled as a breakdown, else the first visible one with a table (a
    完成情况表 chosen so is refused by importers.progress_refusal, not passed over).
    """
    found: list[tuple[SheetGrid, Layout]] = []
    why: list[tuple[SheetGrid, str]] = []
    for grid in grids:
        layout = find_layout(grid, registry)
        if layout is None:
            why.append((grid, f"工作表“{grid.name}”{header_attempt(grid, registry)}"))
        elif not has_rows(layout):
            why.append((grid, f"工作表“{grid.name}”第 {layout.header_first + 1} 行是表头，但下面没有内容（空白模板）"))
        else:
            found.append((grid, layout))

    def rank(item: tuple[SheetGrid, Layout]) -> tuple[bool, bool]:
        grid, layout = item
        return (grid.hidden, not _breakdown_title(layout.title))

    first = min(found, key=rank) if found else None
    ordered = ([first] if first else []) + [f for f in found if f is not first]
    return ordered, why


# Columns that hand targets out: the sub-task sentences and the city's targets (a return or 汇总表 has neither).
_ASSIGNING_FIELDS = {"text", "city_goal", "breakdown"}


def reports_progress(layout: Layout) -> bool:
    """Whether a table reports achievements and assigns nothing: 完成值 / 完成 and 完成率 columns, no task words."""
    labels = [part for c in layout.columns for part in c.label.split("/")]
    if "完成率" not in labels or not {"完成值", "完成"} & set(labels):
        return False
    return not {c.field for c in layout.columns} & _ASSIGNING_FIELDS


def has_rows(layout: Layout) -> bool:
    notes = set(header_note_rows(layout))  # "说明：…" right under the header says how to read the rows below
    for row, values in enumerate(layout.grid.rows[layout.header_last + 1 :], start=layout.header_last + 1):
        if row in notes:
            continue
        if ends_table(values):
            return False
        if any(cell_text(v) for v in values):
            return True
    return False

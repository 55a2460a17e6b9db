"""The breakdown table (指标任务分工表) in the layout of the city's attachment (seed 000).

附件 label, title, the eleven columns in the city's order, and one city row spanning its sub-tasks by
merged cells. For a county the table keeps only the tasks that concern it, each with its own quota
written back into the sub-task wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.periods import cn_date
from domain.plans import Plan, Task, display_seq, task_concerns_unit
from domain.units import Unit, UnitRegistry
from exporters.quota_wording import unit_task_text
from exporters.return_layout import Column
from exporters.safe_write import ExportError, put, save_workbook
from exporters.xlsx_style import (
    CENTRE,
    HEADER_FILL,
    LEFT,
    SIZE_BODY,
    SIZE_LABEL,
    SIZE_TITLE,
    FontSet,
    choose_fonts,
    fit_merged_heights,
    fit_row_height,
    font,
    merge,
    set_widths,
    setup_print,
    style_cell,
)
from version import APP_NAME, __version__

BREAKDOWN_COLUMNS: tuple[Column, ...] = (
    Column("city_seq", "对应市任务分解表序号", 8),
    Column("topic", "指标名称", 8),
    Column("region_goal", "自治区目标", 12),
    Column("region_task", "自治区具体任务", 22),
    Column("city_goal", "我市相应的目标任务", 22),
    Column("seq", "细化任务序号", 8),
    Column("text", "细化任务", 36),
    Column("responsible", "责任单位", 16),
    Column("deadline", "完成时限", 15),
    Column("lead", "牵头单位", 12),
    Column("partners", "配合单位", 20),
)
# The city row's own columns: one merged cell over all its sub-tasks.
CITY_ROW_COLUMNS = 5
# Columns merged over consecutive sub-tasks of a city row that say the same thing (as the city's table does).
RUN_MERGED = ("responsible", "deadline", "lead", "partners")
BREAKDOWN_SHEET = "任务分工表"
LABEL_ROW, TITLE_ROW, HEADER_ROW = 1, 2, 3


def resolve_unit(unit: Unit | str | None, registry: UnitRegistry | None, city: str = "") -> Unit | None:
    """The Unit a name means; without a registry, a county of that name. ExportError if unknown."""
    if unit is None or isinstance(unit, Unit):
        return unit
    if registry is not None:
        found = registry.resolve(unit)
        if found is None:
            raise ExportError(f"找不到单位“{unit}”：请使用登记表中的名称，如 北流市、玉州区、玉东新区")
        return found
    return Unit(unit, city, "county")


def breakdown_tasks(plan: Plan, unit: Unit | None) -> list[Task]:
    """The tasks a table shows: all of them for a city (or no unit), else those that concern the unit."""
    if unit is None:
        return list(plan.tasks)
    return [t for t in plan.tasks if task_concerns_unit(t, unit.name, unit.kind, unit.short_name)]


def breakdown_title(plan: Plan, unit: Unit | None) -> str:
    title = plan.table_title or f"{plan.title}指标任务分工表"
    if unit is None or unit.is_city:
        return title
    return f"{title}（{unit.name}）"


def write_breakdown_table(
    plan: Plan,
    path: str | Path,
    unit: Unit | str | None = None,
    registry: UnitRegistry | None = None,
    *,
    fonts: FontSet | None = None,
    attachment_label: str = "附件",
) -> Path:
    """Write the breakdown table of `plan` to `path` (safely) and return the path.

    With `unit` (a Unit, or a name `registry` resolves) only that unit's tasks are written, quotas
    worded for it ("…不低于101家，其中北流不低于18家"). ExportError (Chinese) when it cannot be written.
    """
    fonts = fonts or choose_fonts()
    who = resolve_unit(unit, registry, plan.city)
    tasks = breakdown_tasks(plan, who)
    wb = Workbook()
    ws = wb.active
    ws.title = BREAKDOWN_SHEET
    widths = [c.width for c in BREAKDOWN_COLUMNS]
    set_widths(ws, widths)
    last_col = len(BREAKDOWN_COLUMNS)

    label = put(ws.cell(row=LABEL_ROW, column=1), attachment_label)
    style_cell(label, font(fonts.label, SIZE_LABEL), LEFT, border=False)
    merge(ws, LABEL_ROW, 1, LABEL_ROW, 2)
    ws.row_dimensions[LABEL_ROW].height = 26
    merge(ws, TITLE_ROW, 1, TITLE_ROW, last_col)
    title = put(ws.cell(row=TITLE_ROW, column=1), breakdown_title(plan, who))
    style_cell(title, font(fonts.title, SIZE_TITLE), CENTRE, border=False)
    fit_row_height(ws, TITLE_ROW, widths, minimum=44)
    for col, column in enumerate(BREAKDOWN_COLUMNS, start=1):
        cell = put(ws.cell(row=HEADER_ROW, column=col), column.title)
        style_cell(cell, font(fonts.label, SIZE_BODY), CENTRE)
        cell.fill = HEADER_FILL
    fit_row_height(ws, HEADER_ROW, widths, minimum=30)

    last_row = _write_tasks(ws, tasks, who, fonts, widths)
    fit_merged_heights(ws, widths)
    setup_print(ws, header_row=HEADER_ROW, last_col=last_col, fonts=fonts, draft=False, last_row=last_row)
    wb.properties.title = breakdown_title(plan, who)
    wb.properties.creator = f"{APP_NAME} {__version__}"
    return save_workbook(wb, path)


def _cell_text(task: Task, key: str, unit: Unit | None) -> str:
    if key == "seq":
        return display_seq(task.seq)
    if key == "deadline":
        return cn_date(task.deadline) if task.deadline else ""
    if key == "text" and unit is not None and not unit.is_city:
        return unit_task_text(task, unit.name, (unit.short_name, *unit.aliases))
    return str(getattr(task, key) or "")


def _write_tasks(ws: Worksheet, tasks: Sequence[Task], unit: Unit | None, fonts: FontSet, widths: list[float]) -> int:
    body = font(fonts.body, SIZE_BODY)
    first = HEADER_ROW + 1
    if not tasks:
        merge(ws, first, 1, first, len(BREAKDOWN_COLUMNS))
        style_cell(put(ws.cell(row=first, column=1), "该方案中没有分解给本单位的任务"), body, CENTRE)
        for col in range(2, len(BREAKDOWN_COLUMNS) + 1):
            style_cell(ws.cell(row=first, column=col), body)
        ws.row_dimensions[first].height = 30
        return first
    for offset, task in enumerate(tasks):
        row = first + offset
        for col, column in enumerate(BREAKDOWN_COLUMNS, start=1):
            text = _cell_text(task, column.key, unit)
            cell = put(ws.cell(row=row, column=col), text or None)
            wide = column.key in ("region_task", "city_goal", "text", "partners", "responsible", "lead")
            style_cell(cell, body, LEFT if wide else CENTRE)
    for start, stop in _city_rows(tasks):
        _merge_group(ws, tasks, start, stop, first)
    for offset in range(len(tasks)):
        fit_row_height(ws, first + offset, widths, minimum=24)
    return first + len(tasks) - 1


def _city_rows(tasks: Sequence[Task]) -> list[tuple[int, int]]:
    """Index ranges [start, stop) of consecutive sub-tasks under the same city row (same city serial)."""
    groups: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(tasks) + 1):
        if i == len(tasks) or not tasks[i].city_seq or tasks[i].city_seq != tasks[start].city_seq:
            groups.append((start, i))
            start = i
    return groups


def _merge_group(ws: Worksheet, tasks: Sequence[Task], start: int, stop: int, first_row: int) -> None:
    if stop - start < 2:
        return
    top, bottom = first_row + start, first_row + stop - 1
    for col in range(1, CITY_ROW_COLUMNS + 1):
        _clear_below(ws, top, bottom, col)
        merge(ws, top, col, bottom, col)
    keys = [c.key for c in BREAKDOWN_COLUMNS]
    for key in RUN_MERGED:
        col = keys.index(key) + 1
        run_start = start
        for i in range(start + 1, stop + 1):
            same = (
                i < stop
                and ws.cell(row=first_row + i, column=col).value == ws.cell(row=first_row + run_start, column=col).value
            )
            if same:
                continue
            if i - run_start > 1:
                _clear_below(ws, first_row + run_start, first_row + i - 1, col)
                merge(ws, first_row + run_start, col, first_row + i - 1, col)
            run_start = i


def _clear_below(ws: Worksheet, top: int, bottom: int, col: int) -> None:
    # Only a merge's top-left cell keeps a value; the repeats below it would be hidden anyway.
    for row in range(top + 1, bottom + 1):
        ws.cell(row=row, column=col).value = None

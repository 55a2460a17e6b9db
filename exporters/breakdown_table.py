"""The breakdown table (指标任务分工表) in the layout of the city's attachment (seed 000).

附件 label, title, the eleven columns in the city's order, and one city row spanning its sub-tasks by
merged cells. For a county the table keeps only the tasks that concern it, each with its own quota
written back into the sub-task wording.

On paper a city row and its sub-tasks stay on one page when they fit on one; a city row that must
continue on the next page repeats its 序号, 指标名称 and task there. Text too long for a page goes on to
the 附页 (exporters.annex). A city exporting one unit's table can give it that unit's key (hidden sheet
单位密钥), which the county keeps on import and signs its returns with.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from domain.continuation import CONTINUED_FROM_PAGE
from domain.periods import cn_date
from domain.plan_data import PLAN_DATA_SHEET, plan_data_rows
from domain.plans import Plan, Task, display_seq, task_concerns_unit
from domain.return_checksum import UNIT_KEY_FORMAT, UNIT_KEY_SHEET, key_id
from domain.units import Unit, UnitRegistry
from exporters.annex import Annex, cut_point
from exporters.column_fit import Chars, RowLines, paragraph_ems, widen
from exporters.paper import (
    A4,
    SLACK,
    Block,
    PageFrame,
    Paper,
    column_points,
    frame_for,
    paginate,
    pixels,
    row_limit,
    snap,
)
from exporters.quota_wording import official, unit_task_text, whole_task_text
from exporters.return_layout import TEXT, Column
from exporters.safe_write import ExportError
from exporters.sheet import CENTRE, LEFT, Book, Font, Sheet, Style, font, style
from exporters.text_fit import chars_width, text_height
from exporters.xlsx_style import (
    HEADER_FILL,
    SIZE_BODY,
    SIZE_LABEL,
    SIZE_TITLE,
    FontSet,
    choose_fonts,
    fit_row_height,
    set_widths,
    setup_print,
)
from exporters.xlsx_writer import write_book
from version import APP_NAME, __version__

# Printed at full size (body 10.5 pt) on A4 landscape: a text column's width is in characters a line (at
# least these; exporters.column_fit gives the room left to the columns whose texts need it most).
BREAKDOWN_COLUMNS: tuple[Column, ...] = (
    Column("city_seq", "对应市任务分解表序号", 7),
    Column("topic", "指标名称", 3, TEXT),
    Column("region_goal", "自治区目标", 4, TEXT),
    Column("region_task", "自治区具体任务", 5, TEXT),
    Column("city_goal", "我市相应的目标任务", 5, TEXT),
    Column("seq", "细化任务序号", 7),
    Column("text", "细化任务", 8, TEXT),
    Column("responsible", "责任单位", 4, TEXT),
    Column("deadline", "完成时限", 9.5),
    Column("lead", "牵头单位", 4, TEXT),
    Column("partners", "配合单位", 4, TEXT),
)
WIDENED_FIRST = ("text", "city_goal", "region_task", "responsible", "partners", "lead", "region_goal", "topic")
# The city row's own columns: one merged cell over all its sub-tasks.
CITY_ROW_COLUMNS = 5
# Of those, what a city row's part continued on the next page repeats: its 序号, 指标名称 and the task.
REPEATED_KEYS = ("city_seq", "topic", "city_goal")
CONTINUED = CONTINUED_FROM_PAGE
# Columns merged over consecutive sub-tasks of a city row that say the same thing (as the city's table does).
RUN_MERGED = ("responsible", "deadline", "lead", "partners")
BREAKDOWN_SHEET = "任务分工表"
LABEL_ROW, TITLE_ROW, HEADER_ROW = 1, 2, 3
KEYS = [c.key for c in BREAKDOWN_COLUMNS]


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
    unit_key: bytes | None = None,
) -> Path:
    """Write the breakdown table of `plan` to `path` (safely) and return the path.

    With `unit` (a Unit, or a name `registry` resolves) only that unit's tasks are written, quotas
    worded for it ("…不低于101家，其中北流不低于18家"); `unit_key` (only with a county-level unit) goes in
    a hidden sheet for the county's installation to sign its returns with. ExportError (Chinese) when it
    cannot be written.
    """
    fonts = fonts or choose_fonts()
    who = resolve_unit(unit, registry, plan.city)
    if who is None and plan.city:
        who = Unit(plan.city, plan.city, "city")  # the whole table is the city's: its own quota row is no unit's
    if unit_key is not None and (who is None or who.is_city):
        raise ExportError("单位密钥只能随某一县级单位的任务分工表发出")
    tasks = breakdown_tasks(plan, who)
    book = Book(title=breakdown_title(plan, who), creator=f"{APP_NAME} {__version__}")
    ws = book.add_sheet(BREAKDOWN_SHEET)
    widths = set_widths(ws, breakdown_widths(tasks, who))
    frame = frame_for(widths, A4)
    last_col = len(BREAKDOWN_COLUMNS)

    ws.put(LABEL_ROW, 1, attachment_label, style(font(fonts.label, SIZE_LABEL), LEFT, border=False))
    ws.merge(LABEL_ROW, 1, LABEL_ROW, 2)
    ws.heights[LABEL_ROW] = 26
    ws.merge(TITLE_ROW, 1, TITLE_ROW, last_col)
    ws.put(TITLE_ROW, 1, breakdown_title(plan, who), style(font(fonts.title, SIZE_TITLE), CENTRE, border=False))
    fit_row_height(ws, TITLE_ROW, widths, minimum=44)
    header = style(font(fonts.label, SIZE_BODY), CENTRE, fill=HEADER_FILL)
    for col, column in enumerate(BREAKDOWN_COLUMNS, start=1):
        ws.put(HEADER_ROW, col, column.title, header)
    fit_row_height(ws, HEADER_ROW, widths, minimum=30)

    annex = Annex()
    last_row, breaks = _write_tasks(ws, tasks, who, fonts, widths, frame, annex)
    annex.renumber(ws)
    _, end = annex.write(ws, last_row, widths, fonts, row_limit(frame, ws.height(HEADER_ROW)))
    if end > last_row:
        breaks.append(last_row)
    setup_print(ws, frame, header_rows=(HEADER_ROW, HEADER_ROW), last_col=last_col, fonts=fonts, draft=False,
                last_row=end, breaks=breaks)  # fmt: skip
    if unit_key is not None and who is not None:
        _write_unit_key(book.add_sheet(UNIT_KEY_SHEET), who, unit_key)
    _write_plan_data(book.add_sheet(PLAN_DATA_SHEET), tasks, who)
    return write_book(book, path)


def breakdown_widths(tasks: Sequence[Task], unit: Unit | None, paper: Paper = A4) -> list[float]:
    """Each column's width (Excel units, whole pixels) for the table to print at full size, 10.5 pt: the text
    columns in whole characters (exporters.column_fit), widened where this table's texts need it most."""
    keys = [c.key for c in BREAKDOWN_COLUMNS if c.align == TEXT]
    rows = RowLines([{key: paragraph_ems(_cell_text(t, key, unit)) for key in keys} for t in tasks])
    city_keys = [key for key in keys if key in KEYS[:CITY_ROW_COLUMNS]]
    own_keys = [key for key in keys if key not in city_keys]
    groups = _city_rows(tasks)

    def widths(chars: Chars) -> list[float]:
        return [chars_width(chars[c.key], SIZE_BODY) if c.align == TEXT else pixels(c.width) / 7
                for c in BREAKDOWN_COLUMNS]  # fmt: skip

    def length(chars: Chars) -> int:
        # A city row's own texts spread over its sub-tasks' rows: a group is as long as the longer of the two.
        own, city = rows.tallest(own_keys, chars), rows.tallest(city_keys, chars)
        return sum(max(sum(own[start:stop]), city[start]) for start, stop in groups)

    room = PageFrame(paper, True, 100).printable_width * SLACK / column_points(1)
    base = {c.key: int(c.width) for c in BREAKDOWN_COLUMNS if c.align == TEXT}
    return widths(widen(base, WIDENED_FIRST, lambda chars: sum(widths(chars)) <= room, length))


def _cell_text(task: Task, key: str, unit: Unit | None) -> str:
    if key == "seq":
        return display_seq(task.seq)
    if key == "deadline":
        return cn_date(task.deadline) if task.deadline else ""
    if key == "text" and unit is not None and not unit.is_city:
        return official(unit_task_text(task, unit.name, (unit.short_name, *unit.aliases)))
    if key == "text":
        return official(whole_task_text(task, unit.name if unit is not None else ""))
    return official(str(getattr(task, key) or ""))


def _write_tasks(
    ws: Sheet,
    tasks: Sequence[Task],
    unit: Unit | None,
    fonts: FontSet,
    widths: list[float],
    frame: PageFrame,
    annex: Annex,
) -> tuple[int, list[int]]:
    """The task rows, kept by city row on pages; returns the last row and the rows pages break after."""
    body = font(fonts.body, SIZE_BODY)
    first = HEADER_ROW + 1
    if not tasks:
        ws.merge(first, 1, first, len(BREAKDOWN_COLUMNS))
        ws.put(first, 1, "该方案中没有分解给本单位的任务", style(body, CENTRE))
        ws.heights[first] = 30
        return first, []
    header = ws.height(HEADER_ROW)
    limit = row_limit(frame, header)
    groups = _city_rows(tasks)
    texts = [{key: _cell_text(task, key, unit) for key in KEYS} for task in tasks]
    for start, stop in groups:
        single = stop - start == 1
        for index in range(start, stop):
            row = first + index
            for col, column in enumerate(BREAKDOWN_COLUMNS, start=1):
                if col <= CITY_ROW_COLUMNS and not single:
                    continue  # the city row's cells are written once its pages are known
                _put(ws, row, col, texts[index][column.key], body, widths, limit, annex, tasks[index])
            fit_row_height(ws, row, widths, minimum=24)
        if not single:
            _grow_for_city_text(ws, texts[start], first + start, first + stop - 1, widths, frame.body_height - header)
    heights = {first + i: ws.height(first + i) for i in range(len(tasks))}
    used = sum(ws.height(r) for r in range(LABEL_ROW, HEADER_ROW + 1))
    pages = paginate(heights, [Block(first + a, first + b - 1) for a, b in groups], body=frame.body_height,
                     repeated=header, first_page_used=used)  # fmt: skip
    for start, stop in groups:
        top, bottom = first + start, first + stop - 1
        parts = _parts(top, bottom, pages.continued)
        for number, (part_top, part_bottom) in enumerate(parts):
            if stop - start > 1:
                _write_city_part(ws, texts[start], tasks[start], part_top, part_bottom, body, widths, annex,
                                 repeat=number > 0)  # fmt: skip
            _merge_runs(ws, part_top, part_bottom, heights)
    return first + len(tasks) - 1, list(pages.breaks)


def _where(task: Task, title: str) -> str:
    return f"序号{task.city_seq or '—'}（细化任务序号{display_seq(task.seq)}）{title}"


def _put(
    ws: Sheet, row: int, col: int, text: str, body: Font, widths: list[float], limit: float, annex: Annex, task: Task
) -> None:
    column = BREAKDOWN_COLUMNS[col - 1]
    if column.align == TEXT:
        text = annex.fit(text, widths[col - 1], SIZE_BODY, limit, _where(task, column.title), (row, col))
    ws.put(row, col, text or None, _style(body, column))


def _style(body: Font, column: Column) -> Style:
    return style(body, LEFT if column.align == TEXT else CENTRE)


def _city_text_height(texts: dict[str, str], widths: list[float]) -> float:
    return max(text_height(texts[key], widths[col - 1], SIZE_BODY)
               for col, key in enumerate(KEYS[:CITY_ROW_COLUMNS], start=1) if texts[key])  # fmt: skip


def _grow_for_city_text(
    ws: Sheet, texts: dict[str, str], top: int, bottom: int, widths: list[float], room: float
) -> None:
    """Rows under a city row grow evenly when its merged text needs more room, up to a page."""
    rows = range(top, bottom + 1)
    have = sum(ws.height(r) for r in rows)
    if have > room or not any(texts[key] for key in KEYS[:CITY_ROW_COLUMNS]):
        return  # it must continue on the next page anyway: each part's text is fitted to the part
    needed = min(_city_text_height(texts, widths), room)
    if needed > have:
        extra = (needed - have) / len(rows)
        for r in rows:
            ws.heights[r] = snap(ws.height(r) + extra)


def _parts(top: int, bottom: int, continued: Sequence[int]) -> list[tuple[int, int]]:
    """A city row's rows, split where a page breaks inside it."""
    starts = [top, *(r for r in continued if top < r <= bottom)]
    return [(start, (starts[i + 1] - 1) if i + 1 < len(starts) else bottom) for i, start in enumerate(starts)]


def _write_city_part(
    ws: Sheet,
    texts: dict[str, str],
    task: Task,
    top: int,
    bottom: int,
    body: Font,
    widths: list[float],
    annex: Annex,
    *,
    repeat: bool,
) -> None:
    """One page's part of a city row: its cells merged over the part's rows, the text fitted to them.

    A part continued from the previous page repeats the 序号, 指标名称 and task (cut to fit, with
    （接上页）); the other city columns say only （接上页）, their text being on the page before.
    """
    height = sum(ws.height(r) for r in range(top, bottom + 1))
    for col, key in enumerate(KEYS[:CITY_ROW_COLUMNS], start=1):
        column = BREAKDOWN_COLUMNS[col - 1]
        text = texts[key]
        if repeat and text:
            text = _repeated(text, widths[col - 1], height) if key in REPEATED_KEYS else CONTINUED
        elif column.align == TEXT:
            text = annex.fit(text, widths[col - 1], SIZE_BODY, height, _where(task, column.title), (top, col))
        ws.put(top, col, text or None, _style(body, column))
        ws.merge(top, col, bottom, col)


def _repeated(text: str, width: float, height: float) -> str:
    """A city row's text repeated on the next page: whole when it fits, else its beginning and （接上页）."""
    if text_height(text, width, SIZE_BODY) <= height:
        return text
    at = cut_point(text, width, SIZE_BODY, height, "……" + CONTINUED)
    return text[:at] + "……" + CONTINUED


def _merge_runs(ws: Sheet, top: int, bottom: int, heights: dict[int, float]) -> None:
    """Merge consecutive sub-tasks' cells that say the same (责任单位, 完成时限, 牵头单位, 配合单位).

    Only a text that fits the run's first row is merged, so a merge never needs more room than its rows
    have, and a run split by a page break shows its text on both pages.
    """
    for key in RUN_MERGED:
        col = KEYS.index(key) + 1
        run = top
        for row in range(top + 1, bottom + 2):
            value = ws.value(run, col)
            same = row <= bottom and value is not None and ws.value(row, col) == value
            if same:
                continue
            if row - 1 > run and _fits(ws, run, col, heights):
                for below in range(run + 1, row):
                    ws.set_value(below, col, None)
                ws.merge(run, col, row - 1, col)
            run = row


def _fits(ws: Sheet, row: int, col: int, heights: dict[int, float]) -> bool:
    value = ws.value(row, col)
    return text_height(str(value), ws.widths[col], SIZE_BODY) <= heights[row]


def _city_rows(tasks: Sequence[Task]) -> list[tuple[int, int]]:
    """Index ranges [start, stop) of consecutive sub-tasks under the same city row (same city serial)."""
    groups: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(tasks) + 1):
        if i == len(tasks) or not tasks[i].city_seq or tasks[i].city_seq != tasks[start].city_seq:
            groups.append((start, i))
            start = i
    return groups


def _write_plan_data(ws: Sheet, tasks: Sequence[Task], unit: Unit | None) -> None:
    """The plan's indicators and quotas as the ledger keeps them (domain.plan_data), in a very hidden sheet."""
    holder = unit.name if unit is not None and not unit.is_city else None
    texts = {t.seq: _cell_text(t, "text", unit) for t in tasks}  # the words as printed, to tell hand edits
    for row, values in enumerate(plan_data_rows(tasks, holder, texts), start=1):
        for col, value in enumerate(values, start=1):
            if value is not None and value != "":
                ws.put(row, col, value)
    ws.state = "veryHidden"
    ws.password = ""


def _write_unit_key(ws: Sheet, unit: Unit, key: bytes) -> None:
    """The unit's key in a very hidden sheet: the county's import keeps it (importers/unit_keys.py)."""
    entries = (("格式", UNIT_KEY_FORMAT), ("单位", unit.name), ("所属市", unit.city), ("密钥", key.hex()),
               ("密钥编号", key_id(key)))  # fmt: skip
    for row, (label, value) in enumerate(entries, start=1):
        ws.put(row, 1, label)
        ws.put(row, 2, value)
    ws.state = "veryHidden"
    ws.password = ""

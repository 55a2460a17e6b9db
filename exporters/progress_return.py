"""A unit's progress return (完成情况表) for one period, as an .xlsx file ready to print, stamp and send.

Besides the visible table, the workbook carries a hidden, protected sheet (校验信息) with the plan,
unit, period, export time, program version and a checksum of the figures, so that the city can read
the return back (importers/returns.py) and notice figures changed by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.periods import Period, cn_date
from domain.plans import Plan
from domain.profile import Profile
from domain.progress import ProgressRow
from domain.units import Unit
from exporters.return_layout import (
    CHECKSUM_FIELDS,
    FOOTER_SPANS,
    PERCENT_FORMAT,
    RETURN_COLUMNS,
    ReturnLine,
    figures_checksum,
    line_figures,
    measures_text,
    return_lines,
    return_title,
)
from exporters.return_notes import write_notes
from exporters.safe_write import put, save_workbook
from exporters.xlsx_style import (
    CENTRE,
    HEADER_FILL,
    LEFT,
    RIGHT,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    FontSet,
    box,
    choose_fonts,
    fill,
    fit_row_height,
    font,
    merge,
    set_widths,
    setup_print,
    style_cell,
)
from version import APP_NAME, __version__

RETURN_SHEET = "完成情况表"
META_SHEET = "校验信息"
META_FORMAT = "科技指标任务台账·完成情况表"
META_FORMAT_VERSION = 1
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
FIGURES_HEADER_ROW = 20
FIGURE_COLUMNS = ("行号", "序号", "细化任务序号", "指标", "指标类型", "目标值", "完成值", "完成率", "状态", "基础数")
# Not a secret (it is in the source): it only stops the sheet being edited by accident; the
# checksum is what detects a change.
META_PASSWORD = "st-ledger"
TEXT_COLUMNS = {"task", "progress", "problems", "next_steps", "evidence", "responsible"}


def unit_names(unit: Unit | str) -> tuple[str, tuple[str, ...]]:
    """A unit's full name and the names tables use for it (北流市 → 北流)."""
    if isinstance(unit, Unit):
        return unit.name, tuple(dict.fromkeys((unit.short_name, *unit.aliases)))
    return str(unit), ()


def write_progress_return(
    plan: Plan,
    unit: Unit | str,
    period: Period,
    rows: Sequence[ProgressRow],
    profile: Profile,
    path: str | Path,
    *,
    final: bool,
    report_date: date | None = None,
    exported_at: datetime | None = None,
    fonts: FontSet | None = None,
    answer: tuple[str, str] = ("", ""),
) -> str:
    """Write the return to `path` (safely: the old file stays if anything fails) and return its checksum.

    `rows` come from domain.progress.progress_rows for this unit and period; `report_date` is the
    截至 date (default: the period's last day). A draft (final=False) carries 草稿 on every page.
    `answer` is (line, token) of the city's send-back this return answers (operations.send_back.answer_text):
    the line is printed under the footer and the token kept in the hidden sheet.
    Raises exporters.safe_write.ExportError with a Chinese message when the file cannot be written.
    """
    fonts = fonts or choose_fonts()
    name, names = unit_names(unit)
    as_of = report_date or period.end
    moment = (exported_at or datetime.now()).replace(microsecond=0)
    lines = return_lines(rows, name, names)
    checksum = figures_checksum(plan.key or plan.title, name, period, [line_figures(x) for x in lines])

    wb = Workbook()
    ws = wb.active
    ws.title = RETURN_SHEET
    widths = [c.width for c in RETURN_COLUMNS]
    set_widths(ws, widths)
    last_col = len(RETURN_COLUMNS)
    _write_heading(ws, plan, name, period, as_of, lines, fonts, widths, final=final)
    last_row = _write_lines(ws, lines, fonts, widths)
    last_row = write_notes(ws, last_row, rows, fonts, widths)  # 基数 and explanations, above the footer
    footer_row = last_row + 1
    _write_footer(ws, footer_row, profile, moment.date(), fonts, widths)
    if answer[0]:  # a send-back answered: said on paper, under the footer (readers stop at the footer)
        footer_row += 1
        merge(ws, footer_row, 1, footer_row, last_col)
        style_cell(put(ws.cell(row=footer_row, column=1), answer[0]), font(fonts.body, SIZE_SUBTITLE), LEFT,
                   border=False)  # fmt: skip
        fit_row_height(ws, footer_row, widths, minimum=24)
    setup_print(ws, header_row=HEADER_ROW, last_col=last_col, fonts=fonts, draft=not final, last_row=footer_row)

    _write_meta(wb, plan, name, period, as_of, moment, lines, checksum, final=final, answer=answer)
    wb.properties.title = return_title(plan, name)
    wb.properties.creator = f"{APP_NAME} {__version__}"
    wb.active = 0
    save_workbook(wb, path)
    return checksum


def _write_heading(
    ws: Worksheet,
    plan: Plan,
    unit: str,
    period: Period,
    as_of: date,
    lines: Sequence[ReturnLine],
    fonts: FontSet,
    widths: list[float],
    *,
    final: bool,
) -> None:
    last_col = len(RETURN_COLUMNS)
    merge(ws, 1, 1, 1, last_col)
    title = put(ws.cell(row=1, column=1), return_title(plan, unit))
    style_cell(title, font(fonts.title, SIZE_TITLE), CENTRE, border=False)
    fit_row_height(ws, 1, widths, minimum=40)

    parts = (
        (1, 5, f"填报单位（盖章）：{unit}", LEFT),
        (6, 11, f"填报期：{period.label}　　截至日期：{cn_date(as_of)}", CENTRE),
        (12, last_col, f"计量单位：{measures_text(lines)}", RIGHT),
    )
    for first, last, text, align in parts:
        merge(ws, 2, first, 2, last)
        style_cell(put(ws.cell(row=2, column=first), text), font(fonts.body, SIZE_SUBTITLE), align, border=False)
    fit_row_height(ws, 2, widths, minimum=24)

    for col, column in enumerate(RETURN_COLUMNS, start=1):
        cell = put(ws.cell(row=HEADER_ROW, column=col), column.title)
        style_cell(cell, font(fonts.label, SIZE_BODY), CENTRE)
        cell.fill = HEADER_FILL
    fit_row_height(ws, HEADER_ROW, widths, minimum=30)


def _write_lines(ws: Worksheet, lines: Sequence[ReturnLine], fonts: FontSet, widths: list[float]) -> int:
    body = font(fonts.body, SIZE_BODY)
    row = HEADER_ROW
    for line in lines:
        row += 1
        for col, column in enumerate(RETURN_COLUMNS, start=1):
            value = line.value(column.key)
            cell = put(ws.cell(row=row, column=col), None if value == "" else value)
            style_cell(cell, body, LEFT if column.key in TEXT_COLUMNS else CENTRE)
            if column.key == "target":
                cell.number_format = line.target_format
            elif column.key == "actual":
                cell.number_format = line.actual_format
            elif column.key in ("rate", "time_progress"):
                cell.number_format = PERCENT_FORMAT
            elif column.key == "status":
                cell.fill = fill(line.status.colour)
        fit_row_height(ws, row, widths, minimum=24)
    if not lines:
        row += 1
        merge(ws, row, 1, row, len(RETURN_COLUMNS))
        style_cell(put(ws.cell(row=row, column=1), "本单位在该方案中没有需要填报的任务"), body, CENTRE)
        box(ws, row, row, len(RETURN_COLUMNS))
        ws.row_dimensions[row].height = 30
    return row


def _write_footer(ws: Worksheet, row: int, profile: Profile, filled: date, fonts: FontSet, widths: list[float]) -> None:
    values = {
        "单位负责人": profile.head,
        "审核人": profile.reviewer,
        "填报人": profile.filler,
        "联系电话": profile.phone,
        "填报日期": cn_date(filled),
    }
    for label, first, last in FOOTER_SPANS:
        merge(ws, row, first, row, last)
        cell = put(ws.cell(row=row, column=first), f"{label}：{values[label]}")
        style_cell(cell, font(fonts.body, SIZE_SUBTITLE), LEFT, border=False)
    fit_row_height(ws, row, widths, minimum=36)


def _write_meta(
    wb: Workbook,
    plan: Plan,
    unit: str,
    period: Period,
    as_of: date,
    moment: datetime,
    lines: Sequence[ReturnLine],
    checksum: str,
    *,
    final: bool,
    answer: tuple[str, str] = ("", ""),
) -> None:
    ws = wb.create_sheet(META_SHEET)
    entries = [
        ("格式", META_FORMAT),
        ("格式版本", META_FORMAT_VERSION),
        ("方案编号", plan.id if plan.id is not None else ""),
        ("方案键", plan.key or plan.title),
        ("方案标题", plan.title),
        ("填报单位", unit),
        ("填报期", period.code),
        ("填报期名称", period.label),
        ("截至日期", as_of.isoformat()),
        ("导出时间", moment.isoformat(timespec="seconds")),
        ("程序版本", __version__),
        ("导出类型", "报送" if final else "草稿"),
        ("表头行", HEADER_ROW),
        ("行数", len(lines)),
        ("校验字段", "、".join(CHECKSUM_FIELDS)),
        ("校验码", checksum),
    ]
    if answer[1]:  # read by importers.send_back.answered_token; rows 18-19 stay above the figures
        entries += [("答复退回", answer[1]), ("答复说明", answer[0])]
    put(ws.cell(row=1, column=1), "项目")
    put(ws.cell(row=1, column=2), "内容")
    for index, (label, value) in enumerate(entries, start=2):
        put(ws.cell(row=index, column=1), label)
        put(ws.cell(row=index, column=2), value)
    for col, title in enumerate(FIGURE_COLUMNS, start=1):
        put(ws.cell(row=FIGURES_HEADER_ROW, column=col), title)
    for offset, line in enumerate(lines):
        values = (
            FIRST_DATA_ROW + offset, line.number, line.seq, line.indicator, line.kind.value,
            line.target, line.actual, line.rate, line.status.value, line.baseline,
        )  # fmt: skip
        for col, value in enumerate(values, start=1):
            put(ws.cell(row=FIGURES_HEADER_ROW + 1 + offset, column=col), value)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 70
    # veryHidden: Excel's "unhide" menu does not list it; the protection stops accidental edits.
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    ws.protection.password = META_PASSWORD

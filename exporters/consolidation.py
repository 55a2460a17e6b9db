"""The city's 汇总表 as an .xlsx file ready to print, stamp and send up: the same look as the counties' returns.

Sheet 汇总表, legible on paper (10.5 pt, never below 9 pt printed): units × indicators when the units fit
across the page, else one block per indicator with units as rows (exporters.consolidation_blocks), or on
A3 units × indicators continued across pages (exporters.consolidation_matrix). Sheet 报送情况: every unit
of the city, whether its return came, when, from which file, and whether its figures are as exported.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.periods import cn_datetime
from domain.profile import Profile
from domain.return_checksum import SUMMARY_FORMAT, SUMMARY_SHEET_MARK
from exporters.annex import Annex
from exporters.consolidation_blocks import write_blocks
from exporters.consolidation_layout import (
    DRAFT,
    NOT_REPORTED,
    REPORTED,
    Consolidation,
    consolidation_title,
    status_title,
)
from exporters.consolidation_matrix import SMALLEST_SCALE, matrix_widths, write_matrix
from exporters.paper import A4, Paper, frame_for, paper_named, row_limit
from exporters.safe_write import put, save_workbook
from exporters.xlsx_style import (
    CENTRE,
    HEADER_FILL,
    LEFT,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    STATUS_FILLS,
    FontSet,
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

SUMMARY_SHEET = "汇总表"
STATUS_SHEET = "报送情况"
BLOCKS, MATRIX = "blocks", "matrix"
STATUS_COLUMNS = (("序号", 4.5), ("单位", 13), ("是否报送", 7), ("报送时间", 11), ("文件", 30), ("校验", 10),
                  ("收取时间", 11), ("备注", 44))  # fmt: skip
# 报送情况 on paper: 未报送 darkest, 草稿 between, 已报送 light — apart in grayscale as the statuses are.
STATE_COLOURS = {REPORTED: STATUS_FILLS["正常"], DRAFT: STATUS_FILLS["滞后"], NOT_REPORTED: STATUS_FILLS["逾期"]}


def choose_layout(consolidation: Consolidation, paper: Paper) -> str:
    """Units × indicators when every unit fits across the page at 9 pt or more; else, on A4, one block per
    indicator with units as rows (a reader compares units down a column and never turns a page across);
    on A3 (asked for to see the table whole) units × indicators continued across pages."""
    frame = frame_for(matrix_widths(consolidation), paper)
    if frame.scale >= SMALLEST_SCALE or paper is not A4:
        return MATRIX
    return BLOCKS


def write_consolidation(
    consolidation: Consolidation,
    profile: Profile,
    path: str | Path,
    *,
    made_on: date | None = None,
    fonts: FontSet | None = None,
    paper: Paper | str = A4,
) -> Path:
    """Write the 汇总表 and 报送情况 sheets to `path` (safely: an old file stays if anything fails).

    `profile` is the city installation's (its unit and the names the footer is signed with); `made_on`
    is the 汇总日期 (default today); `paper` A4 or A3 (see choose_layout). Raises
    exporters.safe_write.ExportError in Chinese on failure, ValueError for an unknown paper name.
    """
    fonts = fonts or choose_fonts()
    made_on = made_on or date.today()
    sheet_paper = paper if isinstance(paper, Paper) else paper_named(paper)
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    if choose_layout(consolidation, sheet_paper) == MATRIX:
        write_matrix(ws, consolidation, profile, made_on, fonts, sheet_paper)
    else:
        write_blocks(ws, consolidation, profile, made_on, fonts, sheet_paper)
    _write_status(wb.create_sheet(STATUS_SHEET), consolidation, fonts)
    _write_mark(wb, consolidation)
    wb.properties.title = consolidation_title(consolidation)
    wb.properties.creator = f"{APP_NAME} {__version__}"
    wb.active = 0
    return save_workbook(wb, path)


def _write_mark(wb: Workbook, c: Consolidation) -> None:
    """A very hidden sheet saying this is the app's 汇总表 (and of what): an import refuses it whatever its layout."""
    ws = wb.create_sheet(SUMMARY_SHEET_MARK)
    entries = (("格式", SUMMARY_FORMAT), ("方案键", c.plan_key), ("方案标题", c.plan_title), ("填报期", c.period.code),
               ("单位数", len(c.units)), ("程序版本", __version__))  # fmt: skip
    for row, (label, value) in enumerate(entries, start=1):
        put(ws.cell(row=row, column=1), label)
        put(ws.cell(row=row, column=2), value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def _write_status(ws: Worksheet, c: Consolidation, fonts: FontSet) -> None:
    widths = [w for _, w in STATUS_COLUMNS]
    set_widths(ws, widths)
    last_col = len(widths)
    merge(ws, 1, 1, 1, last_col)
    style_cell(put(ws.cell(row=1, column=1), status_title(c)), font(fonts.title, SIZE_TITLE), CENTRE, border=False)
    fit_row_height(ws, 1, widths, minimum=40)
    counts = {state: sum(1 for r in c.reports if r.state == state) for state in (REPORTED, DRAFT, NOT_REPORTED)}
    summary = (
        f"《{c.plan_title}》　填报期：{c.period.label}　　已报送 {counts[REPORTED]} 个，草稿 {counts[DRAFT]} 个，"
        f"未报送 {counts[NOT_REPORTED]} 个（共 {len(c.reports)} 个单位）"
    )
    merge(ws, 2, 1, 2, last_col)
    style_cell(put(ws.cell(row=2, column=1), summary), font(fonts.body, SIZE_SUBTITLE), LEFT, border=False)
    fit_row_height(ws, 2, widths, minimum=24)
    for col, (title, _) in enumerate(STATUS_COLUMNS, start=1):
        cell = put(ws.cell(row=3, column=col), title)
        style_cell(cell, font(fonts.label, SIZE_BODY), CENTRE)
        cell.fill = HEADER_FILL
    fit_row_height(ws, 3, widths, minimum=26)
    body = font(fonts.body, SIZE_BODY)
    frame = frame_for(widths, A4)
    limit = row_limit(frame, ws.row_dimensions[3].height)
    annex = Annex()
    for number, report in enumerate(c.reports, start=1):
        row = 3 + number
        notes = annex.fit("；".join(report.notes), widths[7], SIZE_BODY, limit, f"{report.unit}的备注", (row, 8))
        values = (number, report.unit, report.state, cn_datetime(report.exported_at), report.file, report.check,
                  cn_datetime(report.collected_at), notes)  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = put(ws.cell(row=row, column=col), value if value != "" else None)
            style_cell(cell, body, LEFT if col in (5, 8) else CENTRE)
        ws.cell(row=row, column=3).fill = fill(STATE_COLOURS[report.state])
        if report.state != REPORTED:
            ws.cell(row=row, column=3).font = font(fonts.body, SIZE_BODY, bold=True)
        if report.changed:
            ws.cell(row=row, column=6).fill = fill(STATUS_FILLS["滞后"])
        fit_row_height(ws, row, widths, minimum=24)
    last = 3 + len(c.reports)
    _, end = annex.write(ws, last, widths, fonts, limit)
    setup_print(ws, frame, header_rows=(3, 3), last_col=last_col, fonts=fonts, draft=False, last_row=end,
                breaks=[last] if end > last else [])  # fmt: skip

"""The 修改留痕 of a return as an .xlsx file: one row per change, who and when, old → new."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from domain.audit_trail import LINE_TITLES, AuditLine
from exporters.paper import A4, frame_for
from exporters.safe_write import put, save_workbook
from exporters.xlsx_style import (
    CENTRE,
    HEADER_FILL,
    LEFT,
    SIZE_BODY,
    SIZE_TITLE,
    choose_fonts,
    fit_row_height,
    font,
    merge,
    set_widths,
    setup_print,
    style_cell,
)

SHEET = "修改留痕"
WIDTHS = (18, 10, 10, 30, 12, 12, 10, 24, 24)
HEADER_ROW = 2


def write_audit_log(lines: Sequence[AuditLine], title: str, path: str | Path) -> Path:
    """Write the lines under `title` (safely: an old file stays if anything fails); returns the path.

    Raises exporters.safe_write.ExportError with a Chinese message when the file cannot be written.
    """
    fonts = choose_fonts()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    set_widths(ws, WIDTHS)
    merge(ws, 1, 1, 1, len(WIDTHS))
    style_cell(put(ws.cell(row=1, column=1), title), font(fonts.title, SIZE_TITLE - 6), CENTRE, border=False)
    fit_row_height(ws, 1, WIDTHS, minimum=30)
    for col, text in enumerate(LINE_TITLES, start=1):
        cell = put(ws.cell(row=HEADER_ROW, column=col), text)
        style_cell(cell, font(fonts.label, SIZE_BODY), CENTRE)
        cell.fill = HEADER_FILL
    body = font(fonts.body, SIZE_BODY)
    row = HEADER_ROW
    for line in lines:
        row += 1
        for col, value in enumerate(line.cells(), start=1):
            style_cell(put(ws.cell(row=row, column=col), value or None), body, LEFT if col in (4, 8, 9) else CENTRE)
        fit_row_height(ws, row, WIDTHS, minimum=20)
    if not lines:
        row += 1
        merge(ws, row, 1, row, len(WIDTHS))
        style_cell(put(ws.cell(row=row, column=1), "没有修改记录"), body, CENTRE)
    ws.auto_filter.ref = f"A{HEADER_ROW}:I{max(row, HEADER_ROW + 1)}"
    setup_print(ws, frame_for(WIDTHS, A4), header_rows=(HEADER_ROW, HEADER_ROW), last_col=len(WIDTHS), fonts=fonts,
                draft=False, last_row=row)  # fmt: skip
    wb.properties.title = title
    return save_workbook(wb, path)

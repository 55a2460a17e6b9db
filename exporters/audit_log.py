"""The 修改留痕 of a return as an .xlsx file: one row per change, who and when, old → new."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from domain.audit_trail import LINE_TITLES, AuditLine
from exporters.paper import A4, frame_for
from exporters.sheet import CENTRE, LEFT, Book, Range, font, style
from exporters.xlsx_style import (
    HEADER_FILL,
    SIZE_BODY,
    SIZE_TITLE,
    choose_fonts,
    fit_row_height,
    set_widths,
    setup_print,
)
from exporters.xlsx_writer import write_book
from version import APP_NAME, __version__

SHEET = "修改留痕"
WIDTHS = (18, 10, 10, 30, 12, 12, 10, 24, 24)
HEADER_ROW = 2


def write_audit_log(lines: Sequence[AuditLine], title: str, path: str | Path) -> Path:
    """Write the lines under `title` (safely: an old file stays if anything fails); returns the path.

    Raises exporters.safe_write.ExportError with a Chinese message when the file cannot be written.
    """
    fonts = choose_fonts()
    book = Book(title=title, creator=f"{APP_NAME} {__version__}")
    ws = book.add_sheet(SHEET)
    widths = set_widths(ws, WIDTHS)
    ws.merge(1, 1, 1, len(widths))
    ws.put(1, 1, title, style(font(fonts.title, SIZE_TITLE - 6), CENTRE, border=False))
    fit_row_height(ws, 1, widths, minimum=30)
    header = style(font(fonts.label, SIZE_BODY), CENTRE, fill=HEADER_FILL)
    for col, text in enumerate(LINE_TITLES, start=1):
        ws.put(HEADER_ROW, col, text, header)
    body = font(fonts.body, SIZE_BODY)
    row = HEADER_ROW
    for line in lines:
        row += 1
        for col, value in enumerate(line.cells(), start=1):
            ws.put(row, col, value or None, style(body, LEFT if col in (4, 8, 9) else CENTRE))
        fit_row_height(ws, row, widths, minimum=20)
    if not lines:
        row += 1
        ws.merge(row, 1, row, len(widths))
        ws.put(row, 1, "没有修改记录", style(body, CENTRE))
    ws.auto_filter = Range(HEADER_ROW, 1, max(row, HEADER_ROW + 1), len(widths))
    setup_print(ws, frame_for(widths, A4), header_rows=(HEADER_ROW, HEADER_ROW), last_col=len(widths), fonts=fonts,
                draft=False, last_row=row)  # fmt: skip
    return write_book(book, path)

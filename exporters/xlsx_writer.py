"""Writing a composed Book (exporters/sheet.py) to an .xlsx file with xlsxwriter, safely.

xlsxwriter makes each kind of cell's format once and writes the sheet in one pass: the region's 汇总表
(177,000 cells) is written in about twice the time xlsxwriter needs for its bare values, where openpyxl's
save alone took 3.5 times as long (BENCHMARKS.md; the README's developer section says why it is used).
xlsxwriter has no call for different odd and even page headers and footers, which GB/T 9704 page numbers
need (odd pages right, even pages left): `_Worksheet` writes them into the headerFooter element itself.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from exporters.paper import pixels
from exporters.safe_write import write_atomically
from exporters.sheet import FORMULA_STARTS, Book, Sheet, Style
from exporters.text_fit import forget_measurements

# Text only: a user's "=SUM(…)", "3.5" or "http://…" is written as the words typed.
OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
CHARSET_GB2312 = 134  # tells Excel and WPS a missing font is a Chinese one, so it is replaced by a Chinese font


class _Worksheet(Worksheet):
    """An xlsxwriter worksheet that can give even pages their own header and footer (differentOddEven)."""

    even_header = ""
    even_footer = ""

    def _write_header_footer(self) -> None:
        if not (self.even_header or self.even_footer):
            super()._write_header_footer()
            return
        # The children's order is the schema's: oddHeader, oddFooter, evenHeader, evenFooter.
        self._xml_start_tag("headerFooter", [("differentOddEven", 1)])
        if self.header:
            self._write_odd_header()
        if self.footer:
            self._write_odd_footer()
        if self.even_header:
            self._xml_data_element("evenHeader", self.even_header)
        if self.even_footer:
            self._xml_data_element("evenFooter", self.even_footer)
        self._xml_end_tag("headerFooter")


class _Formats:
    """Each Style's xlsxwriter Format, made once per workbook (and its quote-prefixed twin for formula-like text)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.made: dict[tuple[int, bool], tuple[Style, Format]] = {}
        self.quoted = book.add_format({"quote_prefix": True})

    def of(self, cell_style: Style | None, quoted: bool = False) -> Format | None:
        """The Format of a style (None: the default look, quote-prefixed if `quoted`)."""
        if cell_style is None:
            return self.quoted if quoted else None
        key = (id(cell_style), quoted)
        found = self.made.get(key)
        if found is None:
            found = (cell_style, self.book.add_format(_properties(cell_style, quoted)))
            self.made[key] = found  # the Style is kept, so its id is not reused while the book is written
        return found[1]


def _properties(cell_style: Style, quoted: bool) -> dict[str, object]:
    f = cell_style.font
    properties: dict[str, object] = {
        "font_name": f.name, "font_size": f.size, "bold": f.bold, "font_color": f"#{f.colour}",
        "font_charset": CHARSET_GB2312, "align": cell_style.align, "valign": "vcenter", "text_wrap": True,
    }  # fmt: skip
    if cell_style.border:
        properties.update(border=1, border_color="#000000")
    if cell_style.fill:
        properties.update(pattern=1, bg_color=cell_style.fill)
    if cell_style.number_format != "General":
        properties["num_format"] = cell_style.number_format
    if quoted:
        properties["quote_prefix"] = True
    return properties


def write_book(book: Book, path: str | Path) -> Path:
    """Write `book` to `path` through exporters.safe_write.write_atomically; returns the final path.

    Raises ExportError (Chinese) when the file cannot be written; the old file then stands.
    """

    def write(tmp: Path) -> None:
        workbook = xlsxwriter.Workbook(str(tmp), OPTIONS)
        formats = _Formats(workbook)
        for sheet in book.sheets:
            _write_sheet(workbook.add_worksheet(sheet.title, worksheet_class=_Worksheet), sheet, formats)
        workbook.set_properties({"title": book.title, "author": book.creator})
        try:
            workbook.close()
        except FileCreateError as exc:  # xlsxwriter wraps the OS's error: give it back for a Chinese message
            cause = exc.args[0] if exc.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(exc)) from None

    try:
        return write_atomically(path, write)
    finally:
        forget_measurements()  # each export measures its own texts: nothing is kept between exports


def _write_sheet(ws: _Worksheet, sheet: Sheet, formats: _Formats) -> None:
    for col, width in sheet.widths.items():
        ws.set_column_pixels(col - 1, col - 1, pixels(width), None, {"hidden": col in sheet.hidden_columns})
    for col in sheet.hidden_columns - sheet.widths.keys():
        ws.set_column(col - 1, col - 1, None, None, {"hidden": True})
    for row in sheet.heights.keys() | sheet.hidden_rows:
        ws.set_row(row - 1, sheet.heights.get(row), None, {"hidden": row in sheet.hidden_rows})
    for (row, col), (value, cell_style) in sheet.cells():
        kind = type(value)
        fmt = formats.of(cell_style, kind is str and value.startswith(FORMULA_STARTS))  # type: ignore[union-attr]
        if value is None or value == "":
            if fmt is not None:
                ws.write_blank(row - 1, col - 1, None, fmt)
        elif kind is str:
            ws.write_string(row - 1, col - 1, value, fmt)
        elif kind is bool:
            ws.write_boolean(row - 1, col - 1, value, fmt)
        elif kind is int or kind is float:
            ws.write_number(row - 1, col - 1, value, fmt)
        else:
            ws.write_string(row - 1, col - 1, str(value), fmt)
    for block in sheet.merges:
        # A merged area shows its top-left cell, in that cell's format on every cell (as Excel merges).
        value = sheet.value(block.first_row, block.first_col)
        cell_style = sheet.style_at(block.first_row, block.first_col)
        fmt = formats.of(cell_style, isinstance(value, str) and value.startswith(FORMULA_STARTS))
        ws.merge_range(block.first_row - 1, block.first_col - 1, block.last_row - 1, block.last_col - 1,
                       "" if value is None else value, fmt)  # fmt: skip
    if sheet.auto_filter is not None:
        f = sheet.auto_filter
        ws.autofilter(f.first_row - 1, f.first_col - 1, f.last_row - 1, f.last_col - 1)
    if sheet.print_setup is not None:
        _print_setup(ws, sheet)
    if sheet.state == "veryHidden":
        ws.very_hidden()
    if sheet.password is not None:
        ws.protect(sheet.password)


def _print_setup(ws: _Worksheet, sheet: Sheet) -> None:
    setup = sheet.print_setup
    assert setup is not None
    ws.set_paper(setup.paper)
    if setup.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_print_scale(setup.scale)
    if setup.centred:
        ws.center_horizontally()
    left, right, top, bottom = setup.margins
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.set_header(setup.odd_header, {"margin": setup.header_margin})
    ws.set_footer(setup.odd_footer, {"margin": setup.footer_margin})
    ws.even_header, ws.even_footer = setup.even_header, setup.even_footer
    if setup.title_rows:
        ws.repeat_rows(setup.title_rows[0] - 1, setup.title_rows[1] - 1)
    if setup.title_columns:
        ws.repeat_columns(0, setup.title_columns - 1)
    if setup.area:
        ws.print_area(0, 0, setup.area[0] - 1, setup.area[1] - 1)
    if setup.freeze:
        ws.freeze_panes(*setup.freeze)
    if setup.row_breaks:
        ws.set_h_pagebreaks(sorted(set(setup.row_breaks)))
    if setup.col_breaks:
        ws.set_v_pagebreaks(sorted(set(setup.col_breaks)))
    if setup.across_then_down:
        ws.print_across()

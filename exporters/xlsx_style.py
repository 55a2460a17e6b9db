"""How the returns look on paper: fonts of official documents, borders, print setup, row heights.

GB/T 9704 asks for 方正小标宋简体 titles and 仿宋_GB2312 text; many office PCs lack both, so each is
written only when this PC has it, else the font every Chinese Windows ships (黑体, 仿宋).
"""

from __future__ import annotations

import functools
import math
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# Chinese font sizes in points (DOMAIN.md): 2号 22, 3号 16, 4号 14, 小四 12, 五号 10.5.
SIZE_TITLE = 22.0
SIZE_LABEL = 16.0
SIZE_PAGE_NUMBER = 14.0
SIZE_SUBTITLE = 12.0
SIZE_BODY = 10.5

TITLE_FONTS = ("方正小标宋简体", "黑体")
BODY_FONTS = ("仿宋_GB2312", "仿宋")
LABEL_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
# charset 134 (GB2312) tells Excel and WPS these are Chinese fonts, so a missing one is replaced by a
# Chinese font rather than by a Latin one that shows boxes.
GB2312 = 134


@dataclass(frozen=True)
class FontSet:
    """The font names a workbook is written with."""

    title: str = TITLE_FONTS[1]
    body: str = BODY_FONTS[1]
    label: str = LABEL_FONT
    page_number: str = PAGE_NUMBER_FONT


def choose_fonts(installed: Iterable[str] | None = None) -> FontSet:
    """The official fonts where `installed` (default: this PC's fonts) has them, else 黑体 / 仿宋."""
    names = set(installed_font_names() if installed is None else installed)
    title = TITLE_FONTS[0] if TITLE_FONTS[0] in names else TITLE_FONTS[1]
    body = BODY_FONTS[0] if BODY_FONTS[0] in names else BODY_FONTS[1]
    return FontSet(title=title, body=body)


@functools.cache
def installed_font_names() -> frozenset[str]:
    """Font family names this PC has: from the registry on Windows, fontconfig elsewhere; empty if unknown."""
    names: set[str] = set()
    if sys.platform == "win32":
        import winreg

        key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
        for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
            try:
                with winreg.OpenKey(root, key_path) as key:
                    for i in range(winreg.QueryInfoKey(key)[1]):
                        entry = winreg.EnumValue(key, i)[0]
                        # "仿宋_GB2312 (TrueType)", "宋体 & 新宋体 (TrueType)"
                        for part in entry.split("(")[0].split("&"):
                            names.add(part.strip())
            except OSError:
                continue
        return frozenset(names)
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return frozenset()
        for line in out.splitlines():
            names.update(part.strip() for part in line.split(","))
    return frozenset(names)


def font(name: str, size: float, *, bold: bool = False, colour: str = "000000") -> Font:
    return Font(name=name, size=size, bold=bold, color=colour, charset=GB2312)


THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def fill(colour: str) -> PatternFill:
    """A solid fill from a '#RRGGBB' colour (Status.colour)."""
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def number_format(value: float | None, *, percent: bool = False, prefix: str = "", suffix: str = "") -> str:
    """A format with only the decimals the value needs (18 → 0, 11.5 → 0.0, 1.25 → 0.00); at most 2."""
    if value is None:
        return "General"
    shown = value * 100 if percent else value
    decimals = 0
    for d in (0, 1, 2):
        decimals = d
        if abs(round(shown, d) - shown) < 1e-9:
            break
    body = "0" if decimals == 0 else "0." + "0" * decimals
    if percent:
        body += "%"
    literal_prefix = f'"{prefix}"' if prefix else ""
    literal_suffix = f'"{suffix}"' if suffix else ""
    return f"{literal_prefix}{body}{literal_suffix}"


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def text_width(text: str, size: float) -> float:
    """The printed width of a line in points: CJK characters one em wide, others about half."""
    total = 0.0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        total += size if wide else size * 0.55
    return total


def lines_needed(text: str, column_width: float, size: float) -> int:
    """How many lines a wrapped cell of `column_width` (Excel units) needs for `text` at `size`."""
    # One Excel width unit is the width of "0" in Calibri 11: 7 px, i.e. 5.25 pt; less the cell's padding.
    capacity = max(1.0, column_width * 5.25 - 6)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, math.ceil(text_width(paragraph, size) / capacity))
    return lines


def fit_row_height(ws: Worksheet, row: int, widths: Sequence[float], *, minimum: float = 20.0) -> float:
    """Set a row's height so every wrapped cell shows all of its text; merged cells count their full width."""
    spans = _merged_widths(ws, row, widths)
    height = minimum
    for col in range(1, len(widths) + 1):
        cell = ws.cell(row=row, column=col)
        if cell.value is None or col not in spans:
            continue
        size = float(cell.font.sz or SIZE_BODY) if cell.font else SIZE_BODY
        text = cell.value if isinstance(cell.value, str) else f"{cell.value}"
        lines = lines_needed(text, spans[col], size)
        # Chinese fonts need about 1.4 em per line; plus top and bottom padding.
        height = max(height, lines * size * 1.4 + 6)
    ws.row_dimensions[row].height = round(min(height, 409.0), 1)
    return height


def _merged_widths(ws: Worksheet, row: int, widths: Sequence[float]) -> dict[int, float]:
    """Columns whose text starts on this row, with the width available to it (merged across columns)."""
    spans = {col: widths[col - 1] for col in range(1, len(widths) + 1)}
    for merged in ws.merged_cells.ranges:
        if not merged.min_row <= row <= merged.max_row:
            continue
        for col in range(merged.min_col, merged.max_col + 1):
            spans.pop(col, None)
        # Text of a vertical merge spreads over its rows: only single-row merges are measured here.
        if merged.min_row == merged.max_row == row:
            spans[merged.min_col] = sum(widths[c - 1] for c in range(merged.min_col, merged.max_col + 1))
    return spans


def fit_merged_heights(ws: Worksheet, widths: Sequence[float]) -> None:
    """Give vertically merged cells enough room: rows under a merge grow evenly when its text needs it."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row == merged.max_row:
            continue
        cell = ws.cell(row=merged.min_row, column=merged.min_col)
        if cell.value is None:
            continue
        size = float(cell.font.sz or SIZE_BODY) if cell.font else SIZE_BODY
        width = sum(widths[c - 1] for c in range(merged.min_col, merged.max_col + 1))
        needed = lines_needed(str(cell.value), width, size) * size * 1.4 + 6
        rows = range(merged.min_row, merged.max_row + 1)
        have = sum(ws.row_dimensions[r].height or 15.0 for r in rows)
        if needed > have:
            extra = (needed - have) / len(rows)
            for r in rows:
                ws.row_dimensions[r].height = round(min((ws.row_dimensions[r].height or 15.0) + extra, 409.0), 1)


def style_cell(cell: Cell, cell_font: Font, alignment: Alignment = CENTRE, *, border: bool = True) -> None:
    cell.font = cell_font
    cell.alignment = alignment
    if border:
        cell.border = BORDER


def box(ws: Worksheet, first_row: int, last_row: int, last_col: int) -> None:
    """Thin borders on every cell of a block, merged cells included (Excel draws a merge's own borders)."""
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=1, max_col=last_col):
        for cell in row:
            cell.border = BORDER


def setup_print(
    ws: Worksheet,
    *,
    header_row: int,
    last_col: int,
    fonts: FontSet,
    draft: bool,
    last_row: int | None = None,
) -> None:
    """A4 landscape, fit to page width, the header row repeated on every page, "— 1 —" page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.7
    ws.page_margins.bottom = 0.75
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.35
    ws.print_title_rows = f"{header_row}:{header_row}"
    end = get_column_letter(last_col)
    if last_row:
        ws.print_area = f"A1:{end}{last_row}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    for part in (ws.oddFooter.center, ws.evenFooter.center):
        part.text = "— &[Page] —"
        part.font = f"{fonts.page_number},常规"
        part.size = SIZE_PAGE_NUMBER
    if draft:
        # Drafts go to leaders for checking: every printed page must say it is not the submitted return.
        for part in (ws.oddHeader.right, ws.evenHeader.right):
            part.text = "草稿（未报送）"
            part.font = f"{fonts.label},常规"
            part.size = SIZE_LABEL
            part.color = "C00000"


def merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    if first_row == last_row and first_col == last_col:
        return
    ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)

"""How the returns look on paper: fonts of official documents, borders, print setup, row heights.

GB/T 9704 asks for 方正小标宋简体 titles and 仿宋_GB2312 text; many office PCs lack both, so each is
written only when this PC has it, else the font every Chinese Windows ships (黑体, 仿宋).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from exporters.paper import MARGIN_BOTTOM, MARGIN_FOOTER, MARGIN_HEADER, MARGIN_SIDE, MARGIN_TOP, PageFrame, snap

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
    """A solid fill from a '#RRGGBB' colour."""
    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


# Status on paper: the hues offices know (green, amber, red), at lightnesses that stay apart when the page
# is printed or copied in grayscale (gray levels about 227, 190, 153 and 116; unjudged cells stay white),
# and the word is always printed, so the status reads without any colour at all.
STATUS_FILLS = {
    "正常": "#D8ECD0",
    "已完成": "#A9D18E",
    "滞后": "#DD9013",
    "逾期": "#C9504C",
}
# The words printed bold: on the two darker fills, and as the ones a reader looks for.
BOLD_STATUSES = ("滞后", "逾期")


def gray_level(colour: str) -> float:
    """The gray (0–255) a colour prints as in grayscale (ITU-R BT.601 luma, as pdftoppm -gray)."""
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def status_fill(word: str) -> PatternFill | None:
    """The fill of a status cell on paper; None (white) where there is nothing to judge or nothing reported."""
    colour = STATUS_FILLS.get(word)
    return fill(colour) if colour else None


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
    # A literal in a number format is quoted; a quote inside one would end it early.
    literal_prefix = f'"{prefix.replace(chr(34), "")}"' if prefix else ""
    literal_suffix = f'"{suffix.replace(chr(34), "")}"' if suffix else ""
    return f"{literal_prefix}{body}{literal_suffix}"


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


# How text is measured, checked against LibreOffice's rendering (tests/test_export_paper.py): a CJK
# character is one em; other characters are taken as wide as the widest fallback prints digits (0.64 em,
# 仿宋 prints them at 0.5); a line is 1.5 em (LibreOffice's Noto CJK lines are 1.447 em, 1.495 where
# Latin letters share the line; 仿宋 in Excel about 1.3).
NARROW_EM = 0.66
LINE_EM = 1.5
CELL_PADDING = 4.0  # points above and below a cell's text


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(text: str, size: float) -> float:
    """The printed width of a line in points: CJK characters one em wide, others about two thirds."""
    return sum(size if _wide(ch) else size * NARROW_EM for ch in text)


def line_capacity(column_width: float, size: float) -> float:
    """Points of text one line of a cell `column_width` Excel units wide holds, in the narrowest program.

    A column prints 5.25 pt a unit plus 3.75 in Excel and 5.55 pt a unit in LibreOffice, less the cell's
    padding and a quarter em for fonts whose characters are a little wider than we count them.
    """
    return max(size, min(column_width * 5.25 + 3.75, column_width * 5.55) - 3.5 - size / 4)


# Marks a line may not start with, and marks it may not end with (Chinese line breaking, 禁则): the
# character before a closing mark goes down with it, an opening mark goes down with what follows it.
CLOSING = set("，。、；：？！）」』》〉】”’,.;:?!)]%")
OPENING = set("（「『《〈【“‘([")


def _tokens(paragraph: str) -> list[str]:
    """CJK characters one by one, runs of other characters (words, numbers) whole, spaces apart."""
    tokens: list[str] = []
    for ch in paragraph:
        if tokens and not _wide(ch) and not ch.isspace() and not _wide(tokens[-1][-1]) and not tokens[-1].isspace():
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def lines_needed(text: str, column_width: float, size: float) -> int:
    """How many lines a wrapped cell of `column_width` (Excel units) needs for `text` at `size`.

    Lines are filled as Excel and LibreOffice fill them: words of Latin letters or digits wrap whole (a
    word longer than a line is broken), and no line starts with a closing mark or ends with an opening one.
    """
    capacity = line_capacity(column_width, size)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        line: list[float] = []  # widths of the tokens on the current line
        last = ""
        for token in _tokens(paragraph):
            width = text_width(token, size)
            if sum(line) + width <= capacity or token.isspace():
                line.append(width)
                last = token
                continue
            if width > capacity:  # a word longer than a line is broken where it reaches the edge
                for ch in token:
                    step = text_width(ch, size)
                    if sum(line) + step > capacity:
                        lines += 1
                        line = []
                    line.append(step)
                last = token[-1]
                continue
            carried: list[float] = []
            if line and (token[0] in CLOSING or last[-1:] in OPENING):
                carried = [line.pop()]  # the character before a closing mark (or an opening mark) goes down
            lines += 1
            line = [*carried, width]
            last = token
    return lines


def text_height(text: str, column_width: float, size: float) -> float:
    """Points of row height a wrapped cell needs to show all of `text`."""
    return lines_needed(text, column_width, size) * size * LINE_EM + CELL_PADDING


def _size(cell: Cell) -> float:
    return float(cell.font.sz or SIZE_BODY) if cell.font else SIZE_BODY


def _shown_text(cell: Cell) -> str:
    # A number never wraps (a column too narrow for it shows ###, which widths from the printed text prevent):
    # it takes one line, whatever Python's repr of it looks like.
    return cell.value if isinstance(cell.value, str) else "0"


def needed_height(ws: Worksheet, row: int, widths: Sequence[float]) -> float:
    """The height a row needs so every wrapped cell shows all its text; merged cells count their full width."""
    spans = _merged_widths(ws, row, widths)
    height = 0.0
    for col, width in spans.items():
        cell = ws.cell(row=row, column=col)
        if cell.value is None:
            continue
        height = max(height, text_height(_shown_text(cell), width, _size(cell)))
    return height


def fit_row_height(ws: Worksheet, row: int, widths: Sequence[float], *, minimum: float = 20.0) -> float:
    """Set a row's height so every wrapped cell shows all of its text; returns the height set.

    The height is a whole pixel and at most Excel's 409 pt: callers that may need more cut the text
    first (exporters.annex), so no text is ever cut by the row.
    """
    height = snap(max(minimum, needed_height(ws, row, widths)))
    ws.row_dimensions[row].height = height
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
            spans[merged.min_col] = merged_width(widths, merged.min_col, merged.max_col)
    return spans


def merged_width(widths: Sequence[float], first: int, last: int) -> float:
    """The width in Excel units of columns `first`..`last` merged: their widths and the gaps between them."""
    return sum(widths[c - 1] for c in range(first, last + 1)) + 0.7 * (last - first)


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
    frame: PageFrame,
    *,
    header_rows: tuple[int, int],
    last_col: int,
    fonts: FontSet,
    draft: bool,
    last_row: int,
    breaks: Sequence[int] = (),
    title_columns: int = 0,
) -> None:
    """Print setup of a return: `frame`'s paper and scale, header rows on every page, GB/T 9704 page numbers.

    Page numbers "— 1 —" in 4号 宋体 at the outer edge: odd pages right, even pages left, one character in.
    `breaks` are rows after which a page breaks; `title_columns` repeat on the left of every page.
    """
    ws.page_setup.paperSize = frame.paper.code
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if frame.landscape else ws.ORIENTATION_PORTRAIT
    # A fixed scale rather than "fit to width": every program then breaks the pages where we measured.
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = frame.scale
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = MARGIN_TOP
    ws.page_margins.bottom = MARGIN_BOTTOM
    ws.page_margins.header = MARGIN_HEADER
    ws.page_margins.footer = MARGIN_FOOTER
    first, last = header_rows
    ws.print_title_rows = f"{first}:{last}"
    if title_columns:
        ws.print_title_cols = f"A:{get_column_letter(title_columns)}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.freeze_panes = ws.cell(row=last + 1, column=title_columns + 1).coordinate
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    # Header and footer are scaled with the sheet by Excel (scaleWithDoc) and by LibreOffice: sized up by
    # the scale, they print at 4号 (14 pt) and 3号 (16 pt) as GB/T 9704 asks.
    grow = 100 / frame.scale
    ws.HeaderFooter.differentOddEven = True
    for part, text in ((ws.oddFooter.right, "— &P —　"), (ws.evenFooter.left, "　— &P —")):
        part.text = text
        part.font = f"{fonts.page_number},常规"
        part.size = round(SIZE_PAGE_NUMBER * grow, 1)
    if draft:
        # Drafts go to leaders for checking: every printed page must say it is not the submitted return.
        for part in (ws.oddHeader.right, ws.evenHeader.right):
            part.text = "草稿（未报送）"
            part.font = f"{fonts.label},常规"
            part.size = round(SIZE_LABEL * grow, 1)
            part.color = "C00000"


def merge(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    if first_row == last_row and first_col == last_col:
        return
    ws.merge_cells(start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col)

"""How the returns look on paper: fonts of official documents, status fills, print setup, row heights.

GB/T 9704 asks for 方正小标宋简体 titles and 仿宋_GB2312 text; many office PCs lack both, so each is
written only when this PC has it, else the font every Chinese Windows ships (黑体, 仿宋).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exporters.paper import (
    MARGIN_BOTTOM,
    MARGIN_FOOTER,
    MARGIN_HEADER,
    MARGIN_SIDE,
    MARGIN_TOP,
    PageFrame,
    pixels,
    snap,
)
from exporters.sheet import PrintSetup, Sheet
from exporters.text_fit import lines_height, text_height

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
HEADER_FILL = "#F2F2F2"


def gray_level(colour: str) -> float:
    """The gray (0–255) a colour prints as in grayscale (ITU-R BT.601 luma, as pdftoppm -gray)."""
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def status_fill(word: str) -> str | None:
    """The fill colour of a status cell on paper; None (white) where there is nothing to judge or nothing reported."""
    return STATUS_FILLS.get(word)


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


def set_widths(ws: Sheet, widths: Sequence[float]) -> list[float]:
    """Give the columns their widths, each to the whole pixel Excel shows it at; returns the widths given.

    Measure with the returned widths: they are what every program is told.
    """
    given = [pixels(w) / 7 for w in widths]
    ws.widths.update(enumerate(given, start=1))
    return given


def needed_height(ws: Sheet, row: int, widths: Sequence[float]) -> float:
    """The height a row needs so every wrapped cell shows all its text; merged cells count their full width."""
    height = 0.0
    for col, width in _merged_widths(ws, row, widths).items():
        value, cell_style = ws.cell(row, col)
        if value is None:
            continue
        size = cell_style.font.size if cell_style is not None else SIZE_BODY
        # A number never wraps (a column too narrow for it shows ###, which widths from the printed text
        # prevent): it takes one line, whatever Python's repr of it looks like.
        needed = text_height(value, width, size) if isinstance(value, str) else lines_height(1, 1, size)
        if needed > height:
            height = needed
    return height


def fit_row_height(ws: Sheet, row: int, widths: Sequence[float], *, minimum: float = 20.0) -> float:
    """Set a row's height so every wrapped cell shows all of its text; returns the height set.

    The height is a whole pixel and at most Excel's 409 pt: callers that may need more cut the text
    first (exporters.annex), so no text is ever cut by the row.
    """
    height = snap(max(minimum, needed_height(ws, row, widths)))
    ws.heights[row] = height
    return height


def _merged_widths(ws: Sheet, row: int, widths: Sequence[float]) -> dict[int, float]:
    """Columns whose text starts on this row, with the width available to it (merged across columns)."""
    spans = {col: widths[col - 1] for col in range(1, len(widths) + 1)}
    for merged in ws.merges_on(row):
        for col in range(merged.first_col, merged.last_col + 1):
            spans.pop(col, None)
        # Text of a vertical merge spreads over its rows: only single-row merges are measured here.
        if merged.first_row == merged.last_row == row:
            spans[merged.first_col] = merged_width(widths, merged.first_col, merged.last_col)
    return spans


def spans_by_width(widths: Sequence[float], shares: Sequence[float]) -> list[tuple[int, int]]:
    """Column spans (first, last), one per share, each starting where `share` of the table's width is reached.

    Lines of words above and below a table (填报单位…, the signatures) sit by width, not by column count: a
    wide text column would otherwise push them apart.
    """
    total = sum(widths)
    edges = [0.0]
    for width in widths:
        edges.append(edges[-1] + width)
    starts = []
    for share in shares:
        col = min(range(1, len(widths) + 1), key=lambda c: abs(edges[c - 1] - share * total))
        starts.append(max(col, starts[-1] + 1) if starts else 1)
    return [(start, (starts[i + 1] - 1) if i + 1 < len(starts) else len(widths)) for i, start in enumerate(starts)]


def merged_width(widths: Sequence[float], first: int, last: int) -> float:
    """The width in Excel units of columns `first`..`last` merged: their widths (in whole pixels, no gaps)."""
    return sum(widths[c - 1] for c in range(first, last + 1))


def setup_print(
    ws: Sheet,
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
    first, last = header_rows
    # Header and footer are scaled with the sheet by Excel (scaleWithDoc) and by LibreOffice: sized up by
    # the scale, they print at 4号 (14 pt) and 3号 (16 pt) as GB/T 9704 asks (whole points: a size code is an
    # integer).
    grow = 100 / frame.scale
    number = f'&"{fonts.page_number},常规"&{round(SIZE_PAGE_NUMBER * grow)} '
    # Drafts go to leaders for checking: every printed page must say it is not the submitted return.
    mark = f'&R&"{fonts.label},常规"&{round(SIZE_LABEL * grow)} &KC00000草稿（未报送）' if draft else ""
    ws.print_setup = PrintSetup(
        paper=frame.paper.code,
        landscape=frame.landscape,
        # A fixed scale rather than "fit to width": every program then breaks the pages where we measured.
        scale=frame.scale,
        margins=(MARGIN_SIDE, MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM),
        header_margin=MARGIN_HEADER,
        footer_margin=MARGIN_FOOTER,
        title_rows=(first, last),
        title_columns=title_columns,
        area=(last_row, last_col),
        freeze=(last, title_columns),
        row_breaks=list(breaks),
        odd_header=mark,
        even_header=mark,
        odd_footer=f"&R{number}— &P —　",
        even_footer=f"&L{number}　— &P —",
    )

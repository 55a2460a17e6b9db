"""The printed page: paper sizes, the print scale, how much of the sheet a page holds, and where pages break.

Measured against LibreOffice's rendering (tests/test_export_paper.py): a page's body is the paper less the
top and bottom margins, at the print scale; a column is written in whole pixels, which Excel prints at
5.25 pt a width unit and LibreOffice at 5.549 pt (exporters.text_fit), so widths are summed with the wider,
and heights are whole pixels (0.75 pt), which both programs keep exactly. The scale is fixed in the file
(not "fit to width"), so every program breaks the pages where we do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from exporters.text_fit import LO_UNIT, XL_UNIT

INCH = 72.0
# Margins in inches, as the returns have always used: room for 草稿 above and the page number below.
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 0.5, 0.7, 0.75
MARGIN_HEADER, MARGIN_FOOTER = 0.3, 0.35
# Excel's row height limit; a taller row is cut by every program.
MAX_ROW_HEIGHT = 409.0
# Row heights are whole pixels at 96 dpi in Excel; a height that is one keeps every program's pages alike.
PIXEL = 0.75
# What is kept spare on each page against rounding in the programs that print the file.
SLACK = 0.97


@dataclass(frozen=True)
class Paper:
    """A paper size in points (portrait), with the code the xlsx page setup gives it."""

    name: str
    width: float
    height: float
    code: int


A4 = Paper("A4", 595.3, 841.9, 9)
A3 = Paper("A3", 841.9, 1190.55, 8)
PAPERS = {"A4": A4, "A3": A3}


def paper_named(name: str) -> Paper:
    """A4 or A3 (case-insensitive); ValueError names the sizes there are."""
    try:
        return PAPERS[name.strip().upper()]
    except KeyError:
        raise ValueError(f"纸张只能是 {' 或 '.join(PAPERS)}，收到“{name}”") from None


@dataclass(frozen=True)
class PageFrame:
    """Where a sheet is printed: paper, orientation and scale (per cent), and what that leaves for rows."""

    paper: Paper
    landscape: bool
    scale: int

    @property
    def printable_width(self) -> float:
        """Points across the page between the side margins, on paper."""
        across = self.paper.height if self.landscape else self.paper.width
        return across - 2 * MARGIN_SIDE * INCH

    @property
    def printable_height(self) -> float:
        """Points down the page between the top and bottom margins, on paper."""
        down = self.paper.width if self.landscape else self.paper.height
        return down - (MARGIN_TOP + MARGIN_BOTTOM) * INCH

    @property
    def body_height(self) -> float:
        """Sheet points (row heights) one page holds, kept a little short of the real room."""
        return self.printable_height * SLACK / (self.scale / 100)

    def printed(self, size: float) -> float:
        """The printed size of a font of `size` points at this scale."""
        return size * self.scale / 100


def column_points(width: float) -> float:
    """The widest a column of `width` Excel units prints (LibreOffice 5.549 pt a unit; Excel 5.25)."""
    return width * max(LO_UNIT, XL_UNIT)


def pixels(width: float) -> int:
    """A column width in Excel units as the whole pixels Excel shows it at (7 a unit with the default font)."""
    return max(0, round(width * 7))


def sheet_points(widths: Sequence[float]) -> float:
    return sum(column_points(w) for w in widths)


def frame_for(widths: Sequence[float], paper: Paper = A4, *, landscape: bool = True, most: int = 100) -> PageFrame:
    """The frame whose scale (whole per cent, at most `most`) fits every column across one page."""
    probe = PageFrame(paper, landscape, 100)
    fits = probe.printable_width * SLACK / max(sheet_points(widths), 1.0) * 100
    return PageFrame(paper, landscape, max(10, min(most, math.floor(fits))))


def snap(height: float) -> float:
    """A row height rounded up to a whole pixel, and within what a row can be."""
    return min(MAX_ROW_HEIGHT, math.ceil(round(height / PIXEL, 6)) * PIXEL)


def row_limit(frame: PageFrame, repeated: float) -> float:
    """The tallest a row may be: what a page holds under its repeated header rows, and within Excel's limit."""
    return min(MAX_ROW_HEIGHT, math.floor((frame.body_height - repeated) / PIXEL) * PIXEL)


@dataclass(frozen=True)
class Block:
    """Rows that should be printed on one page (a city row and its sub-tasks), or a single row."""

    first: int
    last: int


@dataclass(frozen=True)
class Pages:
    """Rows after which a page breaks, and where a block that could not stay whole continues."""

    breaks: tuple[int, ...]
    continued: tuple[int, ...]  # first rows of a block's part printed on a later page


def paginate(
    heights: dict[int, float],
    blocks: Sequence[Block],
    *,
    body: float,
    repeated: float,
    first_page_used: float,
) -> Pages:
    """Break pages between blocks; a block taller than a page is split between rows, and said so.

    `heights` are the rows' heights in sheet points, `body` what a page holds, `repeated` the header rows
    every page prints, `first_page_used` what the title and header take on the first page.
    """
    room = body - repeated
    used = first_page_used - repeated
    breaks: list[int] = []
    continued: list[int] = []
    for block in blocks:
        rows = range(block.first, block.last + 1)
        total = sum(heights[r] for r in rows)
        if used + total <= room:
            used += total
            continue
        if total <= room or used > room * 2 / 3:
            # A block that fits a page starts on a new one; so does one that must split anyway when the
            # page is nearly full, so its first part is not a sliver under the page's last rows.
            if used > 0:
                breaks.append(block.first - 1)
            used = 0.0
            if total <= room:
                used = total
                continue
        for row in rows:
            if used + heights[row] > room and used > 0:
                breaks.append(row - 1)
                if row != block.first:
                    continued.append(row)
                used = 0.0
            used += heights[row]
    return Pages(tuple(breaks), tuple(continued))

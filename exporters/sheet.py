"""A workbook as the exporters compose it, before a file is written: cells and their styles, merges, row
heights, column widths and print setup, all in plain Python (exporters/xlsx_writer.py writes it).

Composing apart from writing lets the exporters measure and re-read what they laid out (row heights,
continuations, runs of equal cells) at the cost of a dict lookup, and lets the file be written in one pass
by a writer that styles each kind of cell once (see the README on why xlsxwriter writes it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import ItemsView
from dataclasses import dataclass, field

# Characters xlsx cannot hold at all (control characters pasted from Word: vertical tab, form feed…).
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# Excel, WPS and LibreOffice start a formula (or a DDE call) with any of these.
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
LEFT, CENTRE, RIGHT = "left", "center", "right"
_EMPTY = (None, None)
DEFAULT_HEIGHT = 15.0  # points: a row whose height is not set


@dataclass(frozen=True)
class Font:
    """A cell's font: name, size in points, bold, colour (RRGGBB)."""

    name: str
    size: float
    bold: bool = False
    colour: str = "000000"


@dataclass(frozen=True)
class Style:
    """How a cell looks: font, horizontal alignment (text wraps, centred vertically), thin border, fill, format."""

    font: Font
    align: str = CENTRE
    border: bool = True
    fill: str | None = None  # "#RRGGBB"
    number_format: str = "General"


@functools.cache
def font(name: str, size: float, *, bold: bool = False, colour: str = "000000") -> Font:
    """The Font of these arguments (the same object each time, so styles made of it compare by identity)."""
    return Font(name, float(size), bold, colour.lstrip("#").upper())


_STYLES: dict[tuple[int, str, bool, str | None, str], tuple[Font, Style]] = {}


def style(
    cell_font: Font,
    align: str = CENTRE,
    *,
    border: bool = True,
    fill: str | None = None,
    number_format: str = "General",
) -> Style:
    """The Style of these arguments, made once (the same object each time, looked up by the font's identity)."""
    key = (id(cell_font), align, border, fill, number_format)
    found = _STYLES.get(key)
    if found is None:
        # The font is kept with its style, so its id is never another font's while the style is known.
        found = _STYLES[key] = (
            cell_font,
            Style(cell_font, align, border, fill.upper() if fill else None, number_format),
        )
    return found[1]


@dataclass(frozen=True)
class Range:
    """A block of cells, 1-based and inclusive."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def __contains__(self, cell: tuple[int, int]) -> bool:
        row, col = cell
        return self.first_row <= row <= self.last_row and self.first_col <= col <= self.last_col


@dataclass
class PrintSetup:
    """How a sheet prints: paper, orientation, fixed scale, repeated rows/columns, breaks, header and footer.

    Header and footer texts are Excel's codes (&P the page number) with their font and size; odd and even
    pages differ when `even_footer` or `even_header` is given.
    """

    paper: int
    landscape: bool
    scale: int
    margins: tuple[float, float, float, float]  # left, right, top, bottom, in inches
    header_margin: float
    footer_margin: float
    title_rows: tuple[int, int] | None = None
    title_columns: int = 0
    area: tuple[int, int] | None = None  # last row, last column (from A1)
    freeze: tuple[int, int] | None = None  # rows above, columns left of the frozen pane
    row_breaks: list[int] = field(default_factory=list)  # rows after which a page breaks
    col_breaks: list[int] = field(default_factory=list)  # columns after which a page breaks
    across_then_down: bool = False
    centred: bool = True
    odd_header: str = ""
    even_header: str = ""
    odd_footer: str = ""
    even_footer: str = ""


class Sheet:
    """One sheet's cells (row, column → value and style), merges, sizes and print setup; rows and columns from 1."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.hidden_rows: set[int] = set()
        self.hidden_columns: set[int] = set()
        self.merges: list[Range] = []
        self.print_setup: PrintSetup | None = None
        self.auto_filter: Range | None = None
        self.state = "visible"  # or "veryHidden": not even listed by Excel's unhide menu
        self.password: str | None = None  # protected against accidental edits when set
        self._cells: dict[tuple[int, int], tuple[object, Style | None]] = {}
        self._merges_by_row: dict[int, list[Range]] = {}

    def put(self, row: int, col: int, value: object, cell_style: Style | None = None) -> None:
        """Write a value (None: a blank, styled cell) with its style; text always stays text.

        Control characters xlsx cannot hold become spaces rather than failing the export.
        """
        if isinstance(value, str) and not value.isprintable():  # most text is printable: no search needed
            value = ILLEGAL_CHARACTERS.sub(" ", value)
        self._cells[(row, col)] = (value, cell_style)

    def set_value(self, row: int, col: int, value: object) -> None:
        """Change a cell's value, keeping its style."""
        self.put(row, col, value, self.style_at(row, col))

    def value(self, row: int, col: int) -> object:
        found = self._cells.get((row, col))
        return None if found is None else found[0]

    def style_at(self, row: int, col: int) -> Style | None:
        found = self._cells.get((row, col))
        return None if found is None else found[1]

    def cell(self, row: int, col: int) -> tuple[object, Style | None]:
        """A cell's value and style ((None, None) if never written)."""
        return self._cells.get((row, col), _EMPTY)

    def cells(self) -> ItemsView[tuple[int, int], tuple[object, Style | None]]:
        """Every written cell: (row, column) → (value, style), in no particular order."""
        return self._cells.items()

    @property
    def max_row(self) -> int:
        return max((row for row, _ in self._cells), default=0)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Merge a block (a single cell is left alone; a block inside an earlier merge is ignored).

        The block shows its top-left cell's value and style, as Excel shows a merged area; the other
        cells' values are dropped. A block overlapping an earlier merge only in part is a mistake the
        writer refuses (xlsxwriter's OverlappingRange), as Excel would refuse the file.
        """
        if first_row == last_row and first_col == last_col:
            return
        block = Range(first_row, first_col, last_row, last_col)
        for existing in self._merges_by_row.get(first_row, ()):
            if (existing.first_row <= first_row and last_row <= existing.last_row
                    and existing.first_col <= first_col and last_col <= existing.last_col):  # fmt: skip
                return
        self.merges.append(block)
        for row in range(first_row, last_row + 1):
            self._merges_by_row.setdefault(row, []).append(block)

    def merges_on(self, row: int) -> list[Range]:
        """The merged blocks that cross `row`."""
        return self._merges_by_row.get(row, [])

    def height(self, row: int) -> float:
        return self.heights.get(row, DEFAULT_HEIGHT)


@dataclass
class Book:
    """The sheets of a workbook in order (the first is the one that opens), with its title and author."""

    sheets: list[Sheet] = field(default_factory=list)
    title: str = ""
    creator: str = ""

    def add_sheet(self, title: str) -> Sheet:
        sheet = Sheet(title)
        self.sheets.append(sheet)
        return sheet

    def __getitem__(self, title: str) -> Sheet:
        return next(s for s in self.sheets if s.title == title)

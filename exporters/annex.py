"""No text lost on paper: a cell keeps what its row can print, and the rest goes to a 附页 after the table.

A row grows to fit its text up to what a page (and Excel, 409 pt) allows. A text longer than that is cut
where it still fits with "（续见附页1）" after it, and the rest is printed on the 附页: a page of its own
after the table's footer, one heading per continued cell, the text across the whole width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.continuation import ANNEX_TITLE, annex_label, continuation_mark
from exporters.paper import snap
from exporters.sheet import LEFT, Sheet, font, style
from exporters.text_fit import fits, lines_height, text_height
from exporters.xlsx_style import SIZE_BODY, SIZE_LABEL, FontSet, merged_width

# A sentence is best cut after one of these, when one is near the end of what fits.
_PAUSES = "。；！？，、）\n"
_NEAR = 24  # characters back from the cut within which a pause is looked for


def _cuttable(text: str, at: int) -> bool:
    # Pieces are joined as they are when read back: a cut beside a space or a line break would be lost
    # by readers that trim cells, so cuts fall only between two printing characters.
    return 0 < at < len(text) and not text[at - 1].isspace() and not text[at].isspace()


def cut_point(text: str, width: float, size: float, height: float, tail: str = "") -> int:
    """The longest head of `text` that, with `tail` after it, shows whole in a `width`-unit cell `height` points tall.

    Moved back to a pause (。；，) when one is near, and never beside a space; at least one character.
    len(text) when the text cannot be cut without losing a space to a reader that trims cells.
    """
    low, high = 1, len(text) - 1
    best = 1
    while low <= high:  # lines grow with the head's length, so the longest fitting head is found by halves
        middle = (low + high) // 2
        if fits(text[:middle] + tail, width, size, height):
            best, low = middle, middle + 1
        else:
            high = middle - 1
    candidates = [at for at in range(best, max(0, best - _NEAR), -1) if text[at - 1] in _PAUSES]
    candidates += list(range(best, 0, -1))
    for at in candidates:
        # Checked again: a shorter head fits wherever a longer one did, save for Chinese line breaking's
        # rare turns (a closing mark that now ends the head), which are not trusted to the search.
        if _cuttable(text, at) and fits(text[:at] + tail, width, size, height):
            return at
    # Nowhere to cut that fits and loses nothing (a row narrower than a word with spaces around it): the
    # nearest cut that loses nothing, or none at all — a line too many beats a character dropped.
    later = [at for at in range(best, len(text)) if _cuttable(text, at)]
    return later[0] if later else len(text)


@dataclass
class Continued:
    """The rest of one cell's text, printed on the 附页 under its own heading."""

    number: int
    where: str
    text: str
    cell: tuple[int, int] = (0, 0)  # (row, column) of the cell it continues


@dataclass
class Annex:
    """The continuations of one sheet, numbered in the order the table continues them."""

    items: list[Continued] = field(default_factory=list)

    def fit(
        self, text: str, width: float, size: float, height: float, where: str, cell: tuple[int, int] = (0, 0)
    ) -> str:
        """`text` if it fits a cell `width` units wide and `height` points tall; else its head and the mark.

        `where` names the cell on the 附页 (序号3（细化任务序号(237)）工作进展); `cell` is its (row, column),
        by which `renumber` puts the 附页 in the table's reading order.
        """
        if not text or fits(text, width, size, height):
            return text
        number = len(self.items) + 1
        # The widest number the mark may come to have, so renumbering never makes the head overflow.
        mark = continuation_mark(max(number, 10) * 10)
        at = cut_point(text, width, size, height, mark)
        if at >= len(text):
            return text
        self.items.append(Continued(number, where, text[at:], cell))
        return text[:at] + continuation_mark(number)

    def renumber(self, ws: Sheet) -> None:
        """Number the continuations in the order the table is read (by row, then column), marks included."""
        ordered = sorted(self.items, key=lambda item: item.cell)
        marks = {}
        for number, item in enumerate(ordered, start=1):
            marks[item.cell] = (continuation_mark(item.number), continuation_mark(number))
            item.number = number
        self.items = ordered
        for (row, col), (old, new) in marks.items():
            value = ws.value(row, col)
            if isinstance(value, str) and value.endswith(old):
                ws.set_value(row, col, value[: -len(old)] + new)

    def write(
        self, ws: Sheet, after: int, widths: Sequence[float], fonts: FontSet, row_limit: float
    ) -> tuple[int, int]:
        """Write the 附页 below row `after`; returns (first row, last row). Nothing when nothing continues.

        The caller breaks the page after `after`, so the 附页 starts on a page of its own.
        """
        if not self.items:
            return after, after
        last_col = len(widths)
        width = merged_width(widths, 1, last_col)
        row = after + 1
        first = row
        ws.merge(row, 1, row, last_col)
        ws.put(row, 1, ANNEX_TITLE, style(font(fonts.label, SIZE_LABEL), LEFT, border=False))
        ws.heights[row] = snap(lines_height(1, 1, SIZE_LABEL) + 4)
        body = style(font(fonts.body, SIZE_BODY), LEFT, border=False)
        label = style(font(fonts.label, SIZE_BODY), LEFT, border=False)
        for item in self.items:
            row += 1
            ws.merge(row, 1, row, last_col)
            ws.put(row, 1, annex_label(item.number, item.where), label)
            ws.heights[row] = snap(lines_height(1, 1, SIZE_BODY) + 4)
            rest = item.text
            while rest:
                row += 1
                piece = rest
                if not fits(rest, width, SIZE_BODY, row_limit):
                    piece = rest[: cut_point(rest, width, SIZE_BODY, row_limit)]
                rest = rest[len(piece) :]
                ws.merge(row, 1, row, last_col)
                ws.put(row, 1, piece, body)
                ws.heights[row] = snap(text_height(piece, width, SIZE_BODY))
        return first, row

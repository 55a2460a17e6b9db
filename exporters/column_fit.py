"""How wide a table's text columns are: whole characters, given where the table's texts need them most.

A text column is a whole number of characters wide (exporters.text_fit.chars_width), so that it wraps
alike in Excel and LibreOffice. While the page has room at full size, a character more goes, one at a time,
to the column whose widening shortens the table most (a long 工作进展 gets the room a short one does not
need); the lines a text takes are estimated from its length, enough to weigh the columns.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from exporters.text_fit import text_width

Chars = dict[str, int]


def paragraph_ems(text: object) -> list[float]:
    """A cell text's paragraphs, each as its width in ems: what `text_lines` takes."""
    return [text_width(p, 1.0) for p in str(text or "").split("\n")]


def text_lines(paragraphs: Sequence[float], chars: int) -> int:
    """About how many lines paragraphs of these widths (ems) take in a column `chars` characters wide."""
    return sum(max(1, math.ceil(ems / chars - 1e-9)) for ems in paragraphs)


class RowLines:
    """Each row's estimated lines in each text column, for a column width in characters (worked out once)."""

    def __init__(self, rows: Sequence[Mapping[str, Sequence[float]]]) -> None:
        self.rows = rows
        self._known: dict[tuple[str, int], list[int]] = {}

    def of(self, key: str, chars: int) -> list[int]:
        """Every row's lines in column `key` at `chars` characters a line."""
        found = self._known.get((key, chars))
        if found is None:
            found = self._known[(key, chars)] = [text_lines(row[key], chars) for row in self.rows]
        return found

    def tallest(self, keys: Sequence[str], chars: Mapping[str, int]) -> list[int]:
        """Every row's lines in its tallest cell among `keys` (a row is as tall as its tallest cell)."""
        return (
            list(map(max, *(self.of(key, chars[key]) for key in keys)))
            if len(keys) > 1
            else self.of(keys[0], chars[keys[0]])
        )


def widen(
    chars: Mapping[str, int],
    order: Sequence[str],
    fits: Callable[[Chars], bool],
    length: Callable[[Chars], float],
) -> Chars:
    """Give the text columns characters, one at a time, while `fits` holds; each to the column that makes
    `length` (the table's estimated length) least, the earlier in `order` on a tie."""
    chars = dict(chars)
    while True:
        best: tuple[float, int, str] | None = None
        for rank, key in enumerate(order):
            chars[key] += 1
            if fits(chars):
                candidate = (length(chars), rank, key)
                best = candidate if best is None or candidate < best else best
            chars[key] -= 1
        if best is None:
            return chars
        chars[best[2]] += 1

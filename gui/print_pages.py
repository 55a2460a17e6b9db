"""Which table rows go on which printed page: whole rows only, and a row taller than a page cut between lines.

Pure arithmetic on measured sizes (any unit), so the rules are tested without a printer: a row is never split
across pages unless it is taller than a page; such a row starts a page of its own and is cut between text
lines, each cell where its own lines end, so no line is ever cut through; its later pieces say which row they
continue (the printer repeats its 序号).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RowShape:
    """A measured row: for each cell, the bottom of each of its text lines from the top of its text; and the
    room a cell needs above and below its text (padding), the same for every cell of the row."""

    lines: tuple[tuple[float, ...], ...]
    pad: float

    @property
    def height(self) -> float:
        return max((cell[-1] for cell in self.lines if cell), default=0.0) + self.pad


@dataclass(frozen=True)
class Piece:
    """What one page shows of a row: each cell's text from `starts[i]` to `ends[i]` (in its own lines)."""

    row: int
    starts: tuple[float, ...]
    ends: tuple[float, ...]
    height: float
    first: bool  # the row's first (or only) piece; a later one continues the row on a new page
    whole: bool  # the row entire, on one page


def whole_row(index: int, shape: RowShape) -> Piece:
    ends = tuple(cell[-1] if cell else 0.0 for cell in shape.lines)
    return Piece(index, tuple(0.0 for _ in shape.lines), ends, shape.height, True, True)


def cut_row(index: int, shape: RowShape, first_room: float, room: float) -> list[Piece]:
    """A row too tall for a page, cut into pieces: the first fits `first_room`, each later one `room`.

    Each cell takes as many of its remaining lines as fit; a single line taller than the room (nothing a
    printed table holds) still goes whole, so every line is shown once and never cut through.
    """
    starts = [0.0 for _ in shape.lines]
    pieces: list[Piece] = []
    while True:
        space = (first_room if not pieces else room) - shape.pad
        ends = []
        for cell, start in zip(shape.lines, starts, strict=True):
            remaining = [bottom for bottom in cell if bottom > start]
            fitting = [bottom for bottom in remaining if bottom - start <= space]
            ends.append(fitting[-1] if fitting else (remaining[0] if remaining else start))
        height = max((end - start for end, start in zip(ends, starts, strict=True)), default=0.0) + shape.pad
        pieces.append(Piece(index, tuple(starts), tuple(ends), height, not pieces, False))
        if all(end >= (cell[-1] if cell else 0.0) for end, cell in zip(ends, shape.lines, strict=True)):
            return pieces
        starts = ends


def paginate(shapes: Sequence[RowShape], first_room: float, room: float) -> list[list[Piece]]:
    """The pieces on each page: rows in order, whole, a new page when the next row does not fit.

    `first_room` is the height the first page leaves for rows (below its title), `room` every other page's.
    A row taller than `room` is cut into pieces, its first on the current page when at least a quarter of a
    page is left there (else on the next), the next rows following its last piece.
    """
    pages: list[list[Piece]] = [[]]
    free = first_room
    for index, shape in enumerate(shapes):
        if shape.height <= free:
            pages[-1].append(whole_row(index, shape))
            free -= shape.height
            continue
        if shape.height <= room or (pages[-1] and free < room / 4):
            pages.append([])
            free = room
            if shape.height <= free:
                pages[-1].append(whole_row(index, shape))
                free -= shape.height
                continue
        pieces = cut_row(index, shape, free, room)
        for number, piece in enumerate(pieces):
            if number:
                pages.append([])
                free = room
            pages[-1].append(piece)
            free -= piece.height
    return pages

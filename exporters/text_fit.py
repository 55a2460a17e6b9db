"""How much room a cell's text takes on paper: its width, the lines it wraps to, the row height it needs.

Checked against LibreOffice's rendering (tests/test_export_paper.py), which the returns are printed with
in the tests and which is the most generous of the programs that print them.
"""

from __future__ import annotations

import functools
import unicodedata

# A CJK character is one em; other characters are taken as wide as the widest fallback prints digits (0.64
# em, 仿宋 prints them at 0.5); a line is 1.5 em (LibreOffice's Noto CJK lines are 1.447 em, 1.495 where
# Latin letters share the line; 仿宋 in Excel about 1.3).
NARROW_EM = 0.66
LINE_EM = 1.5
CELL_PADDING = 4.0  # points above and below a cell's text


@functools.cache
def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(text: str, size: float) -> float:
    """The printed width of a line in points: CJK characters one em wide, others about two thirds."""
    if text.isascii():
        return size * NARROW_EM * len(text)
    wide = sum(1 for ch in text if _wide(ch))
    return size * (wide + NARROW_EM * (len(text) - wide))


@functools.cache
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
    text = str(text)
    capacity = line_capacity(column_width, size)
    if "\n" not in text and text_width(text, size) <= capacity:
        return 1  # most cells: the whole text fits one line
    narrow = size * NARROW_EM
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0  # points of the current line taken
        tail = 0.0  # width of the current line's last token (or character), 0 when the line is empty
        last = ""
        for token in _tokens(paragraph):
            width = text_width(token, size)
            if used + width <= capacity or token.isspace():
                used += width
                tail, last = width, token
                continue
            if width > capacity:  # a word longer than a line is broken where it reaches the edge
                for ch in token:
                    step = size if _wide(ch) else narrow
                    if used + step > capacity:
                        lines += 1
                        used = 0.0
                    used += step
                    tail = step
                last = token[-1]
                continue
            # The character before a closing mark (or an opening mark) goes down with what follows.
            carried = tail if tail and (token[0] in CLOSING or last[-1:] in OPENING) else 0.0
            lines += 1
            used = carried + width
            tail, last = width, token
    return lines


def text_height(text: str, column_width: float, size: float) -> float:
    """Points of row height a wrapped cell needs to show all of `text`."""
    return lines_needed(text, column_width, size) * size * LINE_EM + CELL_PADDING

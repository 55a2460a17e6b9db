"""How much room a cell's text takes on paper: its width, the lines it wraps to, the row height it needs.

A row must show all of its text in every program that prints the returns, so the height is the larger of
two: LibreOffice's, calibrated on its renders (tests/test_export_paper.py reads them back), and Excel's or
WPS's with the 仿宋 of a Chinese Windows.

- LibreOffice prints a column 5.549 pt a width unit, less 2.75 pt of cell margin; CJK characters 1 em,
  lines 1.45 em apart; Latin letters and digits in its fallback font (DejaVu Sans here, one of the widest:
  digits 0.636 em, % 0.95 em), whose widths are below. Measured on renders of CJK, digit and Latin lines
  at 9, 10.5 and 12 pt in 35 column widths, its line counts come out within 3 % above LibreOffice's.
- Excel and WPS print a column 7 pixels (5.25 pt) a unit, less about 6 pixels of margin; 仿宋 is 1 em for
  CJK characters and 0.5 em for the rest, lines about 1.3 em apart.

Characters of ambiguous width (“ ” — ·) take the CJK font's full width beside Chinese text, so they count
1 em. Lines are filled as the programs fill them: words of Latin letters or digits wrap whole, a unit longer
than a line starts a new one and is broken at the edge, curly quotes stick to both neighbours (ICU's line
breaking, in LibreOffice); in Excel and WPS no line starts with a closing mark or ends with an opening one
(禁则), which LibreOffice's cells do not keep.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

LO_UNIT, LO_MARGIN, LO_LINE_EM = 5.549, 2.75, 1.45  # pt a width unit, pt of cell margin, em a line
XL_UNIT, XL_MARGIN, XL_LINE_EM = 5.25, 4.5, 1.3
CELL_PADDING = 2.0  # points a row keeps besides its lines (LibreOffice draws glyphs 0.16 em inside a line)
# DejaVu Sans advance widths in em of printable ASCII, space to tilde (read from the font's hmtx table).
_LATIN = (
    ".318 .401 .46 .838 .636 .95 .78 .275 .39 .39 .5 .838 .318 .361 .318 .337 .636 .636 .636 .636 .636 .636 .636 "
    ".636 .636 .636 .337 .337 .838 .838 .838 .531 1 .684 .686 .698 .77 .632 .575 .775 .752 .295 .295 .656 .557 .863 "
    ".748 .787 .603 .787 .695 .635 .611 .732 .684 .989 .685 .611 .685 .39 .337 .39 .838 .5 .5 .613 .635 .55 .635 "
    ".615 .352 .635 .634 .278 .278 .579 .278 .974 .634 .612 .635 .635 .411 .521 .392 .634 .592 .818 .592 .592 .525 "
    ".636 .337 .636 .838"
)
LO_EM = {chr(0x20 + i): float(w) for i, w in enumerate(_LATIN.split())}
OTHER_NARROW_EM = 0.75  # a narrow character outside ASCII (é, µ…): as wide as most capitals
XL_NARROW_EM = 0.5

# Marks a line may not start with, and marks it may not end with (Chinese line breaking, 禁则): the
# character before a closing mark goes down with it, an opening mark goes down with what follows it.
CLOSING = frozenset("，。、；：？！）」』》〉】”’,.;:?!)]%")
OPENING = frozenset("（「『《〈【“‘([")
QUOTES = frozenset("“”‘’\"'")
GLUED_BEFORE = CLOSING | QUOTES
GLUED_AFTER = OPENING | QUOTES


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """CJK (and ambiguous-width) characters one by one, spaces one by one, runs of anything else whole."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x80, 0x10000):
        if _wide(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    wide = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" if a != b else re.escape(chr(a)) for a, b in ranges)
    astral = "\U00010000-\U0010ffff"  # outside the BMP: CJK extensions, emoji, taken as wide
    return re.compile(f"[{wide}{astral}]|\\s|[^\\s{wide}{astral}]+")


def _is_wide_token(token: str) -> bool:
    return len(token) == 1 and (ord(token) > 0xFFFF or _wide(token))


@functools.cache
def _token_em(token: str) -> tuple[float, float]:
    """A token's width in em: in LibreOffice's fonts, and in 仿宋."""
    if _is_wide_token(token):
        return 1.0, 1.0
    return sum(LO_EM.get(ch, OTHER_NARROW_EM) for ch in token), XL_NARROW_EM * len(token)


def chars_width(chars: int, size: float) -> float:
    """The narrowest column (Excel units, whole pixels) in which Excel fits `chars` CJK characters of `size` a line.

    LibreOffice fits as many there (and not one more, up to 10 characters at 10.5 pt): sized so, a text
    column wraps alike in both programs and the row height estimate is LibreOffice's own.
    """
    return (math.ceil((chars * size + XL_MARGIN) / 0.75 - 1e-9) + 1) / 7  # and a pixel spare


def fit_width(texts: Iterable[str], size: float, least: float = 0.0) -> float:
    """The narrowest column (Excel units, whole pixels) that shows each of `texts` on one line in every
    program, and at least `least`: a figure never prints as ###. A point is kept spare on each side."""
    width = least
    for text in texts:
        lo = sum(_token_em(t)[0] for t in _token_pattern().findall(text)) * size
        xl = sum(_token_em(t)[1] for t in _token_pattern().findall(text)) * size
        width = max(width, (lo + LO_MARGIN + 2) / LO_UNIT, (xl + XL_MARGIN + 2) / XL_UNIT)
    return math.ceil(width * 7 - 1e-9) / 7


def text_width(text: str, size: float) -> float:
    """The printed width of a line in points, in the widest of the programs (LibreOffice's fallback fonts)."""
    if text.isascii():
        return size * sum(LO_EM.get(ch, OTHER_NARROW_EM) for ch in text)
    return size * sum(_token_em(t)[0] for t in _token_pattern().findall(text))


@functools.cache
def line_capacity(column_width: float, size: float, program: str = "lo") -> float:
    """Ems of text one line of a cell `column_width` Excel units wide holds in LibreOffice ("lo") or Excel ("xl")."""
    if program == "lo":
        points = column_width * LO_UNIT - LO_MARGIN
    else:
        points = column_width * XL_UNIT - XL_MARGIN
    return max(1.0, points / size)


def _units(
    tokens: list[str], ems: list[tuple[float, float]], kinsoku: bool
) -> tuple[list[str], list[float], list[float]]:
    """Tokens glued where no line may break between them: on either side of a curly quote and between a closing
    mark and a figure (LibreOffice, by ICU's rules: “桂惠贷” and ）100.0% stick together), and with `kinsoku`
    (Excel, WPS) also before a closing mark and after an opening one, which LibreOffice's cells allow.

    Returns the units with their widths in ems in LibreOffice's fonts and in 仿宋.
    """
    glued_before = GLUED_BEFORE if kinsoku else QUOTES  # a token starting with one of these joins the one before
    glued_after = GLUED_AFTER if kinsoku else QUOTES  # a token after one ending with these joins it
    units: list[str] = []
    lo_widths: list[float] = []
    xl_widths: list[float] = []
    last = " "  # the last character of the unit before; a space never glues
    for token, (lo, xl) in zip(tokens, ems, strict=True):
        first = token[0]
        if (
            first in glued_before or last in glued_after or (last in CLOSING and first.isascii() and first.isalnum())
        ) and (last != " " and not first.isspace() and not last.isspace()):
            units[-1] += token
            lo_widths[-1] += lo
            xl_widths[-1] += xl
        else:
            units.append(token)
            lo_widths.append(lo)
            xl_widths.append(xl)
        last = token[-1]
    return units, lo_widths, xl_widths


def _lines(units: list[str], widths: list[float], capacity: float) -> int:
    """Lines a paragraph's units fill, greedily, `capacity` em a line; each line found by bisection.

    A unit longer than a line starts a line of its own and is broken where it reaches the edge.
    """
    starts: set[int] = set()  # units that must start a line
    if max(widths) > capacity:
        pieces: list[tuple[str, float]] = []
        for unit, width in zip(units, widths, strict=True):
            if width > capacity and len(unit) > 1:
                if pieces:
                    starts.add(len(pieces))
                scale = width / sum(_char_em(ch) for ch in unit)  # the program's own widths, character by character
                pieces.extend((ch, _char_em(ch) * scale) for ch in unit)
            else:
                pieces.append((unit, width))
        units, widths = [u for u, _ in pieces], [w for _, w in pieces]
    ends = list(accumulate(widths, initial=0.0))  # ends[i]: where unit i starts
    count = len(units)
    lines, start = 1, 0
    while True:
        stop = max(start + 1, bisect_right(ends, ends[start] + capacity + 1e-9) - 1)  # units start..stop-1 fit
        forced = min((s for s in starts if start < s < stop), default=None)
        if forced is not None:
            stop = forced
        while stop < count and units[stop].isspace():
            stop += 1  # spaces hang at the end of a line
        if stop >= count:
            return lines
        lines += 1
        start = stop


def _char_em(ch: str) -> float:
    return 1.0 if _is_wide_token(ch) else LO_EM.get(ch, OTHER_NARROW_EM)


@functools.lru_cache(maxsize=8192)
def line_counts(text: str, column_width: float, size: float) -> tuple[int, int]:
    """Lines a wrapped cell of `column_width` (Excel units) needs for `text` at `size`: (LibreOffice, Excel)."""
    text = str(text)
    lo_capacity = line_capacity(column_width, size, "lo")
    xl_capacity = line_capacity(column_width, size, "xl")
    pattern = _token_pattern()
    lo_lines = xl_lines = 0
    for paragraph in text.split("\n"):
        tokens = pattern.findall(paragraph)
        if not tokens:
            lo_lines, xl_lines = lo_lines + 1, xl_lines + 1
            continue
        ems = [_token_em(t) for t in tokens]
        lo_width, xl_width = sum(lo for lo, _ in ems), sum(xl for _, xl in ems)
        if lo_width <= lo_capacity + 1e-9 and xl_width <= xl_capacity + 1e-9:
            lo_lines, xl_lines = lo_lines + 1, xl_lines + 1  # most cells: the whole text fits one line
            continue
        units, lo_widths, xl_widths = _units(tokens, ems, kinsoku=True)
        if lo_width <= lo_capacity + 1e-9:
            lo_lines += 1
        else:
            # LibreOffice's breaks fall now as without 禁则, now as with it (ICU's rules, as its cells apply
            # them): the more lines of the two, never fewer than it prints in the calibration renders.
            plain, lo_plain, _ = _units(tokens, ems, kinsoku=False)
            lo_lines += max(_lines(plain, lo_plain, lo_capacity), _lines(units, lo_widths, lo_capacity))
        if xl_width <= xl_capacity + 1e-9:
            xl_lines += 1
        else:
            xl_lines += _lines(units, xl_widths, xl_capacity)
    return lo_lines, xl_lines


def forget_measurements() -> None:
    """Drop the line counts kept while a workbook is composed (a text is measured several times there)."""
    line_counts.cache_clear()


def lines_needed(text: str, column_width: float, size: float) -> int:
    """How many lines LibreOffice wraps `text` to in a cell `column_width` Excel units wide, at `size`."""
    return line_counts(text, column_width, size)[0]


def text_height(text: str, column_width: float, size: float) -> float:
    """Points of row height a wrapped cell needs to show all of `text` in every program."""
    return lines_height(*line_counts(text, column_width, size), size)


def lines_height(lo_lines: int, xl_lines: int, size: float) -> float:
    """The row height that shows `lo_lines` lines in LibreOffice and `xl_lines` in Excel.

    One line in 15 is added to LibreOffice's: on a long text mixing Chinese, figures and Latin words its line
    breaking (ICU's) now and then takes a turn ours does not (a line more in 26 in a render of the tests').
    """
    return max((lo_lines + lo_lines // 15) * LO_LINE_EM, xl_lines * XL_LINE_EM) * size + CELL_PADDING


def fits(text: str, column_width: float, size: float, height: float) -> bool:
    """Whether `text` shows whole in a cell `column_width` units wide and `height` points tall."""
    return text_height(text, column_width, size) <= height + 1e-9

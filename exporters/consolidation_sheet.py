"""What both layouts of the 汇总表 print alike: the title rows, the notes, the signed footer, a status cell."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from domain.periods import cn_date
from domain.profile import Profile
from exporters.consolidation_layout import Consolidation, consolidation_title
from exporters.paper import PageFrame, row_limit
from exporters.sheet import CENTRE, LEFT, RIGHT, Font, Sheet, Style, font, style
from exporters.text_fit import lines_needed, text_width
from exporters.xlsx_style import (
    BOLD_STATUSES,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    FontSet,
    fit_row_height,
    merged_width,
    spans_by_width,
    status_fill,
)

FOOTER = (("单位负责人", 0.0), ("审核人", 0.2), ("汇总人", 0.4), ("联系电话", 0.6), ("汇总日期", 0.8))
PADDING = 8.0  # points a figure cell needs besides its text


def write_title(
    ws: Sheet,
    c: Consolidation,
    profile: Profile,
    widths: Sequence[float],
    fonts: FontSet,
    span: tuple[int, int] | None = None,
) -> None:
    """Rows 1 and 2: the title, then 汇总单位, 填报期 and 截至日期, and how many units reported.

    `span` (first, last column) keeps them within part of the sheet; default its whole width.
    """
    first_col, last_col = span or (1, len(widths))
    ws.merge(1, first_col, 1, last_col)
    ws.put(1, first_col, consolidation_title(c), style(font(fonts.title, SIZE_TITLE), CENTRE, border=False))
    fit_row_height(ws, 1, widths, minimum=40)
    # Each part on one line where it fits, else on two lines broken where a reader expects, in the subtitle's
    # size or, on a narrow page, the body's: never a date broken inside ("2022年10月31" / "日").
    parts = (
        (f"汇总单位（盖章）：\n{profile.unit or c.city}", LEFT),
        (f"填报期：{c.period.label}\n截至日期：{cn_date(c.as_of)}", CENTRE),
        (f"已收到 {c.reported_count} 个单位的报表\n（共 {len(c.units)} 个）", RIGHT),
    )
    needs = [max(text_width(line, SIZE_SUBTITLE) for line in text.split("\n")) for text, _ in parts]
    shares = [sum(needs[:i]) / sum(needs) for i in range(len(needs))]
    spans = spans_by_width(widths[first_col - 1 : last_col], shares) if last_col - first_col >= 2 else []
    if len(spans) != 3 or any(b < a for a, b in spans):
        spans = _thirds(last_col - first_col + 1)
    bounds = [(first_col - 1 + a, first_col - 1 + b) for a, b in spans]
    room = [merged_width(widths, first, last) for first, last in bounds]
    def layout(size: float) -> tuple[int, list[str]] | None:
        """Each part on one line where it fits at `size`, else its two lines; None if those do not fit either."""
        texts, broken = [], 0
        for (text, align), width in zip(parts, room, strict=True):
            one = text.replace("\n", "　　" if align is CENTRE else "")
            if lines_needed(one, width, size) == 1:
                texts.append(one)
            elif all(lines_needed(line, width, size) == 1 for line in text.split("\n")):
                texts.append(text)
                broken += 1
            else:
                return None
        return broken, texts

    # The fewest parts broken, then the larger size.
    choices = [(found[0], -size, found[1], size) for size in (SIZE_SUBTITLE, SIZE_BODY) if (found := layout(size))]
    _, _, texts, size = min(choices, default=(0, 0, [t for t, _ in parts], SIZE_BODY))
    for text, (_, align), (first, last) in zip(texts, parts, bounds, strict=True):
        ws.merge(2, first, 2, last)
        ws.put(2, first, text, style(font(fonts.body, size), align, border=False))
    fit_row_height(ws, 2, widths, minimum=24)


def _thirds(count: int) -> list[tuple[int, int]]:
    """Three column spans across a table of `count` (at least 3) columns."""
    first = max(1, count // 3)
    second = max(first + 1, 2 * count // 3)
    return [(1, first), (first + 1, second), (second + 1, count)]


def write_notes_and_footer(
    ws: Sheet,
    row: int,
    notes: str,
    profile: Profile,
    made_on: date,
    widths: Sequence[float],
    fonts: FontSet,
    frame: PageFrame,
    span: tuple[int, int] | None = None,
) -> int:
    """The notes under the table and the signed footer; returns the footer's row. `span` as write_title's."""
    first_col, last_col = span or (1, len(widths))
    ws.merge(row, first_col, row, last_col)
    ws.put(row, first_col, notes, style(font(fonts.body, SIZE_BODY), LEFT, border=False))
    fit_row_height(ws, row, widths, minimum=24)
    ws.heights[row] = min(ws.height(row), row_limit(frame, 0))
    row += 1
    values = {"单位负责人": profile.head, "审核人": profile.reviewer, "汇总人": profile.filler,
              "联系电话": profile.phone, "汇总日期": cn_date(made_on)}  # fmt: skip
    texts = [f"{label}：{values[label]}" for label, _ in FOOTER]
    # One line of five where each fits; on a narrow page two lines (signatures, then phone and date), so that
    # no name is printed a character or two a line.
    for group in ([texts], [texts[:3], texts[3:]]):
        placed = [_footer_spans(part, widths, first_col, last_col) for part in group]
        if all(fits for _, fits in placed) or len(group) == 2:
            break
    for index, (spans, _) in enumerate(placed):
        if index:
            row += 1
        for text, (first, last) in zip(group[index], spans, strict=True):
            ws.merge(row, first, row, last)
            ws.put(row, first, text, style(font(fonts.body, SIZE_SUBTITLE), LEFT, border=False))
        fit_row_height(ws, row, widths, minimum=36)
    return row


def _footer_spans(
    texts: list[str], widths: Sequence[float], first_col: int, last_col: int
) -> tuple[list[tuple[int, int]], bool]:
    """Column spans for the footer's texts, each as wide as its words need; and whether each fits one line."""
    count = last_col - first_col + 1
    needs = [text_width(t, SIZE_SUBTITLE) + 24 for t in texts]  # a signature needs room after its label
    shares = [sum(needs[:i]) / sum(needs) for i in range(len(texts))]
    spans = spans_by_width(widths[first_col - 1 : last_col], shares) if count >= len(texts) else []
    if len(spans) != len(texts) or any(b < a for a, b in spans):
        return _even_spans(len(texts), first_col, last_col), False
    spans = [(first_col - 1 + a, first_col - 1 + b) for a, b in spans]
    fits = all(lines_needed(t, merged_width(widths, a, b), SIZE_SUBTITLE) == 1
               for t, (a, b) in zip(texts, spans, strict=True))  # fmt: skip
    return spans, fits


def _even_spans(parts: int, first_col: int, last_col: int) -> list[tuple[int, int]]:
    count = last_col - first_col + 1
    starts = [first_col + round(i * count / parts) for i in range(parts)]
    return [(s, (starts[i + 1] - 1) if i + 1 < parts else last_col) for i, s in enumerate(starts)]


def status_style(word: str, fonts: FontSet, body: Font, align: str, number_format: str = "General") -> Style:
    """A status (or rate) cell's style: filled by the status word, bold where the word calls for attention."""
    if word in BOLD_STATUSES:
        body = font(fonts.body, SIZE_BODY, bold=True)
    return style(body, align, fill=status_fill(word), number_format=number_format)

"""What both layouts of the 汇总表 print alike: the title rows, the notes, the signed footer, a status cell."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from domain.periods import cn_date
from domain.profile import Profile
from exporters.consolidation_layout import Consolidation, consolidation_title
from exporters.paper import PageFrame, row_limit
from exporters.safe_write import put
from exporters.xlsx_style import (
    BOLD_STATUSES,
    CENTRE,
    LEFT,
    RIGHT,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    FontSet,
    fit_row_height,
    font,
    merge,
    status_fill,
    style_cell,
)

FOOTER = (("单位负责人", 0.0), ("审核人", 0.2), ("汇总人", 0.4), ("联系电话", 0.6), ("汇总日期", 0.8))
PADDING = 8.0  # points a figure cell needs besides its text


def write_title(
    ws: Worksheet,
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
    merge(ws, 1, first_col, 1, last_col)
    title = put(ws.cell(row=1, column=first_col), consolidation_title(c))
    style_cell(title, font(fonts.title, SIZE_TITLE), CENTRE, border=False)
    fit_row_height(ws, 1, widths, minimum=40)
    parts = (
        (f"汇总单位（盖章）：{profile.unit or c.city}", LEFT),
        (f"填报期：{c.period.label}　　截至日期：{cn_date(c.as_of)}", CENTRE),
        (f"已收到 {c.reported_count} 个单位的报表（共 {len(c.units)} 个）", RIGHT),
    )
    bounds = [(first_col - 1 + a, first_col - 1 + b) for a, b in _thirds(last_col - first_col + 1)]
    for (text, align), (first, last) in zip(parts, bounds, strict=True):
        merge(ws, 2, first, 2, last)
        style_cell(put(ws.cell(row=2, column=first), text), font(fonts.body, SIZE_SUBTITLE), align, border=False)
    fit_row_height(ws, 2, widths, minimum=24)


def _thirds(count: int) -> list[tuple[int, int]]:
    """Three column spans across a table of `count` (at least 3) columns."""
    first = max(1, count // 3)
    second = max(first + 1, 2 * count // 3)
    return [(1, first), (first + 1, second), (second + 1, count)]


def write_notes_and_footer(
    ws: Worksheet,
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
    merge(ws, row, first_col, row, last_col)
    style_cell(put(ws.cell(row=row, column=first_col), notes), font(fonts.body, SIZE_BODY), LEFT, border=False)
    fit_row_height(ws, row, widths, minimum=24)
    ws.row_dimensions[row].height = min(ws.row_dimensions[row].height, row_limit(frame, 0))
    row += 1
    values = {"单位负责人": profile.head, "审核人": profile.reviewer, "汇总人": profile.filler,
              "联系电话": profile.phone, "汇总日期": cn_date(made_on)}  # fmt: skip
    count = last_col - first_col + 1
    starts = [first_col + round(share * count) for _, share in FOOTER]
    for index, (label, _) in enumerate(FOOTER):
        first = starts[index]
        last = starts[index + 1] - 1 if index + 1 < len(starts) else last_col
        merge(ws, row, first, row, last)
        cell = put(ws.cell(row=row, column=first), f"{label}：{values[label]}")
        style_cell(cell, font(fonts.body, SIZE_SUBTITLE), LEFT, border=False)
    fit_row_height(ws, row, widths, minimum=36)
    return row


def shade_status(cell: Cell, word: str, fonts: FontSet, *, bold: bool = False) -> None:
    """A status (or rate) cell's fill by the status word, bold where the word calls for attention."""
    shade = status_fill(word)
    if shade is not None:
        cell.fill = shade
    if bold or word in BOLD_STATUSES:
        cell.font = font(fonts.body, SIZE_BODY, bold=True)

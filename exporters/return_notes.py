"""The notes under a return's table: each growth target's 基数, and the explanations given for odd figures.

They have no 序号, and the collecting reader stops at the first line without one, so these lines change
nothing the city reads back as figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.plans import IndicatorKind, display_seq
from domain.progress import ProgressRow
from exporters.quota_wording import plain_number
from exporters.sheet import LEFT, Sheet, font, style
from exporters.xlsx_style import SIZE_BODY, FontSet, fit_row_height


def return_notes(rows: Sequence[ProgressRow]) -> list[str]:
    """说明 lines: 基数 of each growth target (or that it is missing), then each odd figure's explanation."""
    notes = []
    for row in rows:
        name = f"{display_seq(row.task.seq)} {row.indicator.name}"
        if row.indicator.kind is IndicatorKind.GROWTH and row.target is not None:
            base = (
                "未提供（无法计算增长率）"
                if row.baseline is None
                else f"{plain_number(row.baseline)}{row.indicator.measure}"
            )
            notes.append(f"{name}：基数 {base}")
    for row in rows:
        if row.achievement is not None and row.achievement.explanation:
            notes.append(f"{display_seq(row.task.seq)} {row.indicator.name}：{row.achievement.explanation}")
    return notes


def write_notes(ws: Sheet, after_row: int, notes: Sequence[str], fonts: FontSet, widths: Sequence[float]) -> int:
    """Write the 说明：… lines (return_notes) below `after_row`, each across the sheet; returns the last row used."""
    row = after_row
    body = style(font(fonts.body, SIZE_BODY), LEFT, border=False)
    for number, text in enumerate(notes, start=1):
        row += 1
        ws.merge(row, 1, row, len(widths))
        label = "说明：" if number == 1 else "　　　"
        ws.put(row, 1, f"{label}{number}. {text}", body)
        fit_row_height(ws, row, widths, minimum=18)
    return row

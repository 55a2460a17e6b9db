"""The 汇总表 as one block per indicator, units as rows: what reads best on A4 with eleven or more units.

Each block: the indicator (and the city's target) merged down its rows, one row per unit with 目标, 完成,
完成率 and 状态 (the word always printed), a 备注 for drafts and hand changes, and 全市合计 last. Printed at
full size (10.5 pt) on A4 portrait; a block is never split across pages when it fits on one, and one
that must split repeats its 序号 and indicator.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from domain.profile import Profile
from exporters.consolidation_layout import (
    DRAFT,
    NOT_REPORTED,
    Consolidation,
    ConsolidationLine,
    FigureCells,
    figure_cells,
    indicator_text,
    measure_text,
)
from exporters.consolidation_sheet import PADDING, status_style, write_notes_and_footer, write_title
from exporters.paper import Block, Paper, frame_for, paginate, snap
from exporters.return_layout import PERCENT_FORMAT, shown
from exporters.sheet import CENTRE, LEFT, RIGHT, Font, Sheet, Style, font, style
from exporters.text_fit import text_height, text_width
from exporters.xlsx_style import HEADER_FILL, SIZE_BODY, FontSet, fit_row_height, set_widths, setup_print

TOTAL = "全市合计"
HEADER_ROW = 3
# (key, title, width, alignment); figure widths grow to their widest printed value.
COLUMNS = (
    ("seq", "序号", 6.5, CENTRE),
    ("indicator", "指标", 19.0, LEFT),
    ("measure", "计量\n单位", 5.0, CENTRE),
    ("unit", "单位", 13.0, LEFT),
    ("target", "目标", 5.0, RIGHT),
    ("actual", "完成", 5.0, RIGHT),
    ("rate", "完成率", 6.5, RIGHT),
    ("status", "状态", 7.0, CENTRE),
    ("note", "备注", 10.0, LEFT),
)
KEYS = [key for key, *_ in COLUMNS]
MERGED = ("seq", "indicator", "measure")  # down each block
NOTES = (
    "说明：1. 每项指标列出各单位的目标（分解指标）、完成值、完成率和状态，末行为全市合计：保有量、新增类指标为"
    "各单位之和（市目标见指标栏）；增长率、占比类指标不作合计，以“—”表示。2. “—”表示该任务未分解给该单位，"
    "完成栏空白表示未填报。3. 增长率类指标的目标为较基数增长的百分比，完成为当年累计金额，完成率按各单位基数"
    "计算，缺基础数的注“缺基数”。4. 状态分已完成、正常、滞后、逾期、未填报，底色由浅到深；全市合计中尚有单位"
    "未填报的，完成值只含已填报单位，状态记为“未报齐”。5. 备注栏注明草稿、未报送和手工改动；各单位报送时间、"
    "文件和校验结果见“报送情况”表。"
)


Row = tuple[str, FigureCells, str, bool]


def _rows(c: Consolidation, line: ConsolidationLine, notes: dict[str, str]) -> list[Row]:
    """(unit, cells, 备注, is total) for each unit of the city and then 全市合计."""
    rows = [(unit, figure_cells(line, figure), notes[unit], False)
            for unit, figure in zip(c.units, line.figures, strict=True)]  # fmt: skip
    rows.append((TOTAL, figure_cells(line, line.total, total=True), "", True))
    return rows


def _notes(c: Consolidation) -> dict[str, str]:
    """Each unit's 备注: 草稿 or 未报送, or how many figures were changed by hand."""
    notes = dict.fromkeys(c.units, "")
    for report in c.reports:
        if report.state in (DRAFT, NOT_REPORTED):
            notes[report.unit] = report.state
        elif report.changed:
            notes[report.unit] = f"手工改动{report.changed}处"
    return notes


def _widths(c: Consolidation, blocks: Sequence[list[Row]]) -> list[float]:
    """Each figure column as wide as its widest printed value: no ### on paper."""
    widths = [width for _, _, width, _ in COLUMNS]
    # Unit names on one line: a reader runs down this column looking for one.
    longest = max((text_width(name, SIZE_BODY) for name in (*c.units, TOTAL)), default=0.0)
    widths[KEYS.index("unit")] = max(widths[KEYS.index("unit")], round((longest + PADDING) / 5.25 + 0.5, 1))
    printed: dict[str, set[str]] = {"target": set(), "actual": set(), "rate": set()}
    for rows in blocks:
        for _, cells, _, _ in rows:
            printed["target"].add(shown(cells.target, cells.target_format))
            printed["actual"].add(shown(cells.actual, cells.actual_format))
            printed["rate"].add(shown(cells.rate, PERCENT_FORMAT))
    for key, texts in printed.items():
        index = KEYS.index(key)
        needed = (max((text_width(t, SIZE_BODY) for t in texts), default=0.0) + PADDING) / 5.25 + 0.5
        widths[index] = max(widths[index], round(needed, 1))
    return widths


def write_blocks(ws: Sheet, c: Consolidation, profile: Profile, made_on: date, fonts: FontSet, paper: Paper) -> None:
    """Write the 汇总表 sheet in blocks, with its print setup."""
    notes = _notes(c)
    lines = [_rows(c, line, notes) for line in c.lines]
    widths = set_widths(ws, _widths(c, lines))
    frame = frame_for(widths, paper, landscape=False)
    write_title(ws, c, profile, widths, fonts)
    label = style(font(fonts.label, SIZE_BODY), CENTRE, fill=HEADER_FILL)
    for col, (_, title, _, _) in enumerate(COLUMNS, start=1):
        ws.put(HEADER_ROW, col, title, label)
    fit_row_height(ws, HEADER_ROW, widths, minimum=30)
    body = font(fonts.body, SIZE_BODY)
    bold = font(fonts.body, SIZE_BODY, bold=True)
    row = HEADER_ROW
    blocks: list[Block] = []
    for line, rows in zip(c.lines, lines, strict=True):
        top = row + 1
        for unit, cells, note, total in rows:
            row += 1
            _write_row(ws, row, unit, cells, note, bold if total else body, fonts)
            fit_row_height(ws, row, widths, minimum=18)
        blocks.append(Block(top, row))
        _fit_block_text(ws, top, row, line, widths)
    if not c.lines:
        row += 1
        ws.merge(row, 1, row, len(widths))
        ws.put(row, 1, "该方案没有数值指标，无需汇总", style(body, CENTRE))
        ws.heights[row] = 30
    heights = {r: ws.height(r) for b in blocks for r in range(b.first, b.last + 1)}
    header = ws.height(HEADER_ROW)
    used = sum(ws.height(r) for r in range(1, HEADER_ROW + 1))
    pages = paginate(heights, blocks, body=frame.body_height, repeated=header, first_page_used=used)
    for block, line in zip(blocks, c.lines, strict=True):
        starts = [block.first, *(r for r in pages.continued if block.first < r <= block.last)]
        for index, start in enumerate(starts):
            end = starts[index + 1] - 1 if index + 1 < len(starts) else block.last
            _write_merged(ws, start, end, line, body, repeat=index > 0)
    footer = write_notes_and_footer(ws, row + 1, NOTES, profile, made_on, widths, fonts, frame)
    setup_print(ws, frame, header_rows=(HEADER_ROW, HEADER_ROW), last_col=len(widths), fonts=fonts, draft=False,
                last_row=footer, breaks=pages.breaks)  # fmt: skip


# Columns by position, for the row writer (the table's widest loop).
UNIT, TARGET, ACTUAL, RATE, STATUS, NOTE = range(4, len(COLUMNS) + 1)
ALIGN = [align for *_, align in COLUMNS]


def _write_row(ws: Sheet, row: int, unit: str, cells: FigureCells, note: str, body: Font, fonts: FontSet) -> None:
    def plain(col: int, fmt: str = "General") -> Style:
        return style(body, ALIGN[col - 1], number_format=fmt)

    # 序号, 指标 and 计量单位 are merged down the block (_write_merged): the merge styles their cells.
    ws.put(row, UNIT, unit, plain(UNIT))
    ws.put(row, TARGET, cells.target, plain(TARGET, cells.target_format))
    ws.put(row, ACTUAL, cells.actual, plain(ACTUAL, cells.actual_format))
    ws.put(row, RATE, cells.rate, plain(RATE, PERCENT_FORMAT))
    judged = status_style(cells.status, fonts, body, ALIGN[STATUS - 1]) if cells.judged else plain(STATUS)
    ws.put(row, STATUS, cells.status or None, judged)
    ws.put(row, NOTE, note or None, plain(NOTE))


def _fit_block_text(ws: Sheet, top: int, bottom: int, line: ConsolidationLine, widths: Sequence[float]) -> None:
    """The rows of a block grow evenly when the indicator's words need more room than they give."""
    col = KEYS.index("indicator")
    needed = text_height(indicator_text(line), widths[col], SIZE_BODY)
    have = sum(ws.height(r) for r in range(top, bottom + 1))
    if needed > have:
        extra = (needed - have) / (bottom - top + 1)
        for r in range(top, bottom + 1):
            ws.heights[r] = snap(ws.height(r) + extra)


def _write_merged(ws: Sheet, top: int, bottom: int, line: ConsolidationLine, body: Font, *, repeat: bool) -> None:
    """序号, 指标 and 计量单位 down a block's rows on one page; repeated (接上页) where a block continues."""
    texts = {"seq": line.seq, "indicator": indicator_text(line), "measure": measure_text(line)}
    if repeat:
        texts["indicator"] = f"{texts['indicator']}（接上页）"
    for key in MERGED:
        col = KEYS.index(key) + 1
        ws.put(top, col, texts[key] or None, style(body, LEFT if key == "indicator" else CENTRE))
        ws.merge(top, col, bottom, col)

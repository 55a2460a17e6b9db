"""The 汇总表 as the city has always drawn it: one row per indicator, 目标 / 完成 / 完成率 under each unit.

Printed at full size (10.5 pt): when the units do not fit across the page, they go on as many pages as
they need, each repeating the indicator columns (and the header rows), read across then down. The
completion rate is printed with its status word ("66.7% 滞后"), each column as wide as its widest value.
"""

from __future__ import annotations

from datetime import date

from domain.profile import Profile
from exporters.consolidation_layout import (
    REPORTED,
    Consolidation,
    ConsolidationLine,
    FigureCells,
    figure_cells,
    indicator_text,
    measure_text,
)
from exporters.consolidation_sheet import PADDING, status_style, write_notes_and_footer, write_title
from exporters.paper import SLACK, PageFrame, Paper, column_points, frame_for
from exporters.return_layout import PERCENT_FORMAT, shown
from exporters.sheet import CENTRE, LEFT, RIGHT, Font, Sheet, font, style
from exporters.text_fit import fit_width, text_width
from exporters.xlsx_style import HEADER_FILL, SIZE_BODY, FontSet, fit_row_height, set_widths, setup_print

TOTAL = "全市合计"
GROUP = ("目标", "完成", "完成率")
FIXED = (("seq", "序号", 5.5), ("indicator", "指标", 18.0), ("measure", "计量\n单位", 5.0))
HEADER_ROW = 3  # the unit names; the row below holds 目标 / 完成 / 完成率
FIRST_ROW = HEADER_ROW + 2
# The smallest print scale at which the whole table is put on one page across: 10.5 pt prints at 9 pt.
SMALLEST_SCALE = 86
NOTES = (
    "说明：1. 全市合计：保有量、新增类指标为各单位分解指标之和与完成值之和（市目标见指标栏）；增长率、占比类指标"
    "不作合计，以“—”表示。2. “—”表示该任务未分解给该单位，完成栏空白表示未填报。3. 增长率类指标的目标为较基数"
    "增长的百分比，完成为当年累计金额，完成率按各单位基数计算，缺基础数的注“缺基数”。4. 完成率后注明状态（已完成、"
    "正常、滞后、逾期、未填报），底色由浅到深；全市合计中尚有单位未填报的，完成值只含已填报单位，状态记为“未报齐”。"
    "5. 各单位报送时间、文件和校验结果见“报送情况”表。"
)


def rate_cell(cells: FigureCells) -> tuple[object, str]:
    """The 完成率 cell: the rate with its status word after it, or the word alone where there is no rate."""
    if isinstance(cells.rate, float):
        return cells.rate, f'{PERCENT_FORMAT}" {cells.status}"' if cells.status else PERCENT_FORMAT
    if cells.rate is None:
        return cells.status or None, "General"  # 未填报, 无目标: the word, as no rate can be given
    return cells.rate, "General"  # —, 缺基数


def _group_cells(line: ConsolidationLine, index: int, units: int) -> FigureCells:
    total = index == units
    return figure_cells(line, line.total if total else line.figures[index], total=total)


def _unit_header(c: Consolidation, unit: str) -> str:
    """The unit's name, and under it what to be careful of: a reader sees at once which columns are provisional."""
    report = c.report_of(unit)
    if report is None:
        return unit
    if report.state != REPORTED:
        return f"{unit}\n（{report.state}）"
    if report.changed:
        return f"{unit}\n（手工改动{report.changed}处）"
    return unit


def narrowest_matrix(c: Consolidation) -> list[float]:
    """The matrix's widths if no figure were wider than its column title: no matrix is narrower."""
    group = [round((text_width(title, SIZE_BODY) + PADDING) / 5.25 + 0.5, 1) for title in GROUP]
    return _fixed_widths(c) + group * (len(c.units) + 1)


def _fixed_widths(c: Consolidation) -> list[float]:
    """序号, 指标, 计量单位: the 序号 column as wide as its widest serial ("(237)" on one line, never "(237" / ")")."""
    widths = [w for _, _, w in FIXED]
    widths[0] = fit_width((line.seq for line in c.lines), SIZE_BODY, least=widths[0])
    return widths


def matrix_widths(c: Consolidation) -> list[float]:
    """Each figure column as wide as its widest printed value or title: no ### on paper, no wasted width."""
    widths = _fixed_widths(c)
    for index in range(len(c.units) + 1):
        needed = [text_width(title, SIZE_BODY) for title in GROUP]
        for line in c.lines:
            cells = _group_cells(line, index, len(c.units))
            printed = (shown(cells.target, cells.target_format), shown(cells.actual, cells.actual_format),
                       shown(*rate_cell(cells)))  # fmt: skip
            needed = [max(n, text_width(text, SIZE_BODY)) for n, text in zip(needed, printed, strict=True)]
        widths.extend(round((n + PADDING) / 5.25 + 0.5, 1) for n in needed)
    return widths


def _pages_across(widths: list[float], frame: PageFrame) -> list[int]:
    """The last column of each page across: whole unit groups, after the repeated indicator columns."""
    room = frame.printable_width * SLACK / (frame.scale / 100) - sum(column_points(w) for w in widths[: len(FIXED)])
    ends: list[int] = []
    used = 0.0
    for first in range(len(FIXED), len(widths), 3):
        group = sum(column_points(w) for w in widths[first : first + 3])
        if used and used + group > room:
            ends.append(first)
            used = 0.0
        used += group
    ends.append(len(widths))
    return ends


def write_matrix(ws: Sheet, c: Consolidation, profile: Profile, made_on: date, fonts: FontSet, paper: Paper) -> None:
    """Write the 汇总表 sheet as units × indicators, with its print setup."""
    widths = set_widths(ws, matrix_widths(c))
    frame = frame_for(widths, paper)
    if frame.scale < SMALLEST_SCALE:
        frame = PageFrame(paper, True, 100)
    ends = _pages_across(widths, frame)
    # Title, notes and footer span the first page across, so a page break between units never cuts them;
    # when units go on across pages they start after the indicator columns, which every page repeats.
    span = (1 if len(ends) == 1 else len(FIXED) + 1, ends[0])
    write_title(ws, c, profile, widths, fonts, span)
    label = style(font(fonts.label, SIZE_BODY), CENTRE, fill=HEADER_FILL)
    for col, (_, title, _) in enumerate(FIXED, start=1):
        ws.merge(HEADER_ROW, col, HEADER_ROW + 1, col)
        ws.put(HEADER_ROW, col, title, label)
    for index, name in enumerate([*(_unit_header(c, u) for u in c.units), TOTAL]):
        first = len(FIXED) + 1 + 3 * index
        ws.merge(HEADER_ROW, first, HEADER_ROW, first + 2)
        ws.put(HEADER_ROW, first, name, label)
        for offset, title in enumerate(GROUP):
            ws.put(HEADER_ROW + 1, first + offset, title, label)
    for row in (HEADER_ROW, HEADER_ROW + 1):
        fit_row_height(ws, row, widths, minimum=22 if row == HEADER_ROW else 18)
    body, bold = font(fonts.body, SIZE_BODY), font(fonts.body, SIZE_BODY, bold=True)
    row = HEADER_ROW + 1
    for line in c.lines:
        row += 1
        _write_line(ws, row, c, line, body, bold, fonts)
        fit_row_height(ws, row, widths, minimum=24)
    if not c.lines:
        row += 1
        ws.merge(row, 1, row, ends[0])
        ws.put(row, 1, "该方案没有数值指标，无需汇总", style(body, CENTRE))
        ws.heights[row] = 30
    footer = write_notes_and_footer(ws, row + 1, NOTES, profile, made_on, widths, fonts, frame, span)
    setup_print(ws, frame, header_rows=(HEADER_ROW, HEADER_ROW + 1), last_col=len(widths), fonts=fonts,
                draft=False, last_row=footer, title_columns=len(FIXED) if len(ends) > 1 else 0)  # fmt: skip
    assert ws.print_setup is not None
    ws.print_setup.col_breaks = ends[:-1]
    ws.print_setup.across_then_down = True


def _write_line(
    ws: Sheet, row: int, c: Consolidation, line: ConsolidationLine, body: Font, bold: Font, fonts: FontSet
) -> None:
    fixed = (line.seq, indicator_text(line), measure_text(line))
    for col, value in enumerate(fixed, start=1):
        ws.put(row, col, value, style(body, LEFT if col == 2 else CENTRE))
    for index in range(len(c.units) + 1):
        total = index == len(c.units)
        cells = _group_cells(line, index, len(c.units))
        first = len(FIXED) + 1 + 3 * index
        values = ((cells.target, cells.target_format), (cells.actual, cells.actual_format), rate_cell(cells))
        for offset, (value, fmt) in enumerate(values):
            if offset == 2 and cells.judged:
                cell_style = status_style(cells.status, fonts, bold if total else body, RIGHT, fmt)
            else:
                cell_style = style(bold if total else body, RIGHT, number_format=fmt)
            ws.put(row, first + offset, value, cell_style)

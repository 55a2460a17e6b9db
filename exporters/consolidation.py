"""The city's 汇总表 as an .xlsx file ready to print, stamp and send up: the same look as the counties' returns.

Sheet 汇总表: one row per numeric indicator; per unit (and 全市合计) three columns 目标 / 完成 / 完成率
under a merged unit header. Sheet 报送情况: every unit of the city, whether its return came, when, from
which file, and whether its figures are as exported. Both A4 landscape, fit to width, headers repeated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from domain.periods import cn_date, cn_datetime
from domain.plans import IndicatorKind
from domain.profile import Profile
from domain.progress import Status
from exporters.consolidation_layout import (
    DRAFT,
    NOT_REPORTED,
    NOT_SUMMED,
    REPORTED,
    Consolidation,
    ConsolidationLine,
    UnitFigure,
    actual_format,
    consolidation_title,
    indicator_text,
    measure_text,
    status_title,
    target_format,
)
from exporters.return_layout import PERCENT_FORMAT, shown
from exporters.safe_write import put, save_workbook
from exporters.xlsx_style import (
    CENTRE,
    HEADER_FILL,
    LEFT,
    RIGHT,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    FontSet,
    box,
    choose_fonts,
    fill,
    fit_row_height,
    font,
    merge,
    set_widths,
    setup_print,
    style_cell,
    text_width,
)
from version import APP_NAME, __version__

SUMMARY_SHEET = "汇总表"
STATUS_SHEET = "报送情况"
TOTAL = "全市合计"
NO_BASELINE = Status.NO_BASELINE.value  # the same word as the grid and the county's return
GROUP = ("目标", "完成", "完成率")
UNJUDGED = (Status.NO_TARGET, Status.NO_BASELINE)  # no rate, so no colour
FIXED = (("seq", "序号", 6.0), ("indicator", "指标", 16.0), ("measure", "计量\n单位", 5.0))
# The 目标 / 完成 / 完成率 titles in 小五: with eleven units across A4, every point of width counts.
SIZE_SUBHEADER = 9.0
PADDING = 7.0  # points a cell needs besides its text
HEADER_ROW = 3  # the unit names; the row below holds 目标 / 完成 / 完成率
FIRST_ROW = HEADER_ROW + 2
STATUS_COLUMNS = (("序号", 5), ("单位", 16), ("是否报送", 10), ("报送时间", 23), ("文件", 38), ("校验", 14),
                  ("收取时间", 23), ("备注", 48))  # fmt: skip
STATE_COLOURS = {REPORTED: Status.DONE.colour, DRAFT: Status.BEHIND.colour, NOT_REPORTED: Status.NOT_REPORTED.colour}
NOTES = (
    "说明：1. 全市合计：保有量、新增类指标为各单位分解指标之和与完成值之和（市目标见指标栏）；增长率、占比类指标"
    "不作合计，以“—”表示。2. “—”表示该任务未分解给该单位，空白表示未填报。3. 增长率类指标的目标为较基数增长的"
    "百分比，完成为当年累计金额，完成率按各单位基数计算，缺基础数的注“缺基数”。4. 完成率底色：绿色为已完成或正常，"
    "黄色为滞后，红色为逾期，灰色为未填报；全市合计中尚有单位未填报的，"
    "完成值只含已填报单位，完成率以灰色显示。5. 各单位报送时间、文件和校验结果见“报送情况”表。"
)
FOOTER = (("单位负责人", 0.0), ("审核人", 0.2), ("汇总人", 0.4), ("联系电话", 0.6), ("汇总日期", 0.8))


def write_consolidation(
    consolidation: Consolidation,
    profile: Profile,
    path: str | Path,
    *,
    made_on: date | None = None,
    fonts: FontSet | None = None,
) -> Path:
    """Write the 汇总表 and 报送情况 sheets to `path` (safely: an old file stays if anything fails).

    `profile` is the city installation's (its unit and the names the footer is signed with); `made_on`
    is the 汇总日期 (default today). Raises exporters.safe_write.ExportError in Chinese on failure.
    """
    fonts = fonts or choose_fonts()
    made_on = made_on or date.today()
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    _write_summary(ws, consolidation, profile, made_on, fonts)
    _write_status(wb.create_sheet(STATUS_SHEET), consolidation, fonts)
    wb.properties.title = consolidation_title(consolidation)
    wb.properties.creator = f"{APP_NAME} {__version__}"
    wb.active = 0
    return save_workbook(wb, path)


def _unit_header(consolidation: Consolidation, unit: str) -> str:
    """The unit's name, and under it what to be careful of: a reader sees at once which columns are provisional."""
    report = consolidation.report_of(unit)
    if report is None:
        return unit
    if report.state != REPORTED:
        return f"{unit}\n（{report.state}）"
    if report.changed:
        return f"{unit}\n（手工改动{report.changed}处）"
    return unit


def _cells(line: ConsolidationLine, figure: UnitFigure | None, total: bool) -> list[tuple[object, str]]:
    """目标, 完成, 完成率 of one group as (value, number format)."""
    if figure is None:
        return [(NOT_SUMMED, "General")] * 3
    if total and not line.summed:
        return [(NOT_SUMMED, "General")] * 3
    target = NOT_SUMMED if figure.target is None else figure.target
    rate: object = None if figure.rate is None else round(figure.rate, 4)
    if rate is None and figure.actual is not None and figure.target is not None and line.kind is IndicatorKind.GROWTH:
        # A growth rate needs the unit's base-year figure; say why the rate is missing rather than leave a gap.
        rate = NO_BASELINE
    return [
        (target, target_format(line.kind, figure.target) if figure.target is not None else "General"),
        (figure.actual, actual_format(line.kind, figure.actual)),
        (rate, PERCENT_FORMAT),
    ]


def _widths(consolidation: Consolidation) -> list[float]:
    """Each figure column as wide as its widest printed value or title: no ### on paper, no wasted width."""
    widths = [w for _, _, w in FIXED]
    groups = [*consolidation.units, TOTAL]
    for index in range(len(groups)):
        for offset, title in enumerate(GROUP):
            needed = text_width(title, SIZE_SUBHEADER)
            for line in consolidation.lines:
                figure = line.total if index == len(consolidation.units) else line.figures[index]
                value, fmt = _cells(line, figure, index == len(consolidation.units))[offset]
                needed = max(needed, text_width(shown(value, fmt), SIZE_BODY))
            # One Excel width unit is 5.25 pt (xlsx_style.lines_needed).
            widths.append(round(max((needed + PADDING) / 5.25, 4.0), 1))
    return widths


def _write_summary(ws: Worksheet, c: Consolidation, profile: Profile, made_on: date, fonts: FontSet) -> None:
    widths = _widths(c)
    set_widths(ws, widths)
    last_col = len(widths)
    body, label = font(fonts.body, SIZE_BODY), font(fonts.label, SIZE_BODY)
    merge(ws, 1, 1, 1, last_col)
    style_cell(
        put(ws.cell(row=1, column=1), consolidation_title(c)), font(fonts.title, SIZE_TITLE), CENTRE, border=False
    )
    fit_row_height(ws, 1, widths, minimum=40)
    third = last_col // 3
    parts = (
        (1, third, f"汇总单位（盖章）：{profile.unit or c.city}", LEFT),
        (third + 1, 2 * third, f"填报期：{c.period.label}　　截至日期：{cn_date(c.as_of)}", CENTRE),
        (2 * third + 1, last_col, f"已收到 {c.reported_count} 个单位的报表（共 {len(c.units)} 个）", RIGHT),
    )
    for first, last, text, align in parts:
        merge(ws, 2, first, 2, last)
        style_cell(put(ws.cell(row=2, column=first), text), font(fonts.body, SIZE_SUBTITLE), align, border=False)
    fit_row_height(ws, 2, widths, minimum=24)

    for col, (_, title, _) in enumerate(FIXED, start=1):
        merge(ws, HEADER_ROW, col, HEADER_ROW + 1, col)
        put(ws.cell(row=HEADER_ROW, column=col), title)
    groups = [_unit_header(c, u) for u in c.units] + [TOTAL]
    for index, name in enumerate(groups):
        first = len(FIXED) + 1 + 3 * index
        merge(ws, HEADER_ROW, first, HEADER_ROW, first + 2)
        put(ws.cell(row=HEADER_ROW, column=first), name)
        for offset, title in enumerate(GROUP):
            put(ws.cell(row=HEADER_ROW + 1, column=first + offset), title)
    small = font(fonts.label, SIZE_SUBHEADER)
    for row in (HEADER_ROW, HEADER_ROW + 1):
        for col in range(1, last_col + 1):
            cell = ws.cell(row=row, column=col)
            style_cell(cell, small if row > HEADER_ROW and col > len(FIXED) else label, CENTRE)
            cell.fill = HEADER_FILL
        fit_row_height(ws, row, widths, minimum=22 if row == HEADER_ROW else 18)

    row = HEADER_ROW + 1
    for line in c.lines:
        row += 1
        _write_line(ws, row, line, body, font(fonts.body, SIZE_BODY, bold=True))
        fit_row_height(ws, row, widths, minimum=24)
    if not c.lines:
        row += 1
        merge(ws, row, 1, row, last_col)
        style_cell(put(ws.cell(row=row, column=1), "该方案没有数值指标，无需汇总"), body, CENTRE)
        box(ws, row, row, last_col)
        ws.row_dimensions[row].height = 30
    row += 1
    merge(ws, row, 1, row, last_col)
    style_cell(put(ws.cell(row=row, column=1), NOTES), font(fonts.body, SIZE_BODY), LEFT, border=False)
    fit_row_height(ws, row, widths, minimum=24)
    row += 1
    _write_footer(ws, row, profile, made_on, fonts, widths)
    setup_print(ws, header_row=HEADER_ROW + 1, last_col=last_col, fonts=fonts, draft=False, last_row=row)
    # Two header rows (unit names over 目标 / 完成 / 完成率) repeat on every page, and the indicator
    # columns stay in view while scrolling across the units on screen.
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=len(FIXED) + 1).coordinate


def _write_line(ws: Worksheet, row: int, line: ConsolidationLine, body: Font, bold: Font) -> None:
    fixed = (line.seq, indicator_text(line), measure_text(line))
    for col, value in enumerate(fixed, start=1):
        style_cell(put(ws.cell(row=row, column=col), value), body, LEFT if col == 2 else CENTRE)
    groups = [*line.figures, line.total]
    for index, figure in enumerate(groups):
        total = index == len(line.figures)
        first = len(FIXED) + 1 + 3 * index
        for offset, (value, fmt) in enumerate(_cells(line, figure, total)):
            cell = put(ws.cell(row=row, column=first + offset), value)
            style_cell(cell, bold if total else body, CENTRE)
            cell.number_format = fmt
        if figure is not None and not (total and not line.summed) and figure.status not in UNJUDGED:
            ws.cell(row=row, column=first + 2).fill = fill(figure.status.colour)


def _write_footer(
    ws: Worksheet, row: int, profile: Profile, made_on: date, fonts: FontSet, widths: Sequence[float]
) -> None:
    values = {"单位负责人": profile.head, "审核人": profile.reviewer, "汇总人": profile.filler,
              "联系电话": profile.phone, "汇总日期": cn_date(made_on)}  # fmt: skip
    last_col = len(widths)
    starts = [1 + round(share * last_col) for _, share in FOOTER]
    for index, (label, _) in enumerate(FOOTER):
        first = starts[index]
        last = starts[index + 1] - 1 if index + 1 < len(starts) else last_col
        merge(ws, row, first, row, last)
        cell = put(ws.cell(row=row, column=first), f"{label}：{values[label]}")
        style_cell(cell, font(fonts.body, SIZE_SUBTITLE), LEFT, border=False)
    fit_row_height(ws, row, widths, minimum=36)


def _write_status(ws: Worksheet, c: Consolidation, fonts: FontSet) -> None:
    widths = [w for _, w in STATUS_COLUMNS]
    set_widths(ws, widths)
    last_col = len(widths)
    merge(ws, 1, 1, 1, last_col)
    style_cell(put(ws.cell(row=1, column=1), status_title(c)), font(fonts.title, SIZE_TITLE), CENTRE, border=False)
    fit_row_height(ws, 1, widths, minimum=40)
    counts = {state: sum(1 for r in c.reports if r.state == state) for state in (REPORTED, DRAFT, NOT_REPORTED)}
    summary = (
        f"《{c.plan_title}》　填报期：{c.period.label}　　已报送 {counts[REPORTED]} 个，草稿 {counts[DRAFT]} 个，"
        f"未报送 {counts[NOT_REPORTED]} 个（共 {len(c.reports)} 个单位）"
    )
    merge(ws, 2, 1, 2, last_col)
    style_cell(put(ws.cell(row=2, column=1), summary), font(fonts.body, SIZE_SUBTITLE), LEFT, border=False)
    fit_row_height(ws, 2, widths, minimum=24)
    for col, (title, _) in enumerate(STATUS_COLUMNS, start=1):
        cell = put(ws.cell(row=3, column=col), title)
        style_cell(cell, font(fonts.label, SIZE_BODY), CENTRE)
        cell.fill = HEADER_FILL
    fit_row_height(ws, 3, widths, minimum=26)
    body = font(fonts.body, SIZE_BODY)
    for number, report in enumerate(c.reports, start=1):
        row = 3 + number
        values = (number, report.unit, report.state, cn_datetime(report.exported_at), report.file, report.check,
                  cn_datetime(report.collected_at), "；".join(report.notes))  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = put(ws.cell(row=row, column=col), value if value != "" else None)
            style_cell(cell, body, LEFT if col in (5, 8) else CENTRE)
        ws.cell(row=row, column=3).fill = fill(STATE_COLOURS[report.state])
        if report.changed:
            ws.cell(row=row, column=6).fill = fill(Status.BEHIND.colour)
        fit_row_height(ws, row, widths, minimum=24)
    setup_print(ws, header_row=3, last_col=last_col, fonts=fonts, draft=False, last_row=3 + len(c.reports))

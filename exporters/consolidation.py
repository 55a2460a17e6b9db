"""The city's 汇总表 as an .xlsx file ready to print, stamp and send up: the same look as the counties' returns.

Sheet 汇总表, legible on paper (10.5 pt, never below 9 pt printed): units × indicators when the units fit
across the page, else one block per indicator with units as rows (exporters.consolidation_blocks), or on
A3 units × indicators continued across pages (exporters.consolidation_matrix). Sheet 报送情况: every unit
of the city, whether its return came, when, from which file, and whether its figures are as exported.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.periods import cn_datetime
from domain.profile import Profile
from domain.return_checksum import SUMMARY_FORMAT, SUMMARY_SHEET_MARK
from exporters.annex import Annex
from exporters.consolidation_blocks import write_blocks
from exporters.consolidation_layout import (
    DRAFT,
    NOT_REPORTED,
    REPORTED,
    Consolidation,
    consolidation_title,
    status_title,
)
from exporters.consolidation_matrix import SMALLEST_SCALE, matrix_widths, narrowest_matrix, write_matrix
from exporters.paper import A4, Paper, frame_for, paper_named, row_limit
from exporters.sheet import CENTRE, LEFT, Book, Sheet, font, style
from exporters.xlsx_style import (
    HEADER_FILL,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    STATUS_FILLS,
    FontSet,
    choose_fonts,
    fit_row_height,
    set_widths,
    setup_print,
)
from exporters.xlsx_writer import write_book
from version import APP_NAME, __version__

SUMMARY_SHEET = "汇总表"
STATUS_SHEET = "报送情况"
BLOCKS, MATRIX = "blocks", "matrix"
STATUS_COLUMNS = (("序号", 4.5), ("单位", 13), ("是否报送", 7), ("报送时间", 11), ("文件", 30), ("校验", 10),
                  ("收取时间", 11), ("备注", 44))  # fmt: skip
# 报送情况 on paper: 未报送 darkest, 草稿 between, 已报送 light — apart in grayscale as the statuses are.
STATE_COLOURS = {REPORTED: STATUS_FILLS["正常"], DRAFT: STATUS_FILLS["滞后"], NOT_REPORTED: STATUS_FILLS["逾期"]}


def choose_layout(consolidation: Consolidation, paper: Paper) -> str:
    """Units × indicators when every unit fits across the page at 9 pt or more; else, on A4, one block per
    indicator with units as rows (a reader compares units down a column and never turns a page across);
    on A3 (asked for to see the table whole) units × indicators continued across pages."""
    if paper is not A4:
        return MATRIX
    # The narrowest the matrix could be decides most cases without measuring every figure.
    if frame_for(narrowest_matrix(consolidation), paper).scale < SMALLEST_SCALE:
        return BLOCKS
    return MATRIX if frame_for(matrix_widths(consolidation), paper).scale >= SMALLEST_SCALE else BLOCKS


def write_consolidation(
    consolidation: Consolidation,
    profile: Profile,
    path: str | Path,
    *,
    made_on: date | None = None,
    fonts: FontSet | None = None,
    paper: Paper | str = A4,
) -> Path:
    """Write the 汇总表 and 报送情况 sheets to `path` (safely: an old file stays if anything fails).

    `profile` is the city installation's (its unit and the names the footer is signed with); `made_on`
    is the 汇总日期 (default today); `paper` A4 or A3 (see choose_layout). Raises
    exporters.safe_write.ExportError in Chinese on failure, ValueError for an unknown paper name.
    """
    fonts = fonts or choose_fonts()
    made_on = made_on or date.today()
    sheet_paper = paper if isinstance(paper, Paper) else paper_named(paper)
    book = Book(title=consolidation_title(consolidation), creator=f"{APP_NAME} {__version__}")
    ws = book.add_sheet(SUMMARY_SHEET)
    if choose_layout(consolidation, sheet_paper) == MATRIX:
        write_matrix(ws, consolidation, profile, made_on, fonts, sheet_paper)
    else:
        write_blocks(ws, consolidation, profile, made_on, fonts, sheet_paper)
    _write_status(book.add_sheet(STATUS_SHEET), consolidation, fonts)
    _write_mark(book.add_sheet(SUMMARY_SHEET_MARK), consolidation)
    return write_book(book, path)


def _write_mark(ws: Sheet, c: Consolidation) -> None:
    """A very hidden sheet saying this is the app's 汇总表 (and of what): an import refuses it whatever its layout."""
    entries = (("格式", SUMMARY_FORMAT), ("方案键", c.plan_key), ("方案标题", c.plan_title), ("填报期", c.period.code),
               ("单位数", len(c.units)), ("程序版本", __version__))  # fmt: skip
    for row, (label, value) in enumerate(entries, start=1):
        ws.put(row, 1, label)
        ws.put(row, 2, value)
    ws.state = "veryHidden"
    ws.password = ""


def _write_status(ws: Sheet, c: Consolidation, fonts: FontSet) -> None:
    widths = set_widths(ws, [w for _, w in STATUS_COLUMNS])
    last_col = len(widths)
    ws.merge(1, 1, 1, last_col)
    ws.put(1, 1, status_title(c), style(font(fonts.title, SIZE_TITLE), CENTRE, border=False))
    fit_row_height(ws, 1, widths, minimum=40)
    counts = {state: sum(1 for r in c.reports if r.state == state) for state in (REPORTED, DRAFT, NOT_REPORTED)}
    summary = (
        f"《{c.plan_title}》　填报期：{c.period.label}　　已报送 {counts[REPORTED]} 个，草稿 {counts[DRAFT]} 个，"
        f"未报送 {counts[NOT_REPORTED]} 个（共 {len(c.reports)} 个单位）"
    )
    ws.merge(2, 1, 2, last_col)
    ws.put(2, 1, summary, style(font(fonts.body, SIZE_SUBTITLE), LEFT, border=False))
    fit_row_height(ws, 2, widths, minimum=24)
    header = style(font(fonts.label, SIZE_BODY), CENTRE, fill=HEADER_FILL)
    for col, (title, _) in enumerate(STATUS_COLUMNS, start=1):
        ws.put(3, col, title, header)
    fit_row_height(ws, 3, widths, minimum=26)
    body, strong = font(fonts.body, SIZE_BODY), font(fonts.body, SIZE_BODY, bold=True)
    frame = frame_for(widths, A4)
    limit = row_limit(frame, ws.height(3))
    annex = Annex()
    for number, report in enumerate(c.reports, start=1):
        row = 3 + number
        notes = annex.fit("；".join(report.notes), widths[7], SIZE_BODY, limit, f"{report.unit}的备注", (row, 8))
        values = (number, report.unit, report.state, cn_datetime(report.exported_at), report.file, report.check,
                  cn_datetime(report.collected_at), notes)  # fmt: skip
        for col, value in enumerate(values, start=1):
            shade = STATE_COLOURS[report.state] if col == 3 else None
            if col == 6 and report.changed:
                shade = STATUS_FILLS["滞后"]
            bold = col == 3 and report.state != REPORTED
            cell_style = style(strong if bold else body, LEFT if col in (5, 8) else CENTRE, fill=shade)
            ws.put(row, col, value if value != "" else None, cell_style)
        fit_row_height(ws, row, widths, minimum=24)
    last = 3 + len(c.reports)
    _, end = annex.write(ws, last, widths, fonts, limit)
    setup_print(ws, frame, header_rows=(3, 3), last_col=last_col, fonts=fonts, draft=False, last_row=end,
                breaks=[last] if end > last else [])  # fmt: skip

"""Print preview and PDF of a unit's progress return through Qt's print support.

The page says what the Excel return says: the same title, columns, cell texts and footer come from
exporters/return_layout.py. A4 landscape, the table header repeated on every page, "— 1 —" page
numbers, and 草稿 on every page of a draft.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from domain.periods import Period, cn_date
from domain.plans import Plan
from domain.profile import Profile
from domain.progress import ProgressRow
from domain.units import Unit
from exporters.progress_return import unit_names
from exporters.return_layout import (
    FIGURE,
    FOOTER_SPANS,
    RETURN_COLUMNS,
    TEXT,
    ReturnLine,
    measures_text,
    return_lines,
    return_title,
)
from exporters.xlsx_style import BOLD_STATUSES, STATUS_FILLS

BODY_FONTS = "'仿宋_GB2312', '仿宋', 'FangSong', '宋体', 'SimSun', 'Noto Serif CJK SC', 'Noto Sans CJK SC'"
TITLE_FONTS = "'方正小标宋简体', '黑体', 'SimHei', 'Noto Sans CJK SC'"
PAGE_NUMBER_FONT = ("宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC")
MARGIN_MM = 12.0
# Column shares of the page width in per cent: the printed page has no horizontal scroll, so figures
# get room for "102.5%" on one line and the text columns share the rest.
HTML_WIDTHS = {
    "number": 3, "city_seq": 5, "seq": 5, "task": 17, "measure": 4, "target": 6, "actual": 5, "rate": 5,
    "time_progress": 5, "status": 4, "progress": 10, "problems": 7, "next_steps": 7, "evidence": 6,
    "responsible": 6, "deadline": 5,
}  # fmt: skip


def return_html(
    plan: Plan,
    unit: Unit | str,
    period: Period,
    rows: Sequence[ProgressRow],
    profile: Profile,
    *,
    report_date: date | None = None,
    filled: date | None = None,
) -> str:
    """The return as an HTML page that QTextDocument lays out (a table with a repeated <thead>)."""
    name, names = unit_names(unit)
    lines = return_lines(rows, name, names)
    e = html.escape
    head = "".join(
        f'<th width="{HTML_WIDTHS.get(c.key, 5)}%" bgcolor="#F2F2F2">{e(c.title)}</th>' for c in RETURN_COLUMNS
    )
    body = "".join(_row_html(line) for line in lines)
    if not lines:
        body = f'<tr><td colspan="{len(RETURN_COLUMNS)}" align="center">本单位在该方案中没有需要填报的任务</td></tr>'
    as_of = cn_date(report_date or period.end)
    values = {"单位负责人": profile.head, "审核人": profile.reviewer, "填报人": profile.filler,
              "联系电话": profile.phone, "填报日期": cn_date(filled or date.today())}  # fmt: skip
    footer = "".join(f"<td>{e(label)}：{e(values[label])}</td>" for label, _first, _last in FOOTER_SPANS)
    return (
        f'<html><body style="font-family: {BODY_FONTS}; font-size: 9pt;">'
        f'<p align="center" style="font-family: {TITLE_FONTS}; font-size: 18pt;">{e(return_title(plan, name))}</p>'
        '<table width="100%" cellspacing="0" cellpadding="2"><tr>'
        f"<td>填报单位（盖章）：{e(name)}</td>"
        f'<td align="center">填报期：{e(period.label)}　　截至日期：{e(as_of)}</td>'
        f'<td align="right">计量单位：{e(measures_text(lines))}</td></tr></table>'
        '<table width="100%" border="1" cellspacing="0" cellpadding="3" style="border-collapse: collapse;">'
        f'<thead><tr style="font-family: {TITLE_FONTS};">{head}</tr></thead><tbody>{body}</tbody></table>'
        f'<table width="100%" cellspacing="0" cellpadding="6" style="font-size: 10pt;"><tr>{footer}</tr></table>'
        "</body></html>"
    )


def _row_html(line: ReturnLine) -> str:
    cells = []
    for column in RETURN_COLUMNS:
        content = html.escape(line.shown(column.key)).replace("\n", "<br>")
        align = {TEXT: "left", FIGURE: "right"}.get(column.align, "center")
        attrs = f' align="{align}"'
        if column.key == "status":
            colour = STATUS_FILLS.get(line.status_word)
            attrs += f' bgcolor="{colour}"' if colour else ""
            if line.status_word in BOLD_STATUSES:
                content = f"<b>{content}</b>"
        cells.append(f"<td{attrs}>{content}</td>")
    return f"<tr>{''.join(cells)}</tr>"


def make_printer(output: Path | None = None) -> QPrinter:
    """An A4 landscape printer; with `output`, one that writes a PDF file."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )
    printer.setPageLayout(layout)
    if output is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
    return printer


def render(printer: QPrinter, page_html: str, *, draft: bool) -> int:
    """Lay the page out on `printer` and paint every page with its number; returns the page count."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(printer)
    doc.setDocumentMargin(0)
    doc.setHtml(page_html)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    dpi = printer.resolution()
    band = dpi * 0.35  # room above and below the body for 草稿 and the page number
    body = QSizeF(page.width(), page.height() - 2 * band)
    doc.setPageSize(body)
    painter = QPainter(printer)
    try:
        number_font = QFont()
        number_font.setFamilies(list(PAGE_NUMBER_FONT))
        number_font.setPointSizeF(14)  # 4号
        mark_font = QFont()
        mark_font.setFamilies(["黑体", "SimHei", "Noto Sans CJK SC"])
        mark_font.setPointSizeF(14)
        pages = doc.pageCount()
        for index in range(pages):
            if index:
                printer.newPage()
            painter.save()
            painter.translate(0, band - index * body.height())
            doc.drawContents(painter, QRectF(0, index * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setFont(number_font)
            painter.setPen(QColor("black"))
            footer = QRectF(0, page.height() - band, page.width(), band)
            painter.drawText(footer, Qt.AlignmentFlag.AlignCenter, f"— {index + 1} —")
            if draft:
                painter.setFont(mark_font)
                painter.setPen(QColor("#C00000"))
                painter.drawText(QRectF(0, 0, page.width(), band), Qt.AlignmentFlag.AlignRight, "草稿（未报送）")
        return pages
    finally:
        painter.end()


def print_to_pdf(
    plan: Plan,
    unit: Unit | str,
    period: Period,
    rows: Sequence[ProgressRow],
    profile: Profile,
    pdf_path: str | Path,
    *,
    draft: bool = True,
    report_date: date | None = None,
) -> Path:
    """Render the return to a PDF file (A4 landscape) and return its path."""
    path = Path(pdf_path)
    printer = make_printer(path)
    render(printer, return_html(plan, unit, period, rows, profile, report_date=report_date), draft=draft)
    return path


def show_print_preview(
    parent: QWidget | None,
    plan: Plan,
    unit: Unit | str,
    period: Period,
    rows: Sequence[ProgressRow],
    profile: Profile,
    *,
    draft: bool = True,
    report_date: date | None = None,
    modal: bool = True,
) -> QPrintPreviewDialog:
    """Open Qt's print preview of the return; the user prints or saves a PDF from it.

    Modal by default (returns when the dialog closes); `modal=False` shows it and returns at once.
    """
    page_html = return_html(plan, unit, period, rows, profile, report_date=report_date)
    printer = make_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {return_title(plan, unit_names(unit)[0])}")
    dialog.paintRequested.connect(lambda p: render(p, page_html, draft=draft))
    dialog.resize(1100, 760)
    if modal:
        dialog.exec()
    else:
        dialog.show()
    return dialog

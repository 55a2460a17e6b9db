"""Print preview and PDF of a unit's progress return through Qt's print support.

The page says what the Excel return says: the same title, columns, cell texts and footer come from
exporters/return_layout.py. A4 landscape; the table's rows are never split across pages (one taller
than a page is cut between lines and continued with its 序号); the header row on every page; columns
wide enough for the status words and dates; "— 1 —" page numbers, and 草稿 on every page of a draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter
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
    ReturnLine,
    measures_text,
    return_lines,
    return_title,
)
from exporters.xlsx_style import STATUS_FILLS
from gui.print_pages import paginate
from gui.print_table import PrintCell, PrintColumn, PrintedTable, mm, text_document

BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC")
TITLE_FONTS = ("方正小标宋简体", "黑体", "SimHei", "Noto Sans CJK SC")
HEADER_FONTS = ("黑体", "SimHei", "Noto Sans CJK SC")
PAGE_NUMBER_FONT = ("宋体", "SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC")
MARGIN_MM = 12.0
# Text columns share the width their fixed neighbours leave, by these weights; the rest fit their contents.
TEXT_WEIGHTS = {"task": 24, "progress": 18, "problems": 12, "next_steps": 12, "evidence": 11, "responsible": 13}
LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
NO_TASKS = "本单位在该方案中没有需要填报的任务"


@dataclass(frozen=True)
class ReturnPage:
    """Everything printed, as texts: title, the line under it, the table and the footer."""

    title: str
    unit_line: str
    period_line: str
    measures_line: str
    columns: tuple[PrintColumn, ...]
    rows: tuple[tuple[PrintCell, ...], ...]
    footer: tuple[tuple[str, int, int], ...]  # (label：name, first column, last column), 1-based


def return_page(
    plan: Plan,
    unit: Unit | str,
    period: Period,
    rows: Sequence[ProgressRow],
    profile: Profile,
    *,
    report_date: date | None = None,
    filled: date | None = None,
) -> ReturnPage:
    """The return's printed content, from the same lines the Excel return is written from."""
    name, names = unit_names(unit)
    lines = return_lines(rows, name, names)
    columns = tuple(
        PrintColumn(c.key, c.title, TEXT_WEIGHTS.get(c.key, 0), c.key in TEXT_WEIGHTS,
                    _alignment(c.key, c.align),
                    repeat=c.key in ("number", "city_seq", "seq"))  # fmt: skip
        for c in RETURN_COLUMNS
    )
    values = {"单位负责人": profile.head, "审核人": profile.reviewer, "填报人": profile.filler,
              "联系电话": profile.phone, "填报日期": cn_date(filled or date.today())}  # fmt: skip
    return ReturnPage(
        title=return_title(plan, name),
        unit_line=f"填报单位（盖章）：{name}",
        period_line=f"填报期：{period.label}　　截至日期：{cn_date(report_date or period.end)}",
        measures_line=f"计量单位：{measures_text(lines)}",
        columns=columns,
        rows=tuple(tuple(_cell(line, c.key) for c in RETURN_COLUMNS) for line in lines),
        footer=tuple((f"{label}：{values[label]}", first, last) for label, first, last in FOOTER_SPANS),
    )


def _alignment(key: str, align: str) -> Qt.AlignmentFlag:
    """Text columns left, figures right (with their unit, as GB/T 9704 tables), the rest centred."""
    if key in TEXT_WEIGHTS:
        return LEFT
    return RIGHT if align == FIGURE else Qt.AlignmentFlag.AlignHCenter


def _cell(line: ReturnLine, key: str) -> PrintCell:
    # The same words, figures with their unit and fills as the Excel return (status fills apart in grayscale).
    return PrintCell(line.shown(key), STATUS_FILLS.get(line.status_word) if key == "status" else None)


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


def _font(families: Sequence[str], points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(list(families))
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def render(printer: QPrinter, page: ReturnPage, *, draft: bool) -> int:
    """Lay the return out on `printer` and paint every page with its number; returns the page count."""
    area = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
    band = mm(printer, 9)  # above the body for 草稿, below it for the page number
    top, bottom, width = band, area.height() - band, area.width()
    table = PrintedTable(printer, page.columns, page.rows, width, _font(BODY_FONTS, 9), _font(HEADER_FONTS, 9, True))
    title = text_document(printer, page.title, _font(TITLE_FONTS, 18), width, Qt.AlignmentFlag.AlignHCenter)
    body = _font(BODY_FONTS, 9)
    heading = title.size().height() + mm(printer, 2) + text_document(printer, "填", body, width, LEFT).size().height()
    gap = mm(printer, 1.5)
    footer_docs = [text_document(printer, text, _font(BODY_FONTS, 10), -1, LEFT) for text, _f, _l in page.footer]
    footer_height = max(d.size().height() for d in footer_docs) + mm(printer, 4)
    first_room = bottom - top - heading - gap - table.header_height
    pages = paginate(table.shapes, first_room, bottom - top - table.header_height)
    rows_end: float = 0.0
    painter = QPainter(printer)
    try:
        for number, pieces in enumerate(pages):
            if number:
                printer.newPage()
            y = top
            if number == 0:
                y = _draw_heading(painter, page, title, body, width, y) + gap
            y = table.draw_header(painter, y)
            for piece in pieces:
                y = table.draw_piece(painter, piece, y)
            if not page.rows:
                y += _draw_text(painter, text_document(printer, NO_TASKS, body, width, Qt.AlignmentFlag.AlignHCenter),
                                0, y + mm(printer, 2))  # fmt: skip
            rows_end = y
            _draw_margins(painter, printer, area, band, number + 1, draft)
        if rows_end + footer_height > bottom:  # no room left under the table: the names go on a page of their own
            printer.newPage()
            rows_end = top
            pages.append([])
            _draw_margins(painter, printer, area, band, len(pages), draft)
        left = 0.0
        for doc, (_text, first, _last) in zip(footer_docs, page.footer, strict=True):
            # Each name at its columns, as on the Excel return, but never over the one before it.
            left = max(table.lefts[first - 1], left)
            left += _draw_text(painter, doc, left, rows_end + mm(printer, 4), width=True) + mm(printer, 4)
        return len(pages)
    finally:
        painter.end()


def _draw_heading(painter: QPainter, page: ReturnPage, title, body: QFont, width: float, top: float) -> float:
    """The title, centred (wrapping when long), and the line under it: unit, period, measure units."""
    device = painter.device()
    y = top + _draw_text(painter, title, 0, top) + mm(device, 2)
    height = 0.0
    for text, align in ((page.unit_line, LEFT), (page.period_line, Qt.AlignmentFlag.AlignHCenter),
                        (page.measures_line, Qt.AlignmentFlag.AlignRight)):  # fmt: skip
        height = max(height, _draw_text(painter, text_document(device, text, body, width, align), 0, y))
    return y + height


def _draw_text(painter: QPainter, doc, left: float, top: float, width: bool = False) -> float:
    """Draw a laid-out text at (left, top); returns its height (or, with `width`, its width)."""
    painter.save()
    painter.translate(left, top)
    doc.drawContents(painter)
    painter.restore()
    return doc.idealWidth() if width else doc.size().height()


def _draw_margins(painter: QPainter, printer: QPrinter, area: QRectF, band: float, number: int, draft: bool) -> None:
    """The page number "— 1 —" under the body and, on a draft, 草稿（未报送） above it."""
    painter.save()
    painter.setFont(_font(PAGE_NUMBER_FONT, 14))  # 4号
    painter.setPen(QColor("black"))
    painter.drawText(QRectF(0, area.height() - band, area.width(), band), Qt.AlignmentFlag.AlignCenter,
                     f"— {number} —")  # fmt: skip
    if draft:
        painter.setFont(_font(HEADER_FONTS, 14))
        painter.setPen(QColor("#C00000"))
        painter.drawText(QRectF(0, 0, area.width(), band), Qt.AlignmentFlag.AlignRight, "草稿（未报送）")
    painter.restore()


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
    render(printer, return_page(plan, unit, period, rows, profile, report_date=report_date), draft=draft)
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
    page = return_page(plan, unit, period, rows, profile, report_date=report_date)
    printer = make_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {page.title}")
    dialog.paintRequested.connect(lambda p: render(p, page, draft=draft))
    dialog.resize(1100, 760)
    if modal:
        dialog.exec()
    else:
        dialog.show()
    return dialog

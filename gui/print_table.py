"""A table drawn on printer pages: each cell measured at its column's width, whole rows per page
(gui.print_pages decides which), the header row repeated at the top of every page.

Columns that hold short fixed words (序号, figures, 状态, dates) are as wide as their widest line, so
"未填报" or "2022年12月31日" never wraps; text columns share what is left by their weights and wrap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPaintDevice, QPainter, QPen, QTextDocument, QTextOption

from gui.print_pages import Piece, RowShape

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PrintColumn:
    key: str
    title: str
    weight: float  # share of the width left for the text columns
    wraps: bool  # a text column; otherwise as wide as its widest line
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignHCenter
    repeat: bool = False  # shown again on every piece of a row cut across pages (序号)


@dataclass(frozen=True)
class PrintCell:
    text: str
    fill: str | None = None
    bold: bool = False


def mm(device: QPaintDevice, millimetres: float) -> float:
    """Millimetres in the device's pixels."""
    return millimetres * device.logicalDpiY() / MM_PER_INCH


def text_document(device: QPaintDevice, text: str, font: QFont, width: float, align: Qt.AlignmentFlag) -> QTextDocument:
    """Plain text laid out at `width` device pixels, wrapping at word boundaries or anywhere (CJK, long numbers);
    a negative width keeps each line whole."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    option = QTextOption(align)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    doc.setPlainText(text)
    doc.setTextWidth(max(1.0, width) if width >= 0 else -1)
    return doc


def line_bottoms(doc: QTextDocument) -> tuple[float, ...]:
    """The bottom of each laid-out line of a document, from its top; none for an empty one."""
    if not doc.toPlainText():
        return ()
    doc.size()  # lays it out
    bottoms = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            bottoms.append(layout.position().y() + line.y() + line.height())
        block = block.next()
    return tuple(bottoms)


class PrintedTable:
    """A table measured for a paint device at a given width; draws its header and the pieces of its rows."""

    def __init__(self, device: QPaintDevice, columns: Sequence[PrintColumn], rows: Sequence[Sequence[PrintCell]],
                 width: float, font: QFont, header_font: QFont) -> None:  # fmt: skip
        self.device = device
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]
        self.font, self.header_font = font, header_font
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.hpad, self.vpad = mm(device, 1.0), mm(device, 0.8)
        self.widths = self._widths(width)
        self.lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        self.width = sum(self.widths)
        self.docs = [[self._cell_doc(cell, i) for i, cell in enumerate(row)] for row in self.rows]
        self.shapes = [RowShape(tuple(line_bottoms(d) for d in docs), 2 * self.vpad) for docs in self.docs]
        self.header_docs = [
            text_document(device, c.title, header_font, self._inner(i), Qt.AlignmentFlag.AlignHCenter)
            for i, c in enumerate(self.columns)
        ]
        self.header_height = max((d.size().height() for d in self.header_docs), default=0.0) + 2 * self.vpad

    # --- measuring ---------------------------------------------------------------------------------------

    def _widths(self, width: float) -> list[float]:
        """Fixed columns as wide as their widest line (and two characters); text columns share the rest."""
        metrics, bold = QFontMetricsF(self.font, self.device), QFontMetricsF(self.bold, self.device)
        header = QFontMetricsF(self.header_font, self.device)
        fixed: list[float | None] = []
        for i, column in enumerate(self.columns):
            if column.wraps:
                fixed.append(None)
                continue
            # At least two characters, and room for the title in three lines (对应市任/务分解表/序号).
            per_line = max(2, -(-len(column.title) // 3))
            least = header.horizontalAdvance("字" * per_line) + 2 * self.hpad + 1
            widest = max(((bold if r[i].bold else metrics).horizontalAdvance(line)
                          for r in self.rows for line in r[i].text.split("\n")), default=0.0)  # fmt: skip
            fixed.append(max(least, widest + 2 * self.hpad + 1))
        room = width - sum(f for f in fixed if f is not None)
        weights = sum(c.weight for c, f in zip(self.columns, fixed, strict=True) if f is None)
        least_text = metrics.horizontalAdvance("任务指标") + 2 * self.hpad
        if weights and room < least_text * sum(1 for f in fixed if f is None):
            # Figures too wide for the page (nothing a return holds): every column scaled alike instead.
            natural = [f if f is not None else least_text for f in fixed]
            return [w * width / sum(natural) for w in natural]
        return [f if f is not None else room * c.weight / weights for c, f in zip(self.columns, fixed, strict=True)]

    def _inner(self, column: int) -> float:
        return self.widths[column] - 2 * self.hpad

    def _cell_doc(self, cell: PrintCell, column: int, text: str | None = None) -> QTextDocument:
        font = self.bold if cell.bold else self.font
        return text_document(self.device, cell.text if text is None else text, font, self._inner(column),
                             self.columns[column].align)  # fmt: skip

    # --- drawing -----------------------------------------------------------------------------------------

    def _pen(self) -> QPen:
        pen = QPen(QColor("black"))
        pen.setWidthF(max(1.0, self.device.logicalDpiY() / 150))
        return pen

    def draw_header(self, painter: QPainter, top: float) -> float:
        """The header row at `top`; returns its bottom."""
        rects = [QRectF(self.lefts[i], top, self.widths[i], self.header_height) for i in range(len(self.columns))]
        painter.fillRect(QRectF(0, top, self.width, self.header_height), QColor("#F2F2F2"))
        for rect, doc in zip(rects, self.header_docs, strict=True):
            offset = (self.header_height - doc.size().height()) / 2
            self._draw_doc(painter, doc, rect.left() + self.hpad, top + offset, 0.0, doc.size().height())
        self._borders(painter, rects)
        return top + self.header_height

    def draw_piece(self, painter: QPainter, piece: Piece, top: float) -> float:
        """What a page shows of a row at `top`: its cells' lines from piece.starts to piece.ends; returns the bottom.

        A whole row's cells are centred vertically; the pieces of a row cut across pages start at the top, and
        a later piece repeats the row's 序号 with 续 under it.
        """
        rects = []
        for i, doc in enumerate(self.docs[piece.row]):
            cell = self.rows[piece.row][i]
            rect = QRectF(self.lefts[i], top, self.widths[i], piece.height)
            rects.append(rect)
            if cell.fill:
                painter.fillRect(rect, QColor(cell.fill))
            start, end = piece.starts[i], piece.ends[i]
            if self.columns[i].repeat and not piece.first:
                doc = self._cell_doc(cell, i, f"{cell.text}\n续" if i == 0 else cell.text)
                start, end = 0.0, doc.size().height()
            shown = end - start
            offset = (piece.height - 2 * self.vpad - shown) / 2 if piece.whole else 0.0
            if shown > 0:
                self._draw_doc(painter, doc, rect.left() + self.hpad, top + self.vpad + offset, start, end)
        self._borders(painter, rects)
        return top + piece.height

    def _draw_doc(self, painter: QPainter, doc: QTextDocument, left: float, top: float, start: float,
                  end: float) -> None:  # fmt: skip
        """Draw a cell's lines whose bottoms lie in (start, end], their tops at `top`: the whole text, or a piece."""
        if start <= 0 and end >= doc.size().height():
            painter.translate(left, top)
            doc.drawContents(painter)
            painter.translate(-left, -top)
            return
        # Line by line, not clipped: a clipped line would still be in the PDF's text (read twice by a search).
        painter.save()
        painter.setPen(QColor("black"))
        block = doc.begin()
        while block.isValid():
            layout = block.layout()
            origin = QPointF(left + layout.position().x(), top - start + layout.position().y())
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                bottom = layout.position().y() + line.y() + line.height()
                if start < bottom <= end:
                    line.draw(painter, origin)
            block = block.next()
        painter.restore()

    def _borders(self, painter: QPainter, rects: list[QRectF]) -> None:
        """Every cell's border of a row in one call (each Qt call from Python costs; see tests/test_qt_binding.py)."""
        painter.save()
        painter.setPen(self._pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRects(rects)
        painter.restore()

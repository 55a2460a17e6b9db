"""The city's 退回意见 beside the county's rows: a 退 marker and a tooltip on 序号, and a banner above the grid.

Added to the grid through the model's `annotate` hook, so the grid's own columns and rules stay as they are.
Shown until the next 报送 answers the send-back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel

from domain.periods import cn_datetime
from domain.progress import ProgressRow
from gui.columns import COLUMNS
from storage.send_backs import Side, StoredSendBack, open_comments, send_backs

if TYPE_CHECKING:
    from gui.main_window import MainWindow

SEND_BACK_ROLE = Qt.ItemDataRole.UserRole + 20  # the comments on a row, as text
MARK_COLUMN = 0  # 序号


def marker_icon() -> QIcon:
    """A red square with 退 in white: colour and word, so it reads in grayscale too."""
    pixmap = QPixmap(18, 18)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#C00000"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRect(0, 0, 18, 18), 3, 3)
    font = QFont()
    font.setPixelSize(13)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#FFFFFF"))
    painter.drawText(QRect(0, 0, 18, 18), Qt.AlignmentFlag.AlignCenter, "退")
    painter.end()
    return QIcon(pixmap)


class SendBackMarks(QObject):
    """Keeps the open send-backs of the shown plan, unit and period, and answers the grid's extra roles."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.comments: dict[tuple[str, str], list[str]] = {}
        self.pending: list[StoredSendBack] = []
        self.icon = marker_icon()
        self.banner = QLabel()
        self.banner.setObjectName("send_back_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#FCE4E4; padding:6px; border:1px solid #C00000;")
        self.banner.hide()
        layout = win.grid.parentWidget().layout() if win.grid.parentWidget() else None
        if layout is not None:
            layout.insertWidget(max(0, layout.indexOf(win.grid)), self.banner)
        win.model.annotate = self.annotate
        win.loaded.connect(self.refresh)

    def _side(self) -> Side:
        own = self.win.registry.resolve(self.win.profile.unit) if self.win.profile.unit else None
        return Side.SENT if own is not None and own.is_city else Side.RECEIVED

    def refresh(self) -> None:
        """Read the open send-backs of what the grid now shows (a quick indexed lookup)."""
        view = self.win.model.view
        before = self.comments
        if view is None:
            self.comments, self.pending = {}, []
        else:
            plan_id, side = view.plan.id or 0, self._side()
            self.comments = open_comments(self.win.store, plan_id, view.unit.name, view.period, side)
            self.pending = send_backs(self.win.store, plan_id, view.unit.name, view.period, side, open_only=True)
        self._show_banner()
        self._fit_seq_column()
        model = self.win.model
        # The grid was just reset with the new rows and asks again when it paints; say so only on a change,
        # since dataChanged also means "a figure was edited" to whoever listens.
        if self.comments != before and model.rowCount():
            model.dataChanged.emit(model.index(0, MARK_COLUMN), model.index(model.rowCount() - 1, MARK_COLUMN))

    def _fit_seq_column(self) -> None:
        """Widen 序号 while rows carry the 退 mark, so the mark never squeezes the 序号 to "(2…"."""
        grid = self.win.grid
        width = COLUMNS[MARK_COLUMN].width
        if self.comments:
            width = max(width, grid.sizeHintForColumn(MARK_COLUMN) + 4)  # the mark and the 序号 beside it, whole
        if grid.columnWidth(MARK_COLUMN) != width:
            grid.setColumnWidth(MARK_COLUMN, width)

    def _show_banner(self) -> None:
        if not self.pending:
            self.banner.hide()
            return
        latest = self.pending[-1].send_back
        marked = sum(1 for _ in self.comments)
        who = "本单位" if self._side() is Side.RECEIVED else latest.unit
        lines = [f"{latest.city}于 {cn_datetime(latest.sent_at)} 退回{who}{latest.period.label}的报表"
                 f"（{latest.count} 条意见）。"]  # fmt: skip
        if latest.general:
            lines.append(f"总体意见：{latest.general}")
        if marked:
            lines.append(f"序号前标“退”的 {marked} 行有逐项意见（鼠标停在序号上查看）。")
        if self._side() is Side.RECEIVED:
            lines.append("按意见修改后请重新报送，新报表会注明已答复这些意见。")
        self.banner.setText("\n".join(lines))
        self.banner.show()

    def annotate(self, row: ProgressRow, column: int, role: int) -> object:
        comments = self.comments.get((row.task.seq, row.indicator.name))
        if not comments:
            return None
        text = "\n".join(comments)
        if role == SEND_BACK_ROLE:
            return text
        if column != MARK_COLUMN:
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"市里退回意见：\n{text}"
        return None


def install(win: MainWindow) -> SendBackMarks:
    marks = SendBackMarks(win)
    win._send_back_marks = marks  # kept alive with the window
    return marks

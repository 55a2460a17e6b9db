"""The city's 退回报表 dialog: the unit's lines as collected, a comment per line, and an overall comment."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.periods import cn_datetime
from domain.plans import display_seq
from domain.progress import ProgressRow
from domain.send_back import MAX_COMMENT, ItemComment, SendBackError, checked_comments
from gui.columns import format_actual, format_target
from operations.city_overview import CityOverview

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("序号", "任务 / 指标", "目标值", "完成值", "状态", "工作进展", "退回意见")
COMMENT = len(COLUMNS) - 1


class SendBackCommentsModel(QAbstractTableModel):
    """The unit's lines; only 退回意见 is editable. Holds the comments until the dialog is accepted."""

    def __init__(self, rows: list[ProgressRow], parent=None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.comments: dict[int, str] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return COLUMNS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(index.row(), row, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == 4:
                return QBrush(QColor(row.status.colour))
            if column == COMMENT:
                return QBrush(QColor("#FFF8E1"))  # where to type
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COMMENT:
                return f"填写对这一项的退回意见（不超过 {MAX_COMMENT} 字）；不填表示这一项没有意见"
            if column == 1:
                return row.task.text
            return None
        return None

    def _text(self, index: int, row: ProgressRow, column: int) -> str:
        if column == 0:
            return display_seq(row.task.seq)
        if column == 1:
            return row.indicator.name
        if column == 2:
            return format_target(row)
        if column == 3:
            return format_actual(row, row.actual)
        if column == 4:
            return row.status.value
        if column == 5:
            return row.achievement.progress if row.achievement else ""
        return self.comments.get(index, "")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == COMMENT else base

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COMMENT:
            return False
        text = "" if value is None else str(value)
        if self.comments.get(index.row(), "") == text:
            return False
        self.comments[index.row()] = text
        self.dataChanged.emit(index, index)
        return True

    def items(self) -> list[ItemComment]:
        """Every line's comment (blank ones included; domain.send_back.checked_comments drops them)."""
        return [
            ItemComment(row.task.seq, row.indicator.name, self.comments.get(i, ""),
                        reported=format_actual(row, row.actual), target=format_target(row))  # fmt: skip
            for i, row in enumerate(self.rows)
        ]


class SendBackDialog(QDialog):
    """Comments per line and overall; 退回 is accepted only when something is said and nothing is too long."""

    def __init__(self, overview: CityOverview, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"退回报表 — {unit} {overview.period.label}")
        self.setObjectName("send_back_dialog")
        self.unit = unit
        index = overview.unit_names.index(unit)
        rows = [line.cells[index] for line in overview.lines if line.cells[index] is not None]
        self.model = SendBackCommentsModel([r for r in rows if r is not None], self)
        report = overview.report_of(unit)
        came = (f"报表：{report.file}（{report.state.value}，收取于 {cn_datetime(report.collected_at)}）"
                if report and report.file else "尚未收到该单位本期的报表")  # fmt: skip
        intro = QLabel(f"退回 {unit} {overview.period.label} 的完成情况表。{came}\n"
                       "在“退回意见”列填写需要修改的地方（双击单元格或直接键入），也可只填总体意见。")  # fmt: skip
        intro.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((56, 220, 80, 80, 60, 200)):
            self.table.setColumnWidth(column, width)
        self.general = QPlainTextEdit()
        self.general.setPlaceholderText("总体意见（可选），如：请补充各项佐证材料后重新报送")
        self.general.setMaximumHeight(80)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("退回…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("总体意见"))
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.resize(1000, 620)

    def set_comment(self, seq: str, text: str) -> None:
        """Type a comment into a line's 退回意见 cell (what the user does, for callers and tests)."""
        row = next(i for i, r in enumerate(self.model.rows) if r.task.seq == seq)
        self.model.setData(self.model.index(row, COMMENT), text)

    def comments(self) -> tuple[list[ItemComment], str]:
        return self.model.items(), self.general.toPlainText()

    def accept(self) -> None:
        items, general = self.comments()
        try:
            checked_comments(items, general)
        except SendBackError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, "退回报表", str(exc), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("send_back_refused")
            box.open()  # not exec(): what was typed stays in the dialog, to be completed
            return
        super().accept()

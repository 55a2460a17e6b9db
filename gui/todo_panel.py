"""The 待办 panel: the returns due across the unit's plans, with countdown and state; a double click opens one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.periods import Period, cn_date
from domain.reporting import ReturnState
from gui.workers import start_job
from operations.todo import DueReturn, due_returns
from storage.db import open_store

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("填报期", "期限", "状态", "逾期项", "未填")
STATE_COLUMN = 2
HEADING_BRUSH = QBrush(QColor("#DDEBF7"))


def _due_text(item: DueReturn) -> str:
    """11月5日: the month and day are enough beside the period (a December return falls due in January, the
    year after); the tooltip gives the full date."""
    return f"{item.due.month}月{item.due.day}日"


def _state_text(item: DueReturn) -> str:
    """已报送, 逾期 29 天, or the state over its countdown (未开始 / 还有 2 天): two lines keep the column narrow."""
    if item.state is ReturnState.SUBMITTED:
        return "已报送"
    if item.state is ReturnState.OVERDUE:
        return item.countdown.replace("已逾期", "逾期")
    return f"{item.state.value}\n{item.countdown}"


class TodoModel(QAbstractTableModel):
    """The returns due (operations.todo.DueReturn), grouped under a heading row per plan, the most urgent first.

    A heading row (UserRole None, spanned by the view) names the plan and its reporting rule.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[DueReturn] = []
        self.lines: list[DueReturn | tuple[str, str]] = []

    def set_items(self, items: list[DueReturn]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.lines = []
        for plan_id in dict.fromkeys(i.plan_id for i in self.items):  # plans in order of their most urgent return
            own = [i for i in self.items if i.plan_id == plan_id]
            self.lines.append((f"《{own[0].plan_title}》", f"{own[0].rule.rule.label}（{own[0].rule.origin}）"))
            self.lines.extend(sorted(own, key=lambda i: i.period.end))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def heading_rows(self) -> list[int]:
        return [row for row, line in enumerate(self.lines) if isinstance(line, tuple)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        column = index.column()
        if isinstance(line, tuple):
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return line[0]
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{line[0]}\n报送规则：{line[1]}"
            if role == Qt.ItemDataRole.BackgroundRole:
                return HEADING_BRUSH
            return None
        item = line
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            return QBrush(QColor(item.state.colour))
        if role == Qt.ItemDataRole.BackgroundRole and column == 3 and item.overdue_tasks:
            return QBrush(QColor(ReturnState.OVERDUE.colour))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{item.plan_title}\n{item.period.label}：报送期限 {cn_date(item.due)}，{item.countdown}\n"
                    f"共 {item.rows} 项，未填 {item.unfilled} 项，已过完成时限未完成 {item.overdue_tasks} 项\n"
                    "双击打开这一期")  # fmt: skip
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

    @staticmethod
    def _text(item: DueReturn, column: int) -> str:
        if column == 0:
            return item.period.label
        if column == 1:
            return _due_text(item)
        if column == 2:
            return _state_text(item)
        if column == 3:
            return f"{item.overdue_tasks} 项" if item.overdue_tasks else ""
        return f"{item.unfilled}/{item.rows}"


class TodoPanel(QDockWidget):
    """A dock beside the grid; `open_requested(plan_id, period)` when the user double-clicks a return."""

    open_requested = Signal(int, object)

    def __init__(self, parent=None) -> None:
        super().__init__("待办", parent)
        self.setObjectName("todo")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)  # fmt: skip
        self._ticket = 0
        self.model = TodoModel(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("padding:2px;")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Fits a dock of a third of the window without a scroll bar: the short columns as wide as their texts,
        # 状态 takes the rest, and texts wrap (a plan's title over two lines, 未开始 over its countdown).
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open)
        self.model.modelReset.connect(self._span_headings)
        self.model.modelReset.connect(self._fit_columns)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        self.setWidget(box)

    refreshed = Signal()

    def refresh(self, db: Path, unit: str, city: str, today: date) -> None:
        """Work out what is due in a worker (its own store connection) and show it when done."""
        self._ticket += 1
        ticket = self._ticket

        def work(progress, cancelled) -> list[DueReturn]:
            with open_store(db) as store:
                return due_returns(store, unit, city, today)

        def done(items: list[DueReturn]) -> None:
            if ticket == self._ticket:  # a newer refresh supersedes this one
                self.show_items(items, today)
                self.refreshed.emit()

        def failed(exc: BaseException) -> None:
            if ticket == self._ticket:
                self.heading.setText(f"无法读取待办：{exc}")
                self.refreshed.emit()

        start_job(work, done, failed, owner=self)

    def show_items(self, items: list[DueReturn], today: date) -> None:
        """Show the returns due, with a line saying how many are 逾期 as of `today`."""
        self.model.set_items(items)
        late = sum(i.state is ReturnState.OVERDUE for i in items)
        tasks = sum(i.overdue_tasks for i in items if i.state is not ReturnState.SUBMITTED)
        parts = [f"截至 {cn_date(today)}：待报送 {sum(i.state is not ReturnState.SUBMITTED for i in items)} 期"]
        if late:
            parts.append(f"逾期 {late} 期")
        if tasks:
            parts.append(f"已过完成时限未完成的任务 {tasks} 项")
        self.heading.setText("，".join(parts) if items else f"截至 {cn_date(today)}：没有待报送的报表")
        self.setWindowTitle(f"待办（逾期 {late}）" if late else "待办")

    def _fit_columns(self) -> None:
        """Each short column as wide as its widest line (its title included); 状态 stretches over the rest."""
        metrics = self.table.fontMetrics()
        margin = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        for column in range(len(COLUMNS)):
            if column == STATE_COLUMN:
                continue
            texts = [COLUMNS[column]] + [
                line for row in range(self.model.rowCount()) if row not in self.model.heading_rows()
                for line in (self.model.index(row, column).data() or "").split("\n")
            ]  # fmt: skip
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(t) for t in texts) + margin)
        # Never squeezed below that (a narrow window takes its room from the grid): 状态's longest line whole too.
        state = max([metrics.horizontalAdvance(COLUMNS[STATE_COLUMN])]
                    + [metrics.horizontalAdvance(line) for item in self.model.items
                       for line in _state_text(item).split("\n")]) + margin  # fmt: skip
        others = sum(self.table.columnWidth(c) for c in range(len(COLUMNS)) if c != STATE_COLUMN)
        scroll = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.table.setMinimumWidth(others + state + scroll + 2 * self.table.frameWidth())

    def _span_headings(self) -> None:
        self.table.clearSpans()
        for row in self.model.heading_rows():
            self.table.setSpan(row, 0, 1, len(COLUMNS))

    def _open(self, index: QModelIndex) -> None:
        item: DueReturn | None = index.data(Qt.ItemDataRole.UserRole)
        if item is not None:
            self.open_requested.emit(item.plan_id, item.period)

    def item_for(self, plan_id: int, period: Period) -> DueReturn | None:
        return next((i for i in self.model.items if i.plan_id == plan_id and i.period == period), None)

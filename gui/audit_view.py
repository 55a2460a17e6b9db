"""The 修改留痕 viewer: every change behind the current return (who, when, old → new), filterable, exportable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from domain.audit_trail import LINE_TITLES, AuditLine, describe
from domain.plans import display_seq
from domain.progress import ProgressRow
from exporters.audit_log import write_audit_log
from gui.file_actions import ask_save_path, report_failure, tell_where
from gui.workers import run_with_dialog, start_job
from storage.audit import audit_for_return
from storage.db import open_store

if TYPE_CHECKING:
    from gui.main_window import MainWindow

Index = QModelIndex | QPersistentModelIndex
ITEM, FIELD = LINE_TITLES.index("项目"), LINE_TITLES.index("栏目")
ALL_FIELDS = "全部栏目"


class AuditModel(QAbstractTableModel):
    """The audit lines, newest first, one column per LINE_TITLES entry."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[AuditLine] = []

    def set_lines(self, lines: list[AuditLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LINE_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return LINE_TITLES[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return line.cells()[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return line
        return None


class AuditFilter(QSortFilterProxyModel):
    """Words anywhere in a line, one 栏目, and (from a row's 查看留痕) one item; sorting keeps newest-first ties."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.words = ""
        self.field = ""
        self.item = ""

    def set_filter(self, *, words: str | None = None, field: str | None = None, item: str | None = None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 replaced invalidateRowsFilter()
            self.beginFilterChange()
        for name, value in (("words", words), ("field", field), ("item", item)):
            if value is not None:
                setattr(self, name, value.strip())
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        line: AuditLine | None = self.sourceModel().index(source_row, 0, source_parent).data(Qt.ItemDataRole.UserRole)
        if line is None:
            return True
        if self.field and line.field != self.field:
            return False
        if self.item and line.item != self.item:
            return False
        return not self.words or any(self.words in cell for cell in line.cells())

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data() or "", right.data() or ""
        return (a, right.row()) < (b, left.row())  # equal cells keep the newest first

    def visible_lines(self) -> list[AuditLine]:
        return [self.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.rowCount())]


class AuditDialog(QDialog):
    """The viewer: a filter box, a 栏目 list, 只看本行, the table, and 导出 Excel."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改留痕")
        self.title = title
        self.model = AuditModel(self)
        self.proxy = AuditFilter(self)
        self.proxy.setSourceModel(self.model)
        self.heading = QLabel(f"{title}（正在读取……）")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("筛选：操作人、项目、原值、新值……")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(280)
        self.field_combo = QComboBox()
        self.field_combo.setMinimumWidth(130)
        self.item_only = QCheckBox()
        self.item_only.hide()
        self.export_button = QPushButton("导出 Excel…")
        close = QPushButton("关闭")
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 70, 80, 230, 80, 90, 80, 150, 150)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel()
        bar = QHBoxLayout()
        for widget in (self.filter_edit, self.field_combo, self.item_only):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        foot = QHBoxLayout()
        foot.addWidget(self.count, 1)
        foot.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(foot)
        self.filter_edit.textChanged.connect(lambda text: self._refilter(words=text))
        self.field_combo.currentTextChanged.connect(
            lambda text: self._refilter(field="" if text == ALL_FIELDS else text)
        )
        self.item_only.toggled.connect(lambda on: self._refilter(item=self._item if on else ""))
        close.clicked.connect(self.close)
        self._item = ""
        self.resize(1100, 560)

    def show_lines(self, lines: list[AuditLine], item: str = "") -> None:
        """Show the lines; with `item`, only that row's changes until 只看本行 is unticked."""
        self.model.set_lines(lines)
        self.field_combo.blockSignals(True)
        self.field_combo.clear()
        self.field_combo.addItems([ALL_FIELDS, *dict.fromkeys(line.field for line in lines if line.field)])
        self.field_combo.blockSignals(False)
        self._item = item
        self.item_only.setText(f"只看 {item}")
        self.item_only.setVisible(bool(item))
        self.item_only.setChecked(bool(item))
        self.heading.setText(self.title)
        self._refilter()

    def _refilter(self, **change: str) -> None:
        self.proxy.set_filter(**change)
        self.count.setText(f"显示 {self.proxy.rowCount()} 条，共 {self.model.rowCount()} 条修改记录")


def row_item(row: ProgressRow) -> str:
    """How the viewer names a row's item: (237) 高新技术企业保有量."""
    return f"{display_seq(row.task.seq)} {row.indicator.name}"


def show_audit(win: MainWindow, row: ProgressRow | None = None) -> AuditDialog | None:
    """Open the viewer on the current plan, unit and period (read in a worker); with `row`, only its changes."""
    view = win.model.view
    if view is None:
        return None
    plan_id, unit, period, db = view.plan.id or 0, view.unit.name, view.period, win.store.path
    dialog = AuditDialog(f"{unit} {period.label}《{view.plan.title}》修改留痕", win)
    dialog.export_button.clicked.connect(lambda: export_audit(win, dialog))

    def work(progress, cancelled) -> list[AuditLine]:
        with open_store(db) as store:
            return [describe(entry) for entry in audit_for_return(store, plan_id, unit, period)]

    start_job(work, lambda lines: dialog.show_lines(lines, row_item(row) if row else ""),
              lambda exc: report_failure(win, "修改留痕", exc))  # fmt: skip
    dialog.show()
    return dialog


def export_audit(win: MainWindow, dialog: AuditDialog, path: Path | None = None) -> None:
    """导出 Excel: the lines the viewer shows now (filtered and sorted), under the viewer's title."""
    path = path or ask_save_path(dialog, "导出修改留痕", f"{dialog.title}.xlsx")
    if path is None:
        return
    lines, title = dialog.proxy.visible_lines(), dialog.title

    def work(progress, cancelled) -> Path:
        return write_audit_log(lines, title, path)

    def done(written: Path) -> None:
        win.exported.emit(str(written))
        tell_where(dialog, "导出修改留痕", f"修改留痕已导出（{len(lines)} 条）：\n{written}", written)

    run_with_dialog(dialog, "正在导出修改留痕……", work, done, lambda e: report_failure(win, "导出修改留痕", e))

"""文件 → 备份与恢复: the store's backups (time, reason, size, figures), back up now, restore one, save a copy."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSettings, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from domain.backup_rules import KEEP_LATEST, KEEP_MONTHS, BackupReason
from domain.periods import cn_datetime
from gui.faults import WRITE_FAILURES, describe_failure, show_failure
from storage.backups import BackupInfo, backup_folder, list_backups, restore_backup, size_text, take_backup, write_copy

if TYPE_CHECKING:
    from gui.main_window import MainWindow

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("备份时间", "原因", "大小", "完成情况", "文件")


class BackupListModel(QAbstractTableModel):
    """The backups, newest first; a backup that cannot be restored is grey and says why."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.backups: list[BackupInfo] = []

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.backups = list(backups)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.backups):
            return None
        info = self.backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            figures = f"{info.figures} 项" if info.figures is not None else "—"
            return (cn_datetime(info.taken), info.reason.value, info.size_text, figures, info.path.name)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{info.path}\n不能用于恢复：{info.problem}" if info.problem else str(info.path)
        if role == Qt.ItemDataRole.ForegroundRole and info.problem:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return info
        return None


class BackupDialog(QDialog):
    """Lists the backups and does what the buttons say; every failure is shown, nothing is silent."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("备份与恢复")
        self.resize(760, 440)
        store = window.store
        intro = QLabel(
            f"数据库：{store.path}\n备份文件夹：{backup_folder(store.path)}\n"
            f"每天第一次启动时，以及导入分工表、收取报表、解锁和升级之前，程序自动备份。"
            f"保留最近 {KEEP_LATEST} 份，另每月保留一份（{KEEP_MONTHS // 12} 年）。"
        )
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = BackupListModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _: self.restore_selected())
        self.status = QLabel()
        self.backup_button = QPushButton("立即备份")
        self.restore_button = QPushButton("恢复所选备份…")
        self.restore_file_button = QPushButton("从文件恢复…")
        self.copy_button = QPushButton("另存数据库副本…")
        folder_button = QPushButton("打开备份文件夹")
        close_button = QPushButton("关闭")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.restore_file_button.clicked.connect(lambda: self.restore_from_file())
        self.copy_button.clicked.connect(lambda: save_copy(self.window_, parent=self))
        folder_button.clicked.connect(self.open_folder)
        close_button.clicked.connect(self.accept)
        if store.read_only:
            for button in (self.restore_button, self.restore_file_button):
                button.setEnabled(False)
                button.setToolTip(f"只读方式打开，不能恢复：{store.read_only_reason}")
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.restore_file_button, self.copy_button,
                       folder_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_backups(list_backups(self.window_.store.path))
        count = len(self.model.backups)
        self.status.setText(f"共 {count} 份备份" if count else "还没有备份")
        if count:
            self.table.selectRow(0)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backups[rows[0].row()] if rows else None

    def backup_now(self) -> Path | None:
        try:
            path = take_backup(self.window_.store, BackupReason.MANUAL)
        except WRITE_FAILURES as exc:
            show_failure(self, "备份", describe_failure(exc))
            return None
        self.refresh()
        self.status.setText(f"已备份：{path.name}")
        return path

    def restore_selected(self, info: BackupInfo | None = None, confirm: bool = True) -> bool:
        info = info or self.selected()
        if info is None:
            self.status.setText("请先在列表中选择一份备份")
            return False
        if info.problem:
            show_failure(self, "恢复", f"这份备份不能用于恢复：{info.problem}")
            return False
        return self._restore(info.path, info.describe(), confirm)

    def restore_from_file(self, path: Path | None = None, confirm: bool = True) -> bool:
        """A copy saved on another PC (另存数据库副本) or a backup kept elsewhere."""
        if path is None:
            folder = str(QSettings().value("last_folder", str(self.window_.store.path.parent)))
            kinds = "台账数据库 (*.sqlite3 *.db);;所有文件 (*)"
            chosen, _ = QFileDialog.getOpenFileName(self, "从文件恢复", folder, kinds)
            if not chosen:
                return False
            path = Path(chosen)
        return self._restore(path, str(path), confirm)

    def _restore(self, path: Path, what: str, confirm: bool) -> bool:
        window = self.window_
        if confirm:
            answer = QMessageBox.question(
                self, "恢复",
                f"将用 {what} 替换当前数据库中的全部内容。\n"
                "当前数据库会先备份（恢复前），可随时再恢复回来。\n确定恢复吗？",
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            result = restore_backup(window.store.path, path, live=window.store)
        except WRITE_FAILURES as exc:
            show_failure(self, "恢复", describe_failure(exc))
            return False
        window.undo_stack.clear()  # the steps refer to figures as they were before the restore
        window.refresh_plans(window.plan_combo.currentData())
        self.refresh()
        self.status.setText(result.message.splitlines()[0])
        box = QMessageBox(QMessageBox.Icon.Information, "恢复", result.message, QMessageBox.StandardButton.Ok, self)
        box.open()
        return True

    def open_folder(self) -> None:
        folder = backup_folder(self.window_.store.path)
        folder.mkdir(exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def save_copy(window: MainWindow, path: Path | None = None, parent=None) -> Path | None:
    """另存数据库副本: one self-contained file (no -wal) to take to another PC; None if not written."""
    store = window.store
    if path is None:
        folder = Path(str(QSettings().value("last_folder", str(Path.home()))))
        name = f"{store.path.stem}-副本-{date.today():%Y%m%d}.sqlite3"
        chosen, _ = QFileDialog.getSaveFileName(parent or window, "另存数据库副本", str(folder / name),
                                                "台账数据库 (*.sqlite3)")  # fmt: skip
        if not chosen:
            return None
        path = Path(chosen)
        QSettings().setValue("last_folder", str(path.parent))
    if path.absolute() == store.path.absolute():
        show_failure(parent or window, "另存数据库副本", "不能保存到数据库文件自身，请另选文件名")
        return None
    try:
        write_copy(store.conn, path)
    except WRITE_FAILURES as exc:
        show_failure(parent or window, "另存数据库副本", describe_failure(exc))
        return None
    window.show_message(f"已另存数据库副本：{path}（{size_text(path.stat().st_size)}）")
    return path


def show_backup_dialog(window: MainWindow) -> BackupDialog:
    dialog = BackupDialog(window)
    dialog.open()
    return dialog

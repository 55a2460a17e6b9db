"""What keeps the window safe, attached to it in one call: the 备份与恢复 and 另存数据库副本 menu entries,
帮助 → 打开日志文件夹, the watch for changes made elsewhere, write failures as dialogs, and read-only mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from gui.faults import open_log_folder, show_failure
from gui.store_watch import StoreWatcher

if TYPE_CHECKING:
    from gui.main_window import MainWindow

# Entries that write to the store: disabled while the window may only view it.
WRITING_ACTIONS = ("导入分工表", "报送本期", "解锁本期", "收取各单位报表", "本机信息", "粘贴", "清除", "撤销", "重做",
                   "方案管理", "沿用上期", "导入市里退回意见", "退回")  # fmt: skip
READ_ONLY_STYLE = "background:#FCE4D6; padding:6px; border:1px solid #E0A080;"


class WindowSafety:
    """Owned by the window (window.safety)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._add_menu_entries()
        self.watcher = StoreWatcher(window)
        window.model.fault.connect(lambda text: show_failure(window, "未能保存", text))
        self.read_only_banner = QLabel()
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(READ_ONLY_STYLE)
        self.read_only_banner.hide()
        layout = window.centralWidget().layout()
        layout.insertWidget(0, self.read_only_banner)
        if window.store.read_only:
            self.enter_read_only(window.store.read_only_reason)

    def _add_menu_entries(self) -> None:
        from gui.backup_dialog import save_copy, show_backup_dialog

        window = self.window
        menu = window.file_menu
        quit_action = next((a for a in menu.actions() if a.text() == "退出"), None)
        self.backup_action = QAction("备份与恢复…", window)
        self.backup_action.triggered.connect(lambda _=False: show_backup_dialog(window))
        self.copy_action = QAction("另存数据库副本…", window)
        self.copy_action.triggered.connect(lambda _=False: save_copy(window))
        menu.insertActions(quit_action, [self.backup_action, self.copy_action])
        menu.insertSeparator(quit_action)
        help_menu = next((a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助")), None)
        if isinstance(help_menu, QMenu):
            self.log_action = help_menu.addAction("打开日志文件夹")
            self.log_action.triggered.connect(lambda _=False: open_log_folder())

    def enter_read_only(self, reason: str) -> None:
        """Editing off, writing entries disabled, a banner saying why; kept so after every reload."""
        window = self.window
        window.model.read_only_reason = reason
        self.read_only_banner.setText(f"只读方式打开：{reason}。只能查看、导出草稿和打印，不能修改。")
        self.read_only_banner.show()
        self._disable_writing()
        window.loaded.connect(self._disable_writing)  # the window re-enables 报送/解锁 as each period loads
        window.setWindowTitle(window.windowTitle() + "（只读）")

    def _disable_writing(self) -> None:
        window = self.window
        for action in window.findChildren(QAction):
            if action.text().startswith(WRITING_ACTIONS):
                action.setEnabled(False)
        window.unlock_button.setEnabled(False)
        if not window.windowTitle().endswith("（只读）"):
            window.setWindowTitle(window.windowTitle() + "（只读）")


def install(window: MainWindow) -> WindowSafety:
    """Attach the safety net to a main window (called once, at the end of its constructor)."""
    window.safety = WindowSafety(window)  # type: ignore[attr-defined]
    return window.safety  # type: ignore[attr-defined]

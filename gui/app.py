"""Starting the window: Qt application, the user's store, first-start questions."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.profile import Profile
from version import APP_ID, APP_NAME, ORGANIZATION

if TYPE_CHECKING:
    from gui.store_lock import StoreLock
    from storage.db import Store

# Fonts an office PC has, best first; Noto CJK stands in on Linux.
UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "WenQuanYi Micro Hei")


QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO, QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR, QtMsgType.QtFatalMsg: logging.CRITICAL,
}  # fmt: skip


_qt_notes = {"keep": True}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    from operations.error_log import log_message

    level = QT_LEVELS.get(kind, logging.WARNING)
    if level < logging.ERROR and not _qt_notes["keep"]:
        return
    where = f"（{context.category}）" if context.category and context.category != "default" else ""
    log_message(level, f"Qt{where}：{message}")


def send_qt_messages_to_log(notes: bool = True) -> Callable | None:
    """Qt's own messages ("This plugin does not support propagateSizeHints()", font warnings …) are English notes
    for developers: they go to the log file (operations.error_log), never to the user's console or screen.

    Installed before the QApplication exists, so the platform plugin's start-up notes go there too. With
    `notes` False (the self-test, which leaves nothing behind) only Qt's errors are logged, its notes dropped.
    Returns the handler it replaced.
    """
    _qt_notes["keep"] = notes
    return qInstallMessageHandler(_qt_message)


def make_application(argv: list[str] | None = None, qt_notes: bool = False) -> QApplication:
    """The QApplication with names (for QSettings and QStandardPaths), Chinese Qt texts and a CJK font.

    Qt's messages go to the log, never the console (send_qt_messages_to_log); its notes only with `qt_notes`.
    """
    send_qt_messages_to_log(qt_notes)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):  # fmt: skip
        app.installTranslator(translator)
    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    icon = Path(__file__).resolve().parent.parent / "resources" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def ask_profile(store, registry, current: Profile, parent=None) -> Profile | None:
    """The first-start dialog; None when the user cancels."""
    from gui.profile_dialog import ProfileDialog

    dialog = ProfileDialog(registry, current, parent)
    return dialog.profile() if dialog.exec() else None


class Asker:
    """The questions asked before the window is up, as modal message boxes.

    Tests give a scripted one (the answers a user would click) instead; nothing else differs.
    """

    def choose(self, title: str, text: str, buttons: Sequence[str], critical: bool = False) -> int:
        """Index of the button clicked; -1 when the box was closed."""
        icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning
        box = QMessageBox(icon, title, text)
        made = [box.addButton(label, QMessageBox.ButtonRole.AcceptRole if i == 0 else QMessageBox.ButtonRole.RejectRole)
                for i, label in enumerate(buttons)]  # fmt: skip
        box.exec()
        clicked = box.clickedButton()
        return made.index(clicked) if clicked in made else -1

    def tell(self, title: str, text: str, critical: bool = False) -> None:
        (QMessageBox.critical if critical else QMessageBox.information)(None, title, text)


@dataclass
class OpenedStore:
    """What start-up opened: the store, the lock (None when read-only) and what to tell once the window shows."""

    store: Store
    lock: StoreLock | None
    notices: list[str] = field(default_factory=list)

    def close(self) -> None:
        from storage.store_files import release_read_only

        self.store.close()
        if self.lock is not None:
            self.lock.release()
        release_read_only(self.store.path)


def open_for_window(db_path: Path, ask: Asker) -> OpenedStore | None:
    """Open the store for the window, asking the user what to do when it cannot simply be opened; None to quit.

    Another window has it: open read-only or quit. Damaged, empty or foreign: restore the newest good backup
    or quit (never rebuilt silently). The machine refuses writes (a write-protected file, a full disk during
    the pre-upgrade backup): read-only or quit. Then: network share warning, the day's first backup.
    """
    from gui.store_lock import StoreLock
    from operations.bootstrap import open_with_builtin
    from operations.upgrade import upgrade_notice
    from storage.backups import daily_backup, restore_backup
    from storage.db import DamagedStoreError, MachineError, StoreError, open_store, write_refusal
    from storage.faults import fault_message
    from storage.location import network_warning
    from storage.store_files import keep_read_only

    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)  # the user data folder, on the very first start
    except OSError as exc:
        ask.tell("无法打开数据库", f"无法建立数据文件夹 {db_path.parent}：{fault_message(exc)}", critical=True)
        return None
    lock: StoreLock | None = StoreLock(db_path)
    if lock is not None and not lock.acquired and not lock.impossible:
        if ask.choose("数据库已打开", lock.message(db_path), ["以只读方式打开", "退出"]) != 0:
            return None
        holder = lock.holder.describe() if lock.holder else "另一个程序窗口"
        keep_read_only(db_path, f"{holder}正在使用此数据库")
        lock = None
    notices: list[str] = []
    store = None
    for _attempt in range(2):
        try:
            store = open_with_builtin(db_path)
            break
        except DamagedStoreError as exc:
            if exc.backup is None or ask.choose("数据库无法使用", str(exc), ["用最近的备份恢复", "退出"], True) != 0:
                if exc.backup is None:
                    ask.tell("数据库无法使用", str(exc), critical=True)
                break
            try:
                notices.append(restore_backup(db_path, exc.backup.path).message)
            except StoreError as failure:
                ask.tell("恢复失败", str(failure), critical=True)
                break
        except MachineError as exc:
            text = f"{exc}\n\n可以以只读方式打开：只能查看、导出草稿和打印，不能修改。"
            if ask.choose("无法写入数据库", text, ["以只读方式打开", "退出"], True) != 0:
                break
            keep_read_only(db_path, str(exc).split("。")[0])
            try:
                store = open_store(db_path, read_only=True)
            except StoreError as failure:
                ask.tell("无法打开数据库", str(failure), critical=True)
            break
        except StoreError as exc:
            ask.tell("无法打开数据库", str(exc), critical=True)
            break
    if store is None:
        if lock is not None:
            lock.release()
        return None
    if not store.read_only:
        refusal = write_refusal(store)
        if refusal:
            keep_read_only(db_path, refusal)
            store.read_only, store.read_only_reason = True, refusal
            notices.append(f"{refusal}。程序以只读方式打开，只能查看。")
    if not store.read_only:
        notice = upgrade_notice(store)
        if notice:
            notices.append(notice)
        try:
            if not store.created:  # a store made just now holds only the built-in data
                daily_backup(store)
        except StoreError as exc:
            notices.append(f"今日自动备份失败：{exc}")
    warning = network_warning(db_path)
    if warning:
        notices.append(warning)
    if store.read_only and lock is not None:
        lock.release()  # nothing will be written: another window may have it for editing
        lock = None
    return OpenedStore(store, lock, notices)


def run_app(db_path: Path, reset_profile: bool = False) -> int:
    """Open the store (creating it with the built-in data on first start) and run the window."""
    from gui.faults import install_excepthook
    from gui.main_window import MainWindow
    from operations.error_log import start_error_log
    from storage.settings import load_profile, save_profile
    from storage.units import unit_registry

    start_error_log()  # first, so Qt's notes while it starts are kept there too
    app = make_application(qt_notes=True)
    install_excepthook()
    opened = open_for_window(db_path, Asker())
    if opened is None:
        return 2
    store = opened.store
    for notice in opened.notices:
        QMessageBox.information(None, APP_NAME, notice)
    profile = load_profile(store)
    if reset_profile or not profile.is_set:
        chosen = ask_profile(store, unit_registry(store), profile)
        if chosen is None:
            opened.close()
            return 0
        if not store.read_only:
            save_profile(store, chosen)
        profile = chosen
    window = MainWindow(store, profile)
    window.show()
    status = app.exec()
    from gui.workers import wait_for_jobs

    wait_for_jobs()
    opened.close()
    return status

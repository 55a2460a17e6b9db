"""No fault is silent in the window: every database or file error becomes a Chinese message, and the log
keeps the traceback. Also the last resort: sys.excepthook shows a dialog instead of dying quietly."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from domain.achievements import InputError
from domain.periods import cn_datetime
from operations.error_log import log_failure, log_path
from storage.db import StoreError
from storage.faults import fault_message, is_machine_fault
from version import APP_NAME

# What a write from the window may raise: each is shown to the user, none is a crash.
WRITE_FAILURES = (StoreError, InputError, sqlite3.Error, OSError)
INTERNAL = "程序内部错误"
# Exceptions of these packages carry a Chinese message written for the user.
OUR_PACKAGES = ("domain", "storage", "importers", "exporters", "operations", "gui", "cli")


def speaks_chinese(exc: BaseException) -> bool:
    """True for our own exceptions (their messages are written for users), False for a library's."""
    return type(exc).__module__.split(".")[0] in OUR_PACKAGES and not isinstance(exc, (sqlite3.Error, OSError))


def is_machine_failure(exc: BaseException) -> bool:
    """Disk full, read-only file, lock held, I/O error: the machine refused, not the rules."""
    if isinstance(exc, StoreError):
        return exc.machine
    return is_machine_fault(exc)


def describe_failure(exc: BaseException) -> str:
    """The Chinese sentence for an error; a fault of the machine or a bug is also logged with its traceback.

    Never the library's English: a raw SQLite or OS error is translated, and an unexpected exception is
    called an internal error with a pointer to the log.
    """
    if isinstance(exc, (sqlite3.Error, OSError)):
        text = fault_message(exc)
    elif speaks_chinese(exc):
        text = str(exc)
    else:
        text = f"{INTERNAL}，详细信息已记入日志：{log_path()}"
    if is_machine_failure(exc) or not (speaks_chinese(exc) or isinstance(exc, (sqlite3.Error, OSError))):
        log_failure(text, exc)
    return text


_boxes: list[QMessageBox] = []  # open message boxes, kept alive until closed


def show_failure(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A warning the user must see, shown without blocking (the window stays usable, tests are not stuck)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    _boxes.append(box)
    box.finished.connect(lambda _=0: _boxes.remove(box) if box in _boxes else None)
    box.open()
    return box


def open_log_folder() -> bool:
    """帮助 → 打开日志文件夹: the folder of the error log, made if it is not there yet."""
    folder = log_path().parent
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


_in_hook = False


def unexpected_error(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook for the window: log the traceback, tell the user in Chinese, keep the program running."""
    global _in_hook
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    exc.__traceback__ = tb
    if isinstance(exc, (sqlite3.Error, OSError)):
        shown = fault_message(exc)
    else:
        shown = str(exc) if speaks_chinese(exc) else INTERNAL
    log_failure(f"未处理的错误：{shown}", exc)  # nobody caught it: a bug worth a support person's look
    if _in_hook or QApplication.instance() is None:
        return  # a failure while telling of a failure: the log has it
    _in_hook = True
    try:
        show_failure(
            QApplication.activeWindow(), APP_NAME,
            f"{shown}（{cn_datetime(datetime.now())}）。刚才的操作可能没有完成，已保存的数据不受影响。\n\n"
            f"详细信息已记入日志：{log_path()}\n可在“帮助 → 打开日志文件夹”找到它，发给技术支持。",
        )  # fmt: skip
    finally:
        _in_hook = False


def install_excepthook() -> None:
    """Route exceptions nobody caught (in slots, timers) to unexpected_error."""
    sys.excepthook = unexpected_error

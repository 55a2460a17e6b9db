"""Qt's own English notes ("This plugin does not support propagateSizeHints()") go to the log, never the console."""

from __future__ import annotations

from PySide6.QtCore import Qt, qInstallMessageHandler, qWarning
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from gui.app import send_qt_messages_to_log
from operations.error_log import start_error_log


def test_qt_warnings_reach_the_log_file_and_not_the_users_console(qtbot, tmp_path, capfd):
    log = start_error_log(tmp_path / "日志")
    capfd.readouterr()
    previous = send_qt_messages_to_log()
    try:
        # What the tester saw on the console: a window with a dock shown on a platform that cannot size it.
        window = QMainWindow()
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, QDockWidget("待办", window))
        window.setCentralWidget(QLabel("填报"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qWarning("QFont::setPointSizeF: Point size <= 0 (0.000000), must be greater than 0")
    finally:
        qInstallMessageHandler(previous)
        start_error_log()
    out, err = capfd.readouterr()
    assert "propagateSizeHints" not in out + err and "setPointSizeF" not in out + err
    text = log.read_text(encoding="utf-8")
    assert "WARNING" in text and "Qt：QFont::setPointSizeF: Point size <= 0" in text
    assert "propagateSizeHints" in text  # kept for a developer, with the time and the process


def test_the_self_test_keeps_qt_notes_off_the_console_and_out_of_the_users_folder(qtbot, tmp_path, capfd):
    log = start_error_log(tmp_path / "日志")
    capfd.readouterr()
    previous = send_qt_messages_to_log(notes=False)  # what make_application does for the self-test
    try:
        qWarning("This plugin does not support propagateSizeHints()")
    finally:
        qInstallMessageHandler(previous)
        start_error_log()
    out, err = capfd.readouterr()
    assert "propagateSizeHints" not in out + err and not log.exists()

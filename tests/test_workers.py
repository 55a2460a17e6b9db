"""Work off the GUI thread: a result that arrives after its window is gone is dropped, not shown on dead widgets."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from gui.workers import start_job, wait_for_jobs


def test_a_result_for_a_deleted_widget_is_dropped(qtbot):
    label = QLabel("读取中")
    release = threading.Event()
    shown: list[str] = []

    def work(progress, cancelled) -> str:
        release.wait(5)
        return "已读取"

    def done(text: str) -> None:
        label.setText(text)  # on a deleted label: RuntimeError, which pytest-qt reports as a failure
        shown.append(text)

    start_job(work, done, lambda exc: shown.append(f"失败：{exc}"), owner=label)
    label.deleteLater()
    QCoreApplication.sendPostedEvents(None, 0)  # the DeferredDelete: the label is gone before the work ends
    release.set()
    assert wait_for_jobs()
    qtbot.wait(50)  # the queued result arrives and is dropped
    assert shown == []


def test_a_result_for_a_living_widget_is_shown(qtbot):
    label = QLabel("读取中")
    qtbot.addWidget(label)
    start_job(lambda progress, cancelled: "已读取", label.setText, lambda exc: None, owner=label)
    qtbot.waitUntil(lambda: label.text() == "已读取", timeout=5000)

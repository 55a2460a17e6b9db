"""What the city-view tests share: letting a window's background work finish before the window goes."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from gui.workers import wait_for_jobs


def settle(rounds: int = 5) -> None:
    """Wait for the workers and deliver their results (which may start more work) while the windows exist.

    A result delivered after its window was deleted would land in the next test; so would a refresh that
    a window's timer starts later, so the windows' timers are stopped first.
    """
    for window in QApplication.topLevelWidgets():
        for timer in window.findChildren(QTimer):
            timer.stop()
    for _ in range(rounds):
        wait_for_jobs()
        QApplication.processEvents()
        if QThreadPool.globalInstance().activeThreadCount() == 0:
            QApplication.processEvents()
            if QThreadPool.globalInstance().activeThreadCount() == 0:
                return

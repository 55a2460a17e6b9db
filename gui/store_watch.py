"""The window notices when another program (the command line, another window) changes its store.

`PRAGMA data_version` on the window's own connection changes only when some other connection commits; it
costs next to nothing, so a timer asks it every second and a half. The grid reloads, except while a cell
is being edited (the typed text would be lost): then it waits for the next tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView

from gui.faults import WRITE_FAILURES, describe_failure
from gui.workers import writes_finished, writes_running

if TYPE_CHECKING:
    from gui.main_window import MainWindow

POLL_MS = 1500


class StoreWatcher(QObject):
    """Polls the window's store; `changed` after a refresh it caused."""

    changed = Signal()

    def __init__(self, window: MainWindow, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.window = window
        self._seen = self._version()
        self._failed = False
        self._announce = False
        self._jobs_seen = writes_finished()  # the window's own workers that had ended at the last tick
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        # The window's own workers (import, 报送) also commit on connections of their own; the reload they
        # lead to already shows their change, so what was seen by then is not news.
        window.loaded.connect(self._mark_seen)

    def _version(self) -> int | None:
        try:
            return self.window.store.data_version()
        except WRITE_FAILURES:
            return None

    def _mark_seen(self) -> None:
        version = self._version()
        if version is not None:
            self._seen = version
        if self._announce:  # said once the new figures show, after the loading messages
            self._announce = False
            self.window.show_message("数据库已在别处修改（如命令行或另一窗口），已刷新显示")

    def check(self) -> bool:
        """Reload if the store changed elsewhere; True when it did. Safe to call at any time."""
        try:
            version = self.window.store.data_version()
        except WRITE_FAILURES as exc:
            if not self._failed:  # said once, not every tick
                self._failed = True
                self.window.show_message(f"无法读取数据库：{describe_failure(exc)}")
            return False
        self._failed = False
        if writes_running():
            return False  # an import or 报送 commits on its own connection: wait until it has ended
        finished = writes_finished()
        own_work = finished != self._jobs_seen
        if version == self._seen:
            self._jobs_seen = finished
            return False
        if self.window.grid.state() == QAbstractItemView.State.EditingState:
            return False  # a cell is being typed into: reload on a later tick
        self._seen, self._jobs_seen = version, finished
        # After the window's own work the change is most likely its own: reload, but do not call it another's.
        self._announce = not own_work
        self.window.refresh_in_place()
        self.changed.emit()
        return True

"""Long work off the GUI thread: a pure function gets progress and cancel callbacks (as in Orange3)."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Work = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class Cancelled(Exception):
    """Raised by a progress callback when the user pressed 取消."""


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """Runs `work(progress, cancelled)` in the pool; results come back through queued signals."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int, message: str) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progressed.emit(done, total, message)

    def run(self) -> None:
        try:
            result = self.work(self._progress, self.cancelled)
        except Cancelled:
            self.signals.failed.emit(Cancelled())
        except Exception as exc:  # reported to the user in the GUI thread, never swallowed
            exc.details = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


_running: set[Job] = set()
_writing: set[Job] = set()  # the running jobs that may commit to the store
_finished = [0]  # writing jobs ended, for the store watcher to tell the window's own commits from others'


def writes_running() -> bool:
    """Whether a job that may write (import, 报送, collect: run_with_dialog) is running: its commits are the
    window's own, on a connection of its own, not another program's."""
    return bool(_writing)


def writes_finished() -> int:
    """How many such jobs have ended so far (done or failed): a count to compare, not a time."""
    return _finished[0]


def start_job(
    work: Work,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, int, str], None] | None = None,
    owner: QObject | None = None,
    writes: bool = False,
) -> Job:
    """Start work in the global thread pool; callbacks run in the GUI thread.

    With an `owner` (the widget whose slots the callbacks are), the callbacks are dropped once it has been
    deleted: a window closed while its worker ran must not have the result shown on its dead widgets.
    `writes`: the work may commit to the store (gui.store_watch then knows the change is the window's own).
    """
    job = Job(work)
    _running.add(job)
    if writes:
        _writing.add(job)

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def ended() -> None:
        _running.discard(job)
        if job in _writing:
            _writing.discard(job)
            _finished[0] += 1

    def done(result: Any) -> None:
        ended()
        if alive():
            on_done(result)

    def failed(exc: BaseException) -> None:
        ended()
        if alive():
            on_error(exc)

    def progressed(done_count: int, total: int, message: str) -> None:
        if on_progress is not None and alive():
            on_progress(done_count, total, message)

    job.signals.finished.connect(done, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    if on_progress:
        job.signals.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(job)
    return job


def run_with_dialog(
    parent: QWidget,
    title: str,
    work: Work,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> Job:
    """Start work with a progress dialog that has a 取消 button; the window stays responsive."""
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progressed(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        dialog.setLabelText(message)

    def finish(result: Any) -> None:
        dialog.close()
        on_done(result)

    def fail(exc: BaseException) -> None:
        dialog.close()
        on_error(exc)

    job = start_job(work, finish, fail, progressed, writes=True)
    dialog.canceled.connect(job.cancel)
    return job


def wait_for_jobs(timeout_ms: int = 30000) -> bool:
    """Block until the pool is idle (for closing the window and for tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)

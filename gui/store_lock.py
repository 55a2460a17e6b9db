"""One store, one window: a QLockFile beside the store says which program has it open for editing.

The command line takes no lock (it writes in short transactions that SQLite serializes); a second window
is told who has the store (computer, process, since when) and may open it read-only.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QFileInfo, QLockFile

from domain.periods import cn_datetime


@dataclass(frozen=True)
class LockHolder:
    """Who holds the store: as the lock file records it."""

    host: str
    pid: int
    since: datetime | None

    @property
    def here(self) -> bool:
        return self.host in ("", socket.gethostname())

    def describe(self) -> str:
        where = "本机" if self.here else f"电脑“{self.host}”"
        since = f"自 {cn_datetime(self.since)} 起" if self.since else ""
        return f"{where}上的另一个程序窗口（进程号 {self.pid}）{since}"


class StoreLock:
    """The lock of one store; `acquired` or not, and if not, `holder` says who has it."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(str(store_path) + ".lock")
        self._lock = QLockFile(str(self.path))
        # Never stale by age: a window may stay open for days. A lock left by a program that died on this
        # computer is still taken over, since Qt checks whether its process is alive.
        self._lock.setStaleLockTime(0)
        self.acquired = bool(self._lock.tryLock(0))
        # A folder where no lock file can be made (read-only) is no sign of another window.
        self.impossible = not self.acquired and self._lock.error() != QLockFile.LockError.LockFailedError
        self.holder = None if self.acquired or self.impossible else self._holder()

    def _holder(self) -> LockHolder | None:
        info = self._lock.getLockInfo()
        if not info or len(info) < 2:
            return None
        pid, host = int(info[0]), str(info[1])
        modified = QFileInfo(str(self.path)).lastModified()
        since = modified.toPython() if modified.isValid() else None
        return LockHolder(host, pid, since)  # type: ignore[arg-type]

    def message(self, store_path: Path) -> str:
        """What the second window is told, in Chinese."""
        who = self.holder.describe() if self.holder else "另一个程序窗口"
        return (f"数据库 {store_path} 已由{who}打开。\n\n同一数据库同时只能在一个窗口中修改，以免互相覆盖。"
                "可以以只读方式打开（只能查看，对方的修改会自动刷新显示），或关闭对方窗口后再打开。")  # fmt: skip

    def release(self) -> None:
        if self.acquired:
            self._lock.unlock()
            self.acquired = False

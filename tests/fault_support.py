"""Real faults for the safety tests: a small disk that fills, a write-protected file, a lock held elsewhere,
a damaged page, a ledger with figures. Holds no tests itself.

A full disk is a tmpfs of a fixed size mounted in the test's temp folder, which needs root (CI and the
development container run as root); elsewhere those tests are skipped and say why. A write-protected file
is made with `chattr +i` as root (root ignores chmod) and with chmod otherwise.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.periods import Period
from operations.bootstrap import open_with_builtin
from storage.achievements import AchievementKey, record_achievement
from storage.plans import find_plan

OCT = Period.parse("2022-10")
PLAN = "优化营商环境创新创业"


class SmallDisk:
    """A tmpfs of `size` bytes; fill() takes its free space away, free() gives it back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.filler = path / "填满磁盘.bin"

    def fill(self, leave: int = 0) -> None:
        """Write until the disk is full, then give back `leave` bytes (SQLite needs 32 KB to open a WAL store)."""
        with self.filler.open("ab", buffering=0) as handle:  # unbuffered: nothing left to flush at close
            for size in (1 << 20, 65536, 4096, 1):  # big steps, then the last partial page too
                try:
                    while handle.write(b"\0" * size):
                        pass
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
        if leave:
            size = self.filler.stat().st_size
            os.truncate(self.filler, max(0, size - leave))

    def free(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.filler.unlink()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 3 MB disk in the test's folder (a ledger with the built-in data is about 150 KB)."""
    if os.geteuid() != 0:
        pytest.skip("a full disk is a tmpfs of fixed size, and mounting one needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if result.returncode != 0:
        pytest.skip(f"mount -t tmpfs refused here (no CAP_SYS_ADMIN): {result.stderr.decode(errors='replace')}")
    try:
        yield SmallDisk(mount)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@contextlib.contextmanager
def write_protected(path: Path) -> Iterator[str]:
    """The file cannot be written while inside: `chattr +i` as root, else chmod 444. Yields which was used."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("root ignores chmod, and chattr (to make the file immutable) is not installed")
        result = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if result.returncode != 0:
            pytest.skip(f"this file system has no immutable flag: {result.stderr.decode(errors='replace')}")
        try:
            yield "chattr +i"
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield "chmod 444"
        finally:
            path.chmod(mode)


@contextlib.contextmanager
def lock_held(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holds the write lock (as another program in the middle of an import would)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def ledger_with_figure(path: Path, actual: str = "12", who: str = "张三") -> int:
    """A ledger with the built-in data and one figure (北流市 237, 2022-10); closed again. The plan's id."""
    store = open_with_builtin(path)
    try:
        plan_id = find_plan(store, PLAN).id
        record_achievement(store, figure_key(plan_id), {"actual": actual}, who)
    finally:
        store.close()
    return plan_id


def figure_key(plan_id: int, period: Period = OCT, seq: str = "237") -> AchievementKey:
    return AchievementKey(plan_id, seq, "", "北流市", period)


def stored_actual(path: Path, period: str = "2022-10", seq: str = "237") -> float | None:
    """The figure as another program reading the file sees it (plain sqlite3, read-only)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT a.actual FROM achievements a JOIN indicators i ON i.id = a.indicator_id "
            "JOIN tasks t ON t.id = i.task_id JOIN units u ON u.id = a.unit_id "
            "WHERE u.name = '北流市' AND t.seq = ? AND a.period = ?",
            (seq, period),
        ).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def damage_a_page(path: Path) -> None:
    """Overwrite the first page of the achievements table with garbage, as a failing disk would."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'achievements'").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))

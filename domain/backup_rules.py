"""Which backups of a store are kept, and how their files are named (pure rules, no files touched).

A backup file is named `<store stem>-<YYYYMMDD>-<HHMMSS>-<reason>[-n].sqlite3`, e.g.
`ledger-20261125-093000-导入前.sqlite3`, so Explorer sorts them by time and a user reads why each was taken.
Kept: the newest KEEP_LATEST, plus the newest of each calendar month for KEEP_MONTHS months; backups taken
before an upgrade and damaged stores moved aside are never deleted by the rotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

BACKUP_FOLDER = "备份"
BACKUP_SUFFIX = ".sqlite3"
KEEP_LATEST = 10
KEEP_MONTHS = 24


class BackupReason(StrEnum):
    """Why a backup was taken; the value is what the file name and the list show."""

    DAILY = "每日"
    MANUAL = "手动"
    IMPORT = "导入前"
    COLLECT = "收取前"
    UNLOCK = "解锁前"
    UPGRADE = "升级前"
    RESTORE = "恢复前"
    DELETE_PLAN = "删除方案前"
    DAMAGED = "损坏"  # a damaged store moved aside when a backup was restored over it

    @property
    def action(self) -> str:
        """The user's action a backup "before" protects: 导入, 收取, 解锁, 升级, 恢复."""
        return self.value.removesuffix("前")

    @property
    def rotated(self) -> bool:
        """False for the copies that are rare and irreplaceable: the old version's store, a damaged one."""
        return self not in (BackupReason.UPGRADE, BackupReason.DAMAGED, BackupReason.DELETE_PLAN)


@dataclass(frozen=True, order=True)
class BackupName:
    """What a backup's file name says."""

    taken: datetime
    reason: BackupReason
    serial: int = 1

    def file_name(self, stem: str) -> str:
        serial = f"-{self.serial}" if self.serial > 1 else ""
        return f"{stem}-{self.taken:%Y%m%d-%H%M%S}-{self.reason.value}{serial}{BACKUP_SUFFIX}"


_REASONS = "|".join(r.value for r in BackupReason)
_NAME = re.compile(
    rf"-(?P<date>\d{{8}})-(?P<time>\d{{6}})-(?P<reason>{_REASONS})(?:-(?P<serial>\d+))?{re.escape(BACKUP_SUFFIX)}$"
)


def backup_file_name(stem: str, taken: datetime, reason: BackupReason, taken_names: Iterable[str] = ()) -> str:
    """The file name for a new backup, with a serial when the same second and reason is already taken."""
    existing = set(taken_names)
    serial = 1
    while (name := BackupName(taken.replace(microsecond=0), reason, serial).file_name(stem)) in existing:
        serial += 1
    return name


def parse_backup_name(stem: str | None, file_name: str) -> BackupName | None:
    """The time and reason a backup file of the store `stem` was named with; None for any other file.

    With `stem` None, a backup of any store (a file the user picked from elsewhere).
    """
    if stem is None:
        match = _NAME.search(file_name)
        if match is None or match.start() == 0:
            return None
    elif not file_name.startswith(stem + "-"):
        return None
    else:
        match = _NAME.fullmatch(file_name[len(stem) :])
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["date"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return BackupName(taken, BackupReason(match["reason"]), int(match["serial"] or 1))


def _month(moment: datetime) -> int:
    return moment.year * 12 + moment.month - 1


def backups_to_keep(backups: Iterable[BackupName], now: datetime) -> set[BackupName]:
    """The backups the rotation keeps: the newest KEEP_LATEST, the newest of each of the last KEEP_MONTHS
    calendar months (counting the current one), and every one that is not rotated (upgrade, damaged)."""
    rotated = sorted((b for b in backups if b.reason.rotated), reverse=True)
    keep = {b for b in backups if not b.reason.rotated}
    keep.update(rotated[:KEEP_LATEST])
    months_seen: set[int] = set()
    for backup in rotated:  # newest first, so the first of each month is its newest
        month = _month(backup.taken)
        if month in months_seen or _month(now) - month >= KEEP_MONTHS:
            continue
        months_seen.add(month)
        keep.add(backup)
    return keep


def backups_to_delete(backups: Iterable[BackupName], now: datetime) -> list[BackupName]:
    """The complement of backups_to_keep, oldest first."""
    every = list(backups)
    keep = backups_to_keep(every, now)
    return sorted(b for b in every if b not in keep)


def backup_taken_on(backups: Iterable[BackupName], day: datetime) -> bool:
    """Whether any backup was taken on the calendar day of `day` (the daily backup is then not due)."""
    return any(b.taken.date() == day.date() for b in backups)

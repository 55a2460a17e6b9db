"""Backups of the store: consistent copies through SQLite's online backup API, kept in `备份` beside it.

Never a file copy of a live store: figures still in the -wal file would be lost. Every copy is written under
a temporary name, made self-contained (rollback journal, no -wal needed), checked, flushed to disk and only
then given its name, so a failed backup (disk full) leaves no empty or partial file. Which backups are kept
and how they are named are the pure rules of domain.backup_rules.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from domain.backup_rules import (
    BACKUP_FOLDER,
    BackupName,
    BackupReason,
    backup_file_name,
    backup_taken_on,
    backups_to_delete,
    parse_backup_name,
)
from domain.periods import cn_datetime
from storage.db import (
    LEDGER_TABLES,
    DamagedStoreError,
    MachineError,
    Store,
    StoreError,
    fault_error,
    open_store,
    upgrade,
)
from storage.schema import SCHEMA_VERSION
from storage.store_files import SQLITE_HEADER, read_only_uri


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the 备份与恢复 list shows it."""

    path: Path
    taken: datetime
    reason: BackupReason
    size: int
    figures: int | None  # achievements in it; None when it cannot be read
    version: int | None
    problem: str = ""  # why it cannot be restored; "" when it can

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    @property
    def restorable(self) -> bool:
        return not self.problem

    def describe(self) -> str:
        figures = f"{self.figures} 项完成情况" if self.figures is not None else "无法读取"
        return f"{cn_datetime(self.taken)} {self.reason.value}备份（{figures}）"


def size_text(size: int) -> str:
    """1.2 MB, 350 KB: a file's size as Explorer shows it."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def count_figures(store: Store) -> int:
    """How many achievements the store holds (what the backup list and messages count)."""
    return store.one("SELECT count(*) FROM achievements")[0]


def backup_folder(store_path: str | Path) -> Path:
    """The `备份` folder beside the store."""
    return Path(store_path).parent / BACKUP_FOLDER


def write_copy(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent, self-contained copy of the open database at `target`, replacing it only when complete.

    Raises MachineError (disk full, no permission…) or StoreError; then no file is left behind and an
    existing `target` is unchanged.
    """
    temp = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")
    try:
        dest = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # the copy carries the source's WAL flag; one file
            if dest.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise StoreError("写出的副本未通过完整性检查")
        finally:
            dest.close()
        _flush(temp)
        os.replace(temp, target)
        _flush_folder(target.parent)
    except (sqlite3.Error, OSError) as exc:
        raise fault_error(exc, f"无法写入 {target}：", with_file=False) from exc  # not the temporary name
    finally:
        for leftover in (temp, *(temp.with_name(temp.name + s) for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return target


def _flush(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to flush it; its rename is already durable
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _names(store_path: Path) -> dict[BackupName, Path]:
    folder = backup_folder(store_path)
    if not folder.is_dir():
        return {}
    found = {}
    for entry in folder.iterdir():
        name = parse_backup_name(store_path.stem, entry.name)
        if name is not None and entry.is_file():
            found[name] = entry
    return found


def take_backup(store: Store, reason: BackupReason, now: datetime | None = None) -> Path:
    """Back up the open store into `备份` and apply the rotation; the new file's path.

    Raises MachineError or StoreError with a Chinese message saying why (disk full…); nothing is left
    behind then. Must not be called inside a transaction.
    """
    if store.in_transaction:
        raise StoreError("备份须在事务之外进行")
    now = now or datetime.now()
    folder = backup_folder(store.path)
    try:
        folder.mkdir(exist_ok=True)
        taken = {p.name for p in folder.iterdir()}
    except OSError as exc:
        raise fault_error(exc, f"无法建立备份文件夹 {folder}：") from exc
    target = folder / backup_file_name(store.path.stem, now, reason, taken)
    try:
        write_copy(store.conn, target)
    except StoreError as exc:
        reason = str(exc).removeprefix(f"无法写入 {target}：")
        raise type(exc)(f"备份失败：{reason}（备份文件夹 {folder}）") from exc
    prune_backups(store.path, now)
    return target


def backup_before(store: Store, reason: BackupReason, *, skip: bool = False) -> Path | None:
    """The backup taken before an import, a collect or an unlock; the operation is refused if it fails.

    Raises MachineError/StoreError saying the backup failed and the operation was not done. Nothing is
    taken when `skip` (a dry run) or inside a transaction, where the caller's own change is not yet made.
    """
    if skip or store.in_transaction:
        return None
    try:
        return take_backup(store, reason)
    except StoreError as exc:
        raise type(exc)(f"{exc}。为保护数据，未执行{reason.action}；请清理磁盘或检查文件夹权限后重试") from exc


def prune_backups(store_path: str | Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation no longer keeps; the files deleted.

    A file that cannot be deleted (in use) stays and is tried again next time.
    """
    names = _names(Path(store_path))
    deleted = []
    for name in backups_to_delete(names, now or datetime.now()):
        with contextlib.suppress(OSError):
            names[name].unlink()
            deleted.append(names[name])
    return deleted


def daily_backup(store: Store, now: datetime | None = None) -> Path | None:
    """The first start of a day backs the store up; None when a backup was already taken today.

    A read-only store is not backed up (its folder may be read-only too, and nothing changes in it).
    """
    now = now or datetime.now()
    if store.read_only or backup_taken_on(_names(store.path), now):
        return None
    return take_backup(store, BackupReason.DAILY, now)


def _inspect(path: Path, full: bool) -> tuple[int | None, int | None, str]:
    """(figures, schema version, problem) of a backup file, read without writing a byte to it."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None, None, "不是数据库文件，或已损坏"
        conn = _read_only(path)
    except (OSError, sqlite3.Error) as exc:
        return None, None, f"无法读取：{fault_error(exc)}"
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if any(t not in tables for t in LEDGER_TABLES):
            return None, version, "不是台账数据库"
        figures = conn.execute("SELECT count(*) FROM achievements").fetchone()[0]
        if full and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return figures, version, "已损坏（完整性检查未通过）"
    except sqlite3.Error:
        return None, None, "已损坏，无法读取"
    finally:
        conn.close()
    if version > SCHEMA_VERSION:
        return figures, version, f"由更新版本的程序写成（结构版本 {version}），请先升级程序"
    return figures, version, ""


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads a file without writing to it, with its -wal if it has one.

    A file on a read-only medium cannot get the -shm a read needs; without a -wal it is read as immutable.
    """
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if path.with_name(path.name + "-wal").exists():
            raise
        return sqlite3.connect(read_only_uri(path) + "&immutable=1", uri=True)


def list_backups(store_path: str | Path) -> list[BackupInfo]:
    """The store's backups, newest first, with their size and how many figures each holds."""
    found = []
    for name, path in _names(Path(store_path)).items():
        try:
            size = path.stat().st_size
        except OSError:
            continue  # deleted meanwhile
        figures, version, problem = _inspect(path, full=False)
        if name.reason is BackupReason.DAMAGED:
            problem = problem or "恢复时移开的损坏文件，仅供技术支持查看"
        found.append(BackupInfo(path, name.taken, name.reason, size, figures, version, problem))
    # Two backups in one second (a manual one right after the day's first) are told apart by the serial
    # their names get, else by which file was written last.
    return sorted(found, key=lambda b: (b.taken, _written(b.path)), reverse=True)


def _written(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def check_backup(path: str | Path) -> BackupInfo:
    """A backup file (of this store or any other) fully checked; StoreError saying why it cannot be restored."""
    file = Path(path)
    if not file.is_file():
        raise StoreError(f"找不到备份文件：{file}")
    name = parse_backup_name(None, file.name)
    figures, version, problem = _inspect(file, full=True)
    if problem:
        raise StoreError(f"{file} 不能用于恢复：{problem}")
    taken = name.taken if name else datetime.fromtimestamp(file.stat().st_mtime)
    reason = name.reason if name else BackupReason.MANUAL
    return BackupInfo(file, taken, reason, file.stat().st_size, figures, version)


def newest_good_backup(store_path: str | Path) -> BackupInfo | None:
    """The newest backup that passes the integrity check, or None."""
    for info in list_backups(store_path):
        if not info.restorable:
            continue
        figures, version, problem = _inspect(info.path, full=True)
        if not problem:
            return info
    return None


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup it restored, the copy of the store taken first, a damaged file moved."""

    restored: BackupInfo
    saved_before: Path | None
    moved_aside: Path | None

    @property
    def message(self) -> str:
        lines = [f"已恢复 {self.restored.describe()}。"]
        if self.saved_before:
            lines.append(f"恢复前的数据库已另存为备份：{self.saved_before}")
        if self.moved_aside:
            lines.append(f"原来的损坏文件已移到：{self.moved_aside}")
        return "\n".join(lines)


def restore_backup(store_path: str | Path, backup: str | Path, live: Store | None = None) -> RestoreResult:
    """Put a backup's contents into the store at `store_path`; nothing is deleted.

    A healthy store is backed up first (恢复前) and then overwritten through the backup API, so a window
    that has it open sees the restored figures. A damaged, empty or foreign file is moved into `备份`
    (reason 损坏) and the backup copied in its place. An older backup is upgraded after restoring.
    `live` is the caller's open store of that path (the window's), used instead of opening another.
    Raises StoreError (the backup is not usable: nothing changed) or MachineError.
    """
    file = Path(store_path)
    info = check_backup(backup)
    if Path(backup).resolve() == file.resolve():
        raise StoreError("不能用数据库文件自身恢复")
    source = _read_only(info.path)
    try:
        if live is not None:
            return RestoreResult(info, _restore_into(live, source), None)
        if not file.exists():
            write_copy(source, file)
            open_store(file, create=False).close()  # upgrades an older backup
            return RestoreResult(info, None, None)
        try:
            store = open_store(file, create=False)
        except DamagedStoreError:
            moved = _move_aside(file)
            write_copy(source, file)
            open_store(file, create=False).close()
            return RestoreResult(info, None, moved)
        with store:
            return RestoreResult(info, _restore_into(store, source), None)
    except sqlite3.Error as exc:
        raise fault_error(exc, "恢复失败：") from exc
    finally:
        source.close()


def _restore_into(store: Store, source: sqlite3.Connection) -> Path:
    if store.read_only:
        raise StoreError(f"只读方式打开的数据库不能恢复：{store.read_only_reason}")
    saved = take_backup(store, BackupReason.RESTORE)
    try:
        source.backup(store.conn)
    except sqlite3.Error as exc:
        raise fault_error(exc, f"恢复失败（恢复前的数据库已备份为 {saved}）：") from exc
    upgrade(store)
    return saved


def _move_aside(file: Path) -> Path:
    """Move a damaged store (and its -wal) into `备份`, named so the rotation never deletes it."""
    folder = backup_folder(file)
    try:
        folder.mkdir(exist_ok=True)
        name = backup_file_name(file.stem, datetime.now(), BackupReason.DAMAGED, {p.name for p in folder.iterdir()})
        target = folder / name
        os.replace(file, target)
        wal = file.with_name(file.name + "-wal")
        if wal.exists():
            os.replace(wal, target.with_name(target.name + "-wal"))
        with contextlib.suppress(OSError):
            file.with_name(file.name + "-shm").unlink()
    except OSError as exc:
        raise MachineError(f"无法移开损坏的数据库文件 {file}：{fault_error(exc)}") from exc
    return target

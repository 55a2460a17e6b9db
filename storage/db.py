"""Opening the store: one SQLite file per installation, migrated forward, WAL, foreign keys on."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from storage.faults import fault_message, is_machine_fault, sqlite_code
from storage.schema import MIGRATIONS, SCHEMA_VERSION
from storage.store_files import (
    SQLITE_HEADER,
    kept_read_only,
    publish_new_file,
    read_only_reason,
    read_only_uri,
    remove_quietly,
)

if TYPE_CHECKING:
    import sqlite_utils

# How long a write waits for another connection's transaction before giving up (seconds). Tests that hold
# a lock on purpose pass a shorter `busy_timeout` to open_store.
DEFAULT_BUSY_TIMEOUT = 10.0
LEDGER_TABLES = ("settings", "units", "plans", "achievements")


class StoreError(Exception):
    """A store that cannot be opened or a change that cannot be made; the message is Chinese.

    `machine` is True for a failure of the machine (disk full, permissions, lock held, I/O error, a damaged
    file) rather than of what the user asked for: the command line exits 1 for it instead of 2.
    """

    machine = False


class MachineError(StoreError):
    """The disk, the file system or another program refused: nothing was written (the transaction rolled back)."""

    machine = True


class DamagedStoreError(StoreError):
    """The file is not a usable ledger: empty (0 bytes), damaged, or another program's file. Left untouched.

    `kind` is "empty", "damaged" or "foreign"; `backup` is the newest good backup (storage.backups.BackupInfo)
    or None. The message offers that backup; the command line adds the `restore` command to run.
    """

    def __init__(self, path: Path, kind: str, problem: str) -> None:
        from storage.backups import newest_good_backup

        self.path = path
        self.kind = kind
        self.machine = kind != "foreign"
        self.backup = newest_good_backup(path)
        if self.backup is not None:
            offer = (f"可以用最近的完好备份恢复：{self.backup.describe()}（{self.backup.path}）。"
                     "恢复时，现有的这个文件会移到“备份”文件夹中保留，不会删除。")  # fmt: skip
        elif kind == "foreign":
            offer = "请检查所选的是否是台账数据库文件。"
        else:
            offer = f"“{path.parent / '备份'}”中没有可用的备份。请勿删除此文件，可请技术支持协助恢复。"
        super().__init__(f"{problem}。程序没有改动它，也不会另建新库代替它。{offer}")


class Store:
    """An open store. Use one per thread: SQLite connections are not shared across threads.

    `read_only` is True when this store may only be viewed (another window has it, the file is write-protected,
    or its upgrade could not be backed up); `read_only_reason` then says why, in Chinese.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.backup_path: Path | None = None
        self.migrated_from: int | None = None
        self.read_only = False
        self.read_only_reason = ""
        self.created = False  # set by operations.bootstrap when this open made a new store
        self._depth = 0

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' Database over this store's connection, made on first use.

        Its import (click, pluggy, dateutil and more) costs a start of the window a fifth of a second, and
        nothing on the way to the first screen needs it.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing change; nested uses join the outer transaction.

        A refusal by SQLite or the disk (full, read-only, locked, I/O error) rolls back and becomes a
        MachineError with a Chinese message; the caller's own exceptions pass through unchanged.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as exc:
                raise fault_error(exc) from exc
            try:
                yield self.conn
            except BaseException as exc:
                self._rollback()
                if _is_fault(exc):
                    raise fault_error(exc) from exc
                raise
            try:
                self.conn.execute("COMMIT")
            except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as exc:
                self._rollback()
                raise fault_error(exc) from exc
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            # SQLite may have rolled back already (it does after some I/O errors); nothing was written.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params).fetchall())

    def one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def data_version(self) -> int:
        """Changes when another connection (another window, the command line, a worker) commits."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_fault(exc: BaseException) -> bool:
    return isinstance(exc, (sqlite3.OperationalError, OSError)) or type(exc) is sqlite3.DatabaseError


def fault_error(exc: BaseException, prefix: str = "", with_file: bool = True) -> StoreError:
    """A database or file exception as a Chinese StoreError: MachineError when the machine refused."""
    kind = MachineError if is_machine_fault(exc) else StoreError
    return kind(prefix + fault_message(exc, with_file))


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _file_problem(file: Path) -> DamagedStoreError | None:
    """An empty or foreign file, told from its size and first bytes before SQLite touches it."""
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise MachineError(f"无法读取数据库文件 {file}：{fault_message(exc)}") from exc
    if size == 0:
        return DamagedStoreError(
            file, "empty",
            f"数据库文件 {file} 是空的（0 字节），里面没有任何数据：可能是上次保存时断电、磁盘已满，"
            "或被其他程序清空",
        )  # fmt: skip
    if head != SQLITE_HEADER:
        return DamagedStoreError(
            file, "foreign", f"{file} 不是台账数据库（不是 SQLite 数据库文件，可能是其他软件的文件或已严重损坏）"
        )
    return None


# Files this process has already checked whole, as they were then (path, inode, size, modification time):
# quick_check reads every page, which is milliseconds for a county's store but about half a second for a
# region-sized one, and the window reopens its store in a worker for every reload. A file changed on disk
# since (a checkpoint, or damage) is checked again.
_checked_files: set[tuple[str, int, int, int]] = set()


def _identity(file: Path) -> tuple[str, int, int, int] | None:
    try:
        status = file.stat()
        return str(file.resolve()), status.st_ino, status.st_size, status.st_mtime_ns
    except OSError:
        return None


def _check_contents(conn: sqlite3.Connection, file: Path, version: int) -> None:
    """PRAGMA quick_check (once per file per process), and the tables a ledger has: a damaged or foreign file
    is refused."""
    identity = _identity(file)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if identity is not None and identity in _checked_files:
            result = ["ok"]
        else:
            result = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
            raise DamagedStoreError(file, "damaged", f"数据库文件 {file} 已损坏（无法读取其结构）") from exc
        raise fault_error(exc) from exc
    if result != ["ok"]:
        raise DamagedStoreError(file, "damaged", f"数据库文件 {file} 已损坏（完整性检查未通过）")
    missing = [t for t in LEDGER_TABLES if t not in tables]
    if version > SCHEMA_VERSION:
        return  # a newer program's store: refused as such by the caller
    if (version == 0 and tables) or (version > 0 and missing):
        raise DamagedStoreError(file, "foreign", f"{file} 不是本程序的台账数据库（可能是其他软件的数据库）")
    if identity is not None:
        _checked_files.add(identity)


def _connect(file: Path, read_only: bool, busy_timeout: float) -> sqlite3.Connection:
    target = read_only_uri(file) if read_only else str(file)
    conn = sqlite3.connect(target, uri=read_only, isolation_level=None, check_same_thread=False, timeout=busy_timeout)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_store(
    path: str | Path, *, create: bool = True, read_only: bool | None = None, busy_timeout: float | None = None
) -> Store:
    """Open (and if needed create and migrate) the store at `path`.

    A missing file is created (unless `create` is False) atomically: built under a temporary name and
    renamed, so two programs starting at once cannot both build it. An empty (0-byte), damaged or foreign
    file raises DamagedStoreError and is left untouched; `PRAGMA quick_check` runs on the first open of a file
    in this process (later opens, such as the window's workers, check the structure only).
    An older store is backed up into the `备份` folder before it is migrated (`store.backup_path` and
    `store.migrated_from` then say so); if that backup fails (disk full), MachineError says so and the
    store is left as it was. A newer store is refused.
    `read_only` None means: as this process decided for this path (keep_read_only). A read-only store of an
    older version is migrated in memory only, so it can still be viewed.
    """
    file = Path(path)
    timeout = DEFAULT_BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    if file.is_dir():
        raise StoreError(f"{file} 是文件夹，不是数据库文件")
    if read_only is None:
        read_only = kept_read_only(file)
    if not file.exists():
        if not create or read_only:
            raise StoreError(f"数据库文件不存在：{file}")
        create_new_store(file)
    problem = _file_problem(file)
    if problem is not None:
        raise problem
    try:
        conn = _connect(file, read_only, timeout)
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) in (11, 26):
            raise DamagedStoreError(file, "damaged", f"数据库文件 {file} 已损坏（无法读取）") from exc
        raise _opening_error(file, exc) from exc
    except OSError as exc:
        raise _opening_error(file, exc) from exc
    try:
        _check_contents(conn, file, version)
    except BaseException:
        conn.close()
        raise
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"数据库 {file} 由更新版本的程序创建（结构版本 {version}，本程序支持 {SCHEMA_VERSION}），请升级程序"
        )
    if read_only:
        return _read_only_store(file, conn, version)
    store = Store(file, conn)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) != 8:  # a write-protected file in rollback mode stays so; write_refusal() tells
            conn.close()
            raise _opening_error(file, exc) from exc
    if version < SCHEMA_VERSION:
        try:
            upgrade(store, version)
        except BaseException:
            conn.close()
            raise
    return store


def _opening_error(file: Path, exc: BaseException) -> StoreError:
    return fault_error(exc, f"无法打开数据库文件 {file}：")


def _read_only_store(file: Path, conn: sqlite3.Connection, version: int) -> Store:
    if version < SCHEMA_VERSION:  # viewable as this version sees it, without writing a byte to the file
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        memory.row_factory = sqlite3.Row
        conn.backup(memory)
        conn.close()
        conn = memory
        _migrate(Store(file, conn), version, record=False)
    conn.execute("PRAGMA query_only = ON")
    store = Store(file, conn)
    store.read_only = True
    store.read_only_reason = read_only_reason(file) or "以只读方式打开"
    return store


def upgrade(store: Store, version: int | None = None) -> None:
    """Migrate an open store to this version: backed up into `备份` first, then one transaction.

    MachineError when the backup fails (the store is left as it was); StoreError when a migration fails
    (rolled back). Also used after restoring a backup of an older version.
    """
    from domain.backup_rules import BackupReason
    from storage.backups import take_backup

    version = schema_version(store.conn) if version is None else version
    if version >= SCHEMA_VERSION:
        return
    if version > 0:
        try:
            store.backup_path = take_backup(store, BackupReason.UPGRADE)
        except StoreError as exc:
            raise MachineError(f"{store.path} 需要升级到新版本，但升级前{exc}。数据库未升级，未作任何改动") from exc
        store.migrated_from = version
    try:
        _migrate(store, version)
    except (sqlite3.Error, ValueError, TypeError, StoreError) as exc:
        # The migration's transaction was rolled back: the store is as the older version left it.
        kind = MachineError if getattr(exc, "machine", False) else StoreError
        raise kind(f"{store.path} 升级到新版本时出错，数据库未作改动：{exc}") from exc


def write_refusal(store: Store) -> str | None:
    """Why this store cannot be written (a write-protected file), or None; writes nothing.

    SQLite opens a write-protected file read-only without saying so, and even BEGIN IMMEDIATE succeeds on
    it; so a harmless change is tried and rolled back. A lock held elsewhere is not a refusal.
    """
    if store.read_only:
        return store.read_only_reason
    conn = store.conn
    waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"PRAGMA user_version = {schema_version(conn)}")
    except sqlite3.OperationalError as exc:
        return None if sqlite_code(exc) in (5, 6) else fault_message(exc)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.execute(f"PRAGMA busy_timeout = {int(waited)}")
    return None


def create_new_store(file: Path) -> bool:
    """Create a store with the current schema at `file` unless one appears there first; True if ours won.

    Built under a temporary name in the same folder and published with a rename that never replaces an
    existing file, so two first starts on one path end with one complete store, never a mix.
    """
    temp = file.with_name(f".{file.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.new")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(temp, False, DEFAULT_BUSY_TIMEOUT)
        try:
            store = Store(temp, conn)
            _migrate(store, 0)
            conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to publish
        finally:
            conn.close()
        return publish_new_file(temp, file)
    except (sqlite3.Error, OSError) as exc:
        raise _opening_error(file, exc) from exc
    finally:
        remove_quietly(temp)


def create_store_at_version(path: str | Path, version: int) -> Store:
    """A new store as an older program left it: only the first `version` migrations have run.

    For the upgrade tests and the self-test, which need a store from the previous schema version to open.
    """
    if not 1 <= version <= SCHEMA_VERSION:
        raise ValueError(f"no schema version {version}")
    file = Path(path)
    conn = sqlite3.connect(file, isolation_level=None, check_same_thread=False, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")  # as every version has kept its store
    store = Store(file, conn)
    with store.transaction():
        for number in range(version):
            MIGRATIONS[number](conn)
        conn.execute(f"PRAGMA user_version = {int(version)}")
    return store


# Settings keys recording the last upgrade, so the notice survives until someone shows it
# (operations.upgrade.upgrade_notice), even when a command-line verb was the one that migrated.
UPGRADE_KEYS = ("upgrade.from", "upgrade.to", "upgrade.backup", "upgrade.at", "upgrade.shown")


def _migrate(store: Store, version: int, record: bool = True) -> None:
    with store.transaction() as conn:
        for number in range(version, SCHEMA_VERSION):
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        if version > 0 and record:
            record_values = (
                str(version),
                str(SCHEMA_VERSION),
                str(store.backup_path or ""),
                datetime.now().isoformat(timespec="seconds"),
                "0",
            )
            conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                zip(UPGRADE_KEYS, record_values, strict=True),
            )

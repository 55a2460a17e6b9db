"""Opening the store: one SQLite file per installation, migrated forward, WAL, foreign keys on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from storage.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(Exception):
    """A store that cannot be opened or a change that cannot be made; the message is Chinese."""


class Store:
    """An open store. Use one per thread: SQLite connections are not shared across threads."""

    def __init__(self, path: Path, db: sqlite_utils.Database) -> None:
        self.path = path
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.backup_path: Path | None = None
        self.migrated_from: int | None = None
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing change; nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self._depth = 1
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params).fetchall())

    def one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def backup_copy(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy of the open database, through SQLite's online backup API."""
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def open_store(path: str | Path, *, create: bool = True) -> Store:
    """Open (and if needed create and migrate) the store at `path`.

    An older store is copied to `<name>.v<old>-<timestamp>.bak` beside it before it is migrated;
    `store.backup_path` and `store.migrated_from` then say so. A newer store is refused.
    """
    file = Path(path)
    if not create and not file.exists():
        raise StoreError(f"数据库文件不存在：{file}")
    if file.exists() and file.is_dir():
        raise StoreError(f"{file} 是文件夹，不是数据库文件")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(file, isolation_level=None, check_same_thread=False, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        version = schema_version(conn)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreError(f"无法打开数据库文件 {file}：{exc}") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"数据库 {file} 由更新版本的程序创建（结构版本 {version}，本程序支持 {SCHEMA_VERSION}），请升级程序"
        )
    db = sqlite_utils.Database(conn)
    store = Store(file, db)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{file} 不是有效的数据库文件：{exc}") from exc
    if version < SCHEMA_VERSION:
        if version > 0:
            stamp = datetime.now().strftime("%Y%m%d%H%M%S")
            store.backup_path = backup_copy(conn, file.with_name(f"{file.name}.v{version}-{stamp}.bak"))
            store.migrated_from = version
        try:
            _migrate(store, version)
        except (sqlite3.Error, ValueError, TypeError) as exc:
            # The migration's transaction was rolled back: the store is as the older version left it.
            conn.close()
            raise StoreError(f"{file} 升级到新版本时出错，数据库未作改动：{exc}") from exc
    return store


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
    store = Store(file, sqlite_utils.Database(conn))
    with store.transaction():
        for number in range(version):
            MIGRATIONS[number](conn)
        conn.execute(f"PRAGMA user_version = {int(version)}")
    return store


# Settings keys recording the last upgrade, so the notice survives until someone shows it
# (operations.upgrade.upgrade_notice), even when a command-line verb was the one that migrated.
UPGRADE_KEYS = ("upgrade.from", "upgrade.to", "upgrade.backup", "upgrade.at", "upgrade.shown")


def _migrate(store: Store, version: int) -> None:
    with store.transaction() as conn:
        for number in range(version, SCHEMA_VERSION):
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        if version > 0:
            record = (
                str(version),
                str(SCHEMA_VERSION),
                str(store.backup_path or ""),
                datetime.now().isoformat(timespec="seconds"),
                "0",
            )
            conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                zip(UPGRADE_KEYS, record, strict=True),
            )

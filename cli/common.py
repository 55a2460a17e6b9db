"""What the verbs share: opening the store named by --db, or the user's own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from operations.bootstrap import open_with_builtin
from storage.db import Store, StoreError, open_store


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="DB", help="数据库文件（默认：本机用户数据文件夹中的台账数据库）")


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    from cli.paths import default_db_path

    return default_db_path()


def open_for(args: argparse.Namespace, *, must_exist: bool = False) -> Store:
    """The store named by --db (created with the built-in data if new); StoreError if it cannot be opened."""
    path = db_path(args)
    if must_exist and not path.exists():
        raise StoreError(f"数据库文件不存在：{path}")
    if not path.exists():
        return open_with_builtin(path)
    store = open_store(path)
    from operations.bootstrap import ensure_builtin
    from operations.upgrade import upgrade_notice

    ensure_builtin(store)
    notice = upgrade_notice(store)
    if notice:  # said once, on stderr, so a script reading stdout (dump --json) is not disturbed
        print(notice, file=sys.stderr)
    return store

"""What the verbs share: opening the store named by --db, or the user's own."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from cli import BadArgument
from cli.console import command_name
from domain.periods import Period, PeriodError, cn_datetime
from operations.bootstrap import open_with_builtin
from storage.db import Store, StoreError, open_store

# The same words for the same arguments in every verb's --help.
PLAN_HELP = "方案编号，或标题中唯一的一段文字"
UNIT_HELP = "填报单位，如 北流市（可用简称 北流）"
PERIOD_HELP = "填报期：2022-10、2022Q3、2022H1 或 2022"


def period_arg(text: str, flag: str = "--period") -> Period:
    """The period a user typed; BadArgument naming the flag when it is not one."""
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise BadArgument(f"{flag}：{exc}") from None


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="DB", help="数据库文件（默认：本机用户数据文件夹中的台账数据库）")


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    from cli.paths import default_db_path

    return default_db_path()


def open_for(args: argparse.Namespace, *, must_exist: bool = False, daily: bool = True) -> Store:
    """The store named by --db; StoreError (Chinese) if it cannot be opened.

    A --db in a folder that does not exist is a typo, never a new ledger: refused, nothing created. A missing
    file is created with the built-in data and said so on stderr (stdout stays clean for `dump`), unless
    `must_exist` — for verbs that record into a ledger, where a brand-new one almost always means a typo.
    An existing store gets start_of_day (network warning, the day's first backup) unless not `daily`.
    """
    path = db_path(args)
    given = bool(getattr(args, "db", None))
    if given and not path.parent.is_dir():
        raise StoreError(f"数据库所在文件夹不存在：{path.parent.absolute()}")
    if not path.exists():
        if must_exist:
            create = f"{command_name()} dump --db {path}" if given else f"{command_name()} dump，或先打开窗口"
            raise StoreError(f"数据库文件不存在：{path.absolute()}；新建数据库请先运行 {create}")
        store = open_with_builtin(path)
        print(f"已新建台账数据库：{path.absolute()}（已载入内置数据）", file=sys.stderr)
        return store
    store = open_store(path, create=False)
    from operations.bootstrap import ensure_builtin
    from operations.upgrade import upgrade_notice

    try:
        ensure_builtin(store)
        notice = upgrade_notice(store)
    except BaseException:
        store.close()  # the verb never gets the store, so it cannot close it
        raise
    if notice:  # said once, on stderr, so a script reading stdout (dump --json) is not disturbed
        print(notice, file=sys.stderr)
    if daily:
        start_of_day(store)
    return store


def start_of_day(store: Store) -> None:
    """What every start does after opening: warn of a network share; the day's first start backs up.

    Both only say something on stderr: a failed daily backup does not stop the verb (the one before an
    import, collect or unlock does stop it).
    """
    from operations.error_log import log_failure
    from storage.backups import daily_backup
    from storage.location import network_warning

    warning = network_warning(store.path)
    if warning:
        print(f"注意：{warning}", file=sys.stderr)
    try:
        daily_backup(store)
    except StoreError as exc:
        log_failure(f"今日自动备份失败：{exc}", exc)
        print(f"警告：今日自动备份失败：{exc}", file=sys.stderr)


def readable_time(text: str | None) -> str:
    """A stored ISO time (2026-11-25T20:32:58) as users read it: 2026年11月25日 20:32."""
    try:
        return cn_datetime(datetime.fromisoformat(text)) if text else ""
    except ValueError:
        return text or ""

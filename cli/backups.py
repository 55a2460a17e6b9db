"""`main.py backups`: list the store's backups (time, reason, size, figures), newest first."""

from __future__ import annotations

import argparse

from cli import BadArgument
from cli.common import add_db_argument, db_path
from domain.periods import cn_datetime
from storage.backups import backup_folder, list_backups


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("backups", help="列出数据库的备份（时间、原因、大小、完成情况项数），新的在前")
    add_db_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)  # not opened: the store may be the damaged file these backups are for
    if not path.parent.is_dir():
        raise BadArgument(f"数据库所在文件夹不存在：{path.parent.absolute()}")
    backups = list_backups(path)
    print(f"备份文件夹：{backup_folder(path).absolute()}")
    if not backups:
        print("（还没有备份）")
        return 0
    for info in backups:
        figures = f"{info.figures} 项完成情况" if info.figures is not None else "—"
        note = f"  （{info.problem}）" if info.problem else ""
        print(f"{cn_datetime(info.taken)}  {info.reason.value:<4}  {info.size_text:>8}  {figures:<12}  "
              f"{info.path.name}{note}")  # fmt: skip
    return 0

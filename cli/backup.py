"""`main.py backup`: back the store up now into `备份`, or write a self-contained copy with -o."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import BadArgument
from cli.common import add_db_argument, open_for
from cli.console import command_name
from storage.backups import BackupReason, count_figures, size_text, take_backup, write_copy


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backup",
        help="立即备份数据库（存入数据库旁的“备份”文件夹）；-o 另存一个可拷到其他电脑的完整副本",
        description=f"例：{command_name()} backup\n    {command_name()} backup -o D:\\台账副本.sqlite3",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="另存数据库副本到此文件（单个文件，不需要 -wal）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.output) if args.output else None
    if target is not None and not target.parent.is_dir():
        raise BadArgument(f"-o：文件夹“{target.parent.absolute()}”不存在")
    if target is not None and target.is_dir():
        raise BadArgument(f"-o：“{target}”是文件夹，请给出文件名，如 台账副本.sqlite3")
    store = open_for(args, must_exist=True, daily=False)
    with store:
        figures = count_figures(store)
        if target is None:
            path = take_backup(store, BackupReason.MANUAL)
            print(f"已备份：{path}（{figures} 项完成情况，{size_text(path.stat().st_size)}）")
            return 0
        if target.absolute() == store.path.absolute():
            raise BadArgument("-o：不能写到数据库文件自身")
        write_copy(store.conn, target)
    print(f"已另存数据库副本：{target.absolute()}（{figures} 项完成情况，{size_text(target.stat().st_size)}）。"
          "这是一个完整的单独文件，可拷到另一台电脑，用 restore 或“文件 → 备份与恢复 → 从文件恢复”载入")  # fmt: skip
    return 0

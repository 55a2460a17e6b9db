"""`main.py restore FILE`: put a backup back as the store; the current store is backed up (or moved aside) first."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import BadArgument
from cli.common import add_db_argument, db_path
from cli.console import command_name
from storage.backups import backup_folder, restore_backup


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "restore",
        help="用备份恢复数据库（恢复前先备份现有数据库；损坏的文件移到“备份”文件夹保留）",
        description=f"例：{command_name()} restore ledger-20261125-093000-导入前.sqlite3\n"
        "FILE 可以是 backups 列出的文件名，也可以是另存的数据库副本的路径。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(parser)
    parser.add_argument("file", metavar="FILE", help="备份文件（“备份”文件夹中的文件名，或任一台账数据库副本的路径）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.parent.is_dir():
        raise BadArgument(f"数据库所在文件夹不存在：{path.parent.absolute()}")
    backup = Path(args.file)
    if not backup.exists() and not backup.is_absolute() and (backup_folder(path) / backup).exists():
        backup = backup_folder(path) / backup
    if not backup.is_file():
        raise BadArgument(f"找不到备份文件：{args.file}（可用 backups 列出备份）")
    result = restore_backup(path, backup)
    print(result.message)
    print(f"数据库：{path.absolute()}")
    return 0

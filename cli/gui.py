"""`main.py` with no verb (or `main.py gui`): the window."""

from __future__ import annotations

import argparse
import os
import sys

from cli import EXIT_BAD_INPUT, EXIT_FAILED, VERBS, fail
from cli.common import add_db_argument, db_path
from cli.console import command_name


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("gui", help="打开窗口（默认）")
    add_db_argument(parser)
    parser.add_argument("--reset-profile", action="store_true", help="重新选择本机所属单位和填报人")
    parser.set_defaults(run=run)


def display_missing() -> bool:
    """No screen to draw on: Linux without X11 or Wayland, and no offscreen platform asked for."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if display_missing():
        verbs = "、".join(v.rstrip("_") for v in VERBS if v != "gui")
        return fail(
            f"没有可用的显示器，无法打开窗口。可改用命令行：{verbs}（{command_name()} --help 查看用法）", EXIT_FAILED
        )
    path = db_path(args)
    if args.db and not path.parent.is_dir():  # a typo, as for every verb: never a new folder
        return fail(f"数据库所在文件夹不存在：{path.parent.absolute()}", EXIT_BAD_INPUT)
    from gui.app import run_app

    return run_app(path, reset_profile=args.reset_profile)

"""The command line: `python main.py VERB …`; with no verb, the window opens."""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence

from version import APP_NAME, __version__

# Each verb lives in its own module with add_parser(subparsers) and run(args) -> int.
VERBS = ("gui", "dump", "set", "import_", "export", "collect", "selftest")
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

_ARGPARSE_ZH = [
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"one of the arguments (.*) is required", r"以下参数须给出其一：\1"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"参数 \1 的值 \3 无效"),
]


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its error messages in Chinese and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, repl in _ARGPARSE_ZH:
            message = re.sub(pattern, repl, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"错误：{message}\n")


def fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    """Print one clear Chinese line to stderr and return the exit status."""
    print(f"错误：{message}", file=sys.stderr)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="main.py",
        description=f"{APP_NAME} {__version__}：县级科技部门的指标任务、完成情况与报表。不带命令时打开窗口。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="verb", title="命令", metavar="命令", parser_class=ChineseArgumentParser)
    for name in VERBS:
        importlib.import_module(f"cli.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("--db") or args_list[0] in ("--reset-profile",):
        args_list = ["gui", *args_list]
    args = parser.parse_args(args_list)
    return int(args.run(args) or 0)

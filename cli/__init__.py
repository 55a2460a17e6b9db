"""The command line: `python main.py VERB …`; with no verb, the window opens."""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import re
import sys
from collections.abc import Sequence

from cli.console import prog_name, setup_output
from storage.db import StoreError
from version import APP_NAME, __version__

# Each verb lives in its own module with add_parser(subparsers) and run(args) -> int.
VERBS = ("gui", "dump", "set", "unlock", "profile", "import_", "export", "collect", "selftest")
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

_ARGPARSE_ZH = [
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"one of the arguments (.*) is required", r"以下参数须给出其一：\1"),
    (r"argument (\S+): invalid (\S+) value: (.*)", r"参数 \1 的值 \3 无效"),
    (r"argument (\S+): expected at least one argument", r"参数 \1 后面至少需要一个值"),
    (r"argument (\S+): ignored explicit argument (.*)", r"参数 \1 不接受值 \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"参数 \1 不明确，可能是：\2"),
]
USAGE_PREFIX = "用法："


class _ChineseUsage(argparse.HelpFormatter):
    """Says 用法： where argparse says "usage: "; mixed into whichever formatter a parser asks for."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[override]
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


@functools.cache
def _chinese_formatter(formatter_class: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    if issubclass(formatter_class, _ChineseUsage):
        return formatter_class
    return type(f"Chinese{formatter_class.__name__}", (_ChineseUsage, formatter_class), {})


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse in Chinese: usage prefix, group titles, -h/--help, error messages; bad input exits 2.

    Done with argparse's public hooks (formatter_class, add_help, group titles) rather than by patching
    its gettext function, which would change every parser in the process.
    """

    def __init__(
        self, *args, formatter_class: type[argparse.HelpFormatter] = argparse.HelpFormatter, add_help: bool = True,
        **kwargs,
    ) -> None:  # fmt: skip
        super().__init__(*args, formatter_class=_chinese_formatter(formatter_class), add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def format_help(self) -> str:
        text = super().format_help()
        for group in self._action_groups:  # argparse ends each group title with an ASCII colon
            if group.title:
                text = text.replace(f"\n{group.title}:\n", f"\n{group.title}：\n")
        return text

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, repl in _ARGPARSE_ZH:
            message = re.sub(pattern, repl, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"错误：{message}\n")


class BadArgument(Exception):
    """A bad command-line value; main() prints it as one Chinese line and exits with status 2."""


def fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    """Print one clear Chinese line to stderr and return the exit status."""
    print(f"错误：{message}", file=sys.stderr)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog=prog_name(),
        description=f"{APP_NAME} {__version__}：县级科技部门的指标任务、完成情况与报表。不带命令时打开窗口。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="显示程序名称和版本号并退出"
    )
    sub = parser.add_subparsers(dest="verb", title="命令", metavar="命令", parser_class=ChineseArgumentParser)
    for name in VERBS:
        importlib.import_module(f"cli.{name}").add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    setup_output()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("--db") or args_list[0] in ("--reset-profile",):
        args_list = ["gui", *args_list]
    args = parser.parse_args(args_list)
    try:
        return int(args.run(args) or 0)
    except (BadArgument, StoreError) as exc:  # before anything was written: every change is one transaction
        return fail(str(exc))
    except BrokenPipeError:
        # `dump | head` closed the pipe: not an error of ours. Point stdout at devnull so that Python's
        # flush at exit does not raise again (as the signal docs advise).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

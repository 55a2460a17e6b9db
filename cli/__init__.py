"""The command line: `python main.py VERB …`; with no verb, the window opens."""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import re
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from domain.text_safety import UnsafeText, safe_name
from operations.error_log import log_failure, log_path, start_error_log
from storage.db import DamagedStoreError, StoreError
from storage.faults import fault_message, is_machine_fault
from version import APP_NAME, __version__

# Each verb lives in its own module with add_parser(subparsers) and run(args) -> int.
VERBS = ("gui", "dump", "set", "unlock", "profile", "import_", "export", "collect", "backup", "backups", "restore",
         "selftest")  # fmt: skip
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


def fail(message: str, status: int | None = None) -> int:
    """Print one clear Chinese line to stderr and return the exit status.

    Without `status`: 2 (bad input), or 1 when called while handling a failure of the machine (a StoreError
    whose `machine` is set: disk full, read-only file, lock held, I/O error), which is also logged. So every
    verb's `except StoreError: return fail(str(exc))` exits as the fault deserves.
    """
    if status is None:
        handling = sys.exc_info()[1]
        status = EXIT_FAILED if getattr(handling, "machine", False) else EXIT_BAD_INPUT
        if status == EXIT_FAILED and handling is not None:
            log_failure(message, handling)
    print(f"错误：{message}", file=sys.stderr)
    return status


def command_name() -> str:
    """How the user starts the command line: the exe's name when packaged, else python main.py."""
    return Path(sys.executable).name if getattr(sys, "frozen", False) else "python main.py"


def restore_hint(exc: DamagedStoreError) -> str:
    """The command that restores the newest good backup over a damaged store, or nothing without one."""
    if exc.backup is None:
        return ""
    return f"\n恢复命令：{command_name()} restore \"{exc.backup.path}\" --db \"{exc.path}\""


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="main.py",
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
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("--db") or args_list[0] in ("--reset-profile",):
        args_list = ["gui", *args_list]
    args = parser.parse_args(args_list)
    start_error_log()
    # The one top-level handler: a Chinese message and no traceback on the screen; exit 2 for bad input,
    # 1 for a failure of the machine; the traceback goes to the log for a support person.
    try:
        if getattr(args, "who", None) is not None:
            args.who = _checked_who(args.who)
        return int(args.run(args) or 0)
    except BadArgument as exc:
        return fail(str(exc), EXIT_BAD_INPUT)
    except DamagedStoreError as exc:
        return fail(str(exc) + restore_hint(exc))
    except StoreError as exc:  # before anything was written: every change is one transaction
        return fail(str(exc))
    except BrokenPipeError:
        # `dump | head` closed the pipe: not an error of ours. Point stdout at devnull so that Python's
        # flush at exit does not raise again (as the signal docs advise).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (sqlite3.Error, OSError) as exc:
        message = fault_message(exc)
        log_failure(message, exc)
        return fail(message, EXIT_FAILED if is_machine_fault(exc) else EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        return fail("已中断；未完成的修改没有写入", EXIT_FAILED)
    except Exception as exc:
        log_failure("程序内部错误", exc)
        return fail(f"程序内部错误，详细信息已记入日志：{log_path()}。请把该文件发给技术支持", EXIT_FAILED)


def _checked_who(text: str) -> str:
    try:
        return safe_name("--who：", text)
    except UnsafeText as exc:
        raise BadArgument(str(exc)) from None

"""The command line: `python main.py VERB …`; with no verb, the window opens."""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Sequence

from cli.console import command_name, prog_name, setup_output
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
    """Help that reads cleanly in Chinese; mixed into whichever formatter a parser asks for.

    用法： for "usage: "; the verbs listed straight under their group's title (argparse would repeat the title
    as the sub-command's metavar: "命令：/ 命令"); help text wrapped by the width a terminal gives each
    character (a Chinese one takes two columns), so lines fit the window.
    """

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[override]
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)

    def _format_usage(self, usage, actions, groups, prefix) -> str:  # type: ignore[override]
        """argparse's usage on one line, then wrapped by columns, continuation lines under the first option."""
        width, self._width = self._width, 1_000_000
        try:
            text = super()._format_usage(usage, actions, groups, prefix).strip("\n")
        finally:
            self._width = width
        prefix = prefix if prefix is not None else USAGE_PREFIX
        lead = f"{prefix}{self._prog} "
        if not text.startswith(lead) or _columns(text) <= width - self._current_indent:
            return f"{text}\n\n"
        # A required option and its value stay together (--period PERIOD), as a bracketed optional does.
        body = text[len(lead) :]
        parts = re.findall(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|-\S+ [^-\s\[(]\S*|\S+", body)
        indent = " " * (_columns(lead) if _columns(lead) <= width * 3 // 4 else _columns(prefix))
        lines, line = [], lead.rstrip()
        for part in parts:
            if _columns(line) + 1 + _columns(part) > width - self._current_indent and line.strip():
                lines.append(line)
                line = indent + part
            else:
                line = f"{line} {part}" if line != indent else line + part
        lines.append(line)
        return "\n".join(lines) + "\n\n"

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):  # the verbs themselves, not the group's metavar
            return self._join_parts([self._format_action(verb) for verb in action._get_subactions()])
        return super()._format_action(action)

    def _iter_indented_subactions(self, action: argparse.Action):  # type: ignore[override]
        if isinstance(action, argparse._SubParsersAction):
            yield from action._get_subactions()  # listed at the group's indent, since the metavar line is gone
        else:
            yield from super()._iter_indented_subactions(action)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if isinstance(self, argparse.RawTextHelpFormatter):
            return super()._split_lines(text, width)
        return _wrap_columns(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if isinstance(self, argparse.RawDescriptionHelpFormatter):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in _wrap_columns(" ".join(text.split()), width - len(indent)))


# A line does not begin with closing punctuation nor end with opening punctuation (Chinese typesetting).
_NO_LINE_START = set("，。、；：？！）》」』】”’…%")
_NO_LINE_END = set("（《「『【“‘")


def _columns(text: str) -> int:
    """The terminal columns `text` takes: two for a wide (Chinese, full-width) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_columns(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns; breaks between Chinese characters or at spaces, never inside a word.

    Closing punctuation stays with the character before it, opening punctuation with the one after it.
    """
    lines: list[str] = []
    line = ""
    for token in re.findall(r"[\x21-\x7e]+|\s+|.", text):  # an ASCII word, a space, or one other character
        if token.isspace():
            token = " "
            if not line:
                continue
        if not line or _columns(line + token) <= width:
            line += token
            continue
        carry = ""
        if token in _NO_LINE_START and len(line) > 1:
            line, carry = line[:-1], line[-1]
        while len(line) > 1 and line[-1] in _NO_LINE_END:
            line, carry = line[:-1], line[-1] + carry
        lines.append(line.rstrip())
        line = (carry + token).lstrip()
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


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


def restore_hint(exc: DamagedStoreError) -> str:
    """The command that restores the newest good backup over a damaged store, or nothing without one."""
    if exc.backup is None:
        return ""
    return f"\n恢复命令：{command_name()} restore \"{exc.backup.path}\" --db \"{exc.path}\""


def build_parser(verbs: Sequence[str] = VERBS) -> argparse.ArgumentParser:
    """The command line's parser with the given verbs' sub-commands (every verb unless told).

    Each verb's module is imported to add its parser, and with it what the verb needs (openpyxl, the
    importers, the quota grammar): main() asks only for the verb it runs.
    """
    parser = ChineseArgumentParser(
        prog=prog_name(),
        description=f"{APP_NAME} {__version__}：县级科技部门的指标任务、完成情况与报表。不带命令时打开窗口。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="显示程序名称和版本号并退出"
    )
    sub = parser.add_subparsers(dest="verb", title="命令", metavar="命令", parser_class=ChineseArgumentParser)
    for name in verbs:
        importlib.import_module(f"cli.{name}").add_parser(sub)
    return parser


def _verbs_to_parse(args: Sequence[str]) -> Sequence[str]:
    """Only the verb named first (the window's, with no verb), so its module alone is imported; every verb
    for --help, --version or a word that is no verb (its error lists them all)."""
    module = {verb.rstrip("_"): verb for verb in VERBS}.get(args[0]) if args else None
    return (module,) if module else VERBS


def main(argv: Sequence[str] | None = None) -> int:
    setup_output()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("--db") or args_list[0] in ("--reset-profile",):
        args_list = ["gui", *args_list]
    args = build_parser(_verbs_to_parse(args_list)).parse_args(args_list)
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

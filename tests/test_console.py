"""The command line on any code page: no verb crashes on a character, and no message names `python main.py`
where the installed program runs (the frozen exe's own name stands there instead)."""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUR_PACKAGES = ("cli", "gui", "operations", "storage", "importers", "exporters", "domain")


class Pipe(io.TextIOWrapper):
    """A standard stream that is not a terminal, in a legacy code page (as `> out.txt` on a Windows PC)."""

    def __init__(self, encoding: str, terminal: bool = False) -> None:
        super().__init__(io.BytesIO(), encoding=encoding)
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_a_pipe_or_file_gets_utf8_and_a_terminal_keeps_its_encoding():
    from cli.console import stream_settings

    assert stream_settings(Pipe("cp936"), frozen=True, environ={}) == {"encoding": "utf-8", "errors": "replace"}
    assert stream_settings(Pipe("cp1252"), frozen=False, environ={}) == {"encoding": "utf-8", "errors": "replace"}
    assert stream_settings(Pipe("utf-8", terminal=True), frozen=True, environ={}) == {"errors": "replace"}
    # A developer's PYTHONIOENCODING is kept (with replacement); the frozen exe never sees it.
    assert stream_settings(Pipe("cp1252"), frozen=False, environ={"PYTHONIOENCODING": "cp1252"}) == {
        "errors": "replace"
    }
    assert stream_settings(Pipe("cp936"), frozen=True, environ={"PYTHONIOENCODING": "cp936"}) == {
        "encoding": "utf-8",
        "errors": "replace",
    }


def test_setup_output_makes_a_legacy_code_page_stream_take_any_text(monkeypatch):
    from cli.console import setup_output

    out, err = Pipe("cp1252"), Pipe("cp936")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    setup_output()
    print("✓ 科技指标任务台账")
    print("错误：数据库文件不存在", file=sys.stderr)
    out.flush()
    err.flush()
    assert out.buffer.getvalue().decode("utf-8") == "✓ 科技指标任务台账\n"
    assert err.buffer.getvalue().decode("utf-8") == "错误：数据库文件不存在\n"


def run_main(*args: str, encoding: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, env=env, timeout=120)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_verbs_on_a_code_page_without_chinese_print_and_exit_normally(tmp_path, encoding):
    """As an English Windows PC pipes: before cli/console.py this was a UnicodeEncodeError traceback."""
    shown = run_main("--help", encoding=encoding, tmp_path=tmp_path)
    assert shown.returncode == 0, shown.stderr.decode(encoding, "replace")
    assert shown.stdout.decode(encoding).startswith("???main.py ")  # 用法： replaced, never a crash
    missing = tmp_path / "没有.sqlite3"
    refused = run_main("set", "--db", str(missing), "--plan", "创新创业", "--seq", "237", "--unit", "北流",
                       "--period", "2022-10", "--actual", "12", encoding=encoding, tmp_path=tmp_path)  # fmt: skip
    assert refused.returncode == 2
    assert b"Traceback" not in refused.stderr and refused.stderr.startswith(b"??")


def test_frozen_usage_and_hints_name_the_installed_program(monkeypatch):
    from cli import build_parser
    from cli.console import command_name, prog_name

    assert prog_name() == "main.py" and command_name() == "python main.py"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/STQuotaLedger/STQuotaLedger")
    assert build_parser().format_usage().startswith("用法：STQuotaLedger ")
    assert command_name() == "STQuotaLedger"
    monkeypatch.setattr(sys, "platform", "win32")
    # The windowed exe has no console: the hint names the console launcher the installer puts beside it.
    assert command_name() == "STQuotaLedger-cli.exe"


def user_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants that are not docstrings (what a program can print or show)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_message_tells_the_user_to_run_python_main_py():
    found = []
    for package in OUR_PACKAGES:
        for file in sorted((ROOT / package).rglob("*.py")):
            for line, text in user_strings(ast.parse(file.read_text(encoding="utf-8"))):
                if "main.py" in text and file != ROOT / "cli" / "console.py":
                    found.append(f"{file.relative_to(ROOT)}:{line}: {text}")
    assert found == [], "\n".join(found)

"""A program that cannot start says so in one Chinese line, exits 1 and logs the traceback (main.py's guard).

What happened on Windows under wine: python-calamine's extension needs a DLL the PC lacks, and the program
stopped with a Python traceback. Here a real extension module that cannot load (a file that is no shared
library, found first on PYTHONPATH) makes the start fail the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from version import APP_ID, APP_NAME, ORGANIZATION, __version__

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")


def broken_component(folder: Path, package: str | None, extension: str) -> Path:
    """A folder for PYTHONPATH holding `extension` as a damaged binary (inside `package`, if given)."""
    where = folder / package if package else folder
    where.mkdir(parents=True)
    if package:
        (where / "__init__.py").write_text(f"from .{extension} import *\n", encoding="utf-8")
    (where / f"{extension}{SUFFIX}").write_bytes(b"MZ\x90\x00 not a library of this system")
    return folder


def start(args: list[str], home: Path, pythonpath: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {key: value for key, value in os.environ.items() if key != "PYTHONIOENCODING"}
    environ.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    environ.update(PYTHONPATH=str(pythonpath), **env)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, env=environ, cwd=home, timeout=120
    )


def log_file(home: Path) -> Path:
    """Where operations.error_log keeps the log for a user whose XDG_DATA_HOME is home/data."""
    return home / "data" / ORGANIZATION / APP_ID / "日志" / "ledger.log"


@pytest.mark.parametrize(
    ("package", "extension", "args", "component"),
    [
        # The CI failure: every verb's parser is built at start, and the import verb's module reads tables
        # with python-calamine.
        ("python_calamine", "_python_calamine", ["--version"], "_python_calamine"),
        # The store's SQLite, which the command line imports before anything else.
        (None, "_sqlite3", ["dump"], "_sqlite3"),
    ],
)
def test_a_component_that_cannot_load_is_named_in_one_chinese_line_and_logged(
    tmp_path, package, extension, args, component
):
    home = tmp_path / "home"
    home.mkdir()
    broken = broken_component(tmp_path / "broken", package, extension)
    result = start(args, home, broken)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1, stderr
    assert result.stdout == b""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"错误：程序无法启动：程序组件 {component} 无法载入（")
    assert f"详细信息已记入日志：{log_file(home)}。请重新安装本程序" in lines[0]
    assert "Traceback" not in stderr
    log = log_file(home).read_text(encoding="utf-8")
    assert f"程序无法启动：程序组件 {component} 无法载入" in log
    assert "Traceback (most recent call last):" in log and f"{extension}{SUFFIX}" in log
    assert f"命令行：{ROOT / 'main.py'} {' '.join(args)}" in log


def test_the_line_never_fails_on_a_code_page_without_chinese(tmp_path):
    """A pipe on an English Windows PC is code page 1252: the line still arrives, in UTF-8."""
    home = tmp_path / "home"
    home.mkdir()
    broken = broken_component(tmp_path / "broken", "python_calamine", "_python_calamine")
    result = start(["--help"], home, broken, PYTHONIOENCODING="cp1252")
    assert result.returncode == 1
    assert result.stderr.decode("utf-8").startswith("错误：程序无法启动：程序组件 _python_calamine")


def test_a_start_that_works_is_untouched(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = start(["--version"], home, tmp_path)
    assert (result.returncode, result.stdout.decode("utf-8").strip()) == (0, f"{APP_NAME} {__version__}")
    assert not (home / "data").exists()  # nothing logged

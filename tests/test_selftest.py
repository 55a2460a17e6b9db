"""`main.py selftest` as a user (or CI, on the frozen bundle) runs it: one line per check, honest exit status."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def selftest(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the verb in a fresh process, with HOME and the XDG folders moved so we can see what it touches."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    env.pop("LEDGER_SELFTEST_TRACE", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "selftest", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=home, timeout=300,
    )  # fmt: skip


def test_every_check_passes_and_each_says_so_on_its_own_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = selftest(home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("科技指标任务台账 ") and lines[0].endswith("自检")
    checks = lines[1:-1]
    assert checks and all(line.startswith("✓ ") for line in checks), result.stdout
    for name in ("新建数据库并载入内置数据", "填报完成情况", "导出任务分工表（全表）", "导出任务分工表（北流市）",
                 "导出完成情况表（草稿）并读回", "导出完成情况表（报送）并读回", "导出汇总表并读回",
                 "打印完成情况表为 PDF", "打开并关闭主窗口", "打开旧版本数据库并升级"):  # fmt: skip
        assert any(line.startswith(f"✓ {name}：") for line in checks), name
    assert lines[-1] == f"自检通过：{len(checks)} 项全部正常"
    # It left nothing behind in the user's folders: no database, no window settings.
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_a_failed_check_is_named_with_its_reason_and_the_exit_status_says_so(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    keep = tmp_path / "kept"
    (keep / "自检台账.sqlite3").mkdir(parents=True)  # a folder where the store should go: it cannot be created
    result = selftest("--keep", str(keep), home=home)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("✗ 新建数据库并载入内置数据：") and "是文件夹，不是数据库文件" in lines[1]
    assert any(line.startswith("✗ 填报完成情况：未执行") for line in lines)
    failed = sum(line.startswith("✗ ") for line in lines)
    assert lines[-2] == f"自检未通过：{len(lines) - 3} 项中 {failed} 项失败"
    assert lines[-1] == f"自检文件保留在：{keep.resolve()}"


def test_kept_files_are_the_returns_a_user_can_open(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    keep = tmp_path / "kept"
    result = selftest("--keep", str(keep), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    names = {p.name for p in keep.iterdir()}
    assert {"任务分工表_全表.xlsx", "任务分工表_北流市.xlsx", "北流市_2022-10_完成情况表（草稿）.xlsx",
            "北流市_2022-10_完成情况表.xlsx", "玉林市_2022-10_完成情况汇总表.xlsx", "完成情况表.pdf"} <= names  # fmt: skip
    assert any(re.fullmatch(r"旧版本台账-\d{8}-\d{6}-升级前\.sqlite3", p.name) for p in (keep / "备份").iterdir())

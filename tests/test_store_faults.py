"""The store under faults, on real files: damaged, empty or foreign files, a write-protected file, a lock
held by another connection, a full disk, two first starts at once; and the command line's answer to each:
a Chinese message, no traceback, exit 1 for the machine and 2 for bad input, the traceback in the log."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import storage.db
from cli import main
from domain.backup_rules import BackupReason
from storage.achievements import record_achievement
from storage.backups import list_backups, take_backup
from storage.db import DamagedStoreError, MachineError, StoreError, open_store, write_refusal
from tests.fault_support import (
    damage_a_page,
    figure_key,
    ledger_with_figure,
    lock_held,
    stored_actual,
    write_protected,
)

ROOT = Path(__file__).resolve().parent.parent
SET_237 = ["set", "--plan", "创新创业", "--seq", "237", "--unit", "北流", "--period", "2022-10", "--actual"]


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def log_text() -> str:
    from operations.error_log import log_path

    path = log_path()
    return path.read_text(encoding="utf-8") if path.exists() else ""


# --- damaged, empty, foreign ------------------------------------------------------------------------------


def test_a_zero_byte_store_is_reported_never_treated_as_new(tmp_path, capsys):
    path = tmp_path / "ledger.sqlite3"
    path.touch()
    with pytest.raises(DamagedStoreError, match="是空的（0 字节）.*不会另建新库代替它") as caught:
        open_store(path)
    assert caught.value.kind == "empty" and caught.value.backup is None
    status, out, err = run_main(capsys, "dump", "--db", str(path))
    assert status == 1 and out == ""
    assert "是空的（0 字节）" in err and "没有可用的备份" in err and "Traceback" not in err
    assert path.stat().st_size == 0  # untouched


def test_a_damaged_page_is_found_on_open_and_the_newest_good_backup_offered(tmp_path, capsys):
    path = tmp_path / "ledger.sqlite3"
    plan_id = ledger_with_figure(path, "12")
    with open_store(path) as store:
        take_backup(store, BackupReason.DAILY)
        record_achievement(store, figure_key(plan_id), {"actual": "13"}, "张三")
        take_backup(store, BackupReason.MANUAL)
    newest = list_backups(path)[0].path
    damage_a_page(newest)  # the newest backup is damaged too: the offer skips it
    damage_a_page(path)
    damaged = path.read_bytes()
    with pytest.raises(DamagedStoreError, match="ledger.sqlite3 已损坏（") as caught:
        open_store(path)
    assert caught.value.backup is not None and caught.value.backup.reason is BackupReason.DAILY
    status, out, err = run_main(capsys, "set", "--db", str(path), *SET_237[1:], "14")
    assert status == 1 and "已损坏" in err and "Traceback" not in err
    command = err.split("恢复命令：")[1].strip()
    assert command == f'python main.py restore "{caught.value.backup.path}" --db "{path}"'
    assert path.read_bytes() == damaged  # never rebuilt or reused
    # The command it names restores the store; the damaged file is kept in 备份.
    status, out, err = run_main(capsys, "restore", str(caught.value.backup.path), "--db", str(path))
    assert status == 0, err
    assert "已恢复" in out and "原来的损坏文件已移到" in out
    assert stored_actual(path) == 12
    assert any(b.reason is BackupReason.DAMAGED for b in list_backups(path))


@pytest.mark.parametrize("content", [b"PK\x03\x04 an xlsx, say" * 50, "台账".encode() * 500])
def test_a_foreign_file_is_refused_as_bad_input_and_left_alone(tmp_path, capsys, content):
    path = tmp_path / "ledger.sqlite3"
    path.write_bytes(content)
    status, out, err = run_main(capsys, "dump", "--db", str(path))
    assert status == 2 and "不是台账数据库" in err and "Traceback" not in err
    assert path.read_bytes() == content


def test_another_programs_database_is_not_taken_for_a_ledger(tmp_path):
    import sqlite3

    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedStoreError, match="不是本程序的台账数据库") as caught:
        open_store(path)
    assert caught.value.kind == "foreign" and not caught.value.machine


# --- the machine refuses ---------------------------------------------------------------------------------


def test_a_write_protected_store_is_said_so_and_nothing_changes(tmp_path, capsys):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    with write_protected(path) as how:
        with open_store(path) as store:
            assert "只读" in (write_refusal(store) or ""), how
            with pytest.raises(MachineError, match="数据库文件是只读的"):
                record_achievement(store, figure_key(1), {"actual": "40"}, "张三")
        status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40")
    assert status == 1, err
    assert err.startswith("错误：数据库文件是只读的") and "Traceback" not in err
    assert stored_actual(path) == 12
    assert "数据库文件是只读的" in log_text() and "attempt to write a readonly database" in log_text()


def test_a_lock_held_by_another_connection_gives_up_with_a_message(tmp_path, capsys, monkeypatch):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    with open_store(path, busy_timeout=0.2) as store, lock_held(path):
        started = time.monotonic()
        with pytest.raises(MachineError, match="数据库正被其他程序占用"):
            record_achievement(store, figure_key(1), {"actual": "40"}, "张三")
        assert time.monotonic() - started < 5
        monkeypatch.setattr(storage.db, "DEFAULT_BUSY_TIMEOUT", 0.2)  # the command line's own wait, shortened
        status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40")
    assert status == 1 and "数据库正被其他程序占用" in err and "Traceback" not in err
    assert stored_actual(path) == 12
    status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40")
    assert status == 0 and stored_actual(path) == 40  # released: the same command now works


def test_a_full_disk_refuses_the_write_and_keeps_the_store_as_it_was(small_disk, capsys):
    path = small_disk.path / "ledger.sqlite3"
    ledger_with_figure(path)
    with open_store(path) as store:
        take_backup(store, BackupReason.DAILY)  # today's: the command below does not try another
    small_disk.fill(leave=40 * 1024)
    long_text = "新认定高新技术企业，" * 190  # a long 工作进展 needs pages the disk has no room for
    status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40", "--progress", long_text)
    assert status == 1, err
    assert "磁盘空间不足" in err and "Traceback" not in err
    small_disk.free()
    assert stored_actual(path) == 12
    status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40", "--progress", long_text)
    assert status == 0 and stored_actual(path) == 40


# --- bad input of the kinds that break files -------------------------------------------------------------


def test_text_an_excel_file_cannot_hold_is_refused_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40", "--progress", "新认定\ufffe")
    assert status == 2 and "第 4 个字为 U+FFFE" in err
    status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40", "--who", "张" * 31)
    assert status == 2 and "--who：过长（31 字），最多 30 字" in err
    status, out, err = run_main(capsys, "profile", "--db", str(path), "--head", "陈\x07志强")
    assert status == 2 and "单位负责人含有" in err
    assert stored_actual(path) == 12


# --- the command line's backups ---------------------------------------------------------------------------


def test_backup_backups_and_restore_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    status, out, err = run_main(capsys, "backup", "--db", str(path))
    assert status == 0 and out.startswith("已备份：") and "（1 项完成情况，" in out
    manual = Path(out.removeprefix("已备份：").split("（")[0])
    copy = tmp_path / "副本.sqlite3"
    status, out, err = run_main(capsys, "backup", "--db", str(path), "-o", str(copy))
    assert status == 0 and "已另存数据库副本" in out and stored_actual(copy) == 12
    assert not copy.with_name("副本.sqlite3-wal").exists()
    main(["set", "--db", str(path), *SET_237[1:], "30"])
    status, out, err = run_main(capsys, "backups", "--db", str(path))
    assert status == 0 and manual.name in out and "手动" in out and "1 项完成情况" in out
    status, out, err = run_main(capsys, "restore", manual.name, "--db", str(path))
    assert status == 0 and "已恢复" in out and "恢复前的数据库已另存为备份" in out
    assert stored_actual(path) == 12
    status, out, err = run_main(capsys, "restore", "没有这个文件.sqlite3", "--db", str(path))
    assert status == 2 and "找不到备份文件" in err


def test_an_import_and_an_unlock_from_the_command_line_back_up_first(tmp_path, capsys):
    from tests.import_tables import write_matrix_table

    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    table = write_matrix_table(tmp_path / "矩阵.xlsx")
    assert run_main(capsys, "import", str(table), "--db", str(path))[0] == 0
    export = tmp_path / "北流.xlsx"
    assert run_main(capsys, "export", "progress", "--db", str(path), "--plan", "创新创业", "--unit", "北流",
                    "--period", "2022-10", "-o", str(export), "--final")[0] == 0  # fmt: skip
    assert run_main(capsys, "unlock", "--db", str(path), "--plan", "创新创业", "--unit", "北流",
                    "--period", "2022-10", "--reason", "更正")[0] == 0  # fmt: skip
    reasons = {b.reason for b in list_backups(path)}
    assert {BackupReason.IMPORT, BackupReason.UNLOCK} <= reasons


# --- two first starts ---------------------------------------------------------------------------------------

FIRST_START = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
go = Path({go!r})
while not go.exists():
    time.sleep(0.005)
from operations.bootstrap import open_with_builtin
store = open_with_builtin(Path({db!r}))
print(store.one("SELECT count(*) FROM units")[0], store.one("SELECT count(*) FROM plans")[0], store.created)
store.close()
"""


def test_two_first_starts_on_one_new_path_end_with_one_complete_store(tmp_path):
    db = tmp_path / "ledger.sqlite3"
    go = tmp_path / "go"
    script = FIRST_START.format(root=str(ROOT), go=str(go), db=str(db))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    children = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, encoding="utf-8", env=env) for _ in range(3)]  # fmt: skip
    time.sleep(1.0)  # all three are waiting at the line
    go.touch()
    results = [child.communicate(timeout=120) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _, err in results]
    lines = [out.split() for out, _ in results]
    assert {(units, plans) for units, plans, _ in lines} == {(lines[0][0], lines[0][1])}
    assert [created for *_, created in lines].count("True") == 1  # one built it, the others opened it
    with open_store(db) as store:
        assert str(store.one("SELECT count(*) FROM units")[0]) == lines[0][0]
        assert store.one("SELECT count(*) FROM plans")[0] == 3
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("ledger.sqlite3")) == ["go"]


def test_the_first_start_makes_the_data_folder(tmp_path):
    from operations.bootstrap import open_with_builtin

    with open_with_builtin(tmp_path / "GuangxiSTLedger" / "STQuotaLedger" / "ledger.sqlite3") as store:
        assert store.created and store.one("SELECT count(*) FROM plans")[0] == 3


def test_a_store_that_cannot_be_created_says_why(tmp_path):
    folder = tmp_path / "只读文件夹"
    folder.mkdir()
    from operations.bootstrap import open_with_builtin

    with write_protected(folder), pytest.raises(StoreError, match="无法新建数据库|无法打开数据库文件") as caught:
        open_with_builtin(folder / "ledger.sqlite3")
    assert ".new" not in str(caught.value)
    assert list(folder.iterdir()) == []


def test_the_command_line_finds_the_windows_data_folder_without_qt(monkeypatch, tmp_path):
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from storage.app_folder import user_data_dir
    from version import APP_ID, ORGANIZATION

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    location = QStandardPaths.StandardLocation.AppDataLocation
    assert user_data_dir() == Path(QStandardPaths.writableLocation(location))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_data_dir() == Path(QStandardPaths.writableLocation(location))


def test_a_failure_of_the_machine_is_logged_with_its_traceback_in_the_data_folder(tmp_path, capsys, monkeypatch):
    from operations.error_log import log_path
    from storage.app_folder import log_folder

    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    monkeypatch.setattr(storage.db, "DEFAULT_BUSY_TIMEOUT", 0.1)
    with lock_held(path):
        status, out, err = run_main(capsys, *SET_237[:1], "--db", str(path), *SET_237[1:], "40")
    assert status == 1 and "Traceback" not in err
    assert log_path() == log_folder() / "ledger.log"
    logged = log_text()
    assert "数据库正被其他程序占用" in logged and "Traceback (most recent call last)" in logged
    assert "database is locked" in logged and "命令行：" in logged

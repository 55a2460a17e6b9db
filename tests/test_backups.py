"""Backups on real files: consistent copies through the backup API, rotation, restore, a full disk."""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from domain.backup_rules import BackupReason
from operations.import_table import import_breakdown_table
from storage.achievements import record_achievement
from storage.backups import (
    backup_folder,
    daily_backup,
    list_backups,
    newest_good_backup,
    restore_backup,
    take_backup,
    write_copy,
)
from storage.db import MachineError, StoreError, create_store_at_version, open_store
from storage.schema import SCHEMA_VERSION
from storage.submissions import submit_period, unlock_period
from tests.fault_support import (
    OCT,
    damage_a_page,
    figure_key,
    ledger_with_figure,
    stored_actual,
)
from tests.import_tables import write_matrix_table


def test_a_backup_holds_figures_still_in_the_wal_and_needs_no_wal(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    plan_id = ledger_with_figure(path)
    store = open_store(path)
    try:
        for month in range(1, 10):  # committed, but still in ledger.sqlite3-wal: a file copy would lose them
            record_achievement(store, figure_key(plan_id, OCT.parse(f"2022-0{month}")), {"actual": str(month)}, "张三")
        assert path.with_name("ledger.sqlite3-wal").stat().st_size > 0
        copied = tmp_path / "copied.sqlite3"
        shutil.copyfile(path, copied)  # what a user copying the file by hand gets
        backup = take_backup(store, BackupReason.MANUAL)
    finally:
        store.close()
    assert stored_actual(copied, "2022-09") is None  # the hand copy lost them
    assert backup.parent == tmp_path / "备份" and backup.name.endswith("-手动.sqlite3")
    elsewhere = tmp_path / "另一台电脑"
    elsewhere.mkdir()
    moved = shutil.copy(backup, elsewhere / "ledger.sqlite3")  # the backup alone, no -wal beside it
    assert not Path(str(backup) + "-wal").exists()
    assert [stored_actual(Path(moved), f"2022-0{m}") for m in range(1, 10)] == [float(m) for m in range(1, 10)]
    assert stored_actual(Path(moved)) == 12
    with open(backup, "rb") as handle:  # a rollback-journal file: opens anywhere without its -wal
        assert handle.read(20)[18:20] == b"\x01\x01"


def test_backups_are_listed_with_time_reason_size_and_figures(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    plan_id = ledger_with_figure(path)
    with open_store(path) as store:
        take_backup(store, BackupReason.DAILY, datetime(2026, 11, 24, 8, 0))
        record_achievement(store, figure_key(plan_id, OCT.parse("2022-11")), {"actual": "13"}, "张三")
        take_backup(store, BackupReason.IMPORT, datetime(2026, 11, 25, 9, 30))
    (backup_folder(path) / "说明.txt").write_text("not a backup", encoding="utf-8")
    listed = list_backups(path)
    assert [(b.reason, b.figures, b.taken) for b in listed] == [
        (BackupReason.IMPORT, 2, datetime(2026, 11, 25, 9, 30)), (BackupReason.DAILY, 1, datetime(2026, 11, 24, 8, 0))
    ]  # fmt: skip
    assert all(b.restorable and b.size > 100_000 and b.size_text.endswith("KB") for b in listed)
    assert listed[0].describe() == "2026年11月25日 09:30 导入前备份（2 项完成情况）"


def test_rotation_runs_after_each_backup_and_keeps_upgrade_backups(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    start = datetime(2026, 11, 25, 9, 0)
    with open_store(path) as store:
        take_backup(store, BackupReason.UPGRADE, start - timedelta(days=900))
        for i in range(14):
            take_backup(store, BackupReason.IMPORT, start + timedelta(minutes=i))
    listed = list_backups(path)
    assert [b.reason for b in listed].count(BackupReason.IMPORT) == 10
    assert listed[-1].reason is BackupReason.UPGRADE
    assert listed[0].taken == start + timedelta(minutes=13)


def test_the_first_start_of_a_day_backs_up_once(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    with open_store(path) as store:
        today = datetime(2026, 11, 25, 8, 0)
        assert daily_backup(store, today) is not None
        assert daily_backup(store, today + timedelta(hours=3)) is None
        assert daily_backup(store, today + timedelta(days=1)) is not None


def test_a_backup_on_a_full_disk_is_reported_and_leaves_no_file(small_disk):
    path = small_disk.path / "ledger.sqlite3"
    ledger_with_figure(path)
    store = open_store(path)
    try:
        (small_disk.path / "备份").mkdir()
        small_disk.fill(leave=64 * 1024)  # room to work, not for a 150 KB copy
        with pytest.raises(MachineError, match=r"备份失败：磁盘空间不足，数据库无法写入.*（备份文件夹 .*备份）"):
            take_backup(store, BackupReason.MANUAL)
        assert list((small_disk.path / "备份").iterdir()) == []  # no empty, partial or temporary file
        small_disk.free()
        assert take_backup(store, BackupReason.MANUAL).stat().st_size > 100_000
    finally:
        store.close()


def test_a_full_disk_stops_an_import_before_it_writes(small_disk):
    path = small_disk.path / "ledger.sqlite3"
    ledger_with_figure(path)
    store = open_store(path)
    try:
        plans_before = store.one("SELECT count(*) FROM plans")[0]
        small_disk.fill(leave=64 * 1024)
        with pytest.raises(MachineError, match="为保护数据，未执行导入"):
            import_breakdown_table(store, write_matrix_table(small_disk.path.parent / "矩阵.xlsx"), "张三")
        assert store.one("SELECT count(*) FROM plans")[0] == plans_before
    finally:
        store.close()


def test_import_and_unlock_are_each_preceded_by_a_backup_of_the_store_before_them(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    plan_id = ledger_with_figure(path)
    with open_store(path) as store:
        plans_before = store.one("SELECT count(*) FROM plans")[0]
        import_breakdown_table(store, write_matrix_table(tmp_path / "矩阵.xlsx"), "张三")
        submit_period(store, plan_id, "北流市", OCT, "张三")
        unlock_period(store, plan_id, "北流市", OCT, "张三", "更正高企数")
    before = {b.reason: b.path for b in list_backups(path)}
    assert set(before) == {BackupReason.IMPORT, BackupReason.UNLOCK}
    with open_store(before[BackupReason.IMPORT], read_only=True) as backup:
        assert backup.one("SELECT count(*) FROM plans")[0] == plans_before
    with open_store(before[BackupReason.UNLOCK], read_only=True) as backup:
        assert backup.one("SELECT count(*) FROM submissions WHERE unlocked_at IS NULL")[0] == 1


def test_an_upgrade_on_a_full_disk_leaves_the_store_as_it_was_and_it_still_opens_read_only(small_disk):
    from tests.test_upgrade import write_old_store

    path = small_disk.path / "ledger.sqlite3"
    old = SCHEMA_VERSION - 1
    write_old_store(path, old)
    before = path.read_bytes()
    small_disk.fill(leave=64 * 1024)
    with pytest.raises(MachineError, match="需要升级到新版本，但升级前备份失败：磁盘空间不足.*数据库未升级，未作任何改动"):
        open_store(path)
    assert path.read_bytes() == before
    with open_store(path, read_only=True) as store:  # migrated in memory only
        assert store.read_only and store.one("PRAGMA user_version")[0] == SCHEMA_VERSION
        assert store.one("SELECT actual FROM achievements")[0] == 12
        with pytest.raises(MachineError, match="只读"):
            record_achievement(store, figure_key(store.one("SELECT id FROM plans LIMIT 1")[0]), {"actual": "1"}, "张三")
    assert path.read_bytes() == before
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == old


def test_restore_puts_the_backup_back_and_keeps_the_current_store_as_a_backup(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    plan_id = ledger_with_figure(path, "12")
    with open_store(path) as store:
        backup = take_backup(store, BackupReason.MANUAL, datetime(2026, 11, 25, 9, 0))
        record_achievement(store, figure_key(plan_id), {"actual": "30"}, "李四")
        watching = open_store(path)  # another window on the same store
        result = restore_backup(path, backup, live=store)
        assert stored_actual(path) == 12
        assert watching.one("SELECT actual FROM achievements")[0] == 12  # it sees the restored figure
        watching.close()
    assert result.saved_before is not None and result.saved_before.name.endswith("-恢复前.sqlite3")
    assert stored_actual(result.saved_before) == 30  # nothing was lost: the overwritten figures are kept
    assert "已恢复 2026年11月25日 09:00 手动备份（1 项完成情况）" in result.message


def test_restore_over_a_damaged_store_moves_it_aside(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    with open_store(path) as store:
        take_backup(store, BackupReason.DAILY)
    damage_a_page(path)
    good = newest_good_backup(path)
    assert good is not None and good.reason is BackupReason.DAILY
    result = restore_backup(path, good.path)
    assert result.moved_aside is not None and result.moved_aside.name.endswith("-损坏.sqlite3")
    assert stored_actual(path) == 12
    assert [b.reason for b in list_backups(path)].count(BackupReason.DAMAGED) == 1


def test_an_older_backup_is_upgraded_when_restored(tmp_path):
    from tests.test_upgrade import write_old_store

    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "40")
    old = tmp_path / "old.sqlite3"
    write_old_store(old, SCHEMA_VERSION - 1)
    with open_store(path) as store:
        restore_backup(path, old, live=store)
        assert store.one("PRAGMA user_version")[0] == SCHEMA_VERSION
        assert store.one("SELECT actual FROM achievements")[0] == 12


@pytest.mark.parametrize("kind", ["empty", "text", "newer"])
def test_a_file_that_is_no_usable_backup_is_refused_and_nothing_changes(tmp_path, kind):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    bogus = tmp_path / "bogus.sqlite3"
    if kind == "empty":
        bogus.touch()
    elif kind == "text":
        bogus.write_text("备份" * 100, encoding="utf-8")
    else:
        create_store_at_version(bogus, SCHEMA_VERSION).close()
        sqlite3.connect(bogus).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="不能用于恢复"):
        restore_backup(path, bogus)
    assert stored_actual(path) == 12 and not backup_folder(path).exists()


def test_a_saved_copy_is_one_file_that_opens_on_another_pc(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    plan_id = ledger_with_figure(path)
    target = tmp_path / "U盘" / "台账副本.sqlite3"
    target.parent.mkdir()
    with open_store(path) as store:
        record_achievement(store, figure_key(plan_id, OCT.parse("2022-11")), {"actual": "14"}, "张三")
        write_copy(store.conn, target)
    assert sorted(os.listdir(target.parent)) == ["台账副本.sqlite3"]
    assert stored_actual(target, "2022-11") == 14


def test_a_collect_is_preceded_by_a_backup_and_a_dry_run_is_not(tmp_path):
    from operations.collect import collect_returns
    from tests.collect_support import make_city, make_counties

    counties = make_counties(tmp_path / "县")
    city = make_city(tmp_path / "市")
    try:
        collect_returns(city, [counties.returns["北流市"]], "赵明", dry_run=True)
        assert list_backups(city.path) == []
        collect_returns(city, [counties.returns["北流市"]], "赵明")
        [backup] = list_backups(city.path)
        assert backup.reason is BackupReason.COLLECT and backup.figures == 0  # the store before the collect
    finally:
        counties.store.close()
        city.close()

"""Upgrades: a store written by an older schema opens in this version, backed up first, and says so once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from domain.periods import Period
from importers.builtin import builtin_plans, builtin_registry
from operations.upgrade import upgrade_notice
from storage.achievements import AchievementKey, all_achievements, record_achievement
from storage.db import Store, StoreError, create_store_at_version, open_store
from storage.plans import find_plan, save_plan
from storage.schema import SCHEMA_VERSION
from storage.units import load_units

PREVIOUS = range(1, SCHEMA_VERSION)


def write_old_store(path: Path, version: int) -> None:
    """A store as version `version` of the program left it: only the first migrations, with real data."""
    store = create_store_at_version(path, version)
    load_units(store, builtin_registry())
    with store.transaction():
        for plan in builtin_plans():
            save_plan(store, plan, "内置数据")
    # Plain SQL of the columns the first schema has: today's storage code expects today's columns.
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO achievements (indicator_id, unit_id, period, actual, progress, updated_at, updated_by) "
            "SELECT i.id, u.id, '2022-10', 12, '已认定12家', '2022-11-01T09:00:00', '张三' FROM indicators i "
            "JOIN tasks t ON t.id = i.task_id JOIN plans p ON p.id = t.plan_id JOIN units u ON u.name = '北流市' "
            "WHERE p.title LIKE '%优化营商环境创新创业%' AND t.seq = '237'"
        )
    store.close()


def achieved(store_or_conn: Store | sqlite3.Connection) -> list[tuple[str, str, float | None, str]]:
    conn = store_or_conn.conn if isinstance(store_or_conn, Store) else store_or_conn
    return [
        tuple(row)
        for row in conn.execute(
            "SELECT u.name, a.period, a.actual, a.progress FROM achievements a JOIN units u ON u.id = a.unit_id"
        )
    ]


def backups_of(path: Path) -> list[Path]:
    return sorted((path.parent / "备份").glob(f"{path.stem}-*-升级前.sqlite3"))


@pytest.mark.parametrize("old_version", PREVIOUS)
def test_older_store_is_backed_up_migrated_and_keeps_its_data(tmp_path: Path, old_version: int) -> None:
    path = tmp_path / "ledger.sqlite3"
    write_old_store(path, old_version)

    store = open_store(path)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.migrated_from == old_version
        assert achieved(store) == [("北流市", "2022-10", 12.0, "已认定12家")]
        records = all_achievements(store)
        assert [(r.seq, r.achievement.unit, r.achievement.actual) for r in records] == [("237", "北流市", 12.0)]
        # The upgraded store still takes new figures.
        plan_id = find_plan(store, "优化营商环境创新创业").id
        key = AchievementKey(plan_id, "237", "", "北流市", Period.parse("2022-11"))
        record_achievement(store, key, {"actual": "13"}, "张三")
    finally:
        store.close()

    # The backup lies in the 备份 folder beside the store, named after it and the reason, and is the old store.
    assert store.backup_path is not None
    assert backups_of(path) == [store.backup_path]
    assert store.backup_path.parent == path.parent / "备份"
    assert store.backup_path.name.startswith("ledger-") and store.backup_path.name.endswith("-升级前.sqlite3")
    old = sqlite3.connect(store.backup_path)
    try:
        assert old.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert achieved(old) == [("北流市", "2022-10", 12.0, "已认定12家")]
        indexes = {row[0] for row in old.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        if old_version < 2:  # the backup is the old schema, not a copy of the new one
            assert "audit_by_subject" not in indexes
    finally:
        old.close()


@pytest.mark.parametrize("old_version", PREVIOUS)
def test_upgrade_notice_is_said_exactly_once(tmp_path: Path, old_version: int) -> None:
    path = tmp_path / "ledger.sqlite3"
    write_old_store(path, old_version)

    with open_store(path) as store:
        backup = store.backup_path
        notice = upgrade_notice(store)
        assert notice is not None
        assert f"数据库已从版本 {old_version} 升级到版本 {SCHEMA_VERSION}" in notice
        assert f"升级前的备份保存在 {backup}" in notice
        assert upgrade_notice(store) is None

    # Opening again neither migrates, nor backs up again, nor repeats the notice.
    with open_store(path) as store:
        assert store.migrated_from is None and store.backup_path is None
        assert upgrade_notice(store) is None
    assert len(backups_of(path)) == 1


def test_notice_waits_for_whoever_shows_it_first(tmp_path: Path) -> None:
    """A command-line verb may migrate without showing anything: the window, opened later, still says so."""
    path = tmp_path / "ledger.sqlite3"
    write_old_store(path, SCHEMA_VERSION - 1)
    open_store(path).close()  # e.g. `main.py dump` ran first
    with open_store(path) as store:
        notice = upgrade_notice(store)
    assert notice is not None and str(backups_of(path)[0]) in notice
    with open_store(path) as store:
        assert upgrade_notice(store) is None


def test_new_store_has_current_schema_no_backup_and_nothing_to_say(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    with open_store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.backup_path is None and store.migrated_from is None
        assert upgrade_notice(store) is None
    assert backups_of(path) == []


def test_v2_indexes_serve_the_lookups_they_were_added_for(tmp_path: Path) -> None:
    with open_store(tmp_path / "ledger.sqlite3") as store:
        names = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"audit_by_subject", "submissions_by_key", "quotas_by_unit"} <= names
        # The history panel's prefix filter (storage.audit.audit_entries) is answered from the index.
        plan = " ".join(
            row[3]
            for row in store.conn.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM audit WHERE subject LIKE ? ORDER BY id DESC", ("方案1/(237)%",)
            )
        )
        assert "audit_by_subject" in plan


def test_store_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="更新版本的程序"):
        open_store(path)
    assert backups_of(path) == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_a_command_line_verb_that_upgrades_says_so_once_on_stderr(tmp_path: Path) -> None:
    from tests.test_cli import run

    path = tmp_path / "ledger.sqlite3"
    write_old_store(path, SCHEMA_VERSION - 1)
    first = run("dump", "--db", str(path))
    assert first.returncode == 0, first.stderr
    assert f"数据库已从版本 {SCHEMA_VERSION - 1} 升级到版本 {SCHEMA_VERSION}" in first.stderr
    assert str(backups_of(path)[0]) in first.stderr
    assert json.loads(first.stdout)["achievements"][0]["actual"] == 12  # stdout stays clean JSON
    second = run("dump", "--db", str(path))
    assert second.returncode == 0 and "升级" not in second.stderr


def test_collected_returns_kept_as_settings_before_v3_move_into_their_table(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    write_old_store(path, 2)
    record = {
        "file": "D:/报表/北流市.xlsx", "name": "北流市.xlsx", "sha256": "a" * 64,
        "exported_at": "2022-10-30T09:00:00", "collected_at": "2022-10-31T10:15:00", "collected_by": "赵明",
        "final": True, "checksum": "c1", "changed": 1, "changes": ["第 5 行的完成值：导出时为“12”，现为“18”"],
    }  # fmt: skip
    older = {**record, "name": "北流市_旧.xlsx", "exported_at": "2022-10-29T09:00:00"}
    odd = {
        "不存在县": record,  # no such unit
        "容县": "not json",
        "陆川县": {**record, "name": ["x"]},  # SQLite cannot bind a list
        "博白县": {**record, "changed": 10**20},  # too large for SQLite
        "兴业县": {**record, "exported_at": "2022/10/30 09:00"},  # not an ISO time
        "玉州区": {**record, "exported_at": "2022-10-30T09:00:00+08:00"},  # a zone the store does not keep
        "福绵区": {**record, "changes": "abc"},  # not a list of notes
    }
    old = sqlite3.connect(path)
    with old:
        plan_id = old.execute("SELECT id FROM plans WHERE title LIKE '%优化营商环境创新创业%'").fetchone()[0]
        rows = [
            (f"collect.{plan_id}.北流市.2022-10", json.dumps(record, ensure_ascii=False)),
            (f"collect.0{plan_id}.北流市.2022-10", json.dumps(older, ensure_ascii=False)),  # the same return's key
            (f"collect.{plan_id}.容县.2022-13", json.dumps(record, ensure_ascii=False)),  # no such month
        ]
        for unit, value in odd.items():
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            rows.append((f"collect.{plan_id}.{unit}.2022-10", text))
        old.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", rows)
    old.close()

    from storage.collected_returns import collected_return

    with open_store(path) as store:  # opens: no odd record can stop the upgrade
        moved = collected_return(store, plan_id, "北流市", Period.parse("2022-10"))
        assert moved is not None and moved.name == "北流市.xlsx" and moved.final  # the newer of the two keys
        assert moved.exported_at.isoformat() == "2022-10-30T09:00:00" and moved.changes == tuple(record["changes"])
        assert store.conn.execute("SELECT count(*) FROM collected_returns").fetchone()[0] == 1
        left = sorted(row[0] for row in store.conn.execute("SELECT key FROM settings WHERE key GLOB 'collect.*'"))
    # What could not be moved is kept where it was, not dropped; the older duplicate is gone with its key.
    expected = [f"collect.{plan_id}.{unit}.2022-10" for unit in odd] + [f"collect.{plan_id}.容县.2022-13"]
    assert left == sorted(expected)


def test_an_upgrade_that_fails_leaves_the_store_as_it_was_and_says_so_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    write_old_store(path, 2)  # v3 creates collected_returns
    old = sqlite3.connect(path)
    with old:  # something in the way of the next migration, as a hand-edited file might have
        old.execute("CREATE TABLE collected_returns (x)")
    old.close()
    with pytest.raises(StoreError, match="升级到新版本时出错，数据库未作改动"):
        open_store(path)
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 2
    assert achieved(check) == [("北流市", "2022-10", 12.0, "已认定12家")]
    check.close()

"""The store on real SQLite files: constraints, transactions, audit, locks, reopening."""

import sqlite3

import pytest

from domain.achievements import InputError
from domain.periods import Period
from domain.plans import Indicator, IndicatorKind, Plan, Quota, Task
from domain.profile import Profile
from operations.bootstrap import open_with_builtin
from storage.achievements import (
    AchievementKey,
    LockedError,
    achievement_history,
    record_achievement,
    record_achievements,
)
from storage.audit import audit_count, audit_entries, write_audit
from storage.db import StoreError, open_store
from storage.dump import dump_store
from storage.plans import find_plan, load_plan, save_plan
from storage.schema import SCHEMA_VERSION
from storage.settings import load_profile, save_profile
from storage.submissions import is_locked, submit_period, unlock_period

OCT = Period.parse("2022-10")


def key(plan_id, seq="237", unit="北流市", period=OCT, indicator=""):
    return AchievementKey(plan_id, seq, indicator, unit, period)


def test_new_store_has_schema_version_wal_and_foreign_keys(store):
    assert store.one("PRAGMA user_version")[0] == SCHEMA_VERSION
    assert store.one("PRAGMA journal_mode")[0] == "wal"
    assert store.one("PRAGMA foreign_keys")[0] == 1


def test_constraints_make_bad_rows_impossible(store, yulin_plan_id):
    conn = store.conn
    ind = conn.execute("SELECT id FROM indicators LIMIT 1").fetchone()[0]
    unit = conn.execute("SELECT id FROM units WHERE name='北流市'").fetchone()[0]
    bad = [
        ("INSERT INTO achievements (indicator_id, unit_id, period, actual, updated_at) VALUES (?, ?, '2022-10', -1, 'x')",
         (ind, unit)),
        ("INSERT INTO achievements (indicator_id, unit_id, period, updated_at) VALUES (?, ?, '2022-13x', 'x')", (ind, unit)),
        ("INSERT INTO achievements (indicator_id, unit_id, period, status, updated_at) VALUES (?, ?, '2022', '差不多', 'x')",
         (ind, unit)),
        ("INSERT INTO achievements (indicator_id, unit_id, period, updated_at) VALUES (99999, ?, '2022', 'x')", (unit,)),
        ("INSERT INTO units (name, city, kind) VALUES ('某区', '玉林市', 'village')", ()),
        ("INSERT INTO units (name, city, kind) VALUES ('北流市', '玉林市', 'county_city')", ()),
        ("INSERT INTO tasks (plan_id, position, seq, text, deadline) VALUES (?, 0, '999', 'x', '2022-02-30')",
         (yulin_plan_id,)),
        ("INSERT INTO indicators (task_id, position, name, kind) VALUES (1, 0, 'x', 'sometimes')", ()),
    ]  # fmt: skip
    for sql, params in bad:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql, params)


def test_recorded_value_survives_reopening_and_is_audited(db_path, yulin_plan_id):
    store = open_with_builtin(db_path)
    record_achievement(store, key(yulin_plan_id), {"actual": "１２", "progress": "新认定3家"}, "张三")
    record_achievement(store, key(yulin_plan_id), {"actual": "13"}, "李四")
    store.close()
    reopened = open_store(db_path)
    history = achievement_history(reopened, yulin_plan_id, "北流市")
    [ach] = history[("237", "高新技术企业保有量")]
    assert (ach.actual, ach.progress, ach.period) == (13, "新认定3家", OCT)
    entries = audit_entries(reopened, f"方案{yulin_plan_id}/(237)")
    assert [(e.who, e.field, e.old, e.new) for e in entries] == [
        ("李四", "actual", "12", "13"),
        ("张三", "progress", None, "新认定3家"),
        ("张三", "actual", None, "12"),
    ]
    assert entries[0].subject == f"方案{yulin_plan_id}/(237)/高新技术企业保有量/北流市/2022-10"


def test_rejected_value_writes_nothing(store, yulin_plan_id):
    before = (dump_store(store), audit_count(store))
    with pytest.raises(InputError, match="完成值：完成值不能为负数"):
        record_achievement(store, key(yulin_plan_id), {"actual": "-3", "progress": "x"}, "张三")
    with pytest.raises(InputError, match="状态"):
        record_achievement(store, key(yulin_plan_id, "250"), {"status": "差不多"}, "张三")
    with pytest.raises(StoreError, match="没有序号为 \\(999\\)"):
        record_achievement(store, key(yulin_plan_id, "999"), {"actual": 1}, "张三")
    with pytest.raises(StoreError, match="未分解给"):
        record_achievement(store, key(yulin_plan_id, "240", unit="玉林健康产业园"), {"actual": 1}, "张三")
    assert (dump_store(store), audit_count(store)) == before


def test_a_paste_is_all_or_nothing(store, yulin_plan_id):
    before = dump_store(store)
    edits = [
        (key(yulin_plan_id, "237"), {"actual": "10"}),
        (key(yulin_plan_id, "238"), {"actual": "abc"}),
    ]
    with pytest.raises(InputError):
        record_achievements(store, edits, "张三")
    assert dump_store(store) == before
    record_achievements(store, [edits[0], (key(yulin_plan_id, "238"), {"actual": "20"})], "张三")
    history = achievement_history(store, yulin_plan_id, "北流市")
    assert history[("238", "国家科技型中小企业入库数")][0].actual == 20


def test_clearing_every_field_removes_the_record_and_restores_not_reported(store, yulin_plan_id):
    record_achievement(store, key(yulin_plan_id), {"actual": "5"}, "张三")
    assert record_achievement(store, key(yulin_plan_id), {"actual": ""}, "张三") is None
    assert achievement_history(store, yulin_plan_id, "北流市") == {}
    assert audit_entries(store)[0].new is None


def test_submitted_period_is_locked_until_unlocked_with_a_reason(store, yulin_plan_id):
    record_achievement(store, key(yulin_plan_id), {"actual": "5"}, "张三")
    submit_period(store, yulin_plan_id, "北流市", OCT, "张三", "return.xlsx", "abc")
    assert is_locked(store, yulin_plan_id, "北流市", OCT)
    with pytest.raises(LockedError, match=r"已于 20\d\d年\d{1,2}月\d{1,2}日 \d\d:\d\d 报送并锁定"):
        record_achievement(store, key(yulin_plan_id), {"actual": "6"}, "张三")
    record_achievement(store, key(yulin_plan_id, period=Period.parse("2022-11")), {"actual": "6"}, "张三")
    with pytest.raises(StoreError, match="须填写原因"):
        unlock_period(store, yulin_plan_id, "北流市", OCT, "张三", "  ")
    unlock_period(store, yulin_plan_id, "北流市", OCT, "王五", "市里要求更正数据")
    record_achievement(store, key(yulin_plan_id), {"actual": "6"}, "张三")
    assert [e.action for e in audit_entries(store)][:3] == ["填报", "解锁", "填报"]


def test_saving_a_revised_plan_keeps_achievements(store):
    plan = Plan("测试方案", 2022, key="t", tasks=[
        Task("1", "a", responsible="各县（市、区）人民政府",
             indicators=[Indicator("甲", "家", IndicatorKind.STOCK, target=5, quotas=[Quota("北流市", 2)])]),
        Task("2", "b", responsible="各县（市、区）人民政府", indicators=[Indicator("乙")]),
    ])  # fmt: skip
    plan_id = save_plan(store, plan, "导入").plan_id
    record_achievement(store, AchievementKey(plan_id, "1", "甲", "北流市", OCT), {"actual": 1}, "张三")
    plan.tasks[0].indicators[0].quotas[0].target = 3
    plan.tasks.pop()  # task 2 dropped from the revised table, no achievements: deleted
    changes = save_plan(store, Plan("测试方案", 2022, key="t", tasks=[plan.tasks[0]]), "导入")
    assert "任务 (1) 北流市 的目标值：2 → 3" in changes.lines
    assert "删除任务 (2)" in changes.lines
    reloaded = load_plan(store, plan_id)
    assert reloaded.task("1").indicators[0].quotas[0].target == 3
    assert achievement_history(store, plan_id, "北流市")[("1", "甲")][0].actual == 1
    changes = save_plan(store, Plan("测试方案", 2022, key="t", tasks=[]), "导入")
    assert "任务 (1) 不在新表中，但已有完成情况，予以保留" in changes.lines


def test_a_plan_with_an_unknown_unit_is_refused_whole(store):
    before = dump_store(store)
    plan = Plan(
        "坏方案",
        2022,
        key="bad",
        tasks=[Task("1", "a", indicators=[Indicator("甲", "家", IndicatorKind.STOCK, quotas=[Quota("不存在县", 1)])])],
    )
    with pytest.raises(StoreError, match="不存在县"):
        save_plan(store, plan)
    assert dump_store(store) == before


def test_find_plan_by_id_key_or_unique_title_part(store, yulin_plan_id):
    assert find_plan(store, str(yulin_plan_id)).title.startswith("2022年玉林市")
    assert find_plan(store, "yulin-2022-innovation").id == yulin_plan_id
    with pytest.raises(StoreError, match="对应多个方案"):
        find_plan(store, "2022")
    with pytest.raises(StoreError, match="找不到方案"):
        find_plan(store, "南宁")


def test_profile_is_stored_and_audited(store):
    save_profile(store, Profile(city="玉林市", unit="北流市", filler="张三", phone="0775-1234567"))
    assert load_profile(store).unit == "北流市"
    assert load_profile(store).operator == "张三"
    assert audit_entries(store)[0].action == "设置"


def test_a_file_that_is_not_a_database_is_refused_in_chinese(tmp_path):
    bogus = tmp_path / "x.sqlite3"
    bogus.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="不是台账数据库"):
        open_store(bogus)
    with pytest.raises(StoreError, match="不存在"):
        open_store(tmp_path / "missing.sqlite3", create=False)


def test_a_store_from_a_newer_version_is_refused(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        open_store(db_path)


def test_audit_prefix_takes_like_wildcards_literally(store):
    with store.transaction() as conn:
        write_audit(conn, "张三", "记录", "方案_1/北流市", "完成值", None, 3)
        write_audit(conn, "张三", "记录", "方案X1/容县", "完成值", None, 4)
        write_audit(conn, "张三", "记录", "100%/陆川县", "完成值", None, 5)
    assert [e.subject for e in audit_entries(store, "方案_")] == ["方案_1/北流市"]
    assert [e.subject for e in audit_entries(store, "100%")] == ["100%/陆川县"]
    assert audit_entries(store, "方案%") == []


def test_an_explanation_needs_a_figure_and_goes_with_it(store, yulin_plan_id):
    key = AchievementKey(yulin_plan_id, "237", "", "北流市", OCT)
    audited = audit_count(store)
    with pytest.raises(InputError, match="没有填报完成情况，无需情况说明"):
        record_achievement(store, key, {"explanation": "两家企业资格到期"}, "张三")
    assert audit_count(store) == audited and store.one("SELECT count(*) FROM achievements")[0] == 0
    record_achievement(store, key, {"actual": "11", "explanation": "两家企业资格到期"}, "张三")
    record_achievement(store, key, {"actual": ""}, "张三")  # the figure cleared: its explanation goes too
    assert store.one("SELECT count(*) FROM achievements")[0] == 0
    last = {(e.field, e.new) for e in audit_entries(store, f"方案{yulin_plan_id}/(237)/")[:2]}
    assert last == {("actual", None), ("explanation", None)}

"""Looking after plans: rename, archive (hidden, kept), delete with its figures after a backup, reporting rule."""

import sqlite3

import pytest

from domain.periods import Period, PeriodKind
from domain.reporting import Anchor, ReportingRule
from operations.todo import own_plans, reporting_rule
from storage.achievements import AchievementKey, record_achievement
from storage.audit import audit_entries
from storage.db import StoreError, open_store
from storage.plan_admin import (
    backup_before_delete,
    delete_plan,
    rename_plan,
    set_archived,
    set_reporting_rule,
    stored_rule,
)
from storage.plans import find_plan, list_plans
from storage.submissions import submit_period

OCT = Period.parse("2022-10")


def test_rename_is_audited_and_refuses_an_empty_title(store, yulin_plan_id):
    rename_plan(store, yulin_plan_id, "  2022年创新创业  任务 ", "张三")
    assert find_plan(store, str(yulin_plan_id)).title == "2022年创新创业 任务"
    entry = audit_entries(store, f"方案{yulin_plan_id}")[0]
    assert (entry.action, entry.new) == ("重命名方案", "2022年创新创业 任务")
    with pytest.raises(StoreError, match="不能为空"):
        rename_plan(store, yulin_plan_id, "   ", "张三")


def test_an_archived_plan_is_hidden_from_the_window_but_kept(store, yulin_plan_id):
    record_achievement(store, AchievementKey(yulin_plan_id, "237", "", "北流市", OCT), {"actual": "12"}, "张三")
    set_archived(store, yulin_plan_id, True, "张三")
    assert yulin_plan_id not in [p.id for p in own_plans(store, "玉林市")]
    kept = [p for p in list_plans(store) if p.id == yulin_plan_id]
    assert kept and kept[0].archived
    assert find_plan(store, "优化营商环境").id == yulin_plan_id  # the command line still finds it
    set_archived(store, yulin_plan_id, False, "张三")
    assert yulin_plan_id in [p.id for p in own_plans(store, "玉林市")]
    assert [e.action for e in audit_entries(store, f"方案{yulin_plan_id}")][:2] == ["取消归档", "归档方案"]


def test_delete_takes_a_backup_then_removes_the_plan_with_its_figures(store, yulin_plan_id):
    record_achievement(store, AchievementKey(yulin_plan_id, "237", "", "北流市", OCT), {"actual": "12"}, "张三")
    submit_period(store, yulin_plan_id, "北流市", OCT, "张三")
    backup = backup_before_delete(store)
    assert backup.parent == store.path.parent / "备份"
    counts = delete_plan(store, yulin_plan_id, "张三")
    assert counts["achievements"] == 1 and counts["tasks"] == 19
    assert yulin_plan_id not in [p.id for p in list_plans(store)]
    for table in ("achievements", "submissions"):
        assert store.one(f"SELECT count(*) FROM {table}")[0] == 0
    assert audit_entries(store, f"方案{yulin_plan_id}")[0].action == "删除方案"
    old = sqlite3.connect(backup)  # the backup still holds what was deleted
    assert old.execute("SELECT count(*) FROM achievements").fetchone()[0] == 1
    old.close()
    with open_store(store.path) as again:
        assert yulin_plan_id not in [p.id for p in list_plans(again)]


def test_delete_refuses_a_plan_that_does_not_exist(store):
    with pytest.raises(StoreError, match="不存在"):
        delete_plan(store, 999, "张三")


def test_a_backup_that_cannot_be_made_says_so(store):
    (store.path.parent / "备份").write_text("x")  # a file where the backup folder belongs
    with pytest.raises(StoreError, match="备份.*未执行删除方案"):
        backup_before_delete(store)


def test_the_reporting_rule_is_the_users_else_the_plans_words_else_the_default(store, yulin_plan_id):
    choice = reporting_rule(store, yulin_plan_id)
    assert choice.rule.kind is PeriodKind.MONTH and not choice.chosen and "方案未规定" in choice.origin
    store.conn.execute(
        "UPDATE tasks SET note = '每季度结束后10日内报送完成情况' WHERE plan_id = ? AND seq = '237'", (yulin_plan_id,)
    )
    choice = reporting_rule(store, yulin_plan_id)
    assert (choice.rule.kind, choice.rule.due_day) == (PeriodKind.QUARTER, 10)
    assert choice.origin == "据方案原文“每季度结束后10日内报送完成情况”"
    chosen = ReportingRule(PeriodKind.HALF, 15, Anchor.WORKDAYS)
    set_reporting_rule(store, yulin_plan_id, chosen, "张三")
    assert stored_rule(store, yulin_plan_id) == chosen and reporting_rule(store, yulin_plan_id).chosen
    entry = audit_entries(store, f"方案{yulin_plan_id}")[0]
    assert (entry.action, entry.new) == ("修改报送规则", "半年报，半年结束后15个工作日内报送")
    set_reporting_rule(store, yulin_plan_id, None, "张三")
    assert reporting_rule(store, yulin_plan_id).rule.kind is PeriodKind.QUARTER

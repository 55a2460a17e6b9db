"""Storing an imported table: one transaction, re-import of a revised table keeps every achievement."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.periods import Period
from domain.plans import Quota
from operations.import_table import (
    ImportCancelled,
    ImportNeedsReview,
    ImportRefused,
    import_breakdown_table,
    preview_import,
)
from storage.achievements import AchievementKey, all_achievements, record_achievement
from storage.audit import audit_count
from storage.db import StoreError, open_store
from storage.dump import dump_store
from storage.plans import find_plan, list_plans, load_plan
from tests.import_tables import (
    GOAL_164,
    PARTNERS,
    RESP,
    SEED_ROWS,
    TEXT_237,
    TEXT_238,
    write_baseline_matrix,
    write_long_table,
    write_matrix_table,
)


def test_a_new_plan_is_stored_and_reads_back_after_reopening(store, db_path: Path, tmp_path: Path):
    plans_before = len(list_plans(store))
    path = write_matrix_table(tmp_path / "矩阵.xlsx")
    preview = preview_import(store, path)
    assert preview.replaces == ""
    changes = import_breakdown_table(store, preview, "张三")
    assert changes.created and changes.lines == ["新增方案：2022年玉林市科技创新主要指标任务分解表"]
    store.close()
    with open_store(db_path) as again:
        assert len(list_plans(again)) == plans_before + 1
        plan = find_plan(again, "科技创新主要指标任务分解表")
        stored = {(t.seq, q.unit): (q.target, q.source) for t in plan.tasks for i in t.indicators for q in i.quotas}
        assert stored[("1", "北流市")] == (18, "第 6 行“各县(市、区)分解任务/北流市”列")
        assert stored[("3", "北流市")][0] == 5000
        assert len(stored) == len(preview.quotas) == 31
        assert plan.task("3").indicators[0].target == 20000
        audit = again.query("SELECT who, action FROM audit ORDER BY id DESC LIMIT 1")
        assert tuple(audit[0]) == ("张三", "导入方案")


def _revised_rows() -> list:
    """The city's revised table: 北流's (237) quota raised to 20, a new task (256), (254) dropped."""
    first = SEED_ROWS[0]
    revised_237 = TEXT_237.replace("北流不低于18家", "北流不低于20家")
    rows = [
        (*first[:5], [("(237)", revised_237, RESP, "2022年12月31日", "市科技局", PARTNERS),
                      ("(238)", TEXT_238, RESP, "2022年12月31日", "市科技局", PARTNERS)]),
        SEED_ROWS[1],
        SEED_ROWS[2],
        (*SEED_ROWS[3][:5], SEED_ROWS[3][5][:2]),
        ("176", "创新创业", "加大研发投入", "", GOAL_164, [
            ("(256)", "新增科技特派员服务：北流30人次、容县20人次", "各县（市、区）人民政府", "2022年12月31日",
             "市科技局", ""),
        ]),
    ]  # fmt: skip
    return rows


def _record(store, plan_id: int, seq: str, indicator: str, unit: str, period: str, **changes) -> None:
    record_achievement(store, AchievementKey(plan_id, seq, indicator, unit, Period.parse(period)), changes, "李四")


def test_reimporting_a_revised_table_updates_quotas_and_keeps_every_achievement(
    store, yulin_plan_id: int, db_path: Path, tmp_path: Path
):
    builtin = load_plan(store, yulin_plan_id)
    name = {t.seq: t.indicators[0].name for t in builtin.tasks}
    _record(store, yulin_plan_id, "237", name["237"], "北流市", "2022-10", actual="12")
    _record(store, yulin_plan_id, "239", name["239"], "北流市", "2022Q3", status="推进中", progress="已走访企业")
    _record(store, yulin_plan_id, "252", name["252"], "兴业县", "2022H1", actual="900")
    _record(store, yulin_plan_id, "253", name["253"], "龙潭产业园", "2022-09", actual="2")
    before = [(r.seq, r.indicator, r.achievement) for r in all_achievements(store)]
    audit_before = audit_count(store)

    preview = preview_import(store, write_long_table(tmp_path / "修订.xlsx", rows=_revised_rows()))
    assert preview.replaces == "2022年玉林市优化营商环境创新创业专项实施方案"
    changes = import_breakdown_table(store, preview, "王五")

    assert not changes.created and changes.plan_id == yulin_plan_id
    assert "任务 (237) 北流市 的目标值：18 → 20" in changes.lines
    assert "新增任务 (256)" in changes.lines
    assert "删除任务 (240)" in changes.lines and "删除任务 (254)" in changes.lines
    assert "任务 (253) 不在新表中，但已有完成情况，予以保留" in changes.lines
    assert not any("(238)" in line and "分解指标" in line for line in changes.lines)
    assert audit_count(store) > audit_before
    store.close()
    with open_store(db_path) as again:
        assert [(r.seq, r.indicator, r.achievement) for r in all_achievements(again)] == before
        plan = load_plan(again, yulin_plan_id)
        assert plan.title == builtin.title and plan.key == builtin.key
        assert plan.task("237").indicators[0].quota_for("北流市").target == 20
        assert plan.task("237").indicators[0].name == name["237"]
        # The stored indicator names stay, so the achievements stay attached to them.
        assert plan.task("239").indicators[0].name == name["239"]
        assert plan.task("256").indicators[0].quota_for("容县").target == 20
        # The table has no 备注 column: the stored notes are not wiped.
        assert plan.task("238").note == builtin.task("238").note != ""
        assert plan.task("253") is not None and plan.task("240") is None


def test_the_same_table_twice_changes_nothing_the_second_time(store, tmp_path: Path):
    path = write_long_table(tmp_path / "t.xlsx")
    import_breakdown_table(store, path, "王五")
    dump, audit = dump_store(store), audit_count(store)
    changes = import_breakdown_table(store, path, "王五")
    assert changes.lines == ["与库中方案相同，没有变化"]
    assert dump_store(store) == dump and audit_count(store) == audit


def test_a_preview_with_errors_or_undecided_doubts_is_refused_and_nothing_is_written(store, tmp_path: Path):
    rows = [(1, "高新技术企业保有量", "家", 101, [17, 9, "约十几家", 14, 11, 4, 8, 9])]
    path = write_matrix_table(tmp_path / "坏数.xlsx", rows=rows)
    dump, audit = dump_store(store), audit_count(store)
    with pytest.raises(ImportNeedsReview) as caught:
        import_breakdown_table(store, path, "王五")
    assert "第 6 行" in str(caught.value) and "约十几家" in str(caught.value)
    path = write_baseline_matrix(tmp_path / "负数.xlsx", {"玉州区": (3000, 3300), "北流市": (-200, 2200)})
    with pytest.raises(ImportRefused, match="基础数不能为负数"):
        import_breakdown_table(store, path, "王五")
    assert dump_store(store) == dump and audit_count(store) == audit


def test_a_failure_half_way_through_saving_leaves_the_store_as_it_was(store, tmp_path: Path):
    preview = preview_import(store, write_matrix_table(tmp_path / "矩阵.xlsx"))
    # The last indicator names a unit the store does not know: saving fails after the others went in.
    preview.plan.tasks[-1].indicators[0].quotas.append(Quota("不存在的单位", 1))
    dump, audit = dump_store(store), audit_count(store)
    with pytest.raises(StoreError, match="不存在的单位"):
        import_breakdown_table(store, preview, "王五")
    assert dump_store(store) == dump and audit_count(store) == audit


def test_cancelling_stores_nothing(store, tmp_path: Path):
    path = write_long_table(tmp_path / "t.xlsx")
    dump = dump_store(store)
    with pytest.raises(ImportCancelled, match="导入已取消"):
        preview_import(store, path, cancelled=lambda: True)
    preview = preview_import(store, path)
    with pytest.raises(ImportCancelled):
        import_breakdown_table(store, preview, "王五", cancelled=lambda: True)
    assert dump_store(store) == dump


def test_progress_is_reported_in_chinese_up_to_the_end(store, tmp_path: Path):
    calls: list[tuple[int, int, str]] = []
    import_breakdown_table(store, write_long_table(tmp_path / "t.xlsx"), "王五", progress=lambda *a: calls.append(a))
    assert calls and all(0 <= done <= total for done, total, _ in calls)
    assert calls[0][2] == "正在打开文件…" and calls[-1][2] == "导入完成"
    reading = [done for done, total, _ in calls if total == 100]
    assert reading == sorted(reading)

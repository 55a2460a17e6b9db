"""Importing a plan's own 任务分工表 (the city's table or a county's copy) updates that plan, never adds one."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from domain.periods import Period
from operations.export_return import export_breakdown
from operations.import_table import import_breakdown_table
from operations.plan_match import copy_unit, title_key
from storage.achievements import AchievementKey, achievement_history, record_achievement
from storage.plans import list_plans, load_plan
from storage.units import unit_registry


def quota(store, plan_id, seq, unit):
    indicator = load_plan(store, plan_id).task(seq).indicators[0]
    found = indicator.quota_for(unit)
    return found.target if found else None


def test_titles_of_a_copy_and_of_the_plan_share_their_key(store):
    registry = unit_registry(store)
    assert copy_unit("2022年玉林市优化营商环境创新创业指标任务分工表（北流市）", registry) == "北流市"
    assert copy_unit("2022年玉林市优化营商环境创新创业指标任务分工表（北流）", registry) == "北流市"
    assert copy_unit("…任务分工表（第二批）", registry) == ""  # not a unit: a different table
    assert copy_unit("…任务分工表（玉林市）", registry) == ""  # a city is no county's copy
    keys = {title_key(t, registry) for t in ("2022年玉林市优化营商环境创新创业指标任务分工表（北流市）",
                                             "2022年玉林市 优化营商环境创新创业指标任务分工表")}  # fmt: skip
    assert keys == {"2022年玉林市优化营商环境创新创业"}
    assert title_key("…任务分工表（第二批）", registry) != title_key("…任务分工表", registry)


def test_a_countys_copy_updates_its_own_quotas_and_nothing_else(store, yulin_plan_id, tmp_path: Path):
    record_achievement(store, AchievementKey(yulin_plan_id, "237", "", "北流市", Period.parse("2022-10")),
                       {"actual": "12"}, "张三")  # fmt: skip
    before = [p.id for p in list_plans(store)]
    tasks_before = len(load_plan(store, yulin_plan_id).tasks)
    copy = export_breakdown(store, yulin_plan_id, "北流市", tmp_path / "北流市_任务分工表.xlsx")
    unchanged = import_breakdown_table(store, copy, "张三")
    assert [p.id for p in list_plans(store)] == before  # no second plan
    assert unchanged.plan_id == yulin_plan_id and unchanged.lines == ["与库中方案相同，没有变化"]
    book = load_workbook(copy)  # the city revises 北流's quota in the county's copy
    sheet = book.active
    cell = next(
        c for row in sheet.iter_rows() for c in row if c.value == "高新技术企业保有量不低于101家，其中北流不低于18家"
    )
    cell.value = "高新技术企业保有量不低于101家，其中北流不低于20家"
    book.save(copy)
    changes = import_breakdown_table(store, copy, "张三")
    assert [p.id for p in list_plans(store)] == before
    assert any("北流市 的目标值：18 → 20" in line for line in changes.lines), changes.lines
    assert quota(store, yulin_plan_id, "237", "北流市") == 20
    assert quota(store, yulin_plan_id, "237", "容县") == 14  # the other counties' quotas stay
    assert len(load_plan(store, yulin_plan_id).tasks) == tasks_before  # tasks not in the copy stay
    history = achievement_history(store, yulin_plan_id, "北流市")
    assert [a.actual for a in history[("237", "高新技术企业保有量")]] == [12]


def test_the_citys_whole_table_updates_the_plan_too(store, yulin_plan_id, tmp_path: Path):
    before = [p.id for p in list_plans(store)]
    whole = export_breakdown(store, yulin_plan_id, None, tmp_path / "全市_任务分工表.xlsx")
    changes = import_breakdown_table(store, whole, "张三")
    assert changes.plan_id == yulin_plan_id and [p.id for p in list_plans(store)] == before


@pytest.mark.parametrize("archived", [True, False])
def test_an_archived_plan_is_still_the_one_its_table_updates(store, yulin_plan_id, tmp_path: Path, archived):
    from storage.plan_admin import set_archived

    set_archived(store, yulin_plan_id, archived, "张三")
    copy = export_breakdown(store, yulin_plan_id, "北流市", tmp_path / "北流市_任务分工表.xlsx")
    assert import_breakdown_table(store, copy, "张三").plan_id == yulin_plan_id

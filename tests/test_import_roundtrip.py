"""A table exported by this application's own 任务分工表 export imports back to the same plans and quotas."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.breakdown_table import write_breakdown_table
from operations.import_table import import_breakdown_table, preview_import
from storage.dump import dump_store
from storage.plans import list_plans, load_plan
from storage.units import unit_registry

TASK_FIELDS = ("city_seq", "topic", "region_goal", "region_task", "city_goal", "text", "responsible", "deadline",
               "lead", "partners")  # fmt: skip
# Seed 000's text is damaged at (253) and (255); the built-in plan carries hand-made decisions there that the
# words alone do not support (see each task's note). Everything else must come back exactly.
DAMAGED = {"253", "255"}


def indicator_figures(indicator) -> tuple:
    quotas = sorted((q.unit, q.target, q.baseline) for q in indicator.quotas)
    return indicator.measure, indicator.kind, indicator.direction, indicator.target, quotas


def plans_by_title(store) -> dict[str, int]:
    return {p.title: p.id for p in list_plans(store)}


@pytest.mark.parametrize(
    "title",
    ["2022年玉林市优化营商环境创新创业专项实施方案", "玉林市促进高新技术产业开发区高质量发展实施方案",
     "2022年百色市科技创新工作要点"],
)  # fmt: skip
def test_exported_breakdown_table_imports_back_to_the_same_plan(title, store, tmp_path: Path):
    stored = load_plan(store, plans_by_title(store)[title])
    path = write_breakdown_table(stored, tmp_path / "分工表.xlsx", registry=unit_registry(store))
    preview = preview_import(store, path)
    assert preview.errors == []
    assert preview.replaces == stored.title
    assert preview.plan.table_title == stored.table_title and preview.plan.city == stored.city
    assert [t.seq for t in preview.plan.tasks] == [t.seq for t in stored.tasks]
    for old in stored.tasks:
        new = preview.plan.task(old.seq)
        assert {f: getattr(new, f) for f in TASK_FIELDS} == {f: getattr(old, f) for f in TASK_FIELDS}, old.seq
        if old.seq in DAMAGED:
            continue
        assert [indicator_figures(i) for i in new.indicators] == [indicator_figures(i) for i in old.indicators], old.seq


def test_the_damaged_sub_tasks_are_flagged_not_silently_changed(store, yulin_plan_id: int, tmp_path: Path):
    stored = load_plan(store, yulin_plan_id)
    preview = preview_import(store, write_breakdown_table(stored, tmp_path / "t.xlsx", registry=unit_registry(store)))
    assert preview.unresolved == ["潭产产业园区"]
    assert preview.warnings == ["第 20 行：任务 (253)：“潭产产业园区”不是登记表中玉林市的单位，这一项没有读取，请核对"]
    (indicator,) = preview.plan.task("253").indicators
    assert [(q.unit, q.target) for q in indicator.quotas] == [("玉林健康产业园", 1)]


@pytest.mark.parametrize("title", ["玉林市促进高新技术产业开发区高质量发展实施方案", "2022年百色市科技创新工作要点"])
def test_importing_the_export_changes_no_figure(title, store, tmp_path: Path):
    stored = load_plan(store, plans_by_title(store)[title])
    path = write_breakdown_table(stored, tmp_path / "分工表.xlsx", registry=unit_registry(store))
    before = dump_store(store)
    changes = import_breakdown_table(store, path, "张三")
    assert changes.plan_id == stored.id and not changes.created
    assert changes.lines == ["与库中方案相同，没有变化"]
    after = dump_store(store)
    assert len(after["plans"]) == len(before["plans"]) and after["achievements"] == before["achievements"]
    old_plan = next(p for p in before["plans"] if p["id"] == stored.id)
    new_plan = next(p for p in after["plans"] if p["id"] == stored.id)
    for old_task, new_task in zip(old_plan["tasks"], new_plan["tasks"], strict=True):
        for old_ind, new_ind in zip(old_task["indicators"], new_task["indicators"], strict=True):
            strip = [{k: v for k, v in q.items() if k != "source"} for q in old_ind["quotas"]]
            assert [{k: v for k, v in q.items() if k != "source"} for q in new_ind["quotas"]] == strip
            assert {k: v for k, v in new_ind.items() if k != "quotas"} == {
                k: v for k, v in old_ind.items() if k != "quotas"
            }


@pytest.mark.parametrize("unit", ["北流市", "兴业县", "玉东新区"])
def test_a_county_copy_imports_back_with_that_countys_quotas(unit, store, yulin_plan_id: int, tmp_path: Path):
    stored = load_plan(store, yulin_plan_id)
    path = write_breakdown_table(stored, tmp_path / f"{unit}.xlsx", unit=unit, registry=unit_registry(store))
    preview = preview_import(store, path)
    assert preview.errors == [] and preview.warnings == []
    assert f"本表是{unit}的分表（标题注明），只含本单位的分解指标，不核对各单位合计" in preview.notes
    assert preview.plan.tasks, "the county's copy has tasks"
    for task in preview.plan.tasks:
        old = stored.task(task.seq).indicators[0].quota_for(unit)
        new = task.indicators[0].quota_for(unit)
        assert (new.target, new.baseline) == (old.target, old.baseline) if old else new is None, task.seq

"""A table exported by this application's own 任务分工表 export imports back to the same plans and quotas."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from exporters.breakdown_table import write_breakdown_table
from importers.builtin import builtin_registry
from operations.import_table import import_breakdown_table, preview_import
from storage.db import open_store
from storage.dump import dump_store
from storage.plans import list_plans, load_plan
from storage.units import load_units, unit_registry

TASK_FIELDS = ("city_seq", "topic", "region_goal", "region_task", "city_goal", "text", "responsible", "deadline",
               "lead", "partners")  # fmt: skip
YULIN = "2022年玉林市优化营商环境创新创业专项实施方案"
# Seed 000's text is cut at (253), (254) and (255); the built-in plan keeps the cut words and records by hand
# what they mean (each task's note). The exported table carries those words, and the importer recognises them.
DAMAGED = {"253", "254", "255"}
def indicator_figures(indicator) -> tuple:
    quotas = sorted((q.unit, q.target, q.baseline) for q in indicator.quotas)
    return indicator.measure, indicator.kind, indicator.direction, indicator.target, quotas


def same_indicators(new, old) -> bool:
    """Everything of the tasks' indicators, quotas in any order, their sources included."""

    def whole(task) -> list[tuple]:
        return [
            (i.name, *indicator_figures(i), sorted((q.unit, q.target, q.baseline, q.source) for q in i.quotas))
            for i in task.indicators
        ]

    return whole(new) == whole(old)


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
        wanted = [indicator_figures(i) for i in old.indicators]
        assert [indicator_figures(i) for i in new.indicators] == wanted, old.seq


def test_the_damaged_sub_tasks_come_back_as_the_built_in_plan_records_them_and_say_so(
    store, yulin_plan_id: int, tmp_path: Path
):
    stored = load_plan(store, yulin_plan_id)
    preview = preview_import(store, write_breakdown_table(stored, tmp_path / "t.xlsx", registry=unit_registry(store)))
    assert preview.unresolved == [] and preview.warnings == []
    for seq in DAMAGED:
        new, old = preview.plan.task(seq), stored.task(seq)
        assert same_indicators(new, old), seq  # names and quota sources too, not only the figures
        assert new.note == old.note and new.note.startswith("原文缺损")
    same = f"文字与内置方案《{YULIN}》的这一细化任务逐字相同，"
    assert [n for n in preview.notes if same in n] == [
        f"第 20 行：任务 (253)：{same}{stored.task('253').note}；按内置方案登记为“开发园区规上工业企业数（原文缺损）”"
        "（保有量）：玉林健康产业园 1家（原文“医药健康产业园1家以上”）、龙潭产业园 3家（原文“潭产产业园区3家以上”）",
        f"第 22 行：任务 (255)：{same}{stored.task('255').note}；按内置方案登记为“国有规上工业企业研发活动（原文缺损）”"
        "（定性）",
    ]  # (254)'s figures are what its words say; only the name read from the cut words ("…内部支出反") is replaced


def test_a_damaged_sub_task_edited_by_hand_is_read_from_its_words_again(store, yulin_plan_id: int, tmp_path: Path):
    """Only the built-in plan's exact words are recognised: once someone edits them, the words are what counts."""
    stored = load_plan(store, yulin_plan_id)
    path = write_breakdown_table(stored, tmp_path / "t.xlsx", registry=unit_registry(store))
    book = openpyxl.load_workbook(path)
    (cell,) = [c for row in book.active.iter_rows() for c in row if c.value == stored.task("253").text]
    cell.value = cell.value.replace("以上。", "以上，玉柴工业园5家。")
    book.save(path)
    preview = preview_import(store, path)
    assert preview.unresolved == ["潭产产业园区"] and preview.warnings == []
    assert [(p.id, p.name, p.row) for p in preview.pending] == [("253/1", "潭产产业园区", 20)]
    (indicator,) = preview.plan.task("253").indicators
    assert sorted((q.unit, q.target) for q in indicator.quotas) == [("玉林健康产业园", 1), ("玉柴工业园", 5)]
    assert not any("任务 (253)：文字与内置方案" in n for n in preview.notes) and preview.plan.task("253").note == ""


def test_a_store_without_the_plan_gets_the_built_in_reading_of_the_damaged_sub_tasks(store, tmp_path: Path):
    """The exported table imported into a store with units but no plans: the same indicators, names and notes."""
    plan = load_plan(store, plans_by_title(store)[YULIN])
    path = write_breakdown_table(plan, tmp_path / "t.xlsx", registry=unit_registry(store))
    empty = open_store(tmp_path / "empty.sqlite3")
    try:
        load_units(empty, builtin_registry())
        changes = import_breakdown_table(empty, path, "张三")
        assert changes.created
        imported = load_plan(empty, changes.plan_id)
        for seq in DAMAGED:
            assert same_indicators(imported.task(seq), plan.task(seq)), seq
            assert imported.task(seq).note == plan.task(seq).note
        assert imported.task("254").indicators[0].name == "工业企业R&D经费内部支出"
    finally:
        empty.close()


@pytest.mark.parametrize(
    "title", [YULIN, "玉林市促进高新技术产业开发区高质量发展实施方案", "2022年百色市科技创新工作要点"]
)
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

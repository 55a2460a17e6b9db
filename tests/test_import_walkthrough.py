"""The user walkthrough of importing the city's breakdown tables, step by step as the user did it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from cli import main
from exporters.breakdown_table import write_breakdown_table
from operations.import_table import preview_import
from storage.audit import audit_count
from storage.dump import dump_store
from storage.plans import load_plan
from storage.units import unit_registry
from tests.import_tables import write_long_table, write_matrix_table

ADDED = "北京不低于3家，陆州不低于2家，"


def exported_table_with_unknown_names(store, plan_id: int, path: Path) -> Path:
    """The app's own 分工表 with 北京 and 陆州 typed into (237)'s list of county quotas, as the user did."""
    write_breakdown_table(load_plan(store, plan_id), path, registry=unit_registry(store))
    book = openpyxl.load_workbook(path)
    sheet = book.active
    (cell,) = [
        c for row in sheet.iter_rows() for c in row if str(c.value).startswith("高新技术企业保有量不低于101家：")
    ]
    cell.value = cell.value.replace("容县不低于14家，", "容县不低于14家，" + ADDED)
    book.save(path)
    return path


def test_unknown_names_typed_into_a_quota_list_are_pending_by_row_sequence_and_name(
    store, yulin_plan_id: int, tmp_path: Path, capsys
):
    path = exported_table_with_unknown_names(store, yulin_plan_id, tmp_path / "t.xlsx")
    fresh = tmp_path / "fresh.sqlite3"
    assert main(["import", str(path), "--db", str(fresh), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "待确认：[237/1] 任务 (237)“高新技术企业保有量” 北京，读到 3家：" in out
    assert "待确认：[237/2] 任务 (237)“高新技术企业保有量” 陆州，读到 2家：" in out
    assert main(["import", str(path), "--db", str(fresh), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unresolved"][:2] == ["北京", "陆州"]
    assert [(p["id"], p["name"], p["unit"], p["row"]) for p in report["pending"] if p["seq"] == "237"] == [
        ("237/1", "北京", None, 4),
        ("237/2", "陆州", None, 4),
    ]
    quotas_237 = {q["unit"]: q["target"] for q in report["quotas"] if q["seq"] == "237"}
    assert len(quotas_237) == 11 and quotas_237["容县"] == 14 and "北京" not in str(quotas_237)


# 1. The app's own 完成情况表 and 汇总表 are refused, never imported as a plan; a signature line is no task.

RETURN_REFUSAL = (
    "错误：“北流_2022年10月.xlsx”是完成情况表（各单位报送的完成情况），不是任务分工表（{why}）；"
    "市里收取各县报表请用“汇总 → 收取各单位报表”或命令行的 collect 命令"
)


def export_return(db_path: Path, out: Path) -> Path:
    argv = ["export", "progress", "--db", str(db_path), "--plan", "创新创业", "--unit", "北流", "--period", "2022-10"]
    assert main([*argv, "-o", str(out)]) == 0
    return out


def refused(store, db_path: Path, path: Path, capsys, *extra: str) -> tuple[str, str]:
    """Import `path` and check it was refused with exit 2 and the store left as it was; (stdout, stderr)."""
    capsys.readouterr()
    before, audit = dump_store(store), audit_count(store)
    assert main(["import", str(path), "--db", str(db_path), *extra]) == 2
    captured = capsys.readouterr()
    assert dump_store(store) == before and audit_count(store) == audit
    return captured.out, captured.err


def test_the_apps_own_progress_return_is_refused_with_exit_2_and_nothing_written(store, db_path, tmp_path, capsys):
    path = export_return(db_path, tmp_path / "北流_2022年10月.xlsx")
    _, err = refused(store, db_path, path, capsys)
    assert err.strip() == RETURN_REFUSAL.format(why="含本程序导出报表的“校验信息”表")
    out, _ = refused(store, db_path, path, capsys, "--json")
    report = json.loads(out)
    assert report["plan"] is None and report["tasks"] == []
    assert report["errors"] == [RETURN_REFUSAL.format(why="含本程序导出报表的“校验信息”表").removeprefix("错误：")]


def test_a_return_without_its_hidden_sheet_is_known_by_its_title_then_by_its_columns(store, db_path, tmp_path, capsys):
    path = export_return(db_path, tmp_path / "北流_2022年10月.xlsx")
    book = openpyxl.load_workbook(path)
    del book["校验信息"]
    book.save(path)
    title = "北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》指标任务完成情况表"
    _, err = refused(store, db_path, path, capsys)
    assert err.strip() == RETURN_REFUSAL.format(why=f"工作表“完成情况表”第 1 行标题“{title}”")
    book.active["A1"] = "北流市2022年10月工作台账"
    book.save(path)
    _, err = refused(store, db_path, path, capsys)
    assert err.strip() == RETURN_REFUSAL.format(why="工作表“完成情况表”第 3 行的表头有“完成值”“完成率”列")


def test_the_citys_consolidation_is_refused_too(store, db_path, tmp_path, capsys):
    path = tmp_path / "汇总表.xlsx"
    argv = ["collect", "--summary", "--plan", "创新创业", "--period", "2022-10", "--db", str(db_path)]
    assert main([*argv, "-o", str(path)]) == 0
    _, err = refused(store, db_path, path, capsys)
    assert err.startswith("错误：“汇总表.xlsx”是完成情况汇总表，不是任务分工表（含本程序导出汇总表的“汇总信息”表）")
    assert "；汇总表是市里汇总各单位完成情况的结果，用于上报，不能作为任务分工表导入" in err
    # A copy retitled by hand, without its hidden mark: the A3 layout (units across) is known by its header.
    assert main([*argv, "-o", str(path), "--paper", "A3"]) == 0
    book = openpyxl.load_workbook(path)
    next(c for c in book["汇总表"][1] if c.value).value = "玉林市十月统计"  # the title, wherever it starts
    del book["报送情况"]
    del book["汇总信息"]
    book.save(path)
    _, err = refused(store, db_path, path, capsys)
    assert "（工作表“汇总表”第 3 行的表头按单位列出“目标”“完成”“完成率”）" in err


def test_a_breakdown_table_with_a_completion_column_in_its_title_is_still_a_breakdown_table(store, tmp_path):
    path = write_long_table(tmp_path / "t.xlsx", title="2022年玉林市创新创业指标任务分工及完成情况表")
    preview = preview_import(store, path)
    assert preview.errors == [] and len(preview.plan.tasks) == 7


@pytest.mark.parametrize("notes", [True, False])
def test_a_signature_line_under_a_long_table_ends_it(store, tmp_path, notes):
    plain = preview_import(store, write_long_table(tmp_path / "a.xlsx", notes=notes))
    signed = preview_import(store, write_long_table(tmp_path / "b.xlsx", notes=notes, footer=True))
    assert [t.seq for t in signed.plan.tasks] == [t.seq for t in plain.plan.tasks] == [
        "237", "238", "239", "245", "251", "252", "254",
    ]  # fmt: skip
    assert signed.warnings == plain.warnings and signed.errors == []
    assert not any("负责人" in t.text for t in signed.plan.tasks)


def test_a_signature_line_under_a_matrix_ends_it(store, tmp_path):
    preview = preview_import(store, write_matrix_table(tmp_path / "m.xlsx", footer=True))
    assert [t.seq for t in preview.plan.tasks] == ["1", "2", "3", "4"] and preview.errors == []


@pytest.mark.parametrize(
    "line",
    [["单位负责人：张三", "审核人：李四", "填报人：王五", "联系电话：0775-1234567", "填报日期：2022年11月30日"],
     ["单位负责人", "张三", "填报人", "王五"], ["填报人：王五  联系电话：0775-1234567"], ["联系电话： 0775-1234567"]],
)  # fmt: skip
def test_signature_lines_as_tables_write_them(store, tmp_path, line):
    path = write_long_table(tmp_path / "t.xlsx", notes=False)
    book = openpyxl.load_workbook(path)
    book.active.append(line)
    book.save(path)
    preview = preview_import(store, path)
    assert len(preview.plan.tasks) == 7 and preview.errors == []


def test_a_return_or_consolidation_given_to_a_new_store_creates_none(store, db_path, tmp_path, capsys):
    paths = [export_return(db_path, tmp_path / "北流_2022年10月.xlsx"), tmp_path / "汇总表.xlsx"]
    argv = ["collect", "--summary", "--plan", "创新创业", "--period", "2022-10", "--db", str(db_path)]
    assert main([*argv, "-o", str(paths[1])]) == 0
    for path in paths:
        new = tmp_path / "新库.sqlite3"
        capsys.readouterr()
        assert main(["import", str(path), "--db", str(new), "--json"]) == 2
        captured = capsys.readouterr()
        assert "不是任务分工表" in captured.err and "不是任务分工表" in json.loads(captured.out)["errors"][0]
        assert not new.exists()

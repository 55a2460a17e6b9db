"""Which sheet of a workbook is the breakdown table, and when a workbook is a 完成情况表 or 汇总表 instead."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cli import main
from operations.import_table import check_import_file, preview_import
from tests.import_tables import write_long_table

PLAN_TITLE = "2023年玉林市优化营商环境创新创业指标任务分工表"
TEMPLATE_TITLE = "2022年各县（市、区）创新创业指标完成情况统计表"


def add_template_sheet(path: Path, *, first: bool) -> Path:
    """附件2 as cities send it with the 分工表: a blank 完成情况统计表 with 目标 / 完成值 / 完成率 columns."""
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("附件2", 0 if first else None)
    sheet.append(["附件2"])
    sheet.append([TEMPLATE_TITLE])
    sheet.append(["序号", "指标", "目标", "完成值", "完成率", "备注"])
    book.save(path)
    return path


@pytest.mark.parametrize("first", [False, True])
def test_a_blank_progress_template_beside_the_breakdown_table_does_not_stop_its_import(store, tmp_path, first):
    path = add_template_sheet(write_long_table(tmp_path / "分工表.xlsx", sheet="附件1"), first=first)
    check_import_file(path)
    preview = preview_import(store, path)
    assert preview.sheet == "附件1" and preview.errors == [] and len(preview.plan.tasks) == 7


@pytest.mark.parametrize(
    "title", ["2022年玉林市优化营商环境创新创业指标目标任务及完成情况表", "2022年玉林市创新创业指标任务及完成情况表"]
)
def test_a_table_that_assigns_targets_and_collects_progress_is_a_breakdown_table(store, tmp_path, title):
    path = write_long_table(tmp_path / "t.xlsx", title=title)
    check_import_file(path)
    preview = preview_import(store, path)
    assert preview.errors == [] and len(preview.plan.tasks) == 7 and preview.plan.title == title


def test_completion_columns_beside_the_sub_task_sentences_do_not_make_a_return(store, tmp_path):
    path = write_long_table(tmp_path / "t.xlsx", title="2022年玉林市优化营商环境创新创业指标任务清单", notes=False)
    book = openpyxl.load_workbook(path)
    book.active["L3"], book.active["M3"] = "完成值", "完成率"
    book.save(path)
    preview = preview_import(store, path)
    assert preview.errors == [] and len(preview.plan.tasks) == 7


@pytest.fixture
def breakdown_plan_db(tmp_path: Path) -> Path:
    """A store holding a plan imported from a table titled "…任务分工表", whose reports quote that title."""
    db = tmp_path / "x.sqlite3"
    assert main(["import", str(write_long_table(tmp_path / "t.xlsx", title=PLAN_TITLE)), "--db", str(db)]) == 0
    return db


def refusal(path: Path, db: Path, capsys) -> str:
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db), "--dry-run"]) == 2
    return capsys.readouterr().err


def test_a_return_on_a_plan_titled_as_a_breakdown_table_is_refused(breakdown_plan_db, tmp_path, capsys):
    path = tmp_path / "北流_2023年10月.xlsx"
    argv = ["export", "progress", "--db", str(breakdown_plan_db), "--plan", "分工表", "--unit", "北流"]
    assert main([*argv, "--period", "2023-10", "-o", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    del book["校验信息"]
    book.save(path)
    title = f"北流市落实《{PLAN_TITLE}》指标任务完成情况表"
    assert f"是完成情况表（各单位报送的完成情况），不是任务分工表（工作表“完成情况表”第 1 行标题“{title}”）" in (
        refusal(path, breakdown_plan_db, capsys)
    )
    # Retitled as a 分工表 by hand: its 完成值 and 完成率 columns, and no sub-task sentences, still tell.
    book.active["A1"] = "北流市2023年任务分工表"
    book.save(path)
    assert "（工作表“完成情况表”第 3 行的表头有“完成值”“完成率”列）" in refusal(path, breakdown_plan_db, capsys)


def test_a_consolidation_of_a_plan_titled_as_a_breakdown_table_is_refused(breakdown_plan_db, tmp_path, capsys):
    path = tmp_path / "汇总表.xlsx"
    argv = ["collect", "--summary", "--plan", "分工表", "--period", "2023-10", "--db", str(breakdown_plan_db)]
    assert main([*argv, "-o", str(path)]) == 0
    err = refusal(path, breakdown_plan_db, capsys)
    assert "是完成情况汇总表，不是任务分工表（含本程序导出汇总表的“汇总信息”表）" in err
    # Retitled by hand and without its hidden mark, the A3 layout (units across) is known by its header.
    assert main([*argv, "-o", str(path), "--paper", "A3"]) == 0
    book = openpyxl.load_workbook(path)
    next(c for c in book["汇总表"][1] if c.value).value = "2023年玉林市创新创业指标任务分解表"  # the title
    del book["报送情况"]
    del book["汇总信息"]
    book.save(path)
    assert "第 3 行的表头按单位列出“目标”“完成”“完成率”" in refusal(path, breakdown_plan_db, capsys)

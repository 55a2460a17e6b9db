"""A workbook holding a table and its 修订版 copy: only one version is read, the user is told which, and when
nothing says which is newer the read is refused until the user picks a sheet (--sheet, or the window)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication

from cli import main
from domain.profile import Profile
from gui.import_dialog import ImportDialog
from gui.import_sheet_choice import SheetChoiceDialog
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs
from importers.table_versions import SheetChoiceNeeded
from operations.import_table import preview_import
from storage.db import open_store
from storage.plans import find_plan
from tests.import_tables import write_matrix_table

ORIGINAL = [(1, "高新技术企业保有量", "家", 101, [17, 9, 18, 14, 11, 4, 8, 9])]


def two_versions(path: Path, second: str, *, revised_title: str = "") -> Path:
    """分解表 as first sent, and a copy of it named `second` where 北流市's 18 became 20."""
    write_matrix_table(path, rows=ORIGINAL)
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["分解表"])
    copy.title = second
    copy["G6"] = 20  # 北流市 (the third unit)
    if revised_title:
        copy["A2"] = revised_title
    book.save(path)
    return path


def beiliu(preview) -> list[float]:
    return [q.target for q in preview.quotas if q.unit == "北流市"]


@pytest.mark.parametrize("second", ["分解表（修订版）", "分解表调整后", "修改版"])
def test_only_the_revised_copy_is_read_and_the_user_is_told(store, tmp_path, second):
    path = two_versions(tmp_path / "分解表.xlsx", second)
    preview = preview_import(store, path)
    assert beiliu(preview) == [20] and len(preview.quotas) == 8
    assert preview.sheet == second
    said = [w for w in preview.warnings if "同一张表" in w]
    assert said == [
        f"工作表“分解表”与“{second}”是同一张表，“{second}”标明是修订后的版本，只读取该表；“分解表”未读取"
        "（如要导入其他版本，请用 --sheet 或在导入窗口中选择工作表）"
    ]


def test_a_revised_title_marks_the_newer_sheet_too(store, tmp_path):
    path = two_versions(tmp_path / "t.xlsx", "Sheet2", revised_title="2022年玉林市科技创新主要指标任务分解表（修订稿）")
    preview = preview_import(store, path)
    assert preview.sheet == "Sheet2" and beiliu(preview) == [20]


def test_two_copies_with_no_word_of_which_is_newer_are_refused_and_one_can_be_chosen(tmp_path, capsys):
    path = two_versions(tmp_path / "分解表.xlsx", "分解表 (2)")
    db = tmp_path / "x.sqlite3"
    assert main(["import", str(path), "--db", str(db), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "工作表“分解表”、“分解表 (2)”是同一张表的不同版本，无法判断哪一个是最新的" in err
    assert "--sheet 工作表名称（如 --sheet 分解表 (2)）" in err
    assert main(["import", str(path), "--db", str(db), "--sheet", "分解表 (2)", "--json", "--dry-run"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [q["target"] for q in report["quotas"] if q["unit"] == "北流市"] == [20]
    assert "按所选只读取工作表“分解表 (2)”，其他工作表未读取" in report["notes"]
    assert main(["import", str(path), "--db", str(db), "--sheet", "分解表"]) == 0
    with open_store(db) as store:
        plan = find_plan(store, "科技创新主要指标任务分解表")
    assert plan.task("1").indicators[0].quota_for("北流市").target == 18


def test_a_sheet_name_that_is_not_in_the_file_is_refused_naming_the_sheets(tmp_path, capsys):
    path = two_versions(tmp_path / "分解表.xlsx", "分解表（修订版）")
    assert main(["import", str(path), "--db", str(tmp_path / "x.sqlite3"), "--sheet", "表3"]) == 2
    assert "中没有名为“表3”的工作表（有：“分解表”、“分解表（修订版）”）" in capsys.readouterr().err


def test_sheets_with_different_tables_are_both_read(store, tmp_path):
    path = write_matrix_table(tmp_path / "t.xlsx", rows=ORIGINAL)
    book = openpyxl.load_workbook(path)
    other = book.copy_worksheet(book["分解表"])
    other.title = "分解表（修订版）"
    other["B6"] = "新增国家科技型中小企业"
    other["A6"] = 2
    book.save(path)
    preview = preview_import(store, path)
    assert len(preview.plan.tasks) == 2 and not any("同一张表" in w for w in preview.warnings)


def test_the_window_asks_which_sheet_when_it_is_not_clear_and_offers_a_choice_of_sheet(qtbot, store, tmp_path):
    from gui import file_actions

    path = two_versions(tmp_path / "分解表.xlsx", "分解表 (2)")
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    file_actions.import_table(win, path)
    qtbot.waitUntil(lambda: bool(win.findChildren(SheetChoiceDialog)), timeout=10000)
    chooser = win.findChildren(SheetChoiceDialog)[0]
    assert [chooser.combo.itemText(i) for i in range(chooser.combo.count())] == ["分解表", "分解表 (2)"]
    chooser.combo.setCurrentText("分解表 (2)")
    chooser.accept()
    qtbot.waitUntil(lambda: bool(win.findChildren(ImportDialog)), timeout=10000)
    dialog = win.findChildren(ImportDialog)[0]
    assert dialog.preview.sheet == "分解表 (2)" and beiliu(dialog.preview) == [20]
    dialog.choose_sheet()  # 选择工作表…: the other one is read again in a new window
    dialog.sheet_chooser.combo.setCurrentText("分解表")
    dialog.sheet_chooser.accept()
    qtbot.waitUntil(lambda: any(d.preview.sheet == "分解表" for d in win.findChildren(ImportDialog)), timeout=10000)
    again = next(d for d in win.findChildren(ImportDialog) if d.preview.sheet == "分解表")
    assert beiliu(again.preview) == [18] and not dialog.isVisible()
    wait_for_jobs()
    QApplication.processEvents()


def test_the_refusal_names_the_sheets_for_the_caller(store, tmp_path):
    path = two_versions(tmp_path / "t.xlsx", "副本")
    with pytest.raises(SheetChoiceNeeded) as refused:
        preview_import(store, path)
    assert refused.value.sheets == ["分解表", "副本"]

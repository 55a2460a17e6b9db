"""The import preview dialog, with real widgets offscreen, on previews read from real tables."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.import_dialog import QUOTA_COLUMNS, ImportDialog
from operations.import_table import import_breakdown_table, preview_import
from storage.plans import find_plan, list_plans
from tests.import_tables import write_long_table, write_matrix_table


def table_rows(table) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_dialog_shows_plan_quotas_with_their_source_and_every_note(qtbot, store, tmp_path: Path):
    path = write_long_table(tmp_path / "分工表.xlsx")
    preview = preview_import(store, path)
    path.unlink()  # the dialog shows what was read; it must not go back to the file
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    summary = dialog.summary.text()
    assert "文件：分工表.xlsx（工作表“Sheet1”，任务清单）" in summary
    assert "方案：2022年玉林市优化营商环境创新创业指标任务分工表（2022 年，玉林市）" in summary
    assert "将更新库中已有方案“2022年玉林市优化营商环境创新创业专项实施方案”" in summary
    assert "任务 7 项，指标 7 个，分解到单位的指标 48 条" in summary
    assert [dialog.quota_table.horizontalHeaderItem(c).text() for c in range(7)] == list(QUOTA_COLUMNS)
    rows = table_rows(dialog.quota_table)
    assert len(rows) == 48
    assert rows[0] == ["(237)", "高新技术企业保有量", "北流市", "18", "", "家", "北流不低于18家"]
    xingye = next(r for r in rows if r[0] == "(252)" and r[2] == "兴业县")
    assert xingye[3:5] == ["35", "800"]
    tasks = table_rows(dialog.task_table)
    assert tasks[0][0] == "(237)" and tasks[0][3:5] == ["保有量", "不低于101家"]
    assert tasks[0][6] == "2022年12月31日"
    assert tasks[4][4] == "不低于2%"
    problems = dialog.problem_lines()
    assert len(problems) == 2 and all(p.startswith("说明：") for p in problems)
    assert "102家" in problems[0]
    assert dialog.import_button.isEnabled()
    assert dialog.verdict.text() == "没有发现问题。点“导入”保存到台账。"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_errors_disable_import_and_are_shown_first(qtbot, store, tmp_path: Path):
    rows = [(1, "高新技术企业保有量", "家", 101, [17, 9, "约十几家", 14, 11, 4, 8, 9])]
    preview = preview_import(store, write_matrix_table(tmp_path / "坏数.xlsx", rows=rows))
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert dialog.tabs.currentWidget() is dialog.problem_list
    problems = dialog.problem_lines()
    assert problems[0].startswith(
        "错误：坏数.xlsx 工作表“分解表”第 6 行“各县(市、区)分解任务/北流市”列：“约十几家”不是数字"
    )
    assert any(p.startswith("警告：") for p in problems)
    assert dialog.verdict.text().startswith("表中有 1 处错误")
    assert dialog.problem_list.item(0).foreground().color().name().upper() == "#C00000"


def test_cancel_rejects_and_the_store_is_unchanged(qtbot, store, tmp_path: Path):
    preview = preview_import(store, write_matrix_table(tmp_path / "矩阵.xlsx"))
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    assert "将作为新方案导入" in dialog.summary.text()
    assert dialog.verdict.text() == "有 3 条警告，请核对后再导入；导入后仍可按新表重新导入。"
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not any(p.title == preview.plan.title for p in list_plans(store))


def test_accepted_preview_is_what_gets_imported(qtbot, store, tmp_path: Path):
    preview = preview_import(store, write_matrix_table(tmp_path / "矩阵.xlsx"))
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    import_breakdown_table(store, dialog.preview, "张三")
    plan = find_plan(store, "科技创新主要指标任务分解表")
    assert plan.task("2").indicators[0].quota_for("兴业县").target == 21

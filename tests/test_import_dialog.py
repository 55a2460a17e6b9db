"""The import review dialog, with real widgets offscreen, on previews read from real tables."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.import_dialog import ImportDialog
from gui.import_review_model import FIXED_COLUMNS, SOURCE_COLUMN
from operations.import_table import import_breakdown_table, preview_import
from storage.plans import find_plan, list_plans
from tests.import_tables import write_baseline_matrix, write_long_table, write_matrix_table


def grid_text(dialog, row: int, header: str, role=Qt.ItemDataRole.DisplayRole):
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return model.index(row, headers.index(header)).data(role)


def grid_row(dialog, seq: str) -> int:
    return next(r for r in range(dialog.model.rowCount()) if dialog.model.index(r, 0).data() == seq)


def test_dialog_shows_the_review_grid_with_sources_and_every_note(qtbot, store, tmp_path: Path, qtmodeltester):
    path = write_long_table(tmp_path / "分工表.xlsx")
    preview = preview_import(store, path)
    path.unlink()  # the dialog shows what was read; it must not go back to the file
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    summary = dialog.summary.text()
    assert "文件：分工表.xlsx（工作表“Sheet1”，任务清单）" in summary
    assert "方案：2022年玉林市优化营商环境创新创业指标任务分工表（2022 年，玉林市）" in summary
    assert "将更新库中已有方案“2022年玉林市优化营商环境创新创业专项实施方案”" in summary
    assert "任务 7 项，指标 7 个，分解到单位的指标 48 条，待确认 0 项" in summary
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:4] == list(FIXED_COLUMNS) and headers[-1] == SOURCE_COLUMN
    assert headers[4:7] == ["玉州", "福绵", "容县"] and "北流" in headers and "玉林健康产业园" in headers
    row = grid_row(dialog, "(237)")
    assert grid_text(dialog, row, "指标") == "高新技术企业保有量" and grid_text(dialog, row, "全市目标") == "不低于101"
    assert grid_text(dialog, row, "北流") == "18"
    assert grid_text(dialog, row, "北流", Qt.ItemDataRole.ToolTipRole) == "原文：北流不低于18家"
    assert grid_text(dialog, row, SOURCE_COLUMN).startswith("高新技术企业保有量不低于101家：北流不低于18家")
    xingye = grid_row(dialog, "(252)")
    assert grid_text(dialog, xingye, "兴业") == "35" and grid_text(dialog, xingye, "计量单位") == "%"
    problems = dialog.problem_lines()
    assert len(problems) == 2 and all(p.startswith("说明：") for p in problems)
    assert "102家" in problems[0]
    assert dialog.import_button.isEnabled()
    assert dialog.verdict.text() == "没有发现问题。点“导入”保存到台账。"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_errors_disable_import_and_are_shown_first(qtbot, store, tmp_path: Path):
    cells = {"玉州区": (3000, 3300), "北流市": (-200, 2200)}
    preview = preview_import(store, write_baseline_matrix(tmp_path / "负数.xlsx", cells))
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert dialog.tabs.currentWidget() is dialog.problem_list
    problems = dialog.problem_lines()
    assert problems[0] == "错误：负数.xlsx 工作表“分解表”第 4 行“北流市/基数”列：基础数不能为负数（-200）"
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


def test_a_table_with_unread_figures_says_so_in_the_verdict(qtbot, store, tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2024年北海市科技活动周分工表"])
    ws.append(["序号", "重点任务", "牵头单位", "责任单位", "完成时限"])
    ws.append(["1", "开展科技活动周", "市科技局", "海城区承办主会场，银海区、合浦县各承办2场分会场", "2024年5月"])
    wb.save(tmp_path / "活动周.xlsx")
    dialog = ImportDialog(preview_import(store, tmp_path / "活动周.xlsx"))
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentWidget() is dialog.problem_list
    assert dialog.problem_lines()[0].startswith("警告：注意：表中没有读出任何分解指标，但“责任单位”列有 1 处")
    assert dialog.verdict.text().startswith("注意：表中没有读出任何分解指标")
    assert dialog.verdict.text().endswith("如确认本表没有分解到单位的指标，仍可导入。")
    dialog.resize(900, 500)
    dialog.grab().save(str(tmp_path / "unread.png"))

"""Habits from Excel and WPS in the grid: right-click menu, F2 appends, sort by status, 沿用上期; the 修改留痕 viewer."""

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from python_calamine import CalamineWorkbook

from domain.periods import Period
from domain.profile import Profile
from gui.audit_view import export_audit, show_audit
from gui.columns import COLUMN_INDEX
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs
from storage.achievements import AchievementKey, record_achievement
from tests.test_gui_entry import cell, open_editor, row_of, send_text, type_into

OCT, SEP = Period.parse("2022-10"), Period.parse("2022-09")
ACTUAL, PROGRESS, PROBLEMS, STATUS = (COLUMN_INDEX[k] for k in ("actual", "progress", "problems", "status"))


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    yield win
    wait_for_jobs()


def menu_texts(win):
    return [a.text() for a in win.grid.context_menu().actions() if not a.isSeparator()]


def trigger(win, text):
    next(a for a in win.grid.context_menu().actions() if a.text().startswith(text)).trigger()


def test_the_right_click_menu_copies_pastes_clears_undoes(qtbot, window, store):
    window.grid.setCurrentIndex(cell(window, "237", ACTUAL))
    assert menu_texts(window) == ["复制", "粘贴", "清除", "撤销", "查看留痕…"]
    type_into(qtbot, window, "237", ACTUAL, "12")
    window.grid.setCurrentIndex(cell(window, "237", ACTUAL))
    trigger(window, "复制")
    assert QApplication.clipboard().text() == "12\n"
    window.grid.setCurrentIndex(cell(window, "238", ACTUAL))
    trigger(window, "粘贴")
    assert cell(window, "238", ACTUAL).data() == "12"
    assert "撤销 粘贴" in menu_texts(window)
    trigger(window, "撤销")
    assert cell(window, "238", ACTUAL).data() == ""
    window.grid.setCurrentIndex(cell(window, "237", ACTUAL))
    trigger(window, "清除")
    assert cell(window, "237", ACTUAL).data() == ""


def test_f2_then_typing_appends_and_typing_alone_replaces(qtbot, window):
    type_into(qtbot, window, "237", PROGRESS, "新认定3家")
    window.grid.setCurrentIndex(cell(window, "237", PROGRESS))
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_F2)
    send_text(open_editor(window.grid), "，2家在审")
    qtbot.keyClick(open_editor(window.grid), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert cell(window, "237", PROGRESS).data() == "新认定3家，2家在审"
    type_into(qtbot, window, "237", ACTUAL, "12")
    window.grid.setCurrentIndex(cell(window, "237", ACTUAL))
    qtbot.keyClick(window.grid, Qt.Key.Key_F2)
    editor = open_editor(window.grid)
    assert isinstance(editor, QLineEdit) and not editor.hasSelectedText() and editor.cursorPosition() == 2
    send_text(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert cell(window, "237", ACTUAL).data() == "123"
    type_into(qtbot, window, "237", ACTUAL, "14")  # typing without F2 replaces, as in Excel
    assert cell(window, "237", ACTUAL).data() == "14"


def test_sorting_by_status_puts_what_needs_attention_first_and_stays_put_while_editing(qtbot, window):
    type_into(qtbot, window, "238", ACTUAL, "41")  # 已完成
    type_into(qtbot, window, "237", ACTUAL, "5")  # 滞后
    window.grid.sort_by("status")
    statuses = [window.proxy.index(r, STATUS).data() for r in range(window.proxy.rowCount())]
    assert statuses[0] == "滞后" and statuses[-1] == "已完成"
    assert statuses == sorted(statuses, key=["逾期", "滞后", "未填报", "缺基数", "未分解", "正常", "已完成"].index)
    first = window.proxy.index(0, 0).data()
    type_into(qtbot, window, "237", ACTUAL, "18")  # now 已完成, but the row does not jump away
    assert window.proxy.index(0, 0).data() == first
    window.grid.frozen.horizontalHeader().sectionClicked.emit(0)  # 序号's header, under the frozen columns
    assert window.proxy.index(0, 0).data() == "(237)"


def test_carry_forward_fills_only_empty_texts_in_one_undo_step(qtbot, window, store, yulin_plan_id):
    for seq, texts in (("237", {"progress": "九月进展", "problems": "九月问题"}), ("238", {"next_steps": "九月计划"})):
        record_achievement(store, AchievementKey(yulin_plan_id, seq, "", "北流市", SEP), texts, "张三")
    window.reload()
    qtbot.waitUntil(lambda: window.model.rows[0].earlier is not None, timeout=10000)
    type_into(qtbot, window, "237", PROGRESS, "十月进展")
    steps = window.undo_stack.count()
    assert window.model.carry_forward() == 2
    assert cell(window, "237", PROGRESS).data() == "十月进展"  # already written: kept
    assert cell(window, "237", PROBLEMS).data() == "九月问题"
    assert cell(window, "238", COLUMN_INDEX["next_steps"]).data() == "九月计划"
    assert cell(window, "237", ACTUAL).data() == ""  # figures are never carried
    assert window.undo_stack.count() == steps + 1
    window.undo_stack.undo()
    assert cell(window, "237", PROBLEMS).data() == "" and cell(window, "238", COLUMN_INDEX["next_steps"]).data() == ""
    assert window.model.carry_forward() == 2
    assert window.model.carry_forward() == 0 and "没有可沿用" in window.statusBar().currentMessage()


def test_the_audit_viewer_shows_filters_and_exports_the_returns_changes(qtbot, qtmodeltester, window, tmp_path):
    type_into(qtbot, window, "237", ACTUAL, "12")
    type_into(qtbot, window, "237", ACTUAL, "14")
    type_into(qtbot, window, "238", PROGRESS, "=新入库5家")
    type_into(qtbot, window, "252", COLUMN_INDEX["baseline"], "800")
    dialog = show_audit(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 5, timeout=10000)  # with the plan's own 导入方案
    qtmodeltester.check(dialog.model)
    qtmodeltester.check(dialog.proxy)
    first = dialog.model.lines[0]
    assert (first.who, first.action, first.item, first.unit, first.period, first.field, first.old, first.new) == (
        "张三", "修改基数", "(252) 规上工业R&D经费支出增长率", "北流市", "", "基数", "", "800",
    )  # fmt: skip
    assert dialog.model.lines[2].cells()[3:] == (
        "(237) 高新技术企业保有量",
        "北流市",
        "2022年10月",
        "完成值",
        "12",
        "14",
    )
    dialog.filter_edit.setText("高新技术")
    assert dialog.proxy.rowCount() == 2
    dialog.filter_edit.clear()
    dialog.field_combo.setCurrentText("工作进展")
    assert dialog.proxy.rowCount() == 1 and "显示 1 条，共 5 条" in dialog.count.text()
    dialog.field_combo.setCurrentText("全部栏目")
    dialog.filter_edit.setText("(237)")
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        export_audit(window, dialog, tmp_path / "留痕.xlsx")
    rows = CalamineWorkbook.from_path(done.args[0]).get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["时间", "操作人", "操作"]
    assert [r[7:] for r in rows[2:]] == [["12", "14"], ["", "12"]]
    sheet = load_workbook(done.args[0]).active
    assert sheet.print_title_rows == "$2:$2" and sheet.page_setup.orientation == "landscape"
    assert "北流市 2022年10月" in sheet["A1"].value


def test_a_formula_typed_as_text_stays_text_in_the_exported_audit(qtbot, window, tmp_path):
    type_into(qtbot, window, "238", PROGRESS, "=SUM(1,2)")
    dialog = show_audit(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        export_audit(window, dialog, tmp_path / "留痕.xlsx")
    cell_ = load_workbook(done.args[0]).active["I3"]
    assert cell_.value == "=SUM(1,2)" and cell_.data_type == "s"


def test_view_history_from_the_right_click_menu_shows_only_that_row(qtbot, window):
    type_into(qtbot, window, "237", ACTUAL, "12")
    type_into(qtbot, window, "238", ACTUAL, "30")
    window.grid.setCurrentIndex(cell(window, "238", ACTUAL))
    trigger(window, "查看留痕")
    dialog = next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == "修改留痕" and w.isVisible())
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=10000)
    assert dialog.item_only.isChecked() and dialog.proxy.rowCount() == 1
    assert dialog.proxy.index(0, 3).data() == "(238) 国家科技型中小企业入库数"
    dialog.item_only.setChecked(False)
    assert dialog.proxy.rowCount() == 3
    assert row_of(window, "238") == 1

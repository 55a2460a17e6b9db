"""The entry screen driven through real widgets, offscreen: typing, keys, paste, undo, rejection, reopening."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from domain.periods import Period
from domain.profile import Profile
from domain.progress import Status
from gui.columns import COLUMN_INDEX
from gui.main_window import MainWindow
from gui.progress_model import REJECTED_BRUSH, ProgressTableModel
from gui.workers import wait_for_jobs
from storage.achievements import achievement_history
from storage.audit import audit_entries
from storage.db import open_store
from storage.submissions import submit_period

OCT = Period.parse("2022-10")
ACTUAL, PROGRESS, PROBLEMS = COLUMN_INDEX["actual"], COLUMN_INDEX["progress"], COLUMN_INDEX["problems"]


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    yield win
    wait_for_jobs()


def row_of(win: MainWindow, seq: str) -> int:
    return next(i for i, r in enumerate(win.model.rows) if r.task.seq == seq)


def cell(win, seq, column):
    return win.proxy.index(row_of(win, seq), column)


def open_editor(grid):
    """The editor the grid has open (a line edit, a text box or a list)."""
    editors = [
        w for w in grid.viewport().findChildren(QWidget)
        if isinstance(w, (QLineEdit, QPlainTextEdit, QComboBox)) and w.isVisible()
        and not isinstance(w.parentWidget(), QComboBox)  # an editable list's own line
    ]  # fmt: skip
    assert len(editors) == 1, editors
    return editors[0]


def send_text(widget, text):
    """Key presses carrying text, as an input method delivers Chinese and full-width characters.

    QTest.keyClicks only knows Latin-1, so each character goes as a QKeyEvent of its own.
    """
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot, win, seq, column, text, key=Qt.Key.Key_Return):
    win.grid.setCurrentIndex(cell(win, seq, column))
    win.grid.setFocus()
    send_text(win.grid, text[0])  # typing starts editing, as in Excel
    editor = open_editor(win.grid)
    send_text(editor, text[1:])
    qtbot.keyClick(editor, key)
    QApplication.processEvents()  # the delegate commits and closes on a queued call, as in the real loop


def stored(store, plan_id, seq):
    history = achievement_history(open_store(store.path), plan_id, "北流市")
    return next((a for (s, _), items in history.items() if s == seq for a in items if a.period == OCT), None)


def test_models_pass_qt_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)


def test_county_sees_its_tasks_with_quotas_and_time_progress(window):
    rows = window.model.rows
    assert [r.task.seq for r in rows][:3] == ["237", "238", "239"]
    assert "253" not in [r.task.seq for r in rows]  # the zones' task
    assert cell(window, "237", COLUMN_INDEX["target"]).data() == "18"
    assert cell(window, "238", COLUMN_INDEX["target"]).data() == "40"
    assert cell(window, "252", COLUMN_INDEX["target"]).data() == "增长35%"
    assert cell(window, "237", COLUMN_INDEX["time"]).data() == "83.2%"
    assert cell(window, "250", COLUMN_INDEX["time"]).data() == "91.0%"  # deadline 30 November
    assert cell(window, "237", COLUMN_INDEX["status"]).data() == "未填报"
    assert (
        window.windowTitle() == "科技指标任务台账 — 北流市 — 2022年玉林市优化营商环境创新创业专项实施方案 — 2022年10月"
    )


def test_typing_enter_and_tab_store_values_and_move_like_a_spreadsheet(qtbot, window, store, yulin_plan_id):
    type_into(qtbot, window, "237", ACTUAL, "１４")
    assert window.grid.currentIndex().row() == row_of(window, "238")  # Enter moved down
    assert window.grid.currentIndex().column() == ACTUAL
    assert cell(window, "237", ACTUAL).data() == "14"
    assert cell(window, "237", COLUMN_INDEX["rate"]).data() == "77.8%"
    type_into(qtbot, window, "238", ACTUAL, "41", key=Qt.Key.Key_Tab)
    assert window.grid.currentIndex().column() == ACTUAL + 1  # Tab moved right
    type_into(qtbot, window, "250", PROGRESS, "组织3人参加培训")
    assert stored(store, yulin_plan_id, "237").actual == 14
    assert stored(store, yulin_plan_id, "238").actual == 41
    assert stored(store, yulin_plan_id, "250").progress == "组织3人参加培训"
    assert audit_entries(store)[0].who == "张三"


def test_status_colours_follow_time_progress_for_the_report_date(qtbot, window):
    status = COLUMN_INDEX["status"]
    type_into(qtbot, window, "237", ACTUAL, "14")  # 77.8 % done, 83.2 % of the year gone
    assert cell(window, "237", status).data() == "滞后"
    assert cell(window, "237", status).data(Qt.ItemDataRole.BackgroundRole).color() == QColor(Status.BEHIND.colour)
    type_into(qtbot, window, "237", ACTUAL, "15")  # 83.3 %
    assert cell(window, "237", status).data() == "正常"
    assert cell(window, "237", status).data(Qt.ItemDataRole.BackgroundRole).color() == QColor(Status.ON_TRACK.colour)
    type_into(qtbot, window, "237", ACTUAL, "18")
    assert cell(window, "237", status).data() == "已完成"
    window.select(period=Period.parse("2022-12"))
    qtbot.waitUntil(lambda: window.model.view.period == Period.parse("2022-12"))
    assert cell(window, "250", status).data() == "逾期"  # its deadline was 30 November, nothing reported


def test_qualitative_status_is_chosen_from_a_list(qtbot, window, store, yulin_plan_id):
    window.grid.setCurrentIndex(cell(window, "250", ACTUAL))
    window.grid.edit(cell(window, "250", ACTUAL))
    combo = open_editor(window.grid)
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "未启动", "推进中", "已完成"]
    combo.setCurrentText("推进中")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert stored(store, yulin_plan_id, "250").status.value == "推进中"
    assert cell(window, "250", COLUMN_INDEX["status"]).data() == "正常"


def test_a_bad_value_is_refused_with_its_reason_and_the_typed_text_kept(qtbot, window, store, yulin_plan_id):
    type_into(qtbot, window, "237", ACTUAL, "12")
    audit_before = len(audit_entries(store))
    type_into(qtbot, window, "237", ACTUAL, "-5")
    index = cell(window, "237", ACTUAL)
    assert index.data() == "-5"  # what the user typed stays, red, to be corrected
    assert index.data(Qt.ItemDataRole.BackgroundRole) == REJECTED_BRUSH
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("未接受：完成值：完成值不能为负数") and "已保存的仍是：12" in tooltip
    assert "完成值不能为负数" in window.statusBar().currentMessage()
    assert cell(window, "237", COLUMN_INDEX["rate"]).data() == "66.7%"  # worked out from the stored 12
    type_into(qtbot, window, "251", ACTUAL, "150")
    assert "占比应在 0–100% 之间" in window.statusBar().currentMessage()
    type_into(qtbot, window, "238", ACTUAL, "十几家")
    assert "不是数字" in cell(window, "238", ACTUAL).data(Qt.ItemDataRole.ToolTipRole)
    assert stored(store, yulin_plan_id, "237").actual == 12
    assert len(audit_entries(store)) == audit_before
    type_into(qtbot, window, "237", ACTUAL, "13")  # corrected: saved, and no longer red
    assert index.data() == "13" and index.data(Qt.ItemDataRole.BackgroundRole) != REJECTED_BRUSH
    assert stored(store, yulin_plan_id, "237").actual == 13


def test_a_figure_typed_for_a_qualitative_task_is_refused_like_any_bad_value(qtbot, window, store, yulin_plan_id):
    audit_before = len(audit_entries(store))
    type_into(qtbot, window, "250", ACTUAL, "5")
    index = cell(window, "250", ACTUAL)
    assert index.data() == "5" and index.data(Qt.ItemDataRole.BackgroundRole) == REJECTED_BRUSH
    reason = "定性任务请填写状态（未启动 / 推进中 / 已完成），不填数字"
    assert reason in index.data(Qt.ItemDataRole.ToolTipRole)
    message = window.statusBar().currentMessage()
    assert message.startswith("未接受：") and reason in message and "已保存" not in message
    assert stored(store, yulin_plan_id, "250") is None and len(audit_entries(store)) == audit_before
    type_into(qtbot, window, "250", ACTUAL, "推进中")  # the typed status replaces it and is stored
    assert index.data() == "推进中" and index.data(Qt.ItemDataRole.BackgroundRole) != REJECTED_BRUSH
    assert stored(store, yulin_plan_id, "250").status.value == "推进中"


def test_paste_a_block_from_excel_then_undo_and_redo_it_as_one_step(qtbot, window, store, yulin_plan_id):
    window.grid.setCurrentIndex(cell(window, "237", PROGRESS))
    QGuiApplication.clipboard().setText("新认定3家\t资金不足\n新入库5家\t\n已申报\t材料待补\n")
    qtbot.keyClick(window.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    seqs = [r.task.seq for r in window.model.rows[:3]]
    assert [cell(window, s, PROGRESS).data() for s in seqs] == ["新认定3家", "新入库5家", "已申报"]
    assert [cell(window, s, PROBLEMS).data() for s in seqs] == ["资金不足", "", "材料待补"]
    assert window.undo_stack.count() == 1
    qtbot.keyClick(window.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [cell(window, s, PROGRESS).data() for s in seqs] == ["", "", ""]
    assert stored(store, yulin_plan_id, "237") is None
    qtbot.keyClick(window.grid, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [cell(window, s, PROBLEMS).data() for s in seqs] == ["资金不足", "", "材料待补"]
    assert stored(store, yulin_plan_id, "239").problems == "材料待补"


def test_paste_validates_cell_by_cell_and_copy_gives_tab_separated_text(qtbot, window, store, yulin_plan_id):
    window.grid.setCurrentIndex(cell(window, "237", ACTUAL))
    accepted = window.grid.paste("12\nabc\n")
    assert accepted == 1
    assert cell(window, "237", ACTUAL).data() == "12"
    assert "不是数字" in window.statusBar().currentMessage()
    block = QItemSelection(cell(window, "237", COLUMN_INDEX["seq"]), cell(window, "238", COLUMN_INDEX["target"]))
    window.grid.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert (
        window.grid.copy_selection() == "(237)\t高新技术企业保有量\t家\t18\n(238)\t国家科技型中小企业入库数\t家\t40\n"
    )
    assert QGuiApplication.clipboard().text().splitlines()[1].split("\t")[3] == "40"


def test_delete_clears_and_is_undoable(qtbot, window, store, yulin_plan_id):
    type_into(qtbot, window, "237", ACTUAL, "12")
    window.grid.setCurrentIndex(cell(window, "237", ACTUAL))
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    assert cell(window, "237", ACTUAL).data() == ""
    assert stored(store, yulin_plan_id, "237") is None
    window.undo_stack.undo()
    assert stored(store, yulin_plan_id, "237").actual == 12


def test_filter_and_behind_only(qtbot, window):
    type_into(qtbot, window, "237", ACTUAL, "5")
    window.behind_only.setChecked(True)
    assert window.proxy.rowCount() == 1
    window.behind_only.setChecked(False)
    window.filter_edit.setText("科技型中小企业")
    assert window.proxy.rowCount() == 1
    assert window.proxy.index(0, 0).data() == "(238)"


def test_every_accepted_value_survives_closing_and_reopening(qtbot, window, store, yulin_plan_id):
    type_into(qtbot, window, "237", ACTUAL, "16")
    type_into(qtbot, window, "238", PROGRESS, "入库31家")
    window.close()
    wait_for_jobs()
    path = store.path
    store.close()
    reopened = open_store(path)
    history = achievement_history(reopened, yulin_plan_id, "北流市")
    assert history[("237", "高新技术企业保有量")][0].actual == 16
    assert history[("238", "国家科技型中小企业入库数")][0].progress == "入库31家"


def test_a_submitted_period_is_read_only_until_unlocked(qtbot, window, store, yulin_plan_id, monkeypatch):
    submit_period(store, yulin_plan_id, "北流市", OCT, "张三")
    with qtbot.waitSignal(window.loaded):
        window.reload()
    assert window.banner_box.isVisibleTo(window)
    assert not window.submit_action.isEnabled() and window.unlock_action.isEnabled()
    assert not cell(window, "237", ACTUAL).flags() & Qt.ItemFlag.ItemIsEditable
    window.grid.setCurrentIndex(cell(window, "237", ACTUAL))
    assert window.grid.paste("9") == 0
    assert "锁定" in window.statusBar().currentMessage()
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("县领导要求更正", True))
    with qtbot.waitSignal(window.loaded):
        window.unlock_current_period()
    assert cell(window, "237", ACTUAL).flags() & Qt.ItemFlag.ItemIsEditable
    assert audit_entries(store)[0].action == "解锁"
    assert window.submit_action.isEnabled() and not window.unlock_action.isEnabled()
    assert not window.banner_box.isVisibleTo(window)


def test_loading_runs_off_the_gui_thread_with_a_progress_bar(qtbot, window):
    window.model.set_view(None)
    window.reload()
    assert window.model.rowCount() == 0  # reload() returned before the rows were there
    assert window.progress_bar.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=10000)
    assert not window.progress_bar.isVisibleTo(window)


def test_a_city_installation_picks_the_unit(qtbot, store):
    win = MainWindow(store, Profile(city="玉林市", unit="玉林市", filler="李四"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded):
        win.show()
    assert win.unit_combo.isEnabled()
    assert win.unit_combo.count() == 12  # the city itself and its 11 units
    assert len(win.model.rows) == 19
    with qtbot.waitSignal(win.loaded):
        win.select(unit="玉林健康产业园")
    assert [r.task.seq for r in win.model.rows] == [
        "237",
        "238",
        "245",
        "253",
        "254",
        "255",
    ]  # 254, 255: zones are partners
    wait_for_jobs()


def test_model_refuses_edits_on_computed_columns(window):
    model: ProgressTableModel = window.model
    index = model.index(0, COLUMN_INDEX["rate"])
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert window.grid.editTriggers() & QAbstractItemView.EditTrigger.AnyKeyPressed


def test_screenshot_of_the_main_window(qtbot, window, picture_path):
    window.resize(1400, 760)  # as on an office screen: the offscreen one is smaller
    type_into(qtbot, window, "237", ACTUAL, "14")
    type_into(qtbot, window, "237", PROGRESS, "新认定高企3家，2家在审")
    type_into(qtbot, window, "238", ACTUAL, "41")
    window.grid.horizontalScrollBar().setValue(0)  # 序号 and 任务 in view, as the user starts
    qtbot.wait(50)
    # Every toolbar button is on screen at this size, none hidden behind the » overflow.
    buttons = [a for a in window.toolbar_actions.actions() if not a.isSeparator()]
    assert "报送本期（正式导出并锁定）…" in [a.text() for a in buttons]
    hidden = [a.text() for a in buttons if not window.toolbar_actions.widgetForAction(a).isVisible()]
    assert hidden == []
    path = picture_path("screenshot.png")
    assert window.grab().save(str(path))
    assert path.stat().st_size > 20000


def test_draft_export_changes_nothing_and_submit_locks_the_period(qtbot, window, store, yulin_plan_id, tmp_path):
    from openpyxl import load_workbook

    from gui import file_actions
    from storage.dump import dump_store

    type_into(qtbot, window, "237", ACTUAL, "14")
    before = (dump_store(store), len(audit_entries(store)))
    with qtbot.waitSignal(window.exported, timeout=20000) as draft:
        file_actions.export_progress_return(window, final=False, path=tmp_path / "草稿.xlsx")
    assert Path(draft.args[0]).exists()
    assert (dump_store(store), len(audit_entries(store))) == before
    with qtbot.waitSignal(window.exported, timeout=20000) as final:
        file_actions.export_progress_return(window, final=True, path=tmp_path / "报送.xlsx", confirm=False)
    qtbot.waitUntil(lambda: window.model.locked, timeout=10000)
    assert window.banner_box.isVisibleTo(window)
    values = [c for row in load_workbook(final.args[0]).worksheets[0].iter_rows(values_only=True) for c in row]
    assert "高新技术企业保有量" in " ".join(str(v) for v in values if v)
    assert 14 in values or "14" in values


def test_export_of_the_breakdown_table_from_the_menu(qtbot, window, tmp_path):
    from python_calamine import CalamineWorkbook

    from gui import file_actions

    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        file_actions.export_breakdown_table(window, path=tmp_path / "分工表.xlsx")
    rows = CalamineWorkbook.from_path(done.args[0]).get_sheet_by_index(0).to_python()
    text = " ".join(str(c) for r in rows for c in r)
    assert "北流不低于18家" in text or "北流市不低于18家" in text
    assert "容县不低于14家" not in text  # a county's table shows its own quotas


def test_import_from_the_file_menu_previews_then_stores_the_plan(qtbot, window, store, tmp_path):
    from tests.import_tables import write_matrix_table

    table = write_matrix_table(tmp_path / "百色分解表.xlsx", title="2023年某市科技创新指标任务分解表")
    plans_before = window.plan_combo.count()
    with qtbot.waitSignal(window.imported, timeout=20000) as imported:
        file_actions_import(window, table, accept=True)
    assert imported.args[0].created
    qtbot.waitUntil(lambda: window.plan_combo.count() == plans_before + 1, timeout=5000)
    assert "2023年某市科技创新指标任务分解表" in [
        window.plan_combo.itemText(i) for i in range(window.plan_combo.count())
    ]


def test_a_bad_file_is_refused_in_chinese_and_nothing_is_stored(qtbot, window, store, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from storage.dump import dump_store

    bogus = tmp_path / "不是表格.xlsx"
    bogus.write_text("这不是 Excel 文件", encoding="utf-8")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    before = dump_store(store)
    file_actions_import(window, bogus, accept=True)
    qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    assert "不是表格.xlsx" in warned[0]
    assert dump_store(store) == before


def file_actions_import(window, path, accept):
    from gui import file_actions

    file_actions.import_table(window, path, accept=accept)


def test_a_growth_target_without_a_baseline_shows_why_no_rate_is_computed(qtbot, window):
    type_into(qtbot, window, "252", ACTUAL, "1200")  # 北流's (252) gives 增长35% but no 基础数
    status = cell(window, "252", COLUMN_INDEX["status"])
    assert status.data() == "缺基数" and cell(window, "252", COLUMN_INDEX["rate"]).data() in ("", None)
    tip = status.data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("缺基数：") and "基础数" in tip
    assert cell(window, "237", COLUMN_INDEX["status"]).data(Qt.ItemDataRole.ToolTipRole) == (
        "未填报：本期尚未填报完成值（完成时限未到）"
    )


def test_a_county_sees_only_its_citys_plans_and_is_told_when_a_plan_has_nothing_for_it(qtbot, store):
    yulin = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(yulin)
    plans = [yulin.plan_combo.itemText(i) for i in range(yulin.plan_combo.count())]
    assert "2022年百色市科技创新工作要点" not in plans and len(plans) == 2
    wait_for_jobs()
    # 百色's plan gives quotas to 百色市 only (the seed has no county breakdown): 田东县 has nothing to fill.
    baise = MainWindow(store, Profile(city="百色市", unit="田东县", filler="赵六"), today=date(2022, 10, 31))
    qtbot.addWidget(baise)
    with qtbot.waitSignal(baise.loaded, timeout=10000):
        baise.show()
    assert [baise.plan_combo.itemText(i) for i in range(baise.plan_combo.count())] == ["2022年百色市科技创新工作要点"]
    assert baise.model.rowCount() == 0 and baise.banner_box.isVisibleTo(baise)
    assert baise.lock_banner.text().startswith("本方案没有分解给田东县的任务")
    assert not baise.unlock_button.isVisibleTo(baise) and not baise.submit_action.isEnabled()
    wait_for_jobs()


def test_the_window_fits_the_screen_it_opens_on(qtbot, window):  # offices often have 1366×768
    room = window.screen().availableGeometry()
    assert window.width() <= min(1400, room.width()) and window.height() <= min(820, room.height())


def test_seq_and_task_stay_in_view_while_the_grid_scrolls_sideways(qtbot, window, tmp_path):
    window.resize(1000, 600)
    grid, frozen = window.grid, window.grid.frozen
    qtbot.waitUntil(lambda: frozen.isVisible() and frozen.model() is grid.model())
    assert [frozen.isColumnHidden(c) for c in range(4)] == [False, False, True, True]
    lead = cell(window, "237", COLUMN_INDEX["lead"])
    grid.setCurrentIndex(lead)  # as Tab would reach the last column
    qtbot.waitUntil(lambda: grid.horizontalScrollBar().value() > 0)
    frozen.sync_rows()
    # The frozen half shows which task the row is, at the row's height, over the scrolled-away columns.
    row = row_of(window, "237")
    assert frozen.model().index(row, 0).data() == "(237)"
    assert frozen.rowHeight(row) == grid.rowHeight(row)
    assert frozen.geometry().width() == grid.columnWidth(0) + grid.columnWidth(1)
    assert grid.visualRect(lead).left() >= frozen.frozen_width()
    # Moving back left, a cell never hides under the frozen columns.
    target = cell(window, "237", COLUMN_INDEX["measure"])
    grid.setCurrentIndex(target)
    assert grid.visualRect(target).left() >= frozen.frozen_width()
    # A click on the frozen half selects that row's cell in the grid (shared selection), and the grid keeps focus.
    grid.setFocus()
    qtbot.mouseClick(
        frozen.viewport(), Qt.MouseButton.LeftButton, pos=frozen.visualRect(frozen.model().index(row, 1)).center()
    )
    assert grid.currentIndex().row() == row and grid.currentIndex().column() == 1
    window.grab().save(str(tmp_path / "scrolled.png"))


def test_previous_figure_names_its_period_when_the_previous_period_is_empty(qtbot, window):
    type_into(qtbot, window, "237", ACTUAL, "12")  # October
    window.select(period=Period.parse("2022-12"))
    qtbot.waitUntil(lambda: window.model.view.period == Period.parse("2022-12"))
    previous = cell(window, "237", COLUMN_INDEX["previous"])
    assert previous.data() == "12（10月）"  # November is empty: October's figure, said to be October's
    assert previous.data(Qt.ItemDataRole.ToolTipRole).startswith("上期（2022年11月）未填报；这是此前最近一次填报的2022年10月")
    window.select(period=Period.parse("2022-11"))
    qtbot.waitUntil(lambda: window.model.view.period == Period.parse("2022-11"))
    assert cell(window, "237", COLUMN_INDEX["previous"]).data() == "12"  # the previous period's own figure


def test_the_legend_counts_the_baselines_the_grid_prompts_for(qtbot, window):
    from gui.progress_model import MISSING_BRUSH

    baseline = COLUMN_INDEX["baseline"]
    prompted = [r.task.seq for i, r in enumerate(window.model.rows)
                if window.proxy.index(i, baseline).data(Qt.ItemDataRole.BackgroundRole) == MISSING_BRUSH]  # fmt: skip
    assert prompted == ["252"]  # a growth target without its base; (244) has no target, so needs no base
    assert window.legend_labels[Status.NO_BASELINE].text() == "缺基数 1"
    assert cell(window, "252", COLUMN_INDEX["status"]).data() == "未填报"  # its status until a figure is in


def test_scrolling_sideways_never_leaves_a_column_half_under_the_frozen_ones(qtbot, window, picture_path):
    # The tester scrolled right and read "认定高企12家": 工作进展's first character was under 序号 / 任务.
    type_into(qtbot, window, "237", PROGRESS, "已认定高企12家")
    window.resize(1000, 600)
    grid, frozen = window.grid, window.grid.frozen
    qtbot.waitUntil(lambda: frozen.isVisible() and grid.horizontalScrollBar().maximum() > 0)
    bar = grid.horizontalScrollBar()

    def nothing_hidden() -> bool:
        edge = frozen.frozen_width()
        for column in range(2, grid.model().columnCount()):
            left = grid.columnViewportPosition(column)
            if left < edge < left + grid.columnWidth(column):
                return False  # this column starts under the frozen columns
        return True

    for move in ("end", "drag", "step", "page", "back"):
        if move == "end":
            bar.setValue(bar.maximum())
        elif move == "drag":
            bar.setValue(bar.minimum() + 137)  # let go anywhere
        elif move == "step":
            bar.triggerAction(bar.SliderAction.SliderSingleStepAdd)
        elif move == "page":
            bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
        else:
            bar.triggerAction(bar.SliderAction.SliderSingleStepSub)
        assert nothing_hidden(), move
    bar.setValue(bar.maximum())
    last = grid.model().columnCount() - 1
    assert grid.columnViewportPosition(last) + grid.columnWidth(last) <= grid.viewport().width()  # the last whole
    progress = cell(window, "237", PROGRESS)
    grid.scrollTo(progress)
    assert grid.visualRect(progress).left() >= frozen.frozen_width()  # 已认定… from its first character
    window.grab().save(str(picture_path("scrolled_right.png")))

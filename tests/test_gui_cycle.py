"""The county's month walked through real widgets on a real store: 待办, overdue, baselines, 报送 with a check."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from python_calamine import CalamineWorkbook

from domain.periods import Period
from domain.profile import Profile
from domain.progress import Status
from domain.reporting import ReturnState
from gui.columns import COLUMN_INDEX
from gui.main_window import MainWindow
from gui.submit_dialog import submit_with_check
from gui.workers import wait_for_jobs
from storage.achievements import AchievementKey, achievement_history, record_achievement
from storage.audit import audit_entries
from tests.test_gui_entry import cell, type_into

DEC, NOV = Period.parse("2022-12"), Period.parse("2022-11")
ACTUAL, BASELINE, STATUS = COLUMN_INDEX["actual"], COLUMN_INDEX["baseline"], COLUMN_INDEX["status"]


def open_window(qtbot, store, today):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=today)
    qtbot.addWidget(win)
    with qtbot.waitSignals([win.loaded, win.todo.refreshed], timeout=20000):
        win.show()
    return win


@pytest.fixture
def january(qtbot, store):
    """北流市 on 3 January 2023: December's return is due on the 5th; November's was due on 5 December."""
    win = open_window(qtbot, store, date(2023, 1, 3))
    yield win
    wait_for_jobs()


def todo_cells(win, plan_id, period):
    model = win.todo.model
    row = next(r for r in range(model.rowCount()) if (item := model.index(r, 0).data(Qt.ItemDataRole.UserRole))
               and item.plan_id == plan_id and item.period == period)  # fmt: skip
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_models_pass_qt_model_tester(qtmodeltester, january):
    qtmodeltester.check(january.todo.model)
    qtmodeltester.check(january.proxy)


def test_the_window_opens_on_the_return_due_now(january):
    assert january.current_period() == DEC  # not the last month of the plan's year by accident: the one due
    assert january.kind_combo.currentText() == "月报"


def test_an_overdue_item_is_overdue_in_the_grid_the_legend_and_the_todo_list(january, yulin_plan_id):
    assert cell(january, "250", STATUS).data() == "逾期"  # 30 November passed, nothing reported
    assert cell(january, "237", STATUS).data() == "未填报"  # due 31 December: the period's last day
    assert january.legend_labels[Status.OVERDUE].text() == "逾期 6"
    assert "需关注 6 项" in january.totals.text()
    assert todo_cells(january, yulin_plan_id, DEC) == [
        "2022年12月",
        "1月5日",
        "未开始\n还有 2 天",
        "6 项",
        "12/16",  # the 4 未分解 rows are not the unit's to fill
    ]
    assert todo_cells(january, yulin_plan_id, NOV)[2] == "逾期 29 天"
    assert "逾期 2 期" in january.todo.heading.text()
    assert january.todo.item_for(yulin_plan_id, NOV).state is ReturnState.OVERDUE


def test_a_double_click_in_the_todo_list_opens_that_return(qtbot, january, yulin_plan_id):
    model = january.todo.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "2022年11月")
    with qtbot.waitSignal(january.loaded, timeout=10000):
        january.todo.table.doubleClicked.emit(model.index(row, 0))
    qtbot.waitUntil(lambda: january.model.view.period == NOV, timeout=10000)


def test_typing_a_figure_moves_the_todo_list_from_not_started_to_draft(qtbot, january, yulin_plan_id):
    type_into(qtbot, january, "250", ACTUAL, "推进中")
    with qtbot.waitSignal(january.todo.refreshed, timeout=10000):
        pass  # refreshed shortly after the edit
    assert january.todo.item_for(yulin_plan_id, DEC).state is ReturnState.DRAFT


def test_a_baseline_typed_in_the_grid_gives_a_rate_and_undo_takes_it_back(qtbot, january, store, yulin_plan_id):
    type_into(qtbot, january, "252", ACTUAL, "1080")
    assert cell(january, "252", STATUS).data() == "缺基数"
    assert january.legend_labels[Status.NO_BASELINE].text() == "缺基数 1"
    assert cell(january, "237", BASELINE).flags() & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags  # a stock
    type_into(qtbot, january, "252", BASELINE, "800")
    assert cell(january, "252", BASELINE).data() == "800"
    assert cell(january, "252", COLUMN_INDEX["rate"]).data() == "100.0%"
    assert cell(january, "252", STATUS).data() == "已完成"
    assert january.legend_labels[Status.NO_BASELINE].text() == "缺基数 0"
    entry = audit_entries(store)[0]
    assert (entry.action, entry.new, entry.who) == ("修改基数", "800", "张三")
    january.undo_stack.undo()
    assert cell(january, "252", STATUS).data() == "缺基数" and cell(january, "252", BASELINE).data() == ""
    january.undo_stack.redo()
    assert cell(january, "252", BASELINE).data() == "800"


def test_submit_goes_through_the_completeness_check(qtbot, january, store, yulin_plan_id, tmp_path: Path):
    record_achievement(store, AchievementKey(yulin_plan_id, "237", "", "北流市", NOV), {"actual": "20"}, "张三")
    january.reload()
    qtbot.waitUntil(lambda: cell(january, "237", COLUMN_INDEX["previous"]).data() == "20", timeout=10000)
    type_into(qtbot, january, "237", ACTUAL, "18")  # a stock lower than last period: odd
    type_into(qtbot, january, "238", ACTUAL, "130")  # 325 % of 40: odd
    dialog = submit_with_check(january, path=tmp_path / "北流市_2022年12月.xlsx")
    assert "未填 10 项，需说明的数字 2 项" in dialog.summary.text()
    assert not dialog.submit_button.isEnabled()  # every odd figure needs its line
    edits = dialog.edits
    assert sorted(edits) == [0, 1]
    edits[0].setText("两家企业资格到期未续认定")
    assert not dialog.submit_button.isEnabled()
    edits[1].setText("含县外迁入企业")
    assert dialog.submit_button.isEnabled()
    with qtbot.waitSignal(january.exported, timeout=20000) as exported:
        dialog.submit_button.click()
    qtbot.waitUntil(lambda: january.model.locked, timeout=10000)
    history = achievement_history(store, yulin_plan_id, "北流市")
    assert history[("237", "高新技术企业保有量")][-1].explanation == "两家企业资格到期未续认定"
    explained = [e for e in audit_entries(store) if e.field == "explanation"]
    assert {e.new for e in explained} == {"两家企业资格到期未续认定", "含县外迁入企业"}
    sheet = CalamineWorkbook.from_path(exported.args[0]).get_sheet_by_name("完成情况表").to_python()
    notes = " ".join(str(r[0]) for r in sheet if r and str(r[0]).startswith(("说明", "　")))
    assert "(237) 高新技术企业保有量：两家企业资格到期未续认定" in notes and "含县外迁入企业" in notes
    with qtbot.waitSignal(january.todo.refreshed, timeout=10000):
        january.refresh_todo()
    assert january.todo.item_for(yulin_plan_id, DEC).state is ReturnState.SUBMITTED
    # The 报送 committed on its worker's own connection: the window's watcher does not call that another's change.
    january.safety.watcher.check()
    assert "在别处修改" not in january.statusBar().currentMessage()


def test_going_back_from_the_check_submits_nothing(qtbot, january, store, yulin_plan_id, tmp_path: Path):
    dialog = submit_with_check(january, path=tmp_path / "x.xlsx")
    assert "未填 12 项" in dialog.summary.text() and dialog.submit_button.isEnabled()
    dialog.reject()
    QApplication.processEvents()
    assert not january.model.locked and not (tmp_path / "x.xlsx").exists()


def test_screenshot_of_the_todo_panel(qtbot, store, yulin_plan_id, picture_path):
    """docs/todo_panel.png for the README: 3 January, October submitted, December begun, November missed."""
    from domain.periods import PeriodKind
    from domain.reporting import ReportingRule
    from storage.plan_admin import set_reporting_rule
    from storage.plans import find_plan
    from storage.submissions import submit_period

    oct_ = Period.parse("2022-10")
    record_achievement(store, AchievementKey(yulin_plan_id, "237", "", "北流市", oct_), {"actual": "14"}, "张三")
    submit_period(store, yulin_plan_id, "北流市", oct_, "张三")
    zone = find_plan(store, "高新技术产业开发区").id
    set_reporting_rule(store, zone, ReportingRule(PeriodKind.QUARTER, 10), "张三")
    win = open_window(qtbot, store, date(2023, 1, 3))
    type_into(qtbot, win, "237", ACTUAL, "17")
    type_into(qtbot, win, "238", ACTUAL, "41")
    win.resize(1400, 760)
    win.resizeDocks([win.todo], [420], Qt.Orientation.Horizontal)
    with qtbot.waitSignal(win.todo.refreshed, timeout=10000):
        win.refresh_todo()
    states = [(i.period.code, i.state.value) for i in win.todo.model.items if i.plan_id == yulin_plan_id]
    assert states == [("2022-11", "逾期"), ("2022-12", "草稿")]
    assert [i.period.code for i in win.todo.model.items if i.plan_id == zone] == ["2022Q3", "2022Q4"]
    win.grid.horizontalScrollBar().setValue(0)
    qtbot.wait(50)
    path = picture_path("todo_panel.png")
    assert win.grab().save(str(path))
    assert path.stat().st_size > 20000
    wait_for_jobs()


def test_the_city_sets_a_baseline_for_each_of_its_units(qtbot, store, yulin_plan_id):
    city = MainWindow(store, Profile(city="玉林市", unit="玉林市", filler="赵明"), today=date(2022, 10, 31))
    qtbot.addWidget(city)
    with qtbot.waitSignal(city.loaded, timeout=10000):
        city.show()
    for unit, base in (("容县", "650"), ("北流市", "800")):
        with qtbot.waitSignal(city.loaded, timeout=10000):
            city.select(unit=unit)
        type_into(qtbot, city, "252", BASELINE, base)
        assert cell(city, "252", BASELINE).data() == base
    from storage.plans import load_plan

    quotas = {q.unit: q.baseline for q in load_plan(store, yulin_plan_id).task("252").indicators[0].quotas}
    assert (quotas["容县"], quotas["北流市"], quotas["兴业县"]) == (650, 800, 800)
    assert {e.who for e in audit_entries(store) if e.action == "修改基数"} == {"赵明"}
    wait_for_jobs()


def test_the_todo_panel_fits_a_third_of_the_window_without_a_scroll_bar(qtbot, january, yulin_plan_id, picture_path):
    # The tester's 3 January 2023 (逾期 rows, 未开始 with a countdown, two plans) with the dock narrower than the
    # third of the window it opens at (340 of a 1350-wide window on a 1366 screen): every column whole, 未填
    # included, and no sideways scrolling.
    january.resize(1350, 720)
    january.resizeDocks([january.todo], [340], Qt.Orientation.Horizontal)
    table = january.todo.table
    qtbot.waitUntil(lambda: abs(january.todo.width() - 340) < 20)
    qtbot.wait(20)
    assert table.horizontalScrollBar().maximum() == 0
    last = table.model().columnCount() - 1  # 未填
    assert table.columnViewportPosition(last) + table.columnWidth(last) <= table.viewport().width()
    metrics = table.fontMetrics()
    model = table.model()
    for row in range(model.rowCount()):
        if row in model.heading_rows():
            continue
        for column in range(model.columnCount()):
            for line in (model.index(row, column).data() or "").split("\n"):
                assert metrics.horizontalAdvance(line) <= table.columnWidth(column), (line, column)  # never cut
    assert todo_cells(january, yulin_plan_id, DEC)[2] == "未开始\n还有 2 天"
    january.grab().save(str(picture_path("todo_narrow.png")))


def test_an_empty_todo_list_shows_its_columns_whole_in_a_narrow_window(qtbot, store):
    # Years after the plan (nothing due): the header alone must still fit, 状态 and 未填 included.
    win = open_window(qtbot, store, date(2026, 12, 1))
    win.resize(1024, 740)
    qtbot.waitUntil(lambda: "没有待报送的报表" in win.todo.heading.text(), timeout=10000)
    qtbot.wait(20)
    table = win.todo.table
    assert table.model().rowCount() == 0
    assert table.horizontalScrollBar().maximum() == 0
    wait_for_jobs()

"""The city's view: collected returns (real files exported by the app) seen across units, in the window.

A city store collects three counties' returns (one a draft), the city records a 市本级 figure of its own,
and the 全市汇总 tab shows units × indicators with 全市合计, each cell's texts and history, and 报送情况.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from domain.city_reports import ReportState, days_late
from domain.city_totals import Contribution, city_total
from domain.plans import Direction, IndicatorKind
from domain.progress import Status
from domain.reporting import DEFAULT_RULE
from gui.city_view_model import CELL_ROLE, UNIT_ROLE, CityGridModel, ReportStatusModel
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs
from operations.city_overview import load_city_overview
from operations.collect import collect_returns
from storage.achievements import AchievementKey, record_achievements
from tests.city_support import settle
from tests.collect_support import CITY_PROFILE, OCTOBER, make_city, make_counties

NOVEMBER_8 = date(2022, 11, 8)


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    counties = make_counties(tmp_path_factory.mktemp("counties"))
    counties.store.close()
    return counties.returns


@pytest.fixture
def city(tmp_path, returns):
    """A city that collected 北流市, 容县 and 玉州区 (a draft), and recorded 3 of its own for (237)."""
    store = make_city(tmp_path / "city")
    collect_returns(store, [returns["北流市"], returns["容县"], returns["玉州区"]], "赵明")
    plan_id = store.one("SELECT id FROM plans WHERE title LIKE '%优化营商环境%'")["id"]
    key = AchievementKey(plan_id, "237", "", "玉林市", OCTOBER)
    record_achievements(store, [(key, {"actual": 3, "progress": "市本级新认定3家"})], "赵明")
    yield store, plan_id
    store.close()


@pytest.fixture
def city_window(qtbot, city):
    store, plan_id = city
    win = MainWindow(store, CITY_PROFILE, today=NOVEMBER_8)
    qtbot.addWidget(win)
    win.resize(1400, 820)
    with qtbot.waitSignal(win.city_view.loaded, timeout=20000):
        win.show()
        win.select(plan_id=plan_id, period=OCTOBER)
    wait_for_jobs()
    if win.city_view.overview.plan.id != plan_id or win.city_view.overview.period != OCTOBER:
        with qtbot.waitSignal(win.city_view.loaded, timeout=20000):
            win.city_view.show_plan(plan_id, OCTOBER)
    win.tabs.setCurrentWidget(win.city_view)
    yield win
    settle()


def cell(view, seq: str, column_title: str):
    model = view.grid_model
    row = next(i for i, line in enumerate(model.lines) if line.task.seq == seq)
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == column_title)
    return model.index(row, column)


def test_the_city_sees_every_unit_and_the_total_with_its_own_figures(city_window):
    view = city_window.city_view
    assert city_window.tabs.isTabVisible(city_window.tabs.indexOf(view))
    assert city_window.tabs.tabText(city_window.tabs.indexOf(view)) == "全市汇总"
    headers = [view.grid_model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.grid_model.columnCount())]
    assert headers[:4] == ["序号", "任务 / 指标", "全市合计", "市本级"] and "北流市" in headers and "玉林健康产业园" in headers
    beiliu = cell(view, "237", "北流市")
    assert beiliu.data() == "目标 18\n完成 12\n66.7% 滞后"  # target / actual / rate / status, in words
    assert beiliu.data(Qt.ItemDataRole.BackgroundRole).color().name().upper() == Status.BEHIND.colour
    assert cell(view, "237", "容县").data() == "目标 14\n完成 15\n107.1% 已完成"
    assert cell(view, "237", "福绵区").data() == "目标 9\n完成 —\n— 未填报"
    # 全市合计 adds 市本级's own 3 to the counties' 12 + 15 + 17 (玉州区's draft counts too), measured against
    # the plan's 市目标 101 (the quotas, which may exceed it, add up to 102: said in the tooltip).
    total = cell(view, "237", "全市合计")
    lines = total.data().splitlines()
    assert lines[:3] == ["目标 101", "完成 47", "46.5% 滞后"]  # judged by what is in, never 未填报 once figures are
    line = next(line for line in view.overview.lines if line.task.seq == "237")
    missing = [c for c in line.cells if c is not None and c.target is not None and c.actual is None]
    assert lines[3] == f"{len(missing)} 个单位未填报" and missing
    tooltip = total.data(Qt.ItemDataRole.ToolTipRole)
    assert "目标值：全市目标 101（各单位分解数合计 102）" in tooltip
    assert "各县（市、区）合计 44 + 市本级 3" in tooltip and "状态按已填报的合计判断；尚未填报：福绵区" in tooltip
    assert cell(view, "237", "市本级").data() == "目标 未分解\n完成 3\n— 未分解"
    assert "增长率、占比" in cell(view, "252", "全市合计").data()  # a growth rate is not added up


def test_clicking_a_cell_shows_the_units_texts_and_history(city_window):
    view = city_window.city_view
    view.grid.setCurrentIndex(cell(view, "237", "北流市"))
    text = view.detail.toPlainText()
    assert "北流市 · (237) 高新技术企业保有量" in text
    assert "北流市第237项进展" in text  # 工作进展 as the county wrote it
    assert "2022年10月：12" in text  # each period's figure
    assert "修改留痕" in text and "赵明" in text and "空 → 12" in text  # the collect recorded the figure, audited
    trail = text.split("修改留痕", 1)[1]
    assert "2022年10月" in trail and "2022-10" not in trail  # 填报期 as users write it, not the stored code
    view.grid.setCurrentIndex(cell(view, "237", "全市合计"))
    assert "全市合计完成值 = 各县（市、区）合计 44 + 市本级 3" in view.detail.toPlainText()


def test_report_status_says_who_reported_when_draft_or_final_and_who_is_late(city_window):
    view = city_window.city_view
    reports = {r.unit: r for r in view.report_model.reports}
    assert reports["北流市"].state is ReportState.FINAL and reports["北流市"].check == "一致"
    assert reports["玉州区"].state is ReportState.DRAFT
    assert reports["兴业县"].state is ReportState.NONE and reports["兴业县"].lateness == "逾期 3 天"
    row = next(i for i, r in enumerate(view.report_model.reports) if r.unit == "兴业县")
    index = view.report_model.index(row, 1)
    assert index.data() == "未报送" and index.data(Qt.ItemDataRole.BackgroundRole).color().name().upper() == "#E7E6E6"
    assert view.report_model.index(row, 6).data() == "逾期 3 天"
    assert "已收到 3 / 11 个单位的报表" in view.heading.text()
    view.select_unit("玉州区")
    assert "玉州区 2022年10月：草稿" in view.detail.toPlainText()


def test_a_county_installation_has_no_city_tab_until_its_profile_names_the_city(qtbot, store, yulin_plan_id):
    win = MainWindow(store, CITY_PROFILE.__class__(city="玉林市", unit="北流市", filler="李四"), today=NOVEMBER_8)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    titles = [win.tabs.tabText(i) for i in range(win.tabs.count()) if win.tabs.isTabVisible(i)]
    assert titles == ["填报"] and win.city_view is None  # not even built: a county's start does not wait for it
    assert "全市汇总" not in [a.text() for a in win.view_menu.actions()]
    settle()

    def choose_the_city() -> None:  # 设置 → 本机信息, as the user answers it
        dialog = QApplication.activeModalWidget()
        dialog.unit.setCurrentIndex(dialog.unit.findData("玉林市"))
        dialog.accept()

    QTimer.singleShot(0, choose_the_city)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.edit_profile()
    qtbot.waitUntil(lambda: win.city_view is not None and win.tabs.isTabVisible(win.tabs.indexOf(win.city_view)))
    assert win.tabs.tabText(win.tabs.indexOf(win.city_view)) == "全市汇总"
    assert "全市汇总" in [a.text() for a in win.view_menu.actions()]
    wait_for_jobs()
    settle()


def test_the_models_pass_qt_model_tester(qtmodeltester, city):
    store, plan_id = city
    overview = load_city_overview(store, plan_id, OCTOBER, NOVEMBER_8)
    grid = CityGridModel()
    grid.set_overview(overview)
    qtmodeltester.check(grid)
    assert isinstance(grid.index(0, 0).data(CELL_ROLE).task.seq, str)
    assert grid.index(0, grid.column_of("北流市")).data(UNIT_ROLE) == "北流市"
    reports = ReportStatusModel()
    reports.set_overview(overview)
    qtmodeltester.check(reports)
    grid.set_overview(None)
    qtmodeltester.check(grid)


def test_loading_reports_progress_from_a_worker(qtbot, city_window):
    view = city_window.city_view
    steps = []
    view.progress_bar.valueChanged.connect(steps.append)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.reload()
        assert view.progress_bar.isVisibleTo(view)  # shown while the worker runs
    assert not view.progress_bar.isVisibleTo(view) and steps and max(steps) == 4


# --- the rules behind the total and the lateness -----------------------------------------------------------

shares = st.lists(
    st.tuples(st.sampled_from([None, 1.0, 5.0, 18.0]), st.sampled_from([None, 0.0, 3.0, 12.0])), max_size=6
)


@given(shares, st.sampled_from([None, 1.0, 5.0]), st.sampled_from([None, 2.0, 7.0]), st.sampled_from([None, 101.0]))
def test_the_total_adds_every_reported_figure_and_every_quota_including_the_citys_own(
    counties, own_target, own_actual, goal
):
    parts = [Contribution(f"县{i}", t, a) for i, (t, a) in enumerate(counties)]
    own = Contribution("玉林市", own_target, own_actual)
    day = date(2022, 10, 31)
    total = city_total(IndicatorKind.STOCK, Direction.AT_LEAST, goal, parts, own, 0.8, day, date(2022, 12, 31))
    actuals = [p.actual for p in [*parts, own] if p.actual is not None]
    targets = [p.target for p in [*parts, own] if p.target is not None]
    assert total.actual == (sum(actuals) if actuals else None)
    assert total.quota_sum == (sum(targets) if targets else None)
    # The plan's 全市目标 when it states one; the sum of the quotas only when it does not.
    assert total.target == (goal if goal is not None else total.quota_sum)
    assert total.target_is_city_goal == (goal is not None)
    assert total.own_actual == own_actual
    missing = [p.unit for p in [*parts, own] if p.target is not None and p.actual is None]
    assert list(total.missing) == missing
    # The status of a total: 未填报 only while nothing is in; then its rate decides, as for any figure.
    if not actuals:
        assert total.status is Status.NOT_REPORTED and not total.partial
    elif total.target is None:
        assert total.status is Status.NO_TARGET
    else:
        assert total.status in (Status.DONE, Status.ON_TRACK, Status.BEHIND)
        assert (total.status is Status.DONE) == (total.actual >= total.target)
    assert total.partial == (bool(actuals) and bool(missing))
    assert total.missing_text == (f"{len(missing)} 个单位未填报" if total.partial else "")


def test_a_total_is_measured_against_the_citys_goal_and_explains_the_quotas_sum():
    parts = [Contribution("北流市", 18.0, 12.0), Contribution("容县", 14.0, None), Contribution("其余", 70.0, 31.0)]
    oct31, dec31 = date(2022, 10, 31), date(2022, 12, 31)
    total = city_total(IndicatorKind.STOCK, Direction.AT_LEAST, 101.0, parts, None, 0.832, oct31, dec31)
    assert (total.target, total.quota_sum, total.actual) == (101.0, 102.0, 43.0)
    assert total.rate == pytest.approx(43 / 101) and total.status is Status.BEHIND  # not 未填报: figures are in
    assert total.explanation.splitlines() == [
        "目标值：全市目标 101（各单位分解数合计 102）",
        "全市合计完成值 = 各县（市、区）合计 43",
        "状态按已填报的合计判断；尚未填报：容县",
    ]
    after = city_total(IndicatorKind.STOCK, Direction.AT_LEAST, 101.0, parts, None, 1.0, date(2023, 1, 1), dec31)
    assert after.status is Status.OVERDUE  # past the deadline short of the goal
    nothing = [Contribution("北流市", 18.0, None)]
    assert city_total(IndicatorKind.STOCK, Direction.AT_LEAST, 101.0, nothing, None, 0.8, oct31, dec31).status \
        is Status.NOT_REPORTED
    no_goal = city_total(IndicatorKind.STOCK, Direction.AT_LEAST, None, parts, None, 0.8, oct31, dec31)
    assert no_goal.target == 102.0 and no_goal.target_text == "目标值：各单位分解数合计 102（方案未写全市目标）"


def test_growth_and_ratio_are_not_added_up():
    parts = [Contribution("北流市", 35.0, 5200.0)]
    for kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO, IndicatorKind.QUALITATIVE):
        assert city_total(kind, Direction.AT_LEAST, 35.0, parts, None, 0.5, date(2022, 6, 30), date(2022, 12, 31)) is None


@given(st.dates(date(2022, 1, 1), date(2023, 12, 31)))
def test_a_missing_return_is_late_only_after_its_due_day(today):
    due = DEFAULT_RULE.due_date(OCTOBER)  # a plan that states no rule: 每月5日前
    assert due == date(2022, 11, 5)
    late = days_late(ReportState.NONE, due, today, None)
    assert late == max(0, (today - due).days)
    assert days_late(ReportState.NONE, None, today, None) == 0


def test_the_send_back_comments_model_passes_qt_model_tester_and_keeps_what_is_typed(qtmodeltester, city):
    from gui.send_back_dialog import COMMENT, SendBackCommentsModel

    store, plan_id = city
    overview = load_city_overview(store, plan_id, OCTOBER, NOVEMBER_8)
    index = overview.unit_names.index("北流市")
    rows = [line.cells[index] for line in overview.lines if line.cells[index] is not None]
    model = SendBackCommentsModel(rows)
    qtmodeltester.check(model)
    first = model.index(0, COMMENT)
    assert model.flags(first) & Qt.ItemFlag.ItemIsEditable and not model.flags(model.index(0, 3)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(first, "请核实")
    assert not model.setData(model.index(0, 3), "99")  # the figures are the county's: not editable here
    items = model.items()
    assert (items[0].seq, items[0].comment, items[0].reported, items[0].target) == ("237", "请核实", "12", "18")
    assert all(i.comment == "" for i in items[1:])


def test_the_todo_dock_steps_aside_on_the_city_tab_so_the_units_get_the_width(qtbot, city_window, picture_path):
    win, view = city_window, city_window.city_view
    win.tabs.setCurrentWidget(win.entry_page)
    qtbot.waitUntil(lambda: win.todo.isVisible())
    win.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: not win.todo.isVisible())
    grid = view.grid
    qtbot.waitUntil(lambda: win.centralWidget().width() >= win.width() - 10)  # the dock's third went to the tabs
    shown = [c for c in range(grid.FROZEN, grid_columns(view)) if _whole(grid, c)]
    assert len(shown) >= 5, f"only {len(shown)} unit columns in view"
    win.grab().save(str(picture_path("city_tab_width.png")))
    win.tabs.setCurrentWidget(win.entry_page)
    qtbot.waitUntil(lambda: win.todo.isVisible())  # back on 填报, 待办 is back
    win.todo.close()  # closed by the user: stays closed on either tab
    win.tabs.setCurrentWidget(view)
    win.tabs.setCurrentWidget(win.entry_page)
    assert not win.todo.isVisible()


def grid_columns(view) -> int:
    return view.grid_model.columnCount()


def _whole(grid, column: int) -> bool:
    """A unit column wholly in view, right of the frozen columns."""
    left = grid.columnViewportPosition(column)
    return left >= grid.frozen.frozen_width() and left + grid.columnWidth(column) <= grid.viewport().width()

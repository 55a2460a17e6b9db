"""The city's month, walked through the windows on real stores: collect three counties' returns (files the
app exported), see the cross-unit grid and its charts, send one back, the county imports the 退回意见, fixes
and resubmits, and the city collects the new return, with the send-back kept in the history."""

from __future__ import annotations

import time
from datetime import date

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.city_reports import ReportState
from domain.profile import Profile
from gui import collect_actions, file_actions, send_back_actions
from gui.charts import chart_image
from gui.charts_dialog import ChartDialog
from gui.columns import COLUMN_INDEX
from gui.main_window import MainWindow
from gui.send_back_marks import SEND_BACK_ROLE
from gui.workers import wait_for_jobs
from storage.send_backs import Side, send_backs
from tests.city_support import settle
from tests.collect_support import CITY_PROFILE, OCTOBER, as_installation, make_city, make_counties

TODAY = date(2022, 11, 8)
COMMENT = "高企保有量与认定名单不符（名单为14家），请核实后重报"


def visible_box(qtbot, win, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: any(b.isVisible() for b in win.findChildren(QMessageBox, name)), timeout=20000)
    return next(b for b in win.findChildren(QMessageBox, name) if b.isVisible())


def open_window(qtbot, store, profile: Profile, plan_id: int, wait_on) -> MainWindow:
    if profile.unit != CITY_PROFILE.unit:  # a county's own PC: its installation id and 本机信息 in its store
        as_installation(store, profile.unit)
    win = MainWindow(store, profile, today=TODAY)
    qtbot.addWidget(win)
    # The change watch would reload on its own timer, racing the collect's reload that the test waits for.
    win.safety.watcher.timer.stop()
    with qtbot.waitSignal(wait_on(win), timeout=20000):
        win.show()
        win.select(plan_id=plan_id, period=OCTOBER)
    wait_for_jobs()
    return win


def collect(qtbot, win: MainWindow, paths) -> QMessageBox:
    with qtbot.waitSignal(win.city_view.loaded, timeout=30000):
        collect_actions.collect_returns_dialog(win, list(paths))
        box = visible_box(qtbot, win, "collect_report")
    box.close()
    wait_for_jobs()
    return box


@pytest.fixture
def stores(tmp_path):
    counties = make_counties(tmp_path / "counties")
    city = make_city(tmp_path / "city")
    yield counties, city, tmp_path
    settle()
    city.close()
    counties.store.close()


def test_collect_see_send_back_fix_resubmit_and_collect_again(qtbot, stores, picture_path):
    counties, city_store, folder = stores
    plan_id = counties.plan_id
    city = open_window(qtbot, city_store, CITY_PROFILE, plan_id, lambda w: w.city_view.loaded)
    view = city.city_view

    # The city collects three counties' returns and sees them side by side.
    collect(qtbot, city, [counties.returns[u] for u in ("北流市", "容县", "兴业县")])
    city.tabs.setCurrentWidget(view)
    reports = {r.unit: r for r in view.report_model.reports}
    assert {u for u, r in reports.items() if r.state is ReportState.FINAL} == {"北流市", "容县", "兴业县"}
    column = view.grid_model.column_of("北流市")
    row = next(i for i, line in enumerate(view.grid_model.lines) if line.task.seq == "237")
    assert view.grid_model.index(row, column).data() == "目标 18\n完成 12\n66.7% 滞后"

    # … and its charts.
    charts = view.open_charts()
    assert isinstance(charts, ChartDialog) and charts.isVisible()
    assert {b.label for b in charts.data.bars if b.rate is not None} == {"北流市", "容县", "兴业县"}
    assert not chart_image(charts.data).isNull()
    charts.close()

    # The city sends 北流市's return back with a comment on (237).
    sent_path = folder / "北流市_2022年10月_退回意见.xlsx"
    dialog = send_back_actions.send_back_dialog(view, view.overview, "北流市", sent_path)
    dialog.set_comment("237", COMMENT)
    dialog.general.setPlainText("请补充高企认定证书作为佐证")
    with qtbot.waitSignal(view.loaded, timeout=30000):
        dialog.accept()
    assert sent_path.exists()
    assert view.overview.report_of("北流市").state is ReportState.SENT_BACK
    row_of = {r.unit: i for i, r in enumerate(view.report_model.reports)}
    assert view.report_model.index(row_of["北流市"], 7).data() == "退回 1 次（待重报）"

    # The county imports the 退回意见: its period unlocks and the comment shows beside the row.
    county = open_window(qtbot, counties.store, Profile(city="玉林市", unit="北流市", filler="李四"), plan_id,
                         lambda w: w.loaded)  # fmt: skip
    assert county.model.locked
    with qtbot.waitSignal(county.loaded, timeout=20000):
        send_back_actions.import_send_back(county, sent_path)
        box = visible_box(qtbot, county, "send_back_imported")
    assert "已导入玉林市" in box.text() and "已解锁（原因：市里退回）" in box.text()
    box.close()
    wait_for_jobs()
    assert not county.model.locked
    banner = county._send_back_marks.banner
    assert banner.isVisibleTo(county) and "请补充高企认定证书作为佐证" in banner.text()
    row = next(i for i, r in enumerate(county.model.rows) if r.task.seq == "237")
    seq_cell = county.proxy.index(row, 0)
    assert COMMENT in seq_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert seq_cell.data(Qt.ItemDataRole.DecorationRole) is not None
    # The mark sits beside a whole 序号, not a squeezed "(2…": the column is as wide as both need.
    metrics, grid = county.grid.fontMetrics(), county.grid
    assert grid.columnWidth(0) >= 16 + metrics.horizontalAdvance("(237)") + 12
    assert grid.frozen.columnWidth(0) == grid.columnWidth(0)
    county.grab().save(str(picture_path("county_after_import.png")))
    assert county.model.index(row, COLUMN_INDEX["actual"]).data(SEND_BACK_ROLE) == COMMENT

    # It fixes the figure and submits again; the new return says it answers the send-back.
    assert county.model.setData(county.model.index(row, COLUMN_INDEX["actual"]), "14")
    time.sleep(1.05)  # export times have second resolution: the new return must be the newer one
    new_return = folder / "北流市_2022年10月_重报.xlsx"
    with qtbot.waitSignals([county.exported, county.loaded], timeout=20000):  # exported, then reloaded locked
        file_actions.export_progress_return(county, True, new_return, confirm=False)
    wait_for_jobs()
    assert county.model.locked
    assert not banner.isVisibleTo(county)  # answered: no longer pending
    assert send_backs(counties.store, plan_id, "北流市", OCTOBER, Side.RECEIVED)[0].answer == new_return.name

    # The city collects the new return: figures updated, the send-back answered and kept.
    box = collect(qtbot, city, [new_return])
    assert "本报表答复了" in box.detailedText()
    report = view.overview.report_of("北流市")
    assert report.state is ReportState.FINAL and report.file == new_return.name
    assert report.send_back_text == "退回 1 次（已重报）"
    row = next(i for i, line in enumerate(view.grid_model.lines) if line.task.seq == "237")
    assert view.grid_model.index(row, view.grid_model.column_of("北流市")).data().splitlines()[1] == "完成 14"
    (history,) = send_backs(city_store, plan_id, "北流市", OCTOBER, Side.SENT)
    assert history.answer == new_return.name and history.send_back.return_name == counties.returns["北流市"].name


def test_a_send_back_dropped_on_the_county_window_is_imported(qtbot, stores):
    counties, city_store, folder = stores
    plan_id = counties.plan_id
    city = open_window(qtbot, city_store, CITY_PROFILE, plan_id, lambda w: w.city_view.loaded)
    collect(qtbot, city, [counties.returns["容县"]])
    path = folder / "容县_退回意见.xlsx"
    dialog = send_back_actions.send_back_dialog(city.city_view, city.city_view.overview, "容县", path)
    dialog.general.setPlainText("请补充各项佐证材料")
    with qtbot.waitSignal(city.city_view.loaded, timeout=30000):
        dialog.accept()

    county = open_window(qtbot, counties.store, Profile(city="玉林市", unit="容县", filler="王五"), plan_id,
                         lambda w: w.loaded)  # fmt: skip
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(county, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip
    with qtbot.waitSignal(county.loaded, timeout=20000):
        QApplication.sendEvent(county, drop)
        box = visible_box(qtbot, county, "send_back_imported")
    assert "总体意见：请补充各项佐证材料" in box.detailedText()
    assert not county.model.locked

    # A return is not a 退回意见: dropping it is left alone.
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(counties.returns["容县"]))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, other, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter.ignore()
    QApplication.sendEvent(county, enter)
    assert not enter.isAccepted()


def test_sending_back_without_a_word_is_refused_in_the_dialog(qtbot, stores):
    counties, city_store, folder = stores
    city = open_window(qtbot, city_store, CITY_PROFILE, counties.plan_id, lambda w: w.city_view.loaded)
    collect(qtbot, city, [counties.returns["兴业县"]])
    dialog = send_back_actions.send_back_dialog(city.city_view, city.city_view.overview, "兴业县", folder / "x.xlsx")
    dialog.accept()
    box = visible_box(qtbot, dialog, "send_back_refused")
    assert "请至少填写一条退回意见" in box.text()
    assert dialog.isVisible() and not (folder / "x.xlsx").exists()
    assert send_backs(city_store, counties.plan_id) == []

"""The city's window: collect returns and export the 汇总表 through the real actions, offscreen."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox
from python_calamine import CalamineWorkbook

from domain.profile import Profile
from gui import collect_actions
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs
from storage.audit import audit_entries
from storage.dump import dump_store
from tests.collect_support import OCTOBER, make_counties


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    counties = make_counties(tmp_path_factory.mktemp("counties"))
    counties.store.close()
    return counties.returns


@pytest.fixture
def city_window(qtbot, store, yulin_plan_id):
    win = MainWindow(store, Profile(city="玉林市", unit="玉林市", filler="赵明"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    if win.model.view.plan.id != yulin_plan_id:
        with qtbot.waitSignal(win.loaded, timeout=10000):
            win.select(plan_id=yulin_plan_id)
    yield win
    wait_for_jobs()


def report_box(qtbot, win) -> QMessageBox:
    """The collect report the user sees (opened without blocking the window)."""
    qtbot.waitUntil(lambda: any(b.isVisible() for b in win.findChildren(QMessageBox, "collect_report")), timeout=20000)
    return next(b for b in win.findChildren(QMessageBox, "collect_report") if b.isVisible())


def test_collecting_shows_what_each_file_did_and_the_grid_shows_the_figures(qtbot, city_window, returns, picture_path):
    win = city_window
    collect_actions.collect_returns_dialog(win, [returns["北流市"], returns["容县"], returns["玉州区"]])
    box = report_box(qtbot, win)
    assert box.windowTitle() == "收取各单位报表" and box.icon() == QMessageBox.Icon.Information
    # A sentence, and what each file did, in the box itself (not only behind 显示详细信息).
    assert box.text().startswith("已收取 3 份报表（共 3 个文件）。\n") and not box.text().endswith("：")
    assert "北流市 2022年10月（报送，校验一致）：更新 12 处数据" in box.text()
    assert "北流市 2022年10月（报送，校验一致）：更新 12 处数据" in box.detailedText()
    assert "草稿（未正式报送）" in box.detailedText()
    box.grab().save(str(picture_path("collect_box.png")))
    box.close()
    wait_for_jobs()
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.select(unit="北流市", period=OCTOBER)
    row = next(r for r in win.model.rows if r.task.seq == "237")
    assert row.actual == 12 and win.model.locked  # a collected 报送 return is read-only at the city too
    assert win.banner_box.isVisibleTo(win)


def test_a_bad_file_is_named_and_nothing_is_stored(qtbot, city_window, returns, store, tmp_path):
    bad = tmp_path / "不是报表.xlsx"
    bad.write_text("x", encoding="utf-8")
    before = dump_store(store)
    collect_actions.collect_returns_dialog(city_window, [returns["北流市"], bad])
    box = report_box(qtbot, city_window)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text().startswith("有 1 处错误，未收取任何报表") and "不是报表.xlsx" in box.text()
    assert dump_store(store) == before


def test_exporting_the_consolidation_says_where_it_went(qtbot, city_window, returns, tmp_path):
    win = city_window
    collect_actions.collect_returns_dialog(win, [returns["北流市"], returns["兴业县"]])
    report_box(qtbot, win).close()
    wait_for_jobs()
    path = tmp_path / "汇总表.xlsx"
    with qtbot.waitSignal(win.exported, timeout=20000) as done:
        collect_actions.export_consolidation(win, path)
    assert done.args == [str(path.absolute())]
    told = [b for b in win.findChildren(QMessageBox) if b.windowTitle() == "导出汇总表" and b.isVisible()]
    assert told and str(path.absolute()) in told[0].text() and "已收到 2 个单位的报表" in told[0].text()
    sheets = CalamineWorkbook.from_path(str(path))
    assert sheets.sheet_names == ["汇总表", "报送情况", "汇总信息"]  # the last very hidden
    status = {r[1]: r[2] for r in sheets.get_sheet_by_name("报送情况").to_python()[3:]}
    assert status["北流市"] == "已报送" and status["兴业县"] == "已报送" and status["容县"] == "未报送"


def test_the_city_reaches_both_actions_through_the_menu(qtbot, city_window, returns, tmp_path):
    win = city_window
    assert win.collect_menu.menuAction().isVisible()
    actions = {a.text(): a for a in win.collect_menu.actions()}
    assert set(actions) == {"收取各单位报表…", "导出汇总表…", "导出汇总表（A3）…"}
    path = tmp_path / "菜单汇总表.xlsx"

    def choose_file() -> None:  # what the user does in the save dialog the action opens
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog), dialog
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))  # typed into 文件名
        dialog.accept()

    QTimer.singleShot(300, choose_file)
    with qtbot.waitSignal(win.exported, timeout=20000) as done:
        actions["导出汇总表…"].trigger()
    assert done.args == [str(path.absolute())]
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ["汇总表", "报送情况", "汇总信息"]


def test_a3_is_one_menu_item_away(qtbot, city_window, tmp_path):
    path = tmp_path / "汇总表A3.xlsx"
    with qtbot.waitSignal(city_window.exported, timeout=20000):
        collect_actions.export_consolidation(city_window, path, paper="A3")
    ws = openpyxl.load_workbook(path)["汇总表"]
    assert int(ws.page_setup.paperSize) == 8 and ws.page_setup.orientation == "landscape"


def test_a_return_from_another_pc_is_collected_once_the_official_confirms(qtbot, city_window, store, tmp_path):
    win = city_window
    counties = make_counties(tmp_path / "counties")
    try:
        collect_actions.collect_returns_dialog(win, [counties.returns["北流市"]])
        report_box(qtbot, win).close()
        wait_for_jobs()
        counties.installations["北流市"] = "new-pc-of-beiliu"
        newer = counties.resubmit("北流市", {"237": 13}, "北流市_新电脑.xlsx")
    finally:
        counties.store.close()
    before = dump_store(store)
    collect_actions.collect_returns_dialog(win, [newer])

    def asked() -> QMessageBox | None:
        return next((b for b in win.findChildren(QMessageBox, "confirm_pc_change") if b.isVisible()), None)

    qtbot.waitUntil(lambda: asked() is not None, timeout=20000)
    box = asked()
    assert box.windowTitle() == "确认更换报送电脑"
    assert "北流市此前的报表来自另一台电脑" in box.text() and "确认北流市已更换报送电脑" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert dump_store(store) == before  # nothing stored while the official is asked
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(b.isVisible() and b.text().startswith("已收取 1 份报表")
                                for b in win.findChildren(QMessageBox, "collect_report")), timeout=20000)  # fmt: skip
    assert any(e.action == "确认更换电脑" for e in audit_entries(store, "北流市"))
    wait_for_jobs()


def test_a_county_installation_has_no_collect_menu(qtbot, store, yulin_plan_id):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="李四"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    assert not win.collect_menu.menuAction().isVisible()
    assert "汇总(&C)" not in [a.text() for a in win.menuBar().actions() if a.isVisible()]
    wait_for_jobs()

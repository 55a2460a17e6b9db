"""A zone the registry lacks is added by its own name: by default the name as written without 管委会
(南宁高新区管委会 → 南宁高新区), or the name the user gives, on the command line and in the window. The name as
written is kept as an alias, so next year's table finds the zone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cli import main
from domain.profile import Profile
from gui.import_dialog import ImportDialog
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs
from importers.table_places import zone_own_name
from storage.db import open_store
from storage.plans import find_plan
from storage.units import unit_registry
from tests.import_tables import write_matrix_table

UNITS = ["玉州区", "福绵区", "北流市", "容县", "陆川县", "博白县", "兴业县", "玉林高新区管委会"]
ROWS = [(1, "高新技术企业保有量", "家", 108, [17, 9, 18, 14, 11, 4, 8, 27])]


@pytest.fixture
def table(tmp_path: Path) -> Path:
    return write_matrix_table(tmp_path / "分解表.xlsx", rows=ROWS, units=UNITS)


@pytest.mark.parametrize(
    ("written", "own"),
    [("南宁高新区管委会", "南宁高新区"), ("粤桂合作特别试验区(梧州)管理委员会", "粤桂合作特别试验区(梧州)"),
     ("东兴试验区（管委会）", "东兴试验区"), ("钦州港片区", "钦州港片区"), ("管委会", "管委会")],
)  # fmt: skip
def test_the_default_name_of_a_zone_drops_its_office(written, own):
    assert zone_own_name(written) == own


def stored_zone(db: Path) -> tuple[str, tuple[str, ...], float]:
    with open_store(db) as store:
        registry = unit_registry(store)
        zone = registry.resolve("玉林高新区管委会")
        plan = find_plan(store, "科技创新主要指标任务分解表")
    return zone.name, zone.aliases, plan.task("1").indicators[0].quota_for(zone.name).target


def test_the_command_line_adds_a_zone_by_its_own_name(tmp_path, table, capsys):
    db = tmp_path / "x.sqlite3"
    assert main(["import", str(table), "--db", str(db), "--add-zone", "玉林高新区管委会"]) == 0
    assert "已确认：[1/1] 任务 (1)“高新技术企业保有量” 玉林高新区管委会 新增为开发区“玉林高新区”，登记 27家" in (
        capsys.readouterr().out
    )
    assert stored_zone(db) == ("玉林高新区", ("玉林高新区", "玉林高新区管委会"), 27)


def test_the_command_line_takes_the_name_the_user_gives(tmp_path, table):
    db = tmp_path / "x.sqlite3"
    assert main(["import", str(table), "--db", str(db), "--add-zone", "玉林高新区管委会=玉林高新技术产业开发区"]) == 0
    assert stored_zone(db) == ("玉林高新技术产业开发区", ("玉林高新技术产业开发区", "玉林高新区管委会"), 27)


def test_a_given_name_the_registry_has_is_refused(tmp_path, table, capsys):
    db = tmp_path / "x.sqlite3"
    assert main(["import", str(table), "--db", str(db), "--add-zone", "玉林高新区管委会=玉东新区"]) == 2
    assert "“玉林高新区管委会”的登记名称“玉东新区”已是登记表中的单位" in capsys.readouterr().err


def test_the_window_offers_the_zone_name_to_change(qtbot, store, db_path, table):
    from gui import file_actions

    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    file_actions.import_table(win, table)
    qtbot.waitUntil(lambda: bool(win.findChildren(ImportDialog)), timeout=10000)
    dialog = win.findChildren(ImportDialog)[0]
    editor = dialog.zone_names["玉林高新区管委会"]
    assert not editor.isVisible()
    dialog.choose_name("玉林高新区管委会", "新增为本市开发区")
    assert editor.isVisible() and editor.text() == "玉林高新区"
    column = dialog.model.columnCount() - 2  # the last unit column, before 来源文字
    assert dialog.model.headerData(column, Qt.Orientation.Horizontal) == "玉林高新区（新增开发区）"
    dialog.name_zone("玉林高新区管委会", "玉林高新技术产业开发区")
    assert dialog.model.headerData(column, Qt.Orientation.Horizontal) == "玉林高新技术产业开发区（新增开发区）"
    shown = dialog.grid.fontMetrics().horizontalAdvance("玉林高新技术产业开发区（新增开发区）")
    assert dialog.grid.columnWidth(column) > shown  # the header is not cut
    dialog.model.undo_stack.undo()
    assert dialog.model.headerData(column, Qt.Orientation.Horizontal) == "玉林高新区（新增开发区）"
    dialog.model.undo_stack.redo()
    with qtbot.waitSignal(win.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_jobs()
    QApplication.processEvents()
    win.close()
    assert stored_zone(db_path) == ("玉林高新技术产业开发区", ("玉林高新技术产业开发区", "玉林高新区管委会"), 27)

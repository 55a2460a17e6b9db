"""The review grid: 待确认 quotas are confirmed or corrected, unknown names mapped or added as zones,
missing quotas filled, and the store then holds exactly what the user confirmed (read back from the file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from domain.profile import Profile
from gui.import_dialog import ImportDialog
from gui.import_review_model import DECIDED_COLOUR, PENDING_COLOUR
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs
from importers.table_review import PendingItem, Review, apply_review
from operations.import_table import ImportNeedsReview, import_breakdown_table, preview_import
from storage.audit import audit_count
from storage.db import open_store
from storage.dump import dump_store
from storage.plans import find_plan
from storage.units import list_units
from tests.import_tables import write_matrix_table

UNITS = ["玉州区", "福绵区", "北流市", "容县", "陆川县", "博白县", "兴业县", "龙潭园区", "玉林经开区"]
ROWS = [
    (1, "高新技术企业保有量", "家", 101, [17, 9, "约十几家", 14, 11, None, 8, 3, 5]),
    (2, "新增国家科技型中小企业", "家", 242, [32, 20, 40, 33, 40, 21, 21, 4, 6]),
]


@pytest.fixture
def review_table(tmp_path: Path) -> Path:
    return write_matrix_table(tmp_path / "分解表.xlsx", rows=ROWS, units=UNITS)


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def at(dialog, row: int, header: str):
    return dialog.model.index(row, headers(dialog.model).index(header))


def type_into(qtbot, dialog, index, text: str) -> None:
    """Select the cell and type as a user does: the editor opens on the first key, Enter commits."""
    dialog.grid.setCurrentIndex(index)
    dialog.grid.setFocus()
    QApplication.processEvents()  # the last editor is gone
    dialog.grid.edit(index)
    [editor] = [e for e in dialog.grid.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    editor.insert(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits on Return through a queued call


def test_correct_map_add_a_zone_fill_and_confirm_stores_exactly_that(
    qtbot, store, db_path, review_table, qtmodeltester
):
    preview = preview_import(store, review_table)
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    dialog.show()
    qtmodeltester.check(dialog.model)
    names = headers(dialog.model)
    assert "？龙潭园区" in names and "？玉林经开区" in names
    beiliu = at(dialog, 0, "北流")
    assert (
        beiliu.data() == "？约十几家" and beiliu.data(Qt.ItemDataRole.BackgroundRole).color().name().upper() == PENDING_COLOUR
    )
    assert "“约十几家”不是确定的数字" in beiliu.data(Qt.ItemDataRole.ToolTipRole)
    assert not dialog.import_button.isEnabled() and "还有 5 项待确认" in dialog.verdict.text()
    before = dump_store(store), audit_count(store)

    type_into(qtbot, dialog, beiliu, "16")  # correct the doubtful cell
    assert beiliu.data() == "16"
    assert beiliu.data(Qt.ItemDataRole.BackgroundRole).color().name().upper() == DECIDED_COLOUR
    type_into(qtbot, dialog, at(dialog, 0, "博白"), "5")  # fill a quota the table left empty
    type_into(qtbot, dialog, at(dialog, 1, "容县"), "35")  # correct a figure read with certainty
    dialog.choose_name("龙潭园区", "对应到 龙潭产业园")  # a registered zone written another way
    assert "龙潭园区（→龙潭产业园）" in headers(dialog.model)
    dialog.choose_name("玉林经开区", "新增为本市开发区")  # a real zone the registry lacks
    assert "玉林经开区（新增开发区）" in headers(dialog.model)
    assert dialog.import_button.isEnabled() and dialog.verdict.text().startswith("有 ")

    dialog.model.undo_stack.undo()  # Ctrl+Z takes the zone back …
    assert "？玉林经开区" in headers(dialog.model) and not dialog.import_button.isEnabled()
    dialog.model.undo_stack.redo()  # … and Ctrl+Y gives it again
    assert dialog.import_button.isEnabled()
    assert (dump_store(store), audit_count(store)) == before  # nothing stored while reviewing

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    import_breakdown_table(store, dialog.preview, "张三", review=dialog.review)
    store.close()

    with open_store(db_path) as reopened:
        zone = next(u for u in list_units(reopened) if u.name == "玉林经开区")
        assert (zone.city, zone.kind) == ("玉林市", "zone")
        plan = find_plan(reopened, "科技创新主要指标任务分解表")
        first, second = (plan.task(s).indicators[0] for s in ("1", "2"))
        assert {q.unit: q.target for q in first.quotas} == {
            "玉州区": 17, "福绵区": 9, "北流市": 16, "容县": 14, "陆川县": 11, "博白县": 5, "兴业县": 8,
            "龙潭产业园": 3, "玉林经开区": 5,
        }  # fmt: skip
        assert {q.unit: q.target for q in second.quotas} == {
            "玉州区": 32, "福绵区": 20, "北流市": 40, "容县": 35, "陆川县": 40, "博白县": 21, "兴业县": 21,
            "龙潭产业园": 4, "玉林经开区": 6,
        }  # fmt: skip
        assert "待确认项 1/1 经用户确认" in first.quota_for("北流市").source
        assert first.quota_for("博白县").source == "导入时由用户填写"
        assert second.quota_for("容县").source.endswith("（表中为 33，导入时由用户改为 35）")
        actions = [r["action"] for r in reopened.query("SELECT action FROM audit ORDER BY id")]
        assert "新增开发区" in actions and actions[-1] != "新增开发区"


def test_nothing_decided_stores_nothing_and_a_bad_mapping_is_refused_in_the_dialog(qtbot, store, review_table):
    preview = preview_import(store, review_table)
    before = dump_store(store), audit_count(store)
    with pytest.raises(ImportNeedsReview):
        import_breakdown_table(store, preview, "张三")
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    dialog.choose_name("龙潭园区", "对应到 兴业县")  # 兴业县 has its own figures in both rows
    dialog.choose_name("玉林经开区", "不登记")
    dialog.accept_certain.setChecked(True)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.verdict.text().startswith(
        "兴业县在任务 1“高新技术企业保有量”已有分解指标 8，不能再把“龙潭园区”的 3 也给它"
    )
    assert (dump_store(store), audit_count(store)) == before


def test_a_typed_value_that_is_no_figure_is_refused_and_the_cell_keeps_its_doubt(qtbot, store, review_table):
    dialog = ImportDialog(preview_import(store, review_table))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog, at(dialog, 0, "北流"), "十几")
    assert at(dialog, 0, "北流").data() == "？约十几家"  # the cell's own words stay in view until decided
    assert dialog.verdict.text().startswith("“十几”不是数字")
    dialog.grid.selectionModel().clearSelection()
    dialog.grid.selectionModel().select(at(dialog, 1, "？龙潭园区"), dialog.grid.selectionModel().SelectionFlag.Select)
    dialog.confirm_selected()  # a name mapped to no unit cannot be confirmed yet
    assert at(dialog, 1, "？龙潭园区").data() == "？4" and "请先把“龙潭园区”对应到已有单位" in dialog.verdict.text()


def test_the_window_imports_through_the_review_grid(qtbot, store, review_table):
    from gui import file_actions

    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    file_actions.import_table(win, review_table)
    qtbot.waitUntil(lambda: bool(win.findChildren(ImportDialog)), timeout=10000)
    dialog = win.findChildren(ImportDialog)[0]
    dialog.choose_name("龙潭园区", "不登记")
    dialog.choose_name("玉林经开区", "新增为本市开发区")
    dialog.model.setData(at(dialog, 0, "北流"), "15")
    with qtbot.waitSignal(win.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_for_jobs()
    QApplication.processEvents()
    plan = find_plan(store, "科技创新主要指标任务分解表")
    assert plan.task("1").indicators[0].quota_for("北流市").target == 15
    assert plan.task("1").indicators[0].quota_for("龙潭产业园") is None
    assert plan.task("2").indicators[0].quota_for("玉林经开区").target == 6


def _with_a_later_figure(store, path: Path):
    """A preview where 北流市 has a certain 18 for indicator 1 and a later figure 15 is asked (as a sentence
    "各县…不少于18家，北流…15家" gives it when its override cannot be settled)."""
    preview = preview_import(store, path)
    indicator = preview.plan.task("1").indicators[0]
    assert indicator.quota_for("北流市").target == 18
    preview.pending.append(
        PendingItem("1/9", "1", indicator.name, "北流", "北流市", 15, None, "家", "北流15家", "后文另给北流15家", "override")
    )
    return preview


def test_confirming_a_later_figure_replaces_the_earlier_one_with_both_kept(store, tmp_path: Path):
    rows = [(1, "高新技术企业保有量", "家", 101, [17, 9, 18, 14, 11, 4, 8, 9])]
    preview = _with_a_later_figure(store, write_matrix_table(tmp_path / "t.xlsx", rows=rows))
    plan = apply_review(preview.plan, preview.pending, Review(resolved={"1/9": 15}))
    quota = plan.task("1").indicators[0].quota_for("北流市")
    assert quota.target == 15
    assert quota.source == "北流15家（待确认项 1/9 经用户确认；表中另有 18（第 6 行“各县(市、区)分解任务/北流市”列），改为 15）"
    left = apply_review(preview.plan, preview.pending, Review(accept_certain=True))
    assert left.task("1").indicators[0].quota_for("北流市").target == 18  # not confirmed: the table's own figure


def test_the_grid_shows_both_figures_and_confirming_replaces(qtbot, store, tmp_path: Path):
    rows = [(1, "高新技术企业保有量", "家", 101, [17, 9, 18, 14, 11, 4, 8, 9])]
    preview = _with_a_later_figure(store, write_matrix_table(tmp_path / "t.xlsx", rows=rows))
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    cell = at(dialog, 0, "北流")
    assert cell.data() == "18 → ？15"
    assert "表中另有 18" in cell.data(Qt.ItemDataRole.ToolTipRole)
    dialog.grid.selectionModel().select(cell, dialog.grid.selectionModel().SelectionFlag.Select)
    dialog.confirm_selected()
    assert cell.data() == "15" and cell.data(Qt.ItemDataRole.BackgroundRole).color().name().upper() == DECIDED_COLOUR
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    import_breakdown_table(store, preview, "张三", review=dialog.review)
    plan = find_plan(store, "科技创新主要指标任务分解表")
    assert plan.task("1").indicators[0].quota_for("北流市").target == 15


def test_a_baseline_asked_on_its_own_is_shown_beside_the_target_and_confirmed(qtbot, store, tmp_path: Path):
    rows = [(1, "科技型中小企业入库数", "家", 260, [30, 20, "80（2021年：66）", 33, 40, 21, 21, 18])]
    dialog = ImportDialog(preview_import(store, write_matrix_table(tmp_path / "t.xlsx", rows=rows)))
    qtbot.addWidget(dialog)
    cell = at(dialog, 0, "北流")
    assert cell.data() == "80（基数？66）"
    dialog.grid.selectionModel().select(cell, dialog.grid.selectionModel().SelectionFlag.Select)
    dialog.confirm_selected()
    assert cell.data() == "80（基数 66）"
    plan = apply_review(dialog.preview.plan, dialog.preview.pending, dialog.review)
    quota = plan.task("1").indicators[0].quota_for("北流市")
    assert (quota.target, quota.baseline) == (80, 66)

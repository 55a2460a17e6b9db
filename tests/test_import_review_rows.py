"""The review grid's rows: a junk row is struck out and not imported (undoably), and the 来源文字 column stays
wide enough to read in a table of many units."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from gui.import_dialog import SOURCE_WIDTH, ImportDialog
from operations.import_table import import_breakdown_table, preview_import
from storage.plans import find_plan
from tests.import_tables import write_matrix_table

UNITS = ["玉州区", "福绵区", "北流市", "容县", "陆川县", "博白县", "兴业县", "玉东新区"]
ROWS = [
    (1, "高新技术企业保有量", "家", 101, [17, 9, 18, 14, 11, 4, 8, 20]),
    (2, "科技局", "家", None, ["约十几家", None, "若干", 3, None, None, None, None]),  # a phantom row
]


def select_row(dialog: ImportDialog, row: int) -> None:
    model = dialog.model
    dialog.grid.selectionModel().clearSelection()
    dialog.grid.selectionModel().select(model.index(row, 5), dialog.grid.selectionModel().SelectionFlag.Select)


def test_a_dropped_row_is_struck_out_not_asked_and_not_imported(qtbot, store, tmp_path: Path, qtmodeltester):
    preview = preview_import(store, write_matrix_table(tmp_path / "分解表.xlsx", rows=ROWS, units=UNITS))
    assert len(preview.pending) == 2
    dialog = ImportDialog(preview)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert not dialog.import_button.isEnabled()  # the phantom row's two questions are open
    select_row(dialog, 1)
    dialog.drop_selected()
    qtmodeltester.check(dialog.model)
    cell = dialog.model.index(1, 4)
    assert cell.data(Qt.ItemDataRole.FontRole).strikeOut() and not dialog.model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    assert dialog.model.index(0, 4).data(Qt.ItemDataRole.FontRole) is None  # the row kept looks as before
    assert dialog.import_button.isEnabled()
    dialog.model.undo_stack.undo()
    assert not dialog.import_button.isEnabled() and not dialog.model.is_dropped(1)
    dialog.model.undo_stack.redo()
    changes = import_breakdown_table(store, dialog.preview, "张三", review=dialog.review)
    plan = find_plan(store, "科技创新主要指标任务分解表")
    assert [t.seq for t in plan.tasks] == ["1"] and plan.task("1").indicators[0].quota_for("玉东新区").target == 20
    assert not any("科技局" in line for line in changes.lines)


def test_restore_takes_a_dropped_row_back(qtbot, store, tmp_path: Path):
    dialog = ImportDialog(preview_import(store, write_matrix_table(tmp_path / "t.xlsx", rows=ROWS, units=UNITS)))
    qtbot.addWidget(dialog)
    select_row(dialog, 1)
    dialog.drop_selected()
    dialog.restore_button.click()
    assert not dialog.model.is_dropped(1) and not dialog.import_button.isEnabled()


def test_the_source_column_is_not_squeezed_in_a_wide_table(qtbot, store, tmp_path: Path):
    many = [f"第{n}区" for n in range(1, 21)]
    rows = [(1, "高新技术企业保有量", "家", 210, list(range(1, 21)))]
    dialog = ImportDialog(preview_import(store, write_matrix_table(tmp_path / "t.xlsx", rows=rows, units=UNITS + many)))
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    last = dialog.model.columnCount() - 1
    assert dialog.grid.columnWidth(last) >= SOURCE_WIDTH

"""Enter in the import review grid commits the cell and moves down, as in the main grid and Excel; it never
presses 导入 (the QA tester imported a whole table with a second Enter). 导入 takes a click or Ctrl+Enter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton

from gui.import_dialog import ImportDialog
from operations.import_table import preview_import
from tests.import_tables import write_matrix_table

UNITS = ["玉州区", "福绵区", "北流市", "容县", "陆川县", "博白县", "兴业县"]
ROWS = [
    (1, "高新技术企业保有量", "家", 101, [17, 9, "约三十几家", 14, 11, 10, 8]),
    (2, "新增国家科技型中小企业", "家", 163, [32, 20, 40, 33, 20, 10, 8]),
    (3, "技术合同成交额", "亿元", 7, [1, 1, 1, 1, 1, 1, 1]),
]


@pytest.fixture
def dialog(qtbot, store, tmp_path: Path):
    table = write_matrix_table(tmp_path / "分解表.xlsx", rows=ROWS, units=UNITS)
    found = ImportDialog(preview_import(store, table))
    qtbot.addWidget(found)
    found.show()
    qtbot.waitExposed(found)
    return found


def press(widget, key=Qt.Key.Key_Return, text="\r", modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the keyboard sends it: to the focused widget, passed on to its parents while ignored."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))
    QApplication.processEvents()  # the delegate commits and closes on a queued call


def test_enter_commits_the_cell_moves_down_and_never_imports(dialog):
    model, grid = dialog.model, dialog.grid
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    pending = model.index(0, headers.index("北流"))
    assert not dialog.import_button.isEnabled()
    grid.setCurrentIndex(pending)
    grid.setFocus()
    press(grid, Qt.Key.Key_3, "3")  # typing starts editing, as in Excel
    [editor] = [e for e in grid.viewport().findChildren(QLineEdit) if e.isVisible()]
    press(editor, Qt.Key.Key_5, "5")
    press(editor)
    assert pending.data() == "35" and dialog.import_button.isEnabled()  # saved, and nothing left to confirm
    moved = grid.currentIndex().row()
    press(grid)  # the second Enter the tester pressed
    press(grid, Qt.Key.Key_Enter, "\r")  # the keypad's Enter too
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted  # nothing imported
    assert moved == 1 and grid.currentIndex().row() == 2  # each Enter moved down, as the main grid does
    assert not [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault() or b.autoDefault()]


def test_import_takes_a_click_or_ctrl_enter(qtbot, dialog):
    dialog.accept_certain.setChecked(True)  # the one 待确认 left out: 导入 is enabled
    assert dialog.import_button.isEnabled()
    assert "Ctrl+Return" in dialog.import_button.toolTip() or "Ctrl+Enter" in dialog.import_button.toolTip()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted

"""The grid's rows: as tall as their wrapped text, measured only when they change, the frozen columns level.

The grid used to leave row heights to Qt's ResizeToContents, which measures every row again at every edit,
pasted row, filter and sort (issue 16's benchmark: most of an edit's time on the region's 200 rows). Now the
grid measures a row when it changes; these tests hold it to the heights ResizeToContents gives, through the
things users do, and keep the frozen 序号 / 任务 columns level with the rows beside them.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView

from domain.profile import Profile
from gui.columns import COLUMN_INDEX
from gui.main_window import MainWindow
from gui.progress_model import row_runs
from gui.workers import wait_for_jobs
from tests.test_gui_entry import cell, open_editor, row_of, send_text, type_into

PROGRESS, PROBLEMS = COLUMN_INDEX["progress"], COLUMN_INDEX["problems"]
LONG = "已完成高新技术企业认定申报材料审核，" * 8  # wraps to several lines in 工作进展's 200 pixels


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    settle()
    yield win
    wait_for_jobs()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def heights(win) -> list[int]:
    return [win.grid.rowHeight(r) for r in range(win.proxy.rowCount())]


def resize_to_contents_heights(win) -> list[int]:
    """The heights Qt's own ResizeToContents gives the rows as they are now (it resizes them: call last)."""
    win.grid.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
    return heights(win)


def assert_level(win) -> None:
    """Every row of the frozen columns as tall as the grid's row beside it."""
    settle()
    frozen = win.grid.frozen
    assert [frozen.rowHeight(r) for r in range(win.proxy.rowCount())] == heights(win)


def test_rows_fit_their_text_as_qt_would_fit_them(qtbot, window):
    type_into(qtbot, window, "237", PROGRESS, LONG)  # one row of several lines among one-line rows
    ours = heights(window)
    assert len(ours) > 10 and max(ours) > 2 * min(ours)
    assert_level(window)
    assert resize_to_contents_heights(window) == ours


def test_a_long_text_typed_grows_its_row_and_undo_shrinks_it_back(qtbot, window):
    row = row_of(window, "237")
    before = heights(window)
    type_into(qtbot, window, "237", PROGRESS, LONG)
    after = heights(window)
    assert after[row] > before[row]  # the whole text shows, not a first line cut off
    assert after[:row] + after[row + 1 :] == before[:row] + before[row + 1 :]  # no other row moved
    assert_level(window)
    window.undo_stack.undo()
    settle()
    assert heights(window) == before
    assert_level(window)
    type_into(qtbot, window, "237", PROBLEMS, LONG)
    assert resize_to_contents_heights(window) == heights(window)


def test_a_filter_and_a_sort_keep_each_rows_height(qtbot, window):
    type_into(qtbot, window, "237", PROGRESS, LONG)
    by_seq = {r.task.seq: window.grid.rowHeight(i) for i, r in enumerate(window.model.rows)}
    numbers = window.grid.verticalHeader().width()
    window.filter_edit.setText("237")
    settle()
    assert window.proxy.rowCount() >= 1
    assert window.grid.rowHeight(0) == by_seq["237"]
    assert_level(window)
    window.filter_edit.setText("")
    # Back at once, before any event is processed: the frozen half never shows a row at another height.
    frozen = window.grid.frozen
    assert [frozen.rowHeight(r) for r in range(window.proxy.rowCount())] == heights(window)
    assert heights(window) == [by_seq[r.task.seq] for r in window.model.rows]
    window.filter_edit.setText("237")
    settle()
    assert len(window.model.rows) >= 10 > window.proxy.rowCount()
    assert window.grid.verticalHeader().width() == numbers  # the grid does not shift sideways as rows hide
    window.filter_edit.setText("")
    window.grid.sort_by("status")
    settle()
    shown = [window.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).task.seq for r in range(window.proxy.rowCount())]
    assert heights(window) == [by_seq[seq] for seq in shown]
    assert_level(window)
    assert resize_to_contents_heights(window) == [by_seq[seq] for seq in shown]


def test_a_pasted_block_is_one_change_per_run_of_rows(qtbot, window):
    """A paste tells the grid once (one dataChanged over its rows), not row by row; still one undo step."""
    start = row_of(window, "237")
    window.grid.setCurrentIndex(cell(window, "237", PROGRESS))
    signalled: list[tuple[int, int, int, int]] = []
    window.model.dataChanged.connect(
        lambda tl, br, *_: signalled.append((tl.row(), br.row(), tl.column(), br.column()))
    )
    steps = window.undo_stack.count()
    block = "\n".join("\t".join(f"第{r}行第{c}列：{LONG}" for c in range(2)) for r in range(3))
    assert window.grid.paste(block) == 6
    last = window.model.columnCount() - 1
    assert signalled == [(start, start + 2, 0, last)]
    assert window.undo_stack.count() == steps + 1
    assert resize_to_contents_heights(window) == heights(window)


def test_after_an_edit_the_grid_has_the_focus_and_takes_chinese_typing_again(qtbot, window):
    """The grid does not repaint itself whole when the focus goes into a cell's editor and back; what the
    focus changes still changes: the grid takes keys (and an input method's Chinese) for the next cell."""
    window.grid.setCurrentIndex(cell(window, "237", COLUMN_INDEX["actual"]))
    window.grid.setFocus()
    send_text(window.grid, "1")
    editor = open_editor(window.grid)
    assert not window.grid.hasFocus() and editor.hasFocus()
    send_text(editor, "5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle()
    assert window.grid.hasFocus()
    assert window.grid.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert cell(window, "237", COLUMN_INDEX["actual"]).data() == "15"
    assert window.grid.currentIndex().row() == row_of(window, "237") + 1  # Enter moved down, as in Excel
    send_text(window.grid, "工")  # typing at once starts the next edit
    assert open_editor(window.grid).text() == "工"


@given(st.lists(st.integers(min_value=0, max_value=60), max_size=40))
def test_row_runs_cover_the_rows_once_in_order_with_gaps_between(rows):
    runs = row_runs(rows)
    covered = [r for first, last in runs for r in range(first, last + 1)]
    assert covered == sorted(set(rows))
    assert all(first <= last for first, last in runs)
    assert all(b_first > a_last + 1 for (_, a_last), (b_first, _) in zip(runs, runs[1:], strict=False))

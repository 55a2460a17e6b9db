"""The grid, driven as a user drives it (offscreen), each figure in a child process, beside a bare-Qt floor.

Ours is the real MainWindow on a copy of a cached store: keys go to the grid with QTest, and a figure
ends when the result is there (the edited row recomputed from the store; the viewport painted after a
filter or a scroll). The floor is what Qt and SQLite alone need for the same: a default QTableView over a
QStandardItemModel holding the same texts, whose edits are written to an SQLite file with the store's
pragmas (WAL, synchronous FULL) and committed.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date
from pathlib import Path

from bench.measure import offscreen, report, timed, working_copy

TODAY = date(2022, 10, 31)  # the grid opens on October 2022, with a year's figures behind it
SIZE = (1366, 720)  # an office screen


class _Paints:
    """Counts paint events on a widget (the viewport), to know when a change has reached the screen."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.Paint:
                    outer.count += 1
                return False

        self.count = 0
        self.widget = widget
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def settle(paints: _Paints, timeout: float = 10.0) -> None:
    """Process events until the viewport has painted and a further round brings nothing more to paint."""
    from PySide6.QtWidgets import QApplication

    start = paints.count
    paints.widget.update()  # so that there is always a paint to wait for, even when nothing moved
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        before = paints.count
        QApplication.sendPostedEvents()
        QApplication.processEvents()
        if paints.count > start and paints.count == before:
            return
    raise TimeoutError("the view did not repaint")


def wait_until(condition, timeout: float = 10.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("timed out")
        QApplication.processEvents()


def open_window(args: dict):
    """The app's QApplication and MainWindow on a copy of the store, shown, with its ledger loaded."""
    offscreen()
    from PySide6.QtCore import QSettings

    from gui.app import make_application
    from gui.main_window import MainWindow
    from gui.workers import wait_for_jobs
    from storage.db import open_store
    from storage.settings import load_profile

    app = make_application([])
    store = open_store(working_copy(Path(args["store"]), Path(args["work"])))
    QSettings().setValue("last_plan", args["meta"]["main_plan"])
    win = MainWindow(store, load_profile(store), today=TODAY)
    win.resize(*SIZE)
    loaded = []
    win.loaded.connect(lambda: loaded.append(True))
    win.show()
    wait_until(lambda: loaded, 60)
    assert win.model.view is not None and win.model.view.plan.id == args["meta"]["main_plan"], "wrong plan shown"
    # What the window starts after loading (the 待办, worked out in a worker: on the region's store, seconds)
    # is over before anything is timed, or the first edits would share the machine with it.
    wait_for_jobs(120000)
    for _ in range(3):
        app.processEvents()
    return app, win, store


def _type_and_enter(grid, text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QTest.keyClick(grid, text[0])  # typing starts editing, as in Excel
    editor = QApplication.focusWidget()
    QTest.keyClicks(editor, text[1:])
    QTest.keyClick(editor, Qt.Key.Key_Return)


def grid_edit(args: dict) -> None:
    """One accepted value typed into 本期完成值 and Enter, until the row shows what the store now holds."""
    from domain.plans import IndicatorKind
    from gui.columns import COLUMN_INDEX
    from storage.achievements import achievement_history
    from storage.db import open_store

    app, win, store = open_window(args)
    actual = COLUMN_INDEX["actual"]
    # Counts and amounts, where any whole number is a valid figure (a ratio refuses more than 100 %).
    kinds = (IndicatorKind.STOCK, IndicatorKind.INCREMENT, IndicatorKind.GROWTH)
    rows = [i for i, r in enumerate(win.model.rows) if r.indicator.kind in kinds and r.quota is not None][:20]
    typed: list[tuple[int, str]] = []

    def prepare(i: int) -> None:
        row = rows[i % len(rows)]
        win.grid.setCurrentIndex(win.proxy.mapFromSource(win.model.index(row, actual)))
        win.grid.setFocus()
        app.processEvents()

    def edit(i: int) -> None:
        row = rows[i % len(rows)]
        value = str(1000 + i)
        _type_and_enter(win.grid, value)
        wait_until(lambda: win.model.rows[row].actual == float(value))
        typed.append((row, value))

    times = timed(edit, args["repeats"], prepare)
    view = win.model.view
    with open_store(store.path) as check:  # the figures really are in the store
        history = achievement_history(check, view.plan.id, view.unit.name)
    for row, value in typed[-len(rows) :]:
        r = win.model.rows[row]
        stored = next(a for a in history[(r.task.seq, r.indicator.name)] if a.period == view.period)
        assert stored.actual == float(value), (row, value, stored)
    _dump_texts(win, args)
    report(times, rows=len(win.model.rows), undo_steps=win.undo_stack.count(), column=actual)


def grid_paste(args: dict) -> None:
    """A 25 × 4 block of notes pasted with Ctrl+V at 工作进展: 100 cells, one undo step."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from gui.columns import COLUMN_INDEX

    app, win, store = open_window(args)
    first = COLUMN_INDEX["progress"]
    last = min(25, len(win.model.rows)) - 1  # 25 rows (a tiny store has fewer)

    def prepare(i: int) -> None:
        block = "\n".join("\t".join(f"第{i}次粘贴：第{r}行第{c}列的说明" for c in range(4)) for r in range(last + 1))
        QGuiApplication.clipboard().setText(block + "\n")
        win.grid.setCurrentIndex(win.proxy.index(0, first))
        win.grid.setFocus()
        app.processEvents()

    def paste(i: int) -> None:
        QTest.keyClick(win.grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        wait_until(lambda: win.model.rows[last].achievement and win.model.rows[last].achievement.evidence.startswith(
            f"第{i}次粘贴"))  # fmt: skip

    times = timed(paste, args["repeats"], prepare)
    _dump_texts(win, args)
    report(times, rows=len(win.model.rows), undo_steps=win.undo_stack.count(), column=first)


FILTERS = ["技术合同", ""]  # about one row in eight, then every row again


def grid_filter(args: dict) -> None:
    """Text typed into the filter box (the proxy refilters), until the grid has laid out and painted."""
    app, win, store = open_window(args)
    paints = _Paints(win.grid.viewport())
    settle(paints)
    shown = []

    def change(i: int) -> None:
        win.filter_edit.setText(FILTERS[i % 2])
        settle(paints)
        shown.append(win.proxy.rowCount())

    times = timed(change, args["repeats"])
    _dump_texts(win, args)
    report(times, rows=len(win.model.rows), shown=sorted(set(shown)))


def grid_scroll(args: dict) -> None:
    """scrollTo the last row, until the viewport has painted it; back to the top untimed."""
    from gui.columns import COLUMN_INDEX

    app, win, store = open_window(args)
    paints = _Paints(win.grid.viewport())
    settle(paints)
    column = COLUMN_INDEX["actual"]

    def top(i: int) -> None:
        win.grid.scrollToTop()
        settle(paints)

    def scroll(i: int) -> None:
        win.grid.scrollTo(win.proxy.index(win.proxy.rowCount() - 1, column))
        settle(paints)

    times = timed(scroll, args["repeats"], top)
    _dump_texts(win, args)
    report(times, rows=len(win.model.rows), column=column)


# --- the floor: a default QTableView over a QStandardItemModel, writes to plain SQLite ----------------


def _bare_grid(args: dict):
    """A default QTableView (in a QMainWindow) over the texts our grid shows, and an SQLite file."""
    offscreen()
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    texts: list[list[str]] = json.loads(Path(args["texts"]).read_text(encoding="utf-8"))
    app = QApplication.instance() or QApplication([])
    model = QStandardItemModel(len(texts), len(texts[0]) if texts else 0)
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            model.setItem(r, c, QStandardItem(text))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
    view = QTableView()
    view.setModel(proxy)
    win = QMainWindow()
    win.setCentralWidget(view)
    win.resize(*SIZE)
    win.show()
    path = Path(args["work"]) / "floor.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE IF NOT EXISTS cells (r INTEGER, c INTEGER, text TEXT, at TEXT, PRIMARY KEY (r, c))")
    return app, win, view, model, proxy, db


def _store_cells(db: sqlite3.Connection, cells: list[tuple[int, int, str]]) -> None:
    db.execute("BEGIN IMMEDIATE")
    db.executemany("INSERT OR REPLACE INTO cells VALUES (?, ?, ?, datetime('now'))", cells)
    db.execute("COMMIT")


def floor_edit(args: dict) -> None:
    from PySide6.QtWidgets import QApplication

    app, win, view, model, proxy, db = _bare_grid(args)
    committed: list[str] = []
    model.itemChanged.connect(lambda item: (_store_cells(db, [(item.row(), item.column(), item.text())]),
                                            committed.append(item.text())))  # fmt: skip
    column = args["column"]

    def prepare(i: int) -> None:
        view.setCurrentIndex(proxy.index(i % min(20, proxy.rowCount()), column))
        view.setFocus()
        QApplication.processEvents()

    def edit(i: int) -> None:
        value = str(7000 + i)  # not 1000 + i: the texts come from our grid, which holds those already
        _type_and_enter(view, value)
        wait_until(lambda: committed and committed[-1] == value)

    report(timed(edit, args["repeats"], prepare))


def floor_paste(args: dict) -> None:
    app, win, view, model, proxy, db = _bare_grid(args)
    first = args["column"]
    rows = min(25, model.rowCount())

    def paste(i: int) -> None:
        cells = [(r, first + c, f"第{i}次粘贴：第{r}行第{c}列的说明") for r in range(rows) for c in range(4)]
        model.blockSignals(True)
        for r, c, text in cells:
            model.item(r, c).setText(text)
        model.blockSignals(False)
        model.dataChanged.emit(model.index(0, first), model.index(rows - 1, first + 3))
        _store_cells(db, cells)
        app.processEvents()

    report(timed(paste, args["repeats"]))


def floor_filter(args: dict) -> None:
    app, win, view, model, proxy, db = _bare_grid(args)
    paints = _Paints(view.viewport())
    settle(paints)

    def change(i: int) -> None:
        proxy.setFilterFixedString(FILTERS[i % 2])
        settle(paints)

    report(timed(change, args["repeats"]))


def floor_scroll(args: dict) -> None:
    app, win, view, model, proxy, db = _bare_grid(args)
    paints = _Paints(view.viewport())
    settle(paints)

    def top(i: int) -> None:
        view.scrollToTop()
        settle(paints)

    def scroll(i: int) -> None:
        view.scrollTo(proxy.index(proxy.rowCount() - 1, args["column"]))
        settle(paints)

    report(timed(scroll, args["repeats"], top))


def _dump_texts(win, args: dict) -> None:
    """What the grid shows (every cell's display text), for the floor's model; after the timing."""
    from PySide6.QtCore import Qt

    model = win.model
    texts = [[model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "" for c in range(model.columnCount())]
             for r in range(model.rowCount())]  # fmt: skip
    Path(args["texts"]).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


FIGURES = {
    "grid_edit": grid_edit,
    "grid_paste": grid_paste,
    "grid_filter": grid_filter,
    "grid_scroll": grid_scroll,
    "floor_edit": floor_edit,
    "floor_paste": floor_paste,
    "floor_filter": floor_filter,
    "floor_scroll": floor_scroll,
}

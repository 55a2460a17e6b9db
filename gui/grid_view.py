"""The entry grid: a QTableView with the habits of Excel and WPS."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QPaintEvent, QRegion, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
)

from gui.columns import COLUMN_INDEX, COLUMNS
from gui.delegates import LedgerDelegate
from gui.enter_keys import EnterMovesDown
from gui.frozen_columns import FrozenColumns
from gui.grid_rows import RowHeights, RowNumbers
from gui.progress_model import CellEdit, ProgressTableModel

FROZEN_COLUMNS = 2  # 序号 and 任务 / 指标: which row a figure belongs to stays readable


def parse_tsv(text: str) -> list[list[str]]:
    """A block copied from Excel or WPS: rows by newline, cells by tab; quoted cells may hold newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows: list[list[str]] = [[]]
    cell, quoted, i = "", False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1 : i + 2] == '"':
                cell += '"'
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell += ch
        elif ch == '"' and cell == "":
            quoted = True
        elif ch == "\t":
            rows[-1].append(cell)
            cell = ""
        elif ch == "\n":
            rows[-1].append(cell)
            rows.append([])
            cell = ""
        else:
            cell += ch
        i += 1
    rows[-1].append(cell)
    return rows


def to_tsv(block: list[list[str]]) -> str:
    """The inverse of parse_tsv, quoting cells that hold tabs, newlines or quotes as Excel does."""

    def quote(cell: str) -> str:
        if any(ch in cell for ch in '\t\n"'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "\n".join("\t".join(quote(c) for c in row) for row in block) + "\n"


class LedgerGrid(EnterMovesDown):
    """Enter moves down, Tab right; typing starts editing, F2 edits at the end; Delete clears; Ctrl+C / Ctrl+V
    move blocks; a right click offers 复制 / 粘贴 / 清除 / 撤销 / 查看留痕; a header click sorts (状态 by urgency).
    """

    history_requested = Signal(object)  # the ProgressRow whose 修改留痕 the user asked for

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setItemDelegate(LedgerDelegate(self))
        self._in_editor = False  # the focus went from the grid into a cell's editor
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(True)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setVerticalHeader(RowNumbers(self))
        self.verticalHeader().setMaximumSectionSize(140)
        self.row_heights = RowHeights(self)  # rows as tall as their wrapped text, measured when they change
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(True)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.frozen = FrozenColumns(self, FROZEN_COLUMNS)
        self.row_heights.followers.append(self.frozen)
        # The frozen columns cover 序号's header: a click there restores the table's order, as on the grid's.
        self.frozen.horizontalHeader().sectionClicked.connect(
            lambda column: self.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        )

    def setModel(self, model) -> None:
        super().setModel(model)
        # The frozen view first: its header must have a model's new rows before the grid's heights reach it.
        self.frozen.follow_model()
        self.row_heights.follow(model)
        if hasattr(model, "refiltered"):
            model.refiltered.connect(self.lay_out_now)
        if hasattr(model, "sourceModel"):  # the filter model sorts; the ledger model itself keeps table order
            self.setSortingEnabled(True)
            self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)

    def lay_out_now(self) -> None:
        """Lay out the rows a filter changed at once, so that the next paint shows them.

        Qt lays out on a timer; a paint that comes first (a window repainting anyway) shows the old layout, and
        the grid, a screen of wrapped text, is painted a second time.
        """
        self.executeDelayedItemsLayout()
        self.frozen.executeDelayedItemsLayout()

    def sort_by(self, key: str) -> None:
        """Sort by a column (状态 puts 逾期 and 滞后 first; 序号 restores the table's order)."""
        self.sortByColumn(COLUMN_INDEX[key], Qt.SortOrder.AscendingOrder)

    # --- editing as in Excel -----------------------------------------------------------------

    def edit(self, index: QModelIndex, trigger=None, event=None) -> bool:
        """F2 opens the cell with the caret after its text, so typing appends (typing alone replaces)."""
        if trigger is None:
            return super().edit(index)
        opened = super().edit(index, trigger, event)
        if opened and trigger == QAbstractItemView.EditTrigger.EditKeyPressed:
            editor = self.itemDelegate().last_editor
            if isinstance(editor, QLineEdit):
                editor.deselect()
                editor.end(False)
            elif isinstance(editor, QPlainTextEdit):
                editor.moveCursor(QTextCursor.MoveOperation.End)
        return opened

    # --- the right-click menu ----------------------------------------------------------------

    def contextMenuEvent(self, event) -> None:
        index = self.indexAt(event.pos())
        if index.isValid() and not self.selectionModel().isSelected(index):
            self.setCurrentIndex(index)  # as in Excel: a right click outside the selection selects that cell
        self.context_menu().exec(event.globalPos())

    def context_menu(self) -> QMenu:
        """复制 / 粘贴 / 清除 / 撤销 / 查看留痕 for the current selection."""
        menu = QMenu(self)
        editable = not self.ledger_model().locked
        menu.addAction("复制", self.copy_selection)
        menu.addAction("粘贴", self.paste).setEnabled(editable)
        menu.addAction("清除", self.clear_selection).setEnabled(editable)
        menu.addSeparator()
        stack = self.ledger_model().undo_stack
        undo = menu.addAction(f"撤销 {stack.undoText()}".strip(), stack.undo)
        undo.setEnabled(stack.canUndo())
        menu.addSeparator()
        current = self.currentIndex()
        row = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        history = menu.addAction("查看留痕…", lambda: self.history_requested.emit(row))
        history.setEnabled(row is not None)
        return menu

    # --- the focus going into a cell's editor and back ----------------------------------------------------

    def focusOutEvent(self, event) -> None:
        focus = QApplication.focusWidget()
        self._in_editor = focus is not None and focus is not self and self.viewport().isAncestorOf(focus)
        if self._in_editor:
            event.accept()
            self._repaint_focus()
        else:
            super().focusOutEvent(event)

    def focusInEvent(self, event) -> None:
        if not self._in_editor:
            super().focusInEvent(event)
            return
        # Back from the cell's editor (or from elsewhere after editing): the current cell is still there.
        self._in_editor = False
        event.accept()
        current = self.currentIndex()
        editable = current.isValid() and bool(current.flags() & Qt.ItemFlag.ItemIsEditable)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, editable)  # typing Chinese starts an edit
        self._repaint_focus()

    def _repaint_focus(self) -> None:
        """What a change of focus changes: the frame, the current cell's focus, the selection's colour.

        Qt repaints the whole grid when the focus goes into a cell's editor and again when it comes back
        (QWidget and QAbstractItemView both update everything), which on a screenful of wrapped text was
        most of an edit's time.
        """
        self.update(QRegion(self.rect()) - QRegion(self.viewport().geometry()))
        region = self.visualRegionForSelection(self.selectionModel().selection())
        current = self.currentIndex()
        if current.isValid():
            region += self.visualRect(current)
        self.viewport().update(region)

    def paintEvent(self, event) -> None:
        """Paint the cells that show: those under the frozen columns never do (the frozen view lies over them).

        They were the dearest part of each repaint (任务 / 指标 wraps the longest text), and all the grid painted
        when only the frozen view repainted.
        """
        hidden = self.frozen.geometry().translated(-self.viewport().geometry().topLeft())
        region = event.region() - QRegion(hidden) if self.frozen.isVisible() else event.region()
        if not region.isEmpty():
            super().paintEvent(QPaintEvent(region))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.frozen.place()

    def updateGeometries(self) -> None:  # the row numbers widen with the row count
        super().updateGeometries()
        if hasattr(self, "frozen"):  # Qt lays out once while the grid is being built
            self.frozen.place()

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() >= FROZEN_COLUMNS:
            super().scrollTo(index, hint)
            self._unhide(index)
        else:  # always in view: scroll rows only, never sideways
            value = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(value)

    def _unhide(self, index: QModelIndex) -> None:
        """Scroll sideways so a cell is not under the frozen columns (moving left from the right)."""
        left = self.visualRect(index).left()
        if left < self.frozen.frozen_width():
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + left - self.frozen.frozen_width())

    def apply_column_widths(self) -> None:
        for i, column in enumerate(COLUMNS):
            self.setColumnWidth(i, column.width)

    # --- the source model behind the filter ----------------------------------------------------

    def ledger_model(self) -> ProgressTableModel:
        model = self.model()
        return model.sourceModel() if hasattr(model, "sourceModel") else model

    def _source(self, index: QModelIndex) -> QModelIndex:
        model = self.model()
        return model.mapToSource(index) if hasattr(model, "mapToSource") else index

    # --- keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_selection()
            return
        if not editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.move_current(1 if not event.modifiers() & Qt.KeyboardModifier.ShiftModifier else -1)
            return
        super().keyPressEvent(event)

    # --- blocks ------------------------------------------------------------------------------

    def _selected_block(self) -> tuple[list[int], list[int]]:
        indexes = self.selectedIndexes() or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        return rows, columns

    def copy_selection(self) -> str:
        """Put the selected block on the clipboard as tab-separated text; returns it."""
        rows, columns = self._selected_block()
        block = [[self.model().index(r, c).data(Qt.ItemDataRole.DisplayRole) or "" for c in columns] for r in rows]
        text = to_tsv(block) if block else ""
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> int:
        """Paste a tab-separated block at the current cell, cell by cell; returns the accepted count."""
        text = QGuiApplication.clipboard().text() if text is None else text
        start = self.currentIndex()
        if not text or not start.isValid():
            return 0
        block = parse_tsv(text)
        rows, columns = self._selected_block()
        # One value pasted over a selection fills it, as in Excel.
        if len(block) == 1 and len(block[0]) == 1 and len(rows) * len(columns) > 1:
            targets = [(r, c, block[0][0]) for r in rows for c in columns]
        else:
            targets = [
                (start.row() + i, start.column() + j, value)
                for i, line in enumerate(block)
                for j, value in enumerate(line)
            ]
        edits = []
        for r, c, value in targets:
            index = self.model().index(r, c)
            if not index.isValid() or not COLUMNS[c].field:
                continue
            source = self._source(index)
            edits.append(CellEdit(source.row(), source.column(), value))
        return self.ledger_model().apply_edits(edits, "粘贴")

    def clear_selection(self) -> int:
        rows, columns = self._selected_block()
        edits = []
        for r in rows:
            for c in columns:
                if COLUMNS[c].field:
                    source = self._source(self.model().index(r, c))
                    edits.append(CellEdit(source.row(), source.column(), ""))
        return self.ledger_model().apply_edits(edits, "清除")

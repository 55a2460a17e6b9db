"""The import review grid's keys: Enter commits a cell and moves down, as in the main grid and Excel."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ReviewGrid(QTableView):
    """A table view whose Enter never leaves it: Qt's view ignores Enter, and the dialog would then press its
    default button (导入 the whole table) on the second Enter after typing a figure."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS:
            # Editing, the editor has already committed and closes on a queued call (closeEditor moves on).
            if self.state() != QAbstractItemView.State.EditingState:
                self.move_current(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.move_current(1)

    def move_current(self, step: int) -> None:
        """The cell `step` rows below (above, if negative) the current one becomes current, when there is one."""
        current = self.currentIndex()
        if not current.isValid():
            return
        target = self.model().index(current.row() + step, current.column())
        if target.isValid():
            self.setCurrentIndex(target)
            self.selectionModel().select(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)

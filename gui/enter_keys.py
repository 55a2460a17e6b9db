"""Enter in a grid commits the cell and moves to the next row, as in Excel: the behaviour both grids share."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemDelegate, QTableView, QWidget


class EnterMovesDown(QTableView):
    """A table view that moves down a row when an edit is committed with Enter; `move_current` for the keys."""

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

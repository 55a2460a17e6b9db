"""The import review grid's keys: Enter commits a cell and moves down, as in the main grid and Excel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

from gui.enter_keys import EnterMovesDown

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ReviewGrid(EnterMovesDown):
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

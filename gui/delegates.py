"""Editors for the grid: a list for qualitative status, a wrapping text box for long notes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox, QPlainTextEdit, QStyledItemDelegate, QWidget

from domain.achievements import WORK_STATUSES
from gui.columns import COLUMNS, edit_field


class LedgerDelegate(QStyledItemDelegate):
    """Enter commits and moves on, as in Excel; Alt+Enter (or Shift+Enter) starts a new line in a note.

    `last_editor` is the editor opened last, for the grid to place the caret after F2.
    """

    last_editor: QWidget | None = None

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        self.last_editor = self._new_editor(parent, option, index)
        return self.last_editor

    def _new_editor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        row = index.data(Qt.ItemDataRole.UserRole)
        field = edit_field(row, index.column()) if row is not None else None
        if field == "status":
            # Editable, so whatever is typed reaches the rules (a figure is refused with its reason, in red)
            # instead of vanishing in a list that ignores keys; the list offers the three statuses.
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItems(["", *WORK_STATUSES])
            combo.setToolTip("定性任务的状态：未启动 / 推进中 / 已完成")
            return combo
        if COLUMNS[index.column()].wrap:
            editor = QPlainTextEdit(parent)
            editor.setTabChangesFocus(True)
            editor.installEventFilter(self)
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            found = editor.findText(value)
            editor.setCurrentIndex(max(0, found))
            if found < 0:
                editor.setEditText(value)  # typed text that was refused, shown again to be corrected
            editor.lineEdit().selectAll()
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
            editor.selectAll()
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier):
                    watched.insertPlainText("\n")
                    return True
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.SubmitModelCache)
                return True
            if key == Qt.Key.Key_Escape:
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                return True
        return super().eventFilter(watched, event)

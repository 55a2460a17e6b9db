"""The choice of one sheet to import, when a workbook holds versions of one table (原表 and 修订版).

Asked when the read was refused because nothing tells which version is newer
(importers.table_versions.SheetChoiceNeeded), and offered by the import window's 选择工作表… button.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class SheetChoiceDialog(QDialog):
    """A message and the workbook's sheets; `sheet()` is the chosen one once the dialog is accepted."""

    def __init__(self, message: str, sheets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择要导入的工作表")
        label = QLabel(message)
        label.setWordWrap(True)
        self.combo = QComboBox()
        self.combo.addItems(sheets)
        buttons = QDialogButtonBox()
        buttons.addButton("读取此工作表", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def sheet(self) -> str:
        """The sheet chosen."""
        return self.combo.currentText()


def ask_sheet(parent: QWidget, reading: str, sheets: list[str], chosen: Callable[[str], None]) -> SheetChoiceDialog:
    """Open the choice of sheet over `parent` (the import window, which now reads `reading`); `chosen` gets the
    sheet once the user picks one."""
    chooser = SheetChoiceDialog(
        f"现在读取的是工作表：{reading}。选择只读取其中一个工作表（例如表中既有原表又有修订版时）：", sheets, parent
    )
    chooser.accepted.connect(lambda: chosen(chooser.sheet()))
    chooser.open()
    return chooser

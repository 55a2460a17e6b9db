"""Undo and redo of edits: each command writes through the storage API, so undo is audited too."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from gui.faults import WRITE_FAILURES, describe_failure, is_machine_failure
from storage.achievements import AchievementKey, ConflictError

if TYPE_CHECKING:
    from gui.progress_model import ProgressTableModel


@dataclass(frozen=True)
class CellChange:
    """One field of one achievement, before and after, as typed text."""

    key: AchievementKey
    field: str
    old: str
    new: str


class EditCellsCommand(QUndoCommand):
    """One edit or one paste: a single undo step however many cells it touched.

    The first redo() is skipped because the model has already written the change (it must know
    whether the store accepted it before the command goes on the stack).
    """

    def __init__(self, model: ProgressTableModel, changes: Sequence[CellChange], label: str,
                 follows: Sequence[CellChange] = ()) -> None:  # fmt: skip
        """`follows`: changes the cells' edits bring with them (an explanation cleared with its figure)."""
        count = len(changes)
        super().__init__(f"{label}（{count} 个单元格）" if count > 1 else label)
        self.model = model
        self.changes = [*changes, *follows]
        self._applied = False

    def apply(self, new: bool) -> None:
        self.model.write(self.changes, new)
        self._applied = new

    def redo(self) -> None:
        if self._applied:
            return
        self._try(new=True)

    def undo(self) -> None:
        self._try(new=False)

    def _try(self, new: bool) -> None:
        try:
            self.apply(new)
        except WRITE_FAILURES as exc:
            # The period may have been submitted since, the figure changed by someone else (compare-and-set),
            # or the disk refused: the store is unchanged, and the user is told why.
            what = "重做" if new else "撤销"
            reason = describe_failure(exc)
            self.model.message.emit(f"无法{what}：{reason}")
            if isinstance(exc, ConflictError):
                with contextlib.suppress(*WRITE_FAILURES):
                    self.model.refresh_keys([c.key for c in self.changes])
                self.model.fault.emit(f"未{what}：{reason}。\n表格已显示现在的数值；如仍要改回，请直接在单元格中输入。")
            elif is_machine_failure(exc):
                self.model.fault.emit(f"未能{what}：{reason}")

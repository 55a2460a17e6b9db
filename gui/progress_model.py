"""The entry grid's model: a unit's rows for a period, from the store, edited through undoable commands."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QUndoStack

from domain.achievements import InputError
from domain.carry_forward import texts_to_carry
from domain.plans import IndicatorKind
from domain.progress import ProgressRow, Status, legend_counts
from domain.submit_check import explanation_after_edit
from gui.columns import COLUMN_INDEX, COLUMNS, edit_field, raw_value
from gui.faults import WRITE_FAILURES, describe_failure, is_machine_failure
from gui.undo import CellChange, EditCellsCommand
from operations.ledger import LedgerView, refresh_rows
from storage.achievements import AchievementKey, ConflictError, record_achievements, validate_changes
from storage.db import Store

REJECTED_BRUSH = QBrush(QColor("#F8CBAD"))
UNSAVED_TEXT = QBrush(QColor("#9C0006"))
MISSING_COLOUR = "#FFF2CC"  # a cell that wants a value (a growth target's missing 基数); the legend's 缺基数 too
MISSING_BRUSH = QBrush(QColor(MISSING_COLOUR))
NUMBER_COLUMNS = ("target", "baseline", "previous", "actual")
Index = QModelIndex | QPersistentModelIndex
# Roles and alignments as plain ints: data() runs for every role of every cell painted (some 2,000 calls for
# one screen of the grid), and looking up Qt's enum members there cost more than the rest of it.
DISPLAY, EDIT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole)
TOOLTIP, USER = int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.UserRole)
ALIGNMENT, BACKGROUND = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.BackgroundRole)
ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = SELECTABLE | Qt.ItemFlag.ItemIsEditable
_STATUS_BRUSHES: dict[str, QBrush] = {}


def status_brush(colour: str) -> QBrush:
    """The 状态 cell's background, one brush per colour."""
    brush = _STATUS_BRUSHES.get(colour)
    if brush is None:
        brush = _STATUS_BRUSHES[colour] = QBrush(QColor(colour))
    return brush


def row_runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """The rows as (first, last) runs of adjacent rows, in order: [3, 1, 2, 7] → [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


@dataclass(frozen=True)
class CellEdit:
    """One typed value for one cell of the grid."""

    row: int
    column: int
    text: str


class ProgressTableModel(QAbstractTableModel):
    """Rows come from operations.ledger; every accepted edit is written to the store at once."""

    message = Signal(str)
    fault = Signal(str)  # a write the machine refused (disk full, lock held, read-only file): worth a dialog

    def __init__(self, store: Store, undo_stack: QUndoStack, operator: str, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.operator = operator
        self.view: LedgerView | None = None
        self.report_date: date | None = None
        self.read_only_reason = ""  # set when the window may only view this store (gui.safety)
        # Typed text the rules refused (a figure in a qualitative row, a negative count): shown in its cell, red,
        # with the reason, until corrected or replaced; the stored value is unchanged. Keyed by figure, as below.
        self._rejected: dict[tuple[AchievementKey, str], tuple[str, str]] = {}
        # Typed text the store did not take (disk full, lock held, changed elsewhere): shown in its cell, red,
        # until it is saved or replaced, so it can be retried. Keyed by figure, so it outlives a reload.
        self._pending: dict[tuple[AchievementKey, str], tuple[str, str]] = {}
        # Extra data from outside the grid's own rules (the city's 退回意见: gui.send_back_marks), asked first.
        self.annotate: Callable[[ProgressRow, int, int], object] | None = None

    # --- presenting -------------------------------------------------------------------------

    def set_view(self, view: LedgerView | None) -> None:
        self.beginResetModel()
        self.view = view
        self.endResetModel()

    @property
    def rows(self) -> list[ProgressRow]:
        return self.view.rows if self.view else []

    @property
    def locked(self) -> bool:
        return bool(self.view and self.view.locked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = DISPLAY):
        rows = self.view.rows if self.view else ()
        r = index.row()
        if not 0 <= r < len(rows) or not index.isValid():
            return None
        row, c = rows[r], index.column()
        if self._pending or self._rejected:
            unsaved = self._unsaved(row, c)
            if unsaved is not None:
                return self._show_unsaved(row, c, unsaved, role)
        if self.annotate is not None and (extra := self.annotate(row, c, role)) is not None:
            return extra
        if role == DISPLAY:
            return COLUMNS[c].show(row)
        if role == ALIGNMENT:
            key = COLUMNS[c].key
            if key in ("rate", "time") or (key in NUMBER_COLUMNS and row.indicator.kind.is_numeric):
                return ALIGN_RIGHT
            return ALIGN_CENTER if key in ("seq", "measure", "status") else ALIGN_LEFT
        if role == BACKGROUND:
            key = COLUMNS[c].key
            if key == "status":
                return status_brush(row.status.colour)
            if key == "baseline" and row.needs_baseline:
                return MISSING_BRUSH
            return None
        if role == EDIT:
            field = edit_field(row, c)
            return raw_value(row, field) if field else COLUMNS[c].show(row)
        if role == TOOLTIP:
            return self._tooltip(row, index)
        if role == USER:
            return row
        return None

    def _unsaved(self, row: ProgressRow, column: int) -> tuple[str, str, bool] | None:
        """(typed text, reason, refused by the rules) of a cell whose typed text was not stored, or None."""
        field = edit_field(row, column)
        if not field:
            return None
        key = (self.key_of(row), field)
        if key in self._rejected:
            return (*self._rejected[key], True)
        return (*self._pending[key], False) if key in self._pending else None

    def _show_unsaved(self, row: ProgressRow, column: int, unsaved: tuple[str, str, bool], role: int):
        text, reason, refused = unsaved
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole and refused:
            field = edit_field(row, column) or ""
            return (f"未接受：{reason}\n已保存的仍是：{raw_value(row, field) or '（空）'}。"
                    "输入的内容留在单元格中，改正后回车即可保存")  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"未保存：{reason}\n输入的内容仍在单元格中，可再次回车重试"
        if role == Qt.ItemDataRole.BackgroundRole:
            return REJECTED_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole:
            return UNSAVED_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def unsaved_text(self, row: int, column: int) -> str | None:
        """The typed text of a cell the store did not take (refused or not written), or None."""
        unsaved = self._unsaved(self.rows[row], column) if self._pending or self._rejected else None
        return unsaved[0] if unsaved else None

    def _tooltip(self, row: ProgressRow, index: Index) -> str | None:
        key = COLUMNS[index.column()].key
        if key == "indicator":
            return f"{row.task.text}\n责任单位：{row.task.responsible or '—'}" + (
                f"\n备注：{row.task.note}" if row.task.note else ""
            )
        if key == "target" and row.quota:
            parts = [f"依据：{row.quota.source}"] if row.quota.source else []
            if row.baseline is not None:
                parts.append(f"基础数：{row.baseline:g}{row.indicator.measure}")
            return "\n".join(parts) or None
        if key == "status":
            return f"{row.status.value}：{row.status.explanation}"
        if key == "baseline" and row.indicator.kind is IndicatorKind.GROWTH:
            return "增长率目标的基础数（上年数），计量单位同完成值；可直接填写或更正，改动记入留痕"
        if key == "previous" and row.previous is not None and row.indicator.kind.is_numeric:
            return row.previous.explanation
        if key == "actual" and not row.indicator.kind.is_numeric:
            return "定性任务：填写 未启动 / 推进中 / 已完成"
        if key == "actual":
            return "填截至期末的累计数（保有量填期末数）"
        if COLUMNS[index.column()].wrap:
            return COLUMNS[index.column()].show(row) or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        rows = self.rows
        row = rows[index.row()] if index.row() < len(rows) else None
        if row is not None and edit_field(row, index.column()) and not self.locked and not self.read_only_reason:
            return EDITABLE
        return SELECTABLE

    # --- editing ----------------------------------------------------------------------------

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = "" if value is None else str(value)
        unsaved = self.unsaved_text(index.row(), index.column())
        if text == self.data(index, Qt.ItemDataRole.EditRole) and unsaved is None:
            return False  # unchanged; but the same unsaved text entered again is a retry
        accepted = self.apply_edits([CellEdit(index.row(), index.column(), text)], "填写")
        return accepted > 0

    def key_of(self, row: ProgressRow) -> AchievementKey:
        assert self.view is not None
        return AchievementKey(self.view.plan.id or 0, row.task.seq, row.indicator.name, self.view.unit.name,
                              self.view.period)  # fmt: skip

    def apply_edits(self, edits: Sequence[CellEdit], label: str) -> int:
        """Validate each cell, store the good ones as one undoable step; returns how many were accepted.

        A rejected cell keeps its value and shows why (tooltip, colour, status bar message).
        """
        if self.view is None or not edits:
            return 0
        if self.read_only_reason:
            self.message.emit(f"只读方式打开，不能修改：{self.read_only_reason}")
            return 0
        if self.locked:
            self.message.emit(f"{self.view.period.label}已报送并锁定，不能修改；如需修改请先解锁")
            return 0
        changes: list[CellChange] = []
        cells: list[tuple[int, int]] = []
        cleared: list[CellChange] = []  # explanations that go with the figure they explained (no cell of their own)
        rejected: list[str] = []
        for edit in edits:
            row = self.rows[edit.row]
            field = edit_field(row, edit.column)
            if field is None:
                continue
            key = (self.key_of(row), field)
            try:
                validate_changes(row.indicator, {field: edit.text})
            except InputError as exc:
                # Refused, but not lost: the typed text stays in its cell, red, with the reason.
                self._rejected[key] = (edit.text, str(exc))
                rejected.append(f"第{edit.row + 1}行 {row.indicator.name} {exc}")
                self._emit_cell(edit.row, edit.column)
                continue
            refused_before = self._rejected.pop(key, None) is not None
            old = raw_value(row, field)
            if old != edit.text.strip():
                changes.append(CellChange(key[0], field, old, edit.text.strip()))
                cells.append((edit.row, edit.column))
                cleared.extend(self._explanation_cleared(row, key[0], field, edit.text))
            elif self._pending.pop(key, None) is not None or refused_before:
                self._emit_cell(edit.row, edit.column)  # typed back to what is stored: nothing left unsaved
        if changes:
            command = EditCellsCommand(self, changes, label, follows=cleared)
            try:
                command.apply(new=True)
            except WRITE_FAILURES as exc:
                self._write_failed(changes, cells, exc)
                return 0
            for change, (row_index, column) in zip(changes, cells, strict=True):
                if self._pending.pop((change.key, change.field), None) is not None:
                    self._emit_cell(row_index, column)
            self.undo_stack.push(command)
        if rejected:
            more = f"（另有 {len(rejected) - 1} 处）" if len(rejected) > 1 else ""
            self.message.emit(f"未接受：{rejected[0]}{more}")
        elif changes:
            gone = f"；{len(cleared)} 项原情况说明随旧数字清除（新数字如仍异常，报送前会再问）" if cleared else ""
            self.message.emit(f"已保存 {len(changes)} 处修改{gone}")
        return len(changes)

    @staticmethod
    def _explanation_cleared(row: ProgressRow, key: AchievementKey, field: str, text: str) -> list[CellChange]:
        """The explanation a new 完成值/状态 clears (as the store does), as a change undo can restore."""
        ach = row.achievement
        if field not in ("actual", "status") or ach is None or not ach.explanation:
            return []
        new = validate_changes(row.indicator, {field: text})[field]
        old = ach.actual if field == "actual" else (ach.status.value if ach.status else None)
        if explanation_after_edit(old, new, ach.explanation, None):
            return []
        return [CellChange(key, "explanation", ach.explanation, "")]

    def _write_failed(self, changes: Sequence[CellChange], cells: Sequence[tuple[int, int]],
                      exc: BaseException) -> None:  # fmt: skip
        """Nothing was stored: every typed text stays in its cell, red, with the reason (no fault is silent)."""
        reason = describe_failure(exc)
        for change in changes:
            self._pending[(change.key, change.field)] = (change.new, reason)
        if isinstance(exc, ConflictError):
            with contextlib.suppress(*WRITE_FAILURES):  # show what the store holds now; typed text stays on top
                self.refresh_keys([c.key for c in changes])
        for row_index, column in cells:
            self._emit_cell(row_index, column)
        self.message.emit(f"未保存：{reason}")
        if is_machine_failure(exc):
            self.fault.emit(f"刚才输入的 {len(changes)} 处内容未能保存：{reason}\n\n输入的内容仍在单元格中（红色），"
                            "问题解决后在该单元格再次回车即可保存。")  # fmt: skip

    def write(self, changes: Sequence[CellChange], new: bool) -> None:
        """Store the new (or, for undo, the old) values, then show what the store now holds.

        Compare-and-set: each figure must still hold what this window last showed (the old value for an edit
        or redo, the new one for an undo); if another window or the command line changed it, ConflictError
        and nothing is overwritten.
        """
        # One edit per figure: a 完成值 and the explanation it clears (or, on undo, restores) are written together.
        merged: dict[AchievementKey, tuple[dict[str, object], dict[str, object]]] = {}
        for c in changes:
            values, seen = merged.setdefault(c.key, ({}, {}))
            values[c.field] = c.new if new else c.old
            seen[c.field] = c.old if new else c.new
        edits = [(key, values) for key, (values, _seen) in merged.items()]
        expected = [seen for _values, seen in merged.values()]
        record_achievements(self.store, edits, self.operator, expected=expected)
        try:
            self.refresh_keys([c.key for c in changes])
        except WRITE_FAILURES as exc:
            self.message.emit(f"已保存，但刷新显示失败：{describe_failure(exc)}")

    def refresh_keys(self, keys: Sequence[AchievementKey]) -> None:
        if self.view is None:
            return
        wanted = {(k.seq, k.indicator) for k in keys if k.unit == self.view.unit.name and k.period == self.view.period}
        indexes = [i for i, r in enumerate(self.rows) if (r.task.seq, r.indicator.name) in wanted]
        if not indexes:
            return
        refresh_rows(self.store, self.view, indexes, self.report_date)
        # One signal per run of adjacent rows (a pasted block is one), not one per row: each tells the grid to
        # measure and repaint its rows, the legend to count again.
        for first, last in row_runs(indexes):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def carry_forward(self) -> int:
        """沿用上期: last period's texts into this period's empty text cells, as one undo step."""
        if self.view is None:
            return 0
        edits = [CellEdit(i, COLUMN_INDEX[name], text) for i, name, text in texts_to_carry(self.rows)]
        if not edits:
            self.message.emit("上期没有可沿用的文字（或本期的文字栏目都已填写）")
            return 0
        return self.apply_edits(edits, "沿用上期")

    def _emit_cell(self, row: int, column: int) -> None:
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def status_counts(self) -> dict[Status, int]:
        """The legend's counts (domain.progress.legend_counts: 缺基数 counts the rows the grid prompts for)."""
        return legend_counts(self.rows)

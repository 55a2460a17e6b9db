"""The grid's filter and sort: the filter box, 只看滞后, and sorting by a column, over the ledger model."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from domain.progress import ProgressRow, Status
from gui.columns import COLUMNS

Index = QModelIndex | QPersistentModelIndex

# Sorting by 状态 puts what needs attention first.
STATUS_ORDER = {status: rank for rank, status in enumerate(
    [Status.OVERDUE, Status.BEHIND, Status.NOT_REPORTED, Status.NO_BASELINE, Status.NO_TARGET, Status.ON_TRACK,
     Status.DONE])}  # fmt: skip


class LedgerFilterModel(QSortFilterProxyModel):
    """The filter box, the 只看滞后 switch and sorting by a column: hides or orders rows, never changes them.

    Not dynamic, as in Excel: a row that an edit turns 正常 stays where it is (and visible) until the user
    sorts or filters again, so the cursor never jumps away from what was just typed. A new plan, unit or
    period is sorted again by the same column.
    """

    refiltered = Signal()  # the filter text or 只看滞后 changed the rows shown

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._text = ""
        self._behind_only = False
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._sort_again)

    def _sort_again(self) -> None:
        if self.sortColumn() >= 0:
            self.sort(self.sortColumn(), self.sortOrder())

    def lessThan(self, left: Index, right: Index) -> bool:
        """状态 by urgency, 完成率 and 序时进度 by value; any other column restores the table's order."""
        return self._sort_key(left) < self._sort_key(right)

    def _sort_key(self, index: Index) -> tuple:
        key = COLUMNS[index.column()].key
        if key not in ("status", "rate", "time"):
            return (index.row(),)  # the table's order; called for every row a filter shows again, so kept cheap
        row: ProgressRow | None = index.data(Qt.ItemDataRole.UserRole)
        if row is None:
            return (index.row(),)
        if key == "status":
            return (STATUS_ORDER.get(row.status, len(STATUS_ORDER)), index.row())
        if key in ("rate", "time"):
            value = row.rate if key == "rate" else row.time_progress
            return (value is None, value or 0.0, index.row())
        return (index.row(),)

    def set_text(self, text: str) -> None:
        self._refilter("_text", text.strip())

    def set_behind_only(self, on: bool) -> None:
        self._refilter("_behind_only", on)

    def _refilter(self, name: str, value: object) -> None:
        # Qt 6.10 replaced invalidateRowsFilter() by begin/endFilterChange(); support both.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            setattr(self, name, value)
            self.invalidateRowsFilter()
        self.refiltered.emit()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        row: ProgressRow | None = model.index(source_row, 0, source_parent).data(Qt.ItemDataRole.UserRole)
        if row is None:
            return True
        if self._behind_only and row.status not in (Status.BEHIND, Status.OVERDUE):
            return False
        if self._text:
            ach = row.achievement
            haystack = " ".join(
                [row.task.seq, row.indicator.name, row.task.text, row.task.lead, row.task.responsible, row.status.value]
                + ([ach.progress, ach.problems, ach.next_steps, ach.evidence] if ach else [])
            )
            return self._text in haystack
        return True

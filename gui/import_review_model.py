"""The review grid of an import: indicators × units, each cell what will be stored, 待确认 cells marked.

The model presents an ImportPreview and the user's Review (importers.table_review); it stores nothing.
Each edit is a QUndoCommand on the dialog's stack that changes the Review, so Ctrl+Z takes a decision back.
Columns: 序号, 指标, 计量单位, 全市目标, one per unit of the city (and one per name the registry lacks),
then the source sentence of the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from domain.plans import Indicator, Task, display_seq, normalize_seq
from domain.units import UnitRegistry
from gui.import_review_commands import Decide, DropRows, MapName, NameZone
from importers.breakdown import ImportPreview
from importers.table_review import PendingItem, Review, ReviewError, parse_decision_value

PENDING_COLOUR = "#FFE699"  # 待确认, not yet decided
DECIDED_COLOUR = "#C6EFCE"  # decided by the user in this review
FIXED_COLUMNS = ("序号", "指标", "计量单位", "全市目标")
SOURCE_COLUMN = "来源文字"
Index = QModelIndex | QPersistentModelIndex
DROPPED_COLOUR = "#A0A0A0"


def _struck() -> QFont:
    font = QFont()
    font.setStrikeOut(True)
    return font


# How a row the user dropped looks: grey and struck out, no colour of a decision.
_DROPPED_LOOK = {
    Qt.ItemDataRole.FontRole: _struck,
    Qt.ItemDataRole.ForegroundRole: lambda: QBrush(QColor(DROPPED_COLOUR)),
    Qt.ItemDataRole.BackgroundRole: lambda: None,
}


@dataclass(frozen=True)
class UnitColumn:
    """A unit column: a registered unit (`unit` set), or a name as the table writes it that the registry lacks."""

    unit: str
    name: str

    @property
    def key(self) -> str:
        return self.unit or self.name


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


class ReviewModel(QAbstractTableModel):
    """Indicators × units of one preview under one Review; `changed` fires after every decision."""

    changed = Signal()
    message = Signal(str)

    def __init__(self, preview: ImportPreview, registry: UnitRegistry, review: Review | None = None) -> None:
        super().__init__()
        self.preview = preview
        self.registry = registry
        self.review = review or Review()
        self.undo_stack = QUndoStack(self)
        self.rows: list[tuple[Task, Indicator]] = [
            (t, i) for t in preview.plan.tasks for i in t.indicators
            if i.kind.is_numeric or any(self._same(p, t, i) for p in preview.pending)
        ]  # fmt: skip
        self.columns = self._unit_columns()
        self._keys = [(normalize_seq(t.seq), i.name) for t, i in self.rows]
        self._pending: dict[tuple[str, str, str, str], list[PendingItem]] = {}
        for item in preview.pending:
            key = (normalize_seq(item.seq), item.indicator, item.unit, "" if item.unit else item.name)
            self._pending.setdefault(key, []).append(item)

    @staticmethod
    def _same(item: PendingItem, task: Task, indicator: Indicator) -> bool:
        return normalize_seq(item.seq) == normalize_seq(task.seq) and item.indicator == indicator.name

    def _unit_columns(self) -> list[UnitColumn]:
        used = {q.unit for _, i in self.rows for q in i.quotas} | {p.unit for p in self.preview.pending if p.unit}
        city = self.preview.plan.city
        units = [u.name for u in self.registry.units_of_city(city)] if city else []
        units += [u.name for u in self.registry if u.name in used and u.name not in units]
        columns = [UnitColumn(u, "") for u in units]
        for name in dict.fromkeys(p.name for p in self.preview.pending if not p.unit and p.name):
            columns.append(UnitColumn("", name))
        return columns

    # ---------------------------------------------------------------- what a cell holds

    def pending_at(self, row: int, column: UnitColumn) -> PendingItem | None:
        """The 待确认 item of a cell, if any (looked up in an index: a big table has thousands of cells)."""
        items = self.pending_items(row, column)
        return items[0] if items else None

    def pending_items(self, row: int, column: UnitColumn) -> list[PendingItem]:
        """Every 待确认 item of a cell (a decision on the cell answers them all)."""
        key = (*self._keys[row], column.unit, "" if column.unit else column.name)
        return self._pending.get(key, [])

    def target_unit(self, column: UnitColumn) -> str:
        """Where a column's figures go: its unit, the unit its name is mapped to, or the new zone."""
        if column.unit:
            return column.unit
        if column.name in self.review.mapped:
            return self.review.mapped[column.name]
        return self.review.zone_name(column.name) if column.name in self.review.zones else ""

    def cell_value(self, row: int, column: UnitColumn) -> tuple[float | None, str]:
        """(the figure that will be stored, state): state is "certain", "pending", "decided" or ""."""
        _, indicator = self.rows[row]
        unit = self.target_unit(column)
        key = (*self._keys[row], unit)
        item = self.pending_at(row, column)
        if unit and key in self.review.values:
            return self.review.values[key], "decided"
        if item is not None:
            if item.id in self.review.resolved:
                return self.review.resolved[item.id], "decided"
            if column.name and (column.name in self.review.mapped or column.name in self.review.zones):
                return item.value, "decided"
            return item.value, "pending"
        quota = indicator.quota_for(column.unit) if column.unit else None
        if quota is not None and quota.target is not None:
            return quota.target, "certain"
        return None, ""

    def pending_cells(self) -> list[QModelIndex]:
        """The cells that hold a 待确认 item (found through the index, not by reading every cell)."""
        rows = {key: n for n, key in enumerate(self._keys)}
        columns = {(c.unit, "" if c.unit else c.name): n for n, c in enumerate(self.columns)}
        found = []
        for seq, indicator, unit, name in self._pending:
            row, column = rows.get((seq, indicator)), columns.get((unit, name))
            if row is not None and column is not None:
                found.append(self.index(row, len(FIXED_COLUMNS) + column))
        return found

    def certain_value(self, row: int, column: UnitColumn) -> float | None:
        """The figure the table gives the cell's unit with certainty, beside a 待确认 one (None when there is none)."""
        _, indicator = self.rows[row]
        quota = indicator.quota_for(column.unit) if column.unit else None
        return quota.target if quota is not None else None

    def undecided(self) -> list[PendingItem]:
        """The 待确认 items no decision covers yet."""
        return self.review.undecided(self.preview.pending)

    # ---------------------------------------------------------------- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED_COLUMNS) + len(self.columns) + 1

    def unit_column(self, column: int) -> UnitColumn | None:
        offset = column - len(FIXED_COLUMNS)
        return self.columns[offset] if 0 <= offset < len(self.columns) else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.rows) else None
        if not 0 <= section < self.columnCount():
            return None
        column = self.unit_column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(FIXED_COLUMNS):
                return FIXED_COLUMNS[section]
            if column is None:
                return SOURCE_COLUMN
            unit = self.registry.resolve(column.unit) if column.unit else None
            if unit is not None:
                return unit.name if unit.is_zone else unit.short_name
            target = self.target_unit(column)
            if column.name in self.review.zones:
                return f"{target}（新增开发区）"
            return f"{column.name}（→{target}）" if target else f"？{column.name}"
        if role == Qt.ItemDataRole.ToolTipRole and column is not None and not column.unit:
            return f"“{column.name}”不是登记表中的单位：在下方“表中未登记的名称”里对应到已有单位，或新增为开发区"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.unit_column(index.column()) is None or self.is_dropped(index.row()):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        task, indicator = self.rows[index.row()]
        if self.is_dropped(index.row()) and role in _DROPPED_LOOK:
            return _DROPPED_LOOK[role]()
        column = self.unit_column(index.column())
        if column is None:
            return self._fixed(task, indicator, index.column(), role)
        value, state = self.cell_value(index.row(), column)
        item = self.pending_at(index.row(), column)
        if role == Qt.ItemDataRole.DisplayRole:
            earlier = self.certain_value(index.row(), column)
            if item is not None and item.value is None and item.part == "baseline" and state in ("pending", "decided"):
                # A 基数 asked on its own: the target stands, the 基数 is shown beside it.
                if state == "pending":
                    return f"{_number(earlier)}（基数？{_number(item.baseline)}）"
                return f"{_number(earlier)}（基数 {_number(value)}）" if value is not None else _number(earlier)
            if state == "pending":
                asked = f"？{_number(value)}" if value is not None else f"？{_written(item)}"
                # A later figure for a unit that has one already: both shown, the one asked after the arrow.
                return f"{_number(earlier)} → {asked}" if earlier is not None else asked
            return _number(value)
        if role == Qt.ItemDataRole.EditRole:
            return _number(value)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = {"pending": PENDING_COLOUR, "decided": DECIDED_COLOUR}.get(state)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if item is not None:
                read = f"{item.read_text()}；" if item.read_text() else ""
                tip = f"待确认 {item.id}：{read}{item.reason}\n原文：{item.source}"
                earlier = indicator.quota_for(column.unit) if column.unit else None
                if earlier is not None and earlier.target is not None:
                    tip += f"\n表中另有 {_number(earlier.target)}（原文：{earlier.source}）：确认或填写的数取代它"
                return tip
            quota = indicator.quota_for(column.unit) if column.unit else None
            return f"原文：{quota.source}" if quota is not None and quota.source else None
        if role == Qt.ItemDataRole.UserRole:
            return state
        return None

    def _fixed(self, task: Task, indicator: Indicator, column: int, role: int):
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return display_seq(task.seq)
        if column == 1:
            return indicator.name
        if column == 2:
            return indicator.target_measure
        if column == 3:
            if indicator.target is None:
                return ""
            return f"{indicator.direction.label}{_number(indicator.target)}"
        row = self.preview.task_rows.get(task.seq)
        if row and self.preview.shape != "任务清单":
            return f"第 {row} 行：{task.text}"  # a matrix row: where the figures stand in the table
        return task.text

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.unit_column(index.column())
        if column is None:
            return False
        task, indicator = self.rows[index.row()]
        try:
            figure = parse_decision_value(str(value), indicator.target_measure)
        except ReviewError as exc:
            self.message.emit(str(exc))
            return False
        self.undo_stack.push(Decide(self, index.row(), column, figure))
        return True

    def accept_read_value(self, index: Index) -> bool:
        """Confirm a 待确认 cell's figure as read (a name not yet mapped to a unit cannot be confirmed)."""
        column = self.unit_column(index.column())
        item = self.pending_at(index.row(), column) if column is not None else None
        read = item.value if item is not None and item.value is not None else None
        if item is not None and read is None and item.part == "baseline":
            read = item.baseline  # a 基数 asked on its own: confirming it records the 基数
        if item is None or read is None:
            return False
        if not self.target_unit(column):
            self.message.emit(f"请先把“{column.name}”对应到已有单位，或新增为开发区")
            return False
        self.undo_stack.push(Decide(self, index.row(), column, read))
        return True

    def map_name(self, name: str, unit: str | None, zone: bool = False) -> None:
        """Send a name the registry lacks to a registered unit, make it a new zone, or (None) leave it out."""
        self.undo_stack.push(MapName(self, name, unit, zone))

    def name_zone(self, name: str, own: str) -> None:
        """Register the new zone written `name` in the table by the name `own` ("" for the default)."""
        if re.sub(r"\s+", "", own) != re.sub(r"\s+", "", self.review.zone_names.get(name, "")):
            self.undo_stack.push(NameZone(self, name, own))

    def is_dropped(self, row: int) -> bool:
        """Whether the user struck the row out (not imported)."""
        return self._keys[row] in self.review.dropped

    def drop_rows(self, rows: list[int], drop: bool = True) -> None:
        """Strike rows out as junk (a page number, a repeated header, a phantom indicator), or take them back."""
        rows = sorted({r for r in rows if 0 <= r < len(self.rows) and self.is_dropped(r) != drop})
        if rows:
            self.undo_stack.push(DropRows(self, rows, drop))

    def _set_dropped(self, rows: list[int], drop: bool) -> None:
        for row in rows:
            if drop:
                self.review.dropped.add(self._keys[row])
            else:
                self.review.dropped.discard(self._keys[row])
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        self.changed.emit()

    def _set_zone_name(self, name: str, own: str) -> None:
        if own.strip():
            self.review.zone_names[name] = own.strip()
        else:
            self.review.zone_names.pop(name, None)
        position = len(FIXED_COLUMNS) + next(i for i, c in enumerate(self.columns) if c.name == name and not c.unit)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, position, position)
        self.changed.emit()

    # ---------------------------------------------------------------- applied by the commands

    def _set_decision(self, row: int, column: UnitColumn, figure: float | None, present: bool) -> None:
        task, indicator = self.rows[row]
        items = self.pending_items(row, column)
        unit = self.target_unit(column)
        for number, item in enumerate(items):
            if present:
                # One figure for the cell: the first item carries it, the others are answered as left out.
                self.review.resolved[item.id] = figure if number == 0 else None
            else:
                self.review.resolved.pop(item.id, None)
        if not items and unit:
            key = (normalize_seq(task.seq), indicator.name, unit)
            if present:
                self.review.values[key] = figure
            else:
                self.review.values.pop(key, None)
        first = self.index(row, len(FIXED_COLUMNS) + self.columns.index(column))
        self.dataChanged.emit(first, first)
        self.changed.emit()

    def _decision(self, row: int, column: UnitColumn) -> tuple[bool, float | None]:
        task, indicator = self.rows[row]
        item = self.pending_at(row, column)
        if item is not None:
            return item.id in self.review.resolved, self.review.resolved.get(item.id)
        key = (normalize_seq(task.seq), indicator.name, self.target_unit(column))
        return key in self.review.values, self.review.values.get(key)

    def _set_mapping(self, name: str, unit: str | None, zone: bool) -> None:
        self.review.mapped.pop(name, None)
        if name in self.review.zones:
            self.review.zones.remove(name)
        items = [p for p in self.preview.pending if not p.unit and p.name == name]
        for item in items:
            if self.review.resolved.get(item.id, 0) is None:
                self.review.resolved.pop(item.id)  # a name left out before
        if zone:
            self.review.zones.append(name)
        elif unit:
            self.review.mapped[name] = unit
        elif unit is None:
            for item in items:
                self.review.resolved[item.id] = None
        position = len(FIXED_COLUMNS) + next(i for i, c in enumerate(self.columns) if c.name == name and not c.unit)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, position, position)
        if self.rows:
            self.dataChanged.emit(self.index(0, position), self.index(len(self.rows) - 1, position))
        self.changed.emit()

    def _mapping(self, name: str) -> tuple[str | None, bool]:
        if name in self.review.zones:
            return None, True
        if name in self.review.mapped:
            return self.review.mapped[name], False
        items = [p for p in self.preview.pending if not p.unit and p.name == name]
        left_out = bool(items) and all(self.review.resolved.get(i.id, 0) is None for i in items)
        return (None if left_out else ""), False


def _written(item: PendingItem | None) -> str:
    """A doubtful cell's own words when they are short ("约35", "十几家"): shown after the ？, not only on hover."""
    found = re.findall(r"：“([^“”]{1,12})”$", item.source) if item is not None else []
    return found[-1] if found else ""


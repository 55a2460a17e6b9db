"""Undoable decisions of the review grid beyond a cell's figure and a name's mapping (gui.import_review_model).

The model applies them (its `_set_…` methods); these commands only remember what to undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from domain.plans import display_seq

if TYPE_CHECKING:
    from gui.import_review_model import ReviewModel, UnitColumn


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


class NameZone(QUndoCommand):
    """The name a new zone is registered by."""

    def __init__(self, model: ReviewModel, name: str, own: str) -> None:
        super().__init__(f"“{name}”登记为“{own or model.review.zone_name(name)}”")
        self.model, self.name, self.own = model, name, own
        self.before = model.review.zone_names.get(name, "")

    def redo(self) -> None:
        self.model._set_zone_name(self.name, self.own)

    def undo(self) -> None:
        self.model._set_zone_name(self.name, self.before)


class DropRows(QUndoCommand):
    """Rows struck out as junk, or taken back."""

    def __init__(self, model: ReviewModel, rows: list[int], drop: bool) -> None:
        names = "、".join(model.rows[r][1].name or model.rows[r][0].text[:12] for r in rows[:3])
        more = f"等 {len(rows)} 行" if len(rows) > 3 else ""
        super().__init__(f"{'删除' if drop else '恢复'}行：{names}{more}")
        self.model, self.rows, self.drop = model, rows, drop

    def redo(self) -> None:
        self.model._set_dropped(self.rows, self.drop)

    def undo(self) -> None:
        self.model._set_dropped(self.rows, not self.drop)


class Decide(QUndoCommand):
    """One cell's decision (a value, or None: the unit gets no quota here)."""

    def __init__(self, model: ReviewModel, row: int, column: UnitColumn, figure: float | None) -> None:
        task, indicator = model.rows[row]
        super().__init__(f"{display_seq(task.seq)} {indicator.name} {column.key}：{_number(figure) or '不分解'}")
        self.model, self.row, self.column, self.figure = model, row, column, figure
        self.before = model._decision(row, column)

    def redo(self) -> None:
        self.model._set_decision(self.row, self.column, self.figure, True)

    def undo(self) -> None:
        present, figure = self.before
        self.model._set_decision(self.row, self.column, figure, present)


class MapName(QUndoCommand):
    """A name the registry lacks, sent to a unit, made a zone, or left out."""

    def __init__(self, model: ReviewModel, name: str, unit: str | None, zone: bool) -> None:
        what = "新增为开发区" if zone else (f"对应到{unit}" if unit else "不登记")
        super().__init__(f"“{name}”{what}")
        self.model, self.name, self.unit, self.zone = model, name, unit, zone
        self.before = model._mapping(name)

    def redo(self) -> None:
        self.model._set_mapping(self.name, self.unit, self.zone)

    def undo(self) -> None:
        unit, zone = self.before
        self.model._set_mapping(self.name, unit, zone)


"""What the entry screen shows: a unit's rows for a plan and period, built by the domain rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.periods import Period
from domain.plans import Plan
from domain.progress import ProgressRow, build_row, progress_rows
from domain.units import Unit
from storage.achievements import achievement_history
from storage.db import Store
from storage.plans import load_plan, unit_quota
from storage.submissions import is_locked
from storage.units import get_unit

Progress = Callable[[int, int, str], None]


@dataclass
class LedgerView:
    """Everything the grid needs for one plan, unit and period."""

    plan: Plan
    unit: Unit
    period: Period
    rows: list[ProgressRow]
    locked: bool


def load_ledger(
    store: Store,
    plan_id: int,
    unit_name: str,
    period: Period,
    report_date: date | None = None,
    progress: Progress | None = None,
) -> LedgerView:
    """Load a plan and the unit's achievements and compute every row (safe to run in a worker)."""
    if progress:
        progress(0, 3, "读取方案")
    plan = load_plan(store, plan_id)
    unit = get_unit(store, unit_name)
    if progress:
        progress(1, 3, "读取完成情况")
    history = achievement_history(store, plan_id, unit.name)
    if progress:
        progress(2, 3, "计算完成率与序时进度")
    rows = progress_rows(plan, unit.name, unit.kind, period, history, unit.short_name, report_date)
    if progress:
        progress(3, 3, "完成")
    return LedgerView(plan, unit, period, rows, is_locked(store, plan_id, unit.name, period))


def refresh_rows(store: Store, view: LedgerView, indexes: list[int], report_date: date | None = None) -> None:
    """Recompute some rows after an edit, from what the store now holds."""
    seqs = [view.rows[i].task.seq for i in indexes]
    history = achievement_history(store, view.plan.id or 0, view.unit.name, seqs)
    for index in indexes:
        old = view.rows[index]
        # An edit may have changed the unit's 基数, which lives on the quota the loaded plan holds.
        fresh = unit_quota(store, view.plan.id or 0, old.task.seq, old.indicator.name, view.unit.name)
        others = [q for q in old.indicator.quotas if q.unit != view.unit.name]
        old.indicator.quotas = others + ([fresh] if fresh else [])
        records = history.get((old.task.seq, old.indicator.name), [])
        view.rows[index] = build_row(
            view.plan, old.task, old.indicator, view.unit.name, view.period, records, report_date, view.unit.is_city
        )

"""待办: the returns a unit has due, across its plans, with their state and the tasks already overdue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.periods import Period
from domain.progress import Status, progress_rows
from domain.reporting import (
    ReturnState,
    RuleChoice,
    countdown,
    periods_to_list,
    plan_is_current,
    return_state,
    rule_for_plan,
)
from storage.achievements import achievement_history
from storage.db import Store
from storage.plan_admin import plan_words, stored_rule
from storage.plans import PlanSummary, list_plans, load_plan
from storage.submissions import submissions
from storage.units import get_unit

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DueReturn:
    """One line of the 待办 list: a plan's return for a period, when it is due and how it stands."""

    plan_id: int
    plan_title: str
    period: Period
    due: date
    state: ReturnState
    countdown: str
    overdue_tasks: int
    unfilled: int
    rows: int
    rule: RuleChoice


def own_plans(store: Store, city: str) -> list[PlanSummary]:
    """The plans of a city's installation (and those naming no city); every plan when no city is set.

    Archived plans are left out. Another city's plan has no task for this unit, so listing it only leads
    to an empty grid.
    """
    return [p for p in list_plans(store, archived=False) if not city or not p.city or p.city == city]


def reporting_rule(store: Store, plan_id: int) -> RuleChoice:
    """The reporting rule of a plan: the user's, else what the plan's words say, else the default."""
    return rule_for_plan(plan_words(store, plan_id), stored_rule(store, plan_id))


def due_returns(
    store: Store, unit_name: str, city: str, today: date, progress: Progress | None = None
) -> list[DueReturn]:
    """Every return due or overdue for the unit in its current plans: 逾期 first, then by due date.

    A plan is current during its year and the next year's first quarter; a plan with no task for the unit
    is left out. Safe to run in a worker with its own store.
    """
    unit = get_unit(store, unit_name)
    plans = [p for p in own_plans(store, city) if plan_is_current(p.year, today)]
    found: list[DueReturn] = []
    for number, summary in enumerate(plans):
        if progress:
            progress(number, len(plans), f"检查待办：{summary.title}")
        choice = reporting_rule(store, summary.id)
        plan = load_plan(store, summary.id)
        history = achievement_history(store, summary.id, unit.name)
        mine = [s for s in submissions(store, summary.id) if s.unit == unit.name]
        submitted = {s.period for s in mine if s.locked}
        used = [a.period.start for records in history.values() for a in records] + [s.period.start for s in mine]
        for period in periods_to_list(choice.rule, plan.year, today, submitted, min(used, default=None)):
            rows = progress_rows(plan, unit.name, unit.kind, period, history, unit.short_name)
            if not rows:
                break  # nothing of this plan is the unit's
            locked = period in submitted
            entries = [r for r in rows if r.achievement is not None and not r.achievement.is_empty]
            due = choice.rule.due_date(period)
            found.append(DueReturn(
                plan_id=summary.id, plan_title=summary.title, period=period, due=due,
                state=return_state(due, today, locked, bool(entries)), countdown=countdown(due, today),
                overdue_tasks=sum(r.status is Status.OVERDUE for r in rows),
                unfilled=sum(r.status in (Status.NOT_REPORTED, Status.OVERDUE) and r.achievement is None for r in rows),
                rows=len(rows), rule=choice,
            ))  # fmt: skip
    if progress:
        progress(len(plans), len(plans), "待办已更新")
    order = {ReturnState.OVERDUE: 0, ReturnState.DRAFT: 1, ReturnState.NOT_STARTED: 1, ReturnState.SUBMITTED: 2}
    return sorted(found, key=lambda d: (order[d.state], d.due, d.plan_id))

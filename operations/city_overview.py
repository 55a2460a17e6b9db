"""The city's view of a plan and period: units × indicators with 全市合计, and 报送情况, from the store.

Every cell is a domain.progress row for one unit (the city's own, 市本级, in the last column before the
total), so the window, the 汇总表 and the county's own grid judge a figure alike. Safe to run in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.achievements import Achievement
from domain.city_reports import ReportState, days_late, lateness_text, report_state
from domain.city_totals import CityTotal, Contribution, city_total
from domain.periods import Period
from domain.plans import Indicator, Plan, Task, task_concerns_unit
from domain.progress import ProgressRow, Status, build_row, time_progress
from domain.units import Unit
from operations.consolidate import city_units
from operations.todo import reporting_rule
from storage.achievements import achievement_history
from storage.collected_returns import collected_return
from storage.db import Store
from storage.plans import load_plan
from storage.send_backs import Side, StoredSendBack, send_backs
from storage.units import unit_registry

Progress = Callable[[int, int, str], None]
History = dict[tuple[str, str], list[Achievement]]


@dataclass(frozen=True)
class OverviewLine:
    """One indicator across the units: a cell per unit (None where the task is not the unit's) and the total."""

    task: Task
    indicator: Indicator
    cells: tuple[ProgressRow | None, ...]
    total: CityTotal | None
    time_progress: float
    deadline: date


@dataclass(frozen=True)
class UnitReportLine:
    """报送情况 of one unit for the period."""

    unit: str
    state: ReportState
    exported_at: datetime | None = None
    collected_at: datetime | None = None
    file: str = ""
    changed: int = 0
    changes: tuple[str, ...] = ()
    due: date | None = None
    late: int = 0
    send_backs: tuple[StoredSendBack, ...] = ()

    @property
    def lateness(self) -> str:
        return lateness_text(self.state, self.late)

    @property
    def check(self) -> str:
        """一致, 手工改动 n 处, or empty when no return came."""
        if self.collected_at is None:
            return ""
        return "一致" if not self.changed else f"手工改动 {self.changed} 处"

    @property
    def send_back_text(self) -> str:
        """退回 2 次（待重报） — how often this period's return was sent back, and whether one is pending."""
        if not self.send_backs:
            return ""
        pending = any(s.open for s in self.send_backs)
        return f"退回 {len(self.send_backs)} 次" + ("（待重报）" if pending else "（已重报）")


@dataclass
class CityOverview:
    """Units × indicators for a plan and period; `units` are the counties, then the city itself (市本级)."""

    plan: Plan
    period: Period
    as_of: date
    units: tuple[Unit, ...]
    city: Unit | None
    lines: list[OverviewLine]
    reports: list[UnitReportLine]
    histories: dict[str, History] = field(default_factory=dict)

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units)

    def column_title(self, index: int) -> str:
        unit = self.units[index]
        return "市本级" if unit.is_city else unit.name

    def status_counts(self, unit: str | None = None) -> dict[Status, int]:
        """How many unit tasks stand at each status (one unit's, or every unit's): the share-by-status chart."""
        counts = dict.fromkeys(Status, 0)
        for line in self.lines:
            for u, cell in zip(self.units, line.cells, strict=True):
                if cell is not None and (unit is None or u.name == unit) and _expected(cell, u):
                    counts[cell.status] += 1
        return counts

    def report_of(self, unit: str) -> UnitReportLine | None:
        return next((r for r in self.reports if r.unit == unit), None)


def _expected(cell: ProgressRow, unit: Unit) -> bool:
    """Whether a cell is a task the unit answers for: 市本级 counts only where it has a quota or a figure."""
    if not unit.is_city:
        return True
    return cell.quota is not None or cell.achievement is not None


def load_city_overview(
    store: Store,
    plan_id: int,
    period: Period,
    today: date | None = None,
    progress: Progress | None = None,
) -> CityOverview:
    """Compute the city's view; `today` decides which returns are late. Raises StoreError for an unknown plan."""
    if progress:
        progress(0, 4, "读取方案")
    plan = load_plan(store, plan_id)
    registry = unit_registry(store)
    counties = city_units(plan, list(registry))
    city = registry.resolve(plan.city) if plan.city else None
    city = city if city is not None and city.is_city else None
    units = (*counties, *([city] if city else []))
    if progress:
        progress(1, 4, "读取各单位完成情况")
    histories = {u.name: achievement_history(store, plan_id, u.name) for u in units}
    if progress:
        progress(2, 4, "计算完成率、序时进度与全市合计")
    day = period.end
    lines = [
        _line(plan, task, indicator, units, period, histories, day)
        for task in plan.tasks
        for indicator in task.indicators
    ]
    if progress:
        progress(3, 4, "读取报送情况")
    # Due by the plan's reporting rule (the user's choice, else the plan's words, else 每月5日前).
    due = reporting_rule(store, plan_id).rule.due_date(period)
    reports = [_report(store, plan_id, u.name, period, histories[u.name], today or date.today(), due) for u in counties]
    if progress:
        progress(4, 4, "完成")
    return CityOverview(plan, period, day, units, city, lines, reports, histories)


def _line(
    plan: Plan,
    task: Task,
    indicator: Indicator,
    units: tuple[Unit, ...],
    period: Period,
    histories: dict[str, History],
    day: date,
) -> OverviewLine:
    cells: list[ProgressRow | None] = []
    for unit in units:
        if not task_concerns_unit(task, unit.name, unit.kind, unit.short_name):
            cells.append(None)
            continue
        records = histories[unit.name].get((task.seq, indicator.name), [])
        # city_level=False: 市本级's column is its own share, never the whole city's goal.
        cells.append(build_row(plan, task, indicator, unit.name, period, records, day, city_level=False))
    deadline = plan.deadline_of(task)
    progress = time_progress(day, plan.start, deadline)
    counties = [
        Contribution(u.name, c.target, c.actual)
        for u, c in zip(units, cells, strict=True)
        if c is not None and not u.is_city
    ]
    own = next(
        (Contribution(u.name, c.target, c.actual) for u, c in zip(units, cells, strict=True) if c and u.is_city), None
    )
    total = city_total(indicator.kind, indicator.direction, indicator.target, counties, own, progress, day, deadline)
    return OverviewLine(task, indicator, tuple(cells), total, progress, deadline)


def _report(
    store: Store, plan_id: int, unit: str, period: Period, history: History, today: date, due: date
) -> UnitReportLine:
    record = collected_return(store, plan_id, unit, period)
    sent = tuple(send_backs(store, plan_id, unit, period, Side.SENT))
    has_figures = any(a.period == period for records in history.values() for a in records)
    state = report_state(record.final if record else None, has_figures, any(s.open for s in sent))
    late = days_late(state, due, today, record.exported_at if record else None)
    if record is None:
        return UnitReportLine(unit, state, due=due, late=late, send_backs=sent)
    return UnitReportLine(
        unit=unit, state=state, exported_at=record.exported_at, collected_at=record.collected_at, file=record.name,
        changed=record.changed, changes=record.changes, due=due, late=late, send_backs=sent,
    )  # fmt: skip

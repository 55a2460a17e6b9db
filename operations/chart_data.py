"""What the charts draw, computed from a county's rows or the city's overview: plain numbers, no Qt.

Three charts, in both views: completion rate per bar (per unit at the city, per indicator at a county)
against 序时进度; one indicator's completion rate through the periods of the year; tasks by status.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.achievements import Achievement
from domain.city_totals import Contribution, city_total
from domain.periods import Period, periods_of_year
from domain.plans import Indicator, Task, display_seq, task_concerns_unit
from domain.progress import ProgressRow, Status, build_row, summarize, time_progress
from operations.city_overview import CityOverview, OverviewLine
from operations.ledger import LedgerView

# The order statuses are listed in, in legends and in the pie.
STATUS_ORDER = (Status.DONE, Status.ON_TRACK, Status.BEHIND, Status.OVERDUE, Status.NOT_REPORTED,
                Status.NO_TARGET, Status.NO_BASELINE)  # fmt: skip


@dataclass(frozen=True)
class Bar:
    """One bar: its label, completion rate (None: nothing to draw) and status, and 序时进度 at that bar."""

    label: str
    rate: float | None
    status: Status
    time_progress: float


@dataclass(frozen=True)
class RateChart:
    title: str
    bars: tuple[Bar, ...]
    subtitle: str = ""


@dataclass(frozen=True)
class PeriodPoint:
    period: Period
    rate: float | None
    time_progress: float
    status: Status


@dataclass(frozen=True)
class PeriodChart:
    title: str
    points: tuple[PeriodPoint, ...]
    subtitle: str = ""


@dataclass(frozen=True)
class StatusChart:
    title: str
    counts: tuple[tuple[Status, int], ...]
    subtitle: str = ""

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


def indicator_label(task: Task, indicator: Indicator) -> str:
    """(237) 高新技术企业保有量 — how a chart and its chooser name an indicator."""
    return f"{display_seq(task.seq)} {indicator.name}"


# --- the city -------------------------------------------------------------------------------------------


def rate_by_unit(overview: CityOverview, line: OverviewLine) -> RateChart:
    """Each unit's completion rate of one indicator (units it concerns), against the indicator's 序时进度."""
    bars = tuple(
        Bar(overview.column_title(i), cell.rate, cell.status, line.time_progress)
        for i, cell in enumerate(line.cells)
        if cell is not None and (not overview.units[i].is_city or cell.quota is not None or cell.actual is not None)
    )
    title = f"{indicator_label(line.task, line.indicator)} 各单位完成率"
    return RateChart(title, bars, f"{overview.plan.city}　{overview.period.label}　序时进度 {line.time_progress:.0%}")


def city_periods(overview: CityOverview, line: OverviewLine) -> PeriodChart:
    """全市合计 of one indicator through the year's periods (of the shown period's kind), up to the shown one.

    Indicators that do not add up (growth, ratio) have no city total: the chart has no points then.
    """
    points = []
    for period in _periods_to(overview.period):
        day = period.end
        progress = time_progress(day, overview.plan.start, line.deadline)
        counties, own = [], None
        for unit in overview.units:
            if not task_concerns_unit(line.task, unit.name, unit.kind, unit.short_name):
                continue
            records = overview.histories[unit.name].get((line.task.seq, line.indicator.name), [])
            row = build_row(overview.plan, line.task, line.indicator, unit.name, period, records, day)
            share = Contribution(unit.name, row.target, row.actual)
            if unit.is_city:
                own = share
            else:
                counties.append(share)
        total = city_total(line.indicator.kind, line.indicator.direction, line.indicator.target, counties, own,
                           progress, day, line.deadline)  # fmt: skip
        if total is not None:
            points.append(PeriodPoint(period, total.rate, progress, total.status))
    title = f"{indicator_label(line.task, line.indicator)} 全市各期完成率"
    return PeriodChart(title, tuple(points), f"{overview.plan.city}　截至{overview.period.label}")


def city_statuses(overview: CityOverview, unit: str | None = None) -> StatusChart:
    """Tasks by status across every unit (or one unit): the share-of-status pie."""
    counts = overview.status_counts(unit)
    who = unit or f"{overview.plan.city}各单位"
    return StatusChart(f"{who} 任务状态分布", _ordered(counts), overview.period.label)


# --- a county -------------------------------------------------------------------------------------------


def rate_by_indicator(view: LedgerView) -> RateChart:
    """The unit's completion rate of each numeric indicator, each against its own 序时进度."""
    bars = tuple(
        Bar(indicator_label(r.task, r.indicator), r.rate, r.status, r.time_progress)
        for r in view.rows
        if r.indicator.kind.is_numeric
    )
    return RateChart(f"{view.unit.name} 各项指标完成率", bars, view.period.label)


def unit_periods(view: LedgerView, row: ProgressRow, history: list[Achievement]) -> PeriodChart:
    """One indicator of the unit through the year's periods, up to the shown one."""
    points = []
    for period in _periods_to(view.period):
        built = build_row(view.plan, row.task, row.indicator, view.unit.name, period, history, period.end,
                          view.unit.is_city)  # fmt: skip
        points.append(PeriodPoint(period, built.rate, built.time_progress, built.status))
    return PeriodChart(f"{indicator_label(row.task, row.indicator)} 各期完成率", tuple(points), view.unit.name)


def unit_statuses(view: LedgerView) -> StatusChart:
    return StatusChart(f"{view.unit.name} 任务状态分布", _ordered(summarize(view.rows)), view.period.label)


# --- shared ---------------------------------------------------------------------------------------------


def _periods_to(period: Period) -> list[Period]:
    return [p for p in periods_of_year(period.year, period.kind) if p.end <= period.end]


def _ordered(counts: dict[Status, int]) -> tuple[tuple[Status, int], ...]:
    return tuple((s, counts.get(s, 0)) for s in STATUS_ORDER if counts.get(s, 0))


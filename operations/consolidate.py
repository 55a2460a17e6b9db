"""The city's 汇总表 composed from its store: units × numeric indicators, and who has reported.

Pure composition: the figures are the units' achievements (collected by operations.collect or typed at
the city), rates and statuses come from domain.progress, and a unit's report status from the record
that collecting its return left behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from domain.achievements import Achievement
from domain.periods import Period
from domain.plans import Indicator, Plan, Task, display_seq, task_concerns_unit
from domain.progress import Status, build_row, completion_rate, numeric_status, time_progress
from domain.units import Unit
from exporters.consolidation import write_consolidation
from exporters.consolidation_layout import (
    DRAFT,
    NOT_REPORTED,
    REPORTED,
    SUMMED_KINDS,
    Consolidation,
    ConsolidationLine,
    UnitFigure,
    UnitReport,
)
from operations.export_return import ExportCancelled
from storage.achievements import period_achievements
from storage.collected_returns import collected_return
from storage.db import Store, StoreError
from storage.plans import load_plan
from storage.settings import load_profile
from storage.units import unit_registry

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def city_units(plan: Plan, units: list[Unit]) -> list[Unit]:
    """The county-level units a plan's consolidation has a column for: the plan's city's, in registry order.

    A plan without a city (imported without one) gets the units its quotas name.
    """
    if plan.city:
        own = [u for u in units if u.city == plan.city and not u.is_city]
        if own:
            return own
    named = {q.unit for t in plan.tasks for i in t.indicators for q in i.quotas}
    return [u for u in units if u.name in named]


def consolidation_rows(
    store: Store, plan_id: int, period: Period | str, report_date: date | None = None
) -> Consolidation:
    """Units × numeric indicators for a plan and period, with 全市合计 where adding up makes sense.

    Stock and increment indicators are added up: the total target is the sum of the units' quotas (the
    city's own target when no unit has one) and the total actual the sum of what was reported. Growth
    and ratio indicators are not added up. Raises StoreError for an unknown plan.
    """
    when = period if isinstance(period, Period) else Period.parse(period)
    plan = load_plan(store, plan_id)
    units = city_units(plan, list(unit_registry(store)))
    day = report_date or when.end
    # The period's figures only: a unit's 汇总表 cell needs nothing of its earlier periods.
    recorded = period_achievements(store, plan_id, when)
    lines: list[ConsolidationLine] = []
    for task in plan.tasks:
        concerned = [u if task_concerns_unit(task, u.name, u.kind, u.short_name) else None for u in units]
        for indicator in task.indicators:
            if not indicator.kind.is_numeric:
                continue
            figures = tuple(
                None if unit is None else _figure(plan, task, indicator, unit, when, recorded.get(unit.name, {}), day)
                for unit in concerned
            )
            lines.append(
                ConsolidationLine(
                    number=len(lines) + 1,
                    city_seq=task.city_seq,
                    seq=display_seq(task.seq),
                    indicator=indicator.name,
                    kind=indicator.kind,
                    direction=indicator.direction,
                    measure=indicator.measure,
                    city_target=indicator.target,
                    figures=figures,
                    total=_total(plan, task, indicator, figures, day),
                    reported=sum(1 for f in figures if f is not None and f.actual is not None),
                )  # fmt: skip
            )
    reports = tuple(_report(store, plan_id, u.name, when, bool(recorded.get(u.name))) for u in units)
    return Consolidation(
        plan_title=plan.title, plan_key=plan.key, city=plan.city, year=plan.year, period=when, as_of=day,
        units=tuple(u.name for u in units), lines=tuple(lines), reports=reports,
    )  # fmt: skip


def _figure(
    plan: Plan,
    task: Task,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    recorded: dict[tuple[str, str], Achievement],
    day: date,
) -> UnitFigure:
    """A unit's cell group for a task that is the unit's, from what it recorded for the period."""
    current = recorded.get((task.seq, indicator.name))
    row = build_row(plan, task, indicator, unit.name, period, [current] if current else [], day)
    return UnitFigure(row.target, row.actual, row.rate, row.status, row.baseline)


def _total(
    plan: Plan, task: Task, indicator: Indicator, figures: tuple[UnitFigure | None, ...], day: date
) -> UnitFigure | None:
    if indicator.kind not in SUMMED_KINDS:
        return None
    present = [f for f in figures if f is not None]
    targets = [f.target for f in present if f.target is not None]
    actuals = [f.actual for f in present if f.actual is not None]
    target = sum(targets) if targets else indicator.target
    actual = sum(actuals) if actuals else None
    rate = completion_rate(indicator.kind, indicator.direction, target, actual)
    deadline = plan.deadline_of(task)
    status = numeric_status(rate, time_progress(day, plan.start, deadline), day, deadline, actual is not None)
    if any(f.target is not None and f.actual is None for f in present):
        # Units still to report would make 滞后 a verdict on missing figures: the rate stands, uncoloured.
        status = Status.NOT_REPORTED
    return UnitFigure(target, actual, rate, status)


def _report(store: Store, plan_id: int, unit: str, period: Period, has_figures: bool) -> UnitReport:
    record = collected_return(store, plan_id, unit, period)
    if record is None:
        # Figures without a collected return were typed (or phoned in) at the city: say so on paper.
        notes = ("表中数字为市级录入，未收到报表",) if has_figures else ()
        return UnitReport(unit, NOT_REPORTED, notes=notes)
    notes = tuple(f"手工改动：{change}" for change in record.changes)
    if not record.final:
        notes = ("草稿，未正式报送", *notes)
    return UnitReport(
        unit=unit,
        state=REPORTED if record.final else DRAFT,
        exported_at=record.exported_at,
        collected_at=record.collected_at,
        file=record.name,
        changed=record.changed,
        notes=notes,
    )


def suggested_consolidation_name(city: str, period: Period) -> str:
    """A file name for the save dialog: 玉林市_2022年10月_完成情况汇总表.xlsx."""
    return f"{city}_{period.label}_完成情况汇总表.xlsx"


@dataclass(frozen=True)
class ConsolidationExport:
    """Where the 汇总表 went and what it holds."""

    path: Path
    consolidation: Consolidation

    @property
    def message(self) -> str:
        c = self.consolidation
        return (
            f"已导出{c.period.label}汇总表（已收到 {c.reported_count} 个单位的报表，共 {len(c.units)} 个）；"
            f"文件保存在：{self.path}"
        )


def export_consolidation(
    store: Store,
    plan_id: int,
    period: Period | str,
    path: str | Path,
    report_date: date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    paper: str = "A4",
) -> ConsolidationExport:
    """Write the 汇总表 (and its 报送情况 sheet) for a plan and period; changes nothing in the store.

    `paper` is A4 or A3 (exporters.consolidation.choose_layout says what each gives). Raises StoreError (no
    such plan, or a period outside the plan's year), ExportError (file not written; an old file stands) or
    ExportCancelled (the same as any export's, so the window treats it alike).
    """
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    if progress is not None:
        progress(0, 3, "正在汇总各单位完成情况……")
    when = period if isinstance(period, Period) else Period.parse(period)
    consolidation = consolidation_rows(store, plan_id, when, report_date)
    if when.year != consolidation.year:
        raise StoreError(f"填报期{when.label}不在方案年度（{consolidation.year}年）内")
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    if progress is not None:
        progress(1, 3, "正在生成汇总表……")
    written = write_consolidation(consolidation, load_profile(store), path, paper=paper)
    result = ConsolidationExport(written, consolidation)
    if progress is not None:
        progress(3, 3, result.message)
    return result

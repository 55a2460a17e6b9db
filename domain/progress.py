"""完成率, 序时进度 and status, exactly as DOMAIN.md defines them, and the rows a return shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.achievements import Achievement, WorkStatus
from domain.periods import Period, PeriodKind
from domain.plans import (
    Direction,
    Indicator,
    IndicatorKind,
    Plan,
    Quota,
    Task,
    task_concerns_unit,
)

# Rates come from float division (growth over a baseline): 0.9999999999999999 means "reached".
TOLERANCE = 1e-9


class Status(StrEnum):
    DONE = "已完成"
    ON_TRACK = "正常"
    BEHIND = "滞后"
    OVERDUE = "逾期"
    NOT_REPORTED = "未填报"
    NO_TARGET = "未分解"  # the unit has no quota: no rate, and nothing it failed to report
    NO_BASELINE = "缺基数"  # a growth target whose base-year figure the table does not give

    @property
    def explanation(self) -> str:
        """What the status means, for the status cell's tooltip and the returns' notes."""
        return {
            "已完成": "完成率达到 100%",
            "正常": "完成率不低于序时进度",
            "滞后": "完成率低于序时进度",
            "逾期": "已过完成时限仍未完成，或过了完成时限仍未填报",
            "未填报": "本期尚未填报完成值（完成时限未到）",
            "未分解": "分解表未给本单位下达该指标的目标值，不计算完成率，不算未填报",
            "缺基数": "增长率目标缺少基础数（上年数），无法计算增长率和完成率；请向市里核实基础数",
        }[self.value]

    @property
    def colour(self) -> str:
        """Offices read status as green / yellow / red; grey where there is nothing to judge."""
        return {
            "已完成": "#C6EFCE",
            "正常": "#C6EFCE",
            "滞后": "#FFEB9C",
            "逾期": "#FFC7CE",
            "未填报": "#E7E6E6",
            "未分解": "#F2F2F2",
            "缺基数": "#F2F2F2",
        }[self.value]


def achieved_measure(kind: IndicatorKind, actual: float, baseline: float | None) -> float | None:
    """The figure compared with the target: the actual, or for growth the % over the baseline."""
    if kind is IndicatorKind.GROWTH:
        if baseline is None or baseline <= 0:
            return None
        return (actual - baseline) / baseline * 100.0
    return actual


def needs_baseline(kind: IndicatorKind, target: float | None, baseline: float | None) -> bool:
    """A growth target without a positive 基数: no rate can be computed until one is given.

    The one rule behind the grid's yellow 基数 prompt, the legend's 缺基数 count and the 缺基数 status
    (which a row takes once its figure is reported). A growth indicator the unit has no target in needs none.
    """
    return kind is IndicatorKind.GROWTH and target is not None and not (baseline or 0) > 0


def completion_rate(
    kind: IndicatorKind,
    direction: Direction,
    target: float | None,
    actual: float | None,
    baseline: float | None = None,
) -> float | None:
    """完成率 as a fraction (1.0 is 100 %), or None when it cannot be computed.

    at-least: achieved / target (a zero target is met by anything). at-most: 1.0 while within the
    limit, then target / achieved, so the rate falls as the actual rises. Growth needs a positive
    baseline; qualitative indicators have no rate.
    """
    if kind is IndicatorKind.QUALITATIVE or target is None or actual is None:
        return None
    measure = achieved_measure(kind, actual, baseline)
    if measure is None:
        return None
    if direction is Direction.AT_LEAST:
        if target <= 0:
            return 1.0 if measure >= target else 0.0
        return measure / target
    if measure <= target:
        return 1.0
    if target <= 0:
        return 0.0
    return target / measure


def time_progress(report_date: date, start: date, deadline: date) -> float:
    """序时进度: the share of the task's time elapsed at `report_date`, within 0.0–1.0."""
    span = (deadline - start).days
    if span <= 0:
        return 1.0 if report_date >= deadline else 0.0
    elapsed = (report_date - start).days
    return min(1.0, max(0.0, elapsed / span))


def numeric_status(
    rate: float | None,
    progress: float,
    report_date: date,
    deadline: date,
    reported: bool,
    missing_baseline: bool = False,
) -> Status:
    """已完成 at 100 %, 逾期 past the deadline, else 正常 or 滞后 against 序时进度.

    Nothing reported is 未填报 up to the deadline day itself and 逾期 from the day after. Without a rate:
    缺基数 when `missing_baseline` (a growth target without its base), else 未分解.
    """
    if not reported:
        return Status.OVERDUE if report_date > deadline else Status.NOT_REPORTED
    if rate is None:
        return Status.NO_BASELINE if missing_baseline else Status.NO_TARGET
    if rate >= 1.0 - TOLERANCE:
        return Status.DONE
    if report_date > deadline:
        return Status.OVERDUE
    return Status.ON_TRACK if rate >= progress - TOLERANCE else Status.BEHIND


def qualitative_status(stated: WorkStatus | None, progress: float, report_date: date, deadline: date) -> Status:
    """A qualitative task by its stated status: 未启动 once time has started to run is 滞后.

    Nothing stated is 未填报 up to the deadline day and 逾期 after it, as for a figure.
    """
    if stated is None:
        return Status.OVERDUE if report_date > deadline else Status.NOT_REPORTED
    if stated is WorkStatus.DONE:
        return Status.DONE
    if report_date > deadline:
        return Status.OVERDUE
    if stated is WorkStatus.NOT_STARTED and progress > 0:
        return Status.BEHIND
    return Status.ON_TRACK


@dataclass
class ProgressRow:
    """One line of a unit's return for a period: what the grid and the Excel return show."""

    task: Task
    indicator: Indicator
    quota: Quota | None
    achievement: Achievement | None
    previous: PreviousFigure | None
    rate: float | None
    time_progress: float
    status: Status
    deadline: date
    earlier: Achievement | None = None  # the latest achievement of an earlier period, for 沿用上期

    @property
    def target(self) -> float | None:
        return self.quota.target if self.quota else None

    @property
    def baseline(self) -> float | None:
        return self.quota.baseline if self.quota else None

    @property
    def actual(self) -> float | None:
        return self.achievement.actual if self.achievement else None

    @property
    def needs_baseline(self) -> bool:
        """A growth target still without its 基数 (see needs_baseline)."""
        return needs_baseline(self.indicator.kind, self.target, self.baseline)

    @property
    def previous_actual(self) -> float | None:
        """上期完成值's figure (see previous_figure for which period it is)."""
        return self.previous.actual if self.previous else None


@dataclass(frozen=True)
class PreviousFigure:
    """上期完成值 of a row for period `of`: the figure as of an earlier cut-off, and the period it was reported for.

    `immediate` when it is the previous period's figure (as of the day before `of` began); otherwise the
    previous period is empty and this is the latest earlier figure, which is shown with its period.
    """

    actual: float
    period: Period
    of: Period

    @property
    def immediate(self) -> bool:
        return self.period.end == self.of.start - timedelta(days=1)

    @property
    def period_text(self) -> str:
        """The figure's period in few characters, the year left out when it is this period's: 10月, 第三季度."""
        label = self.period.label
        return label.removeprefix(f"{self.of.year}年") if self.period.year == self.of.year else label

    def shown(self, figure: str) -> str:
        """`figure` (this one, formatted) as 上期完成值 shows it: 12, or 12（10月） when not the previous period's."""
        return figure if self.immediate else f"{figure}（{self.period_text}）"

    @property
    def explanation(self) -> str:
        """Which period the figure is, and, when it is an older one, that the previous period is empty."""
        end = self.period.end
        cut_off = f"截至{end.year}年{end.month}月{end.day}日"
        if self.immediate:
            return f"上期（{self.period.label}）完成值，{cut_off}"
        return (f"上期（{previous_period_label(self.of)}）未填报；这是此前最近一次填报的{self.period.label}完成值，"
                f"{cut_off}")  # fmt: skip


def previous_period_label(period: Period) -> str:
    """What 上期 means for a period: 2022年11月 for 2022年12月, 2022年第三季度 for the fourth quarter."""
    if period.kind is PeriodKind.YEAR:
        return f"{period.year - 1}年全年"
    if period.index > 1:
        return Period(period.year, period.kind, period.index - 1).label
    last = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}[period.kind]
    return Period(period.year - 1, period.kind, last).label


def previous_figure(history: Iterable[Achievement], period: Period) -> PreviousFigure | None:
    """上期完成值: the previous period's figure, else the latest earlier one (marked as not the previous).

    Figures are cumulative as of a period's end (截至期末), so the previous period's figure is the one as of
    the day before this period began, whichever kind of period it was reported for (September's and the
    third quarter's both say 30 September; the shorter period wins a tie). Only periods that ended before
    this one began count: a month inside this quarter is not an earlier period.
    """
    day_before = period.start - timedelta(days=1)
    earlier = [a for a in history if a.actual is not None and a.period.end <= day_before]
    if not earlier:
        return None
    latest = max(earlier, key=lambda a: (a.period.end, a.period.start))
    return PreviousFigure(latest.actual or 0.0, latest.period, period)


def previous_actual(history: Iterable[Achievement], period: Period) -> float | None:
    """The figure of previous_figure, without its period (what the 报送前检查 compares with)."""
    figure = previous_figure(history, period)
    return figure.actual if figure else None


def earlier_achievement(history: Iterable[Achievement], period: Period) -> Achievement | None:
    """The latest achievement recorded for a period that ended before this one ended."""
    earlier = [a for a in history if a.period.end < period.end and not a.is_empty]
    return max(earlier, key=lambda a: (a.period.end, a.period.start), default=None)


def build_row(
    plan: Plan,
    task: Task,
    indicator: Indicator,
    unit: str,
    period: Period,
    history: list[Achievement],
    report_date: date | None = None,
    city_level: bool = False,
) -> ProgressRow:
    """The row for one indicator, given every achievement the unit has recorded for it.

    A city measures itself against the indicator's city total when it has no quota of its own.
    """
    day = report_date or period.end
    deadline = plan.deadline_of(task)
    quota = indicator.quota_for(unit)
    if city_level and (quota is None or quota.target is None) and indicator.target is not None:
        # A baseline the city set for itself makes a quota row without a target: the total still applies.
        quota = Quota(unit, indicator.target, quota.baseline if quota else None, "全市目标")
    current = next((a for a in history if a.period == period), None)
    progress = time_progress(day, plan.start, deadline)
    if indicator.kind.is_numeric:
        actual = current.actual if current else None
        target = quota.target if quota else None
        baseline = quota.baseline if quota else None
        rate = completion_rate(indicator.kind, indicator.direction, target, actual, baseline)
        no_base = needs_baseline(indicator.kind, target, baseline)
        # No quota for the unit: 未分解, as the return prints it, never 未填报 or 逾期.
        status = Status.NO_TARGET if target is None else numeric_status(rate, progress, day, deadline,
                                                                         actual is not None, no_base)
    else:
        rate = None
        status = qualitative_status(current.status if current else None, progress, day, deadline)
    return ProgressRow(
        task=task,
        indicator=indicator,
        quota=quota,
        achievement=current,
        previous=previous_figure(history, period),
        rate=rate,
        time_progress=progress,
        status=status,
        deadline=deadline,
        earlier=earlier_achievement(history, period),
    )


def progress_rows(
    plan: Plan,
    unit: str,
    unit_kind: str,
    period: Period,
    history: Mapping[tuple[str, str], list[Achievement]],
    unit_short: str = "",
    report_date: date | None = None,
) -> list[ProgressRow]:
    """Every row of a unit's return: each indicator of each task that concerns the unit.

    `history` maps (task seq, indicator name) to the unit's achievements for it, any period.
    Rows keep the table's order.
    """
    rows = []
    for task in plan.tasks:
        if not task_concerns_unit(task, unit, unit_kind, unit_short):
            continue
        for indicator in task.indicators:
            records = history.get((task.seq, indicator.name), [])
            rows.append(build_row(plan, task, indicator, unit, period, records, report_date, unit_kind == "city"))
    return rows


def summarize(rows: Iterable[ProgressRow]) -> dict[Status, int]:
    """How many rows stand at each status (the status chart's shares)."""
    counts = {status: 0 for status in Status}
    for row in rows:
        counts[row.status] += 1
    return counts


def legend_counts(rows: Iterable[ProgressRow]) -> dict[Status, int]:
    """The legend's counts: each status's rows, but 缺基数 counts every row still needing its 基数.

    A growth row without a base shows the yellow 基数 prompt whether or not its figure is in (status 未填报
    or 缺基数), so the legend counts what the grid prompts for; the other entries are the rows' statuses.
    """
    rows = list(rows)
    counts = summarize(rows)
    counts[Status.NO_BASELINE] = sum(1 for row in rows if row.needs_baseline)
    return counts

"""What the city's consolidation (汇总表) says, before any file format is chosen.

operations.collect composes a `Consolidation` from the store; exporters.consolidation prints it. Both
sides share these dataclasses and the wording of their cells, so the file and any screen agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.periods import Period
from domain.plans import Direction, IndicatorKind
from domain.progress import Status
from exporters.quota_wording import official, plain_number
from exporters.xlsx_style import number_format

NOT_SUMMED = "—"
REPORTED, DRAFT, NOT_REPORTED = "已报送", "草稿", "未报送"
NOT_COMPLETE = "未报齐"  # 全市合计 while some units have not reported
# Kinds whose unit figures add up to a city figure: counts and amounts. A growth rate or a share of
# a budget does not add up (two counties growing 35 % do not make 70 %), so those totals are "—".
SUMMED_KINDS = (IndicatorKind.STOCK, IndicatorKind.INCREMENT)


@dataclass(frozen=True)
class UnitFigure:
    """One unit's target (its quota), actual, completion rate and status for one indicator."""

    target: float | None
    actual: float | None
    rate: float | None
    status: Status
    baseline: float | None = None


@dataclass(frozen=True)
class ConsolidationLine:
    """One numeric indicator across the city's units; `figures` follows `Consolidation.units`.

    A figure is None where the task is not the unit's at all (no quota, not named): printed as —.
    """

    number: int
    city_seq: str
    seq: str
    indicator: str
    kind: IndicatorKind
    direction: Direction
    measure: str
    city_target: float | None
    figures: tuple[UnitFigure | None, ...]
    total: UnitFigure | None
    reported: int

    @property
    def summed(self) -> bool:
        """Whether the 全市合计 column adds this indicator up (stock and increment only)."""
        return self.total is not None


@dataclass(frozen=True)
class UnitReport:
    """Whether and how a unit's return for the period reached the city."""

    unit: str
    state: str
    exported_at: datetime | None = None
    collected_at: datetime | None = None
    file: str = ""
    changed: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def check(self) -> str:
        """一致 when every figure is as the county's program exported it, else how many were changed."""
        if self.changed is None:
            return ""
        return "一致" if self.changed == 0 else f"手工改动 {self.changed} 处"


@dataclass(frozen=True)
class Consolidation:
    """Units × numeric indicators for one plan and period, and who has reported."""

    plan_title: str
    plan_key: str
    city: str
    year: int
    period: Period
    as_of: date
    units: tuple[str, ...]
    lines: tuple[ConsolidationLine, ...]
    reports: tuple[UnitReport, ...]

    @property
    def reported_count(self) -> int:
        """Units whose return (final or draft) has been collected."""
        return sum(1 for r in self.reports if r.state != NOT_REPORTED)

    def report_of(self, unit: str) -> UnitReport | None:
        return next((r for r in self.reports if r.unit == unit), None)


def consolidation_title(consolidation: Consolidation) -> str:
    """2022年玉林市优化营商环境创新创业专项实施方案指标任务完成情况汇总表; the year added when missing."""
    year = "" if str(consolidation.year) in consolidation.plan_title else f"{consolidation.year}年"
    return f"{year}{consolidation.plan_title}指标任务完成情况汇总表"


def status_title(consolidation: Consolidation) -> str:
    """The title of the 报送情况 sheet: 玉林市各单位2022年10月完成情况表报送情况."""
    return f"{consolidation.city}各单位{consolidation.period.label}完成情况表报送情况"


def target_format(kind: IndicatorKind, target: float | None) -> str:
    """Targets as compact as a unit column allows: 18, 35% (a growth target: the indicator says 增长率), 1%."""
    if kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO):
        return number_format(target, suffix="%")
    return number_format(target)


def actual_format(kind: IndicatorKind, actual: float | None) -> str:
    return number_format(actual, suffix="%" if kind is IndicatorKind.RATIO else "")


def indicator_text(line: ConsolidationLine) -> str:
    """The indicator, and under it the city's own target, so the sums can be read against it."""
    if line.city_target is None:
        return official(line.indicator)
    figure = plain_number(line.city_target)
    if line.kind is IndicatorKind.GROWTH:
        goal = f"增长{figure}%"
    else:
        goal = f"{figure}{'%' if line.kind is IndicatorKind.RATIO else line.measure}"
    # "不低于" is what a target means unless said otherwise; only the rarer at-most target is spelt out.
    limit = "不高于" if line.direction is Direction.AT_MOST else ""
    return f"{official(line.indicator)}\n市目标：{limit}{goal}"


def measure_text(line: ConsolidationLine) -> str:
    """计量单位 of the 完成 column: a growth indicator's actual is an amount, its target a %."""
    if line.kind is IndicatorKind.RATIO:
        return "%"
    return line.measure


NOT_ASSIGNED_WORD = "未分解"


@dataclass(frozen=True)
class FigureCells:
    """One unit's (or the total's) cells for one indicator, as printed: values, number formats, status word.

    `rate` is a fraction, or a word where there is no rate (缺基数, —); `status` is the status word, or ""
    where there is nothing to judge (a total not added up, a task not the unit's).
    """

    target: object
    target_format: str
    actual: object
    actual_format: str
    rate: object
    status: str

    @property
    def judged(self) -> bool:
        return self.status not in ("", NOT_ASSIGNED_WORD, Status.NO_TARGET.value, Status.NO_BASELINE.value)


def figure_cells(line: ConsolidationLine, figure: UnitFigure | None, *, total: bool = False) -> FigureCells:
    """The cells of a unit (or of 全市合计) for a line: — where the task is not the unit's or not added up."""
    if figure is None or (total and not line.summed):
        return FigureCells(NOT_SUMMED, "General", NOT_SUMMED, "General", NOT_SUMMED, "")
    if figure.target is None and figure.actual is None:
        # Named in the task but given no quota: nothing to reach and nothing to report (never 未填报).
        return FigureCells(NOT_SUMMED, "General", None, "General", NOT_SUMMED, NOT_ASSIGNED_WORD)
    target: object = NOT_SUMMED if figure.target is None else figure.target
    rate: object = None if figure.rate is None else round(figure.rate, 6)
    if rate is None and figure.actual is not None and figure.target is not None and line.kind is IndicatorKind.GROWTH:
        # A growth rate needs the unit's base-year figure; say why the rate is missing rather than leave a gap.
        rate = Status.NO_BASELINE.value
    return FigureCells(
        target=target,
        target_format=target_format(line.kind, figure.target) if figure.target is not None else "General",
        actual=figure.actual,
        actual_format=actual_format(line.kind, figure.actual),
        rate=rate,
        # 全市合计 with some units still to report: its figures are the reported units', so it is 未报齐, not
        # 未填报 (which reads as if the city had nothing) beside a completion figure.
        status=NOT_COMPLETE if total and figure.status is Status.NOT_REPORTED and figure.actual is not None
        else figure.status.value,
    )

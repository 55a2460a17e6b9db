"""全市合计: what the city's units add up to for one indicator, 市本级's own figures included.

The counties' quotas and figures are added to the city's own (市本级: the city bureau's direct work, such
as city-level platforms or projects). Only counts and amounts add up; a growth rate or a share of a
budget does not (two counties growing 35 % do not make 70 %), so those have no total. The total is
measured against the city's goal where the plan states one, and judged like any figure once figures are in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.plans import Direction, IndicatorKind
from domain.progress import Status, completion_rate, numeric_status

# Kinds whose unit figures add up to a city figure.
ADDED_KINDS = (IndicatorKind.STOCK, IndicatorKind.INCREMENT)


@dataclass(frozen=True)
class Contribution:
    """One unit's part in a total: its own quota (None when it has none) and what it reported."""

    unit: str
    target: float | None
    actual: float | None


@dataclass(frozen=True)
class CityTotal:
    """全市合计 of one indicator, and how it was made up (for the tooltip that explains it).

    `target` is what the total is measured against: the city's goal when the plan states one (市目标 101家),
    else the sum of the units' quotas. `quota_sum` is that sum either way (各单位分解数合计 102: "不低于"
    quotas may add up to more than the goal), shown beside it, never in its place.
    """

    target: float | None
    actual: float | None
    rate: float | None
    status: Status
    counties_actual: float | None
    own_actual: float | None
    missing: tuple[str, ...]
    target_is_city_goal: bool
    quota_sum: float | None = None

    @property
    def partial(self) -> bool:
        """Figures are in, but some units with a quota have not reported: the total can only grow."""
        return self.actual is not None and bool(self.missing)

    @property
    def missing_text(self) -> str:
        """3 个单位未填报, for the cell; empty when everyone with a quota has reported (or nobody has)."""
        return f"{len(self.missing)} 个单位未填报" if self.partial else ""

    @property
    def target_text(self) -> str:
        """目标值：全市目标 101（各单位分解数合计 102）, or the quotas' sum when the plan states no goal."""
        if self.target is None:
            return "目标值：方案未写全市目标，也未分解到各单位"
        if self.target_is_city_goal:
            quotas = "（各单位未分解）" if self.quota_sum is None else f"（各单位分解数合计 {_plain(self.quota_sum)}）"
            return f"目标值：全市目标 {_plain(self.target)}{quotas}"
        return f"目标值：各单位分解数合计 {_plain(self.target)}（方案未写全市目标）"

    @property
    def explanation(self) -> str:
        """How the total is made up: its target, 全市合计 = 各县（市、区）合计 12 + 市本级 3, who is missing."""
        parts = [f"各县（市、区）合计 {_plain(self.counties_actual)}"]
        if self.own_actual is not None:
            parts.append(f"市本级 {_plain(self.own_actual)}")
        lines = [self.target_text, "全市合计完成值 = " + " + ".join(parts)]
        if self.partial:
            lines.append(f"状态按已填报的合计判断；尚未填报：{'、'.join(self.missing)}")
        elif self.missing:
            lines.append(f"尚未填报：{'、'.join(self.missing)}")
        return "\n".join(lines)


def adds_up(kind: IndicatorKind) -> bool:
    """Whether an indicator's unit figures add up to a city figure (stock and increment only)."""
    return kind in ADDED_KINDS


def city_total(
    kind: IndicatorKind,
    direction: Direction,
    city_target: float | None,
    counties: Sequence[Contribution],
    own: Contribution | None,
    progress: float,
    day: date,
    deadline: date,
) -> CityTotal | None:
    """The city's total of an indicator, or None when the kind does not add up.

    Target: the city's goal when the plan states one, else the sum of the quotas (the counties' and
    市本级's). Actual: the sum of every figure reported, 市本级's included. Status, as for a unit's figure:
    while nothing is reported, 未填报 (逾期 after the deadline); once figures are in, the rate of what is in
    decides (已完成, 正常, 滞后, 逾期; 无目标 without any target), even while some units are still missing:
    the total can only grow, and the cell says how many units are missing (`partial`, `missing_text`).
    """
    if not adds_up(kind):
        return None
    everyone = [*counties, *([own] if own is not None else [])]
    targets = [c.target for c in everyone if c.target is not None]
    actuals = [c.actual for c in everyone if c.actual is not None]
    county_actuals = [c.actual for c in counties if c.actual is not None]
    quota_sum = sum(targets) if targets else None
    target = city_target if city_target is not None else quota_sum
    actual = sum(actuals) if actuals else None
    rate = completion_rate(kind, direction, target, actual)
    status = numeric_status(rate, progress, day, deadline, actual is not None)
    return CityTotal(
        target=target,
        actual=actual,
        rate=rate,
        status=status,
        counties_actual=sum(county_actuals) if county_actuals else None,
        own_actual=own.actual if own is not None else None,
        missing=tuple(c.unit for c in everyone if c.target is not None and c.actual is None),
        target_is_city_goal=city_target is not None,
        quota_sum=quota_sum,
    )


def _plain(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if value == int(value) else f"{value:g}"

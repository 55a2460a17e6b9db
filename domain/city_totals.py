"""全市合计: what the city's units add up to for one indicator, 市本级's own figures included.

The counties' quotas and figures are added to the city's own (市本级: the city bureau's direct work, such
as city-level platforms or projects). Only counts and amounts add up; a growth rate or a share of a
budget does not (two counties growing 35 % do not make 70 %), so those have no total.
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
    """全市合计 of one indicator, and how it was made up (for the tooltip that explains it)."""

    target: float | None
    actual: float | None
    rate: float | None
    status: Status
    counties_actual: float | None
    own_actual: float | None
    missing: tuple[str, ...]
    target_is_city_goal: bool

    @property
    def explanation(self) -> str:
        """全市合计 = 各县（市、区）合计 12 + 市本级 3; and who has not reported yet."""
        parts = [f"各县（市、区）合计 {_plain(self.counties_actual)}"]
        if self.own_actual is not None:
            parts.append(f"市本级 {_plain(self.own_actual)}")
        text = "全市合计完成值 = " + " + ".join(parts)
        if self.target_is_city_goal:
            text += "\n目标值为全市目标（各单位未分解）"
        if self.missing:
            text += f"\n尚未填报：{'、'.join(self.missing)}"
        return text


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

    The target is the sum of the quotas (the counties' and 市本级's own), or the city's goal when no unit
    has one; the actual is the sum of every figure reported, 市本级's included. While a unit with a quota
    has not reported, the status is 未填报 (the rate stands): 滞后 would be a verdict on missing figures.
    """
    if not adds_up(kind):
        return None
    everyone = [*counties, *([own] if own is not None else [])]
    targets = [c.target for c in everyone if c.target is not None]
    actuals = [c.actual for c in everyone if c.actual is not None]
    county_actuals = [c.actual for c in counties if c.actual is not None]
    target = sum(targets) if targets else city_target
    actual = sum(actuals) if actuals else None
    rate = completion_rate(kind, direction, target, actual)
    status = numeric_status(rate, progress, day, deadline, actual is not None)
    missing = tuple(c.unit for c in everyone if c.target is not None and c.actual is None)
    if missing:
        status = Status.NOT_REPORTED
    return CityTotal(
        target=target,
        actual=actual,
        rate=rate,
        status=status,
        counties_actual=sum(county_actuals) if county_actuals else None,
        own_actual=own.actual if own is not None else None,
        missing=missing,
        target_is_city_goal=not targets and city_target is not None,
    )


def _plain(value: float | None) -> str:
    if value is None:
        return "—"
    return str(int(value)) if value == int(value) else f"{value:g}"

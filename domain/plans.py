"""Plans, tasks, indicators and quotas: what a city hands down."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.periods import Period


class IndicatorKind(StrEnum):
    STOCK = "stock"
    INCREMENT = "increment"
    GROWTH = "growth"
    RATIO = "ratio"
    QUALITATIVE = "qualitative"

    @property
    def label(self) -> str:
        return {
            "stock": "保有量",
            "increment": "新增/累计",
            "growth": "增长率",
            "ratio": "占比/强度",
            "qualitative": "定性",
        }[self.value]

    @property
    def is_numeric(self) -> bool:
        return self is not IndicatorKind.QUALITATIVE


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"

    @property
    def label(self) -> str:
        return "不低于" if self is Direction.AT_LEAST else "不高于"


# The measures an indicator is counted in, as a table's 计量单位 cell or "(场)" after a name states them: amounts,
# ratios and every classifier officials count in (the quota grammar reads the same words, domain.quota_tokens).
# ‰ is a ratio's measure as % is; 个百分点 a change of a ratio in points (an increment of points, not a %).
MEASURES = (
    "家", "项", "个", "万元", "亿元", "千元", "元", "%", "‰", "个百分点", "人次", "人年", "人天", "家次", "场次",
    "批次", "户次", "项次", "人", "名", "件", "次", "所", "座", "条", "篇", "台", "套", "场", "期", "批", "户", "部",
    "册", "份", "例", "位", "种", "处", "支", "队", "门", "届", "轮", "吨", "亩", "公顷", "平方米", "平方公里",
    "万人次", "株", "辆", "间", "栋", "",
)  # fmt: skip


@dataclass
class Quota:
    """One unit's share of an indicator; `unit` is the registry's full name."""

    unit: str
    target: float | None = None
    baseline: float | None = None
    source: str = ""


@dataclass
class Indicator:
    """A measurable quantity of a task; `target` is the city total (for growth and ratio, in %)."""

    name: str
    measure: str = ""
    kind: IndicatorKind = IndicatorKind.QUALITATIVE
    direction: Direction = Direction.AT_LEAST
    target: float | None = None
    quotas: list[Quota] = field(default_factory=list)

    def quota_for(self, unit: str) -> Quota | None:
        return next((q for q in self.quotas if q.unit == unit), None)

    @property
    def target_measure(self) -> str:
        """The measure the target is written in: % for growth and ratio (‰ for a ratio measured in ‰)."""
        if self.kind is IndicatorKind.RATIO and self.measure == "‰":
            return "‰"
        if self.kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO):
            return "%"
        return self.measure


@dataclass
class Task:
    """One row of the breakdown table (细化任务); city-row fields repeat on each of its sub-tasks."""

    seq: str
    text: str
    city_seq: str = ""
    topic: str = ""
    region_goal: str = ""
    region_task: str = ""
    city_goal: str = ""
    responsible: str = ""
    deadline: date | None = None
    lead: str = ""
    partners: str = ""
    note: str = ""
    indicators: list[Indicator] = field(default_factory=list)

    def indicator(self, name: str | None = None) -> Indicator | None:
        """The named indicator, or the only one when `name` is None."""
        if name is None:
            return self.indicators[0] if len(self.indicators) == 1 else None
        return next((i for i in self.indicators if i.name == name), None)


@dataclass
class Plan:
    """The issuing document (方案 / 工作要点) and its breakdown table."""

    title: str
    year: int
    key: str = ""
    doc_number: str = ""
    issuer: str = ""
    city: str = ""
    issued: date | None = None
    table_title: str = ""
    tasks: list[Task] = field(default_factory=list)
    id: int | None = None

    @property
    def start(self) -> date:
        """Tasks run from 1 January of the plan's year (DOMAIN.md: 序时进度)."""
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def task(self, seq: str) -> Task | None:
        wanted = normalize_seq(seq)
        return next((t for t in self.tasks if normalize_seq(t.seq) == wanted), None)

    def deadline_of(self, task: Task) -> date:
        """A task without a stated deadline runs to the end of the plan's year."""
        return task.deadline or self.end


def normalize_seq(seq: str) -> str:
    """`(237)`, `（237）` and `237` are the same serial."""
    return re.sub(r"[()（）\s]", "", str(seq))


def display_seq(seq: str) -> str:
    """Sub-task serials are printed in brackets, as in the city's table: (237)."""
    bare = normalize_seq(seq)
    return f"({bare})" if bare.isdigit() else bare


def task_concerns_unit(task: Task, unit_name: str, unit_kind: str, unit_short: str = "") -> bool:
    """Whether a unit must report on a task: it has a quota, or the task names it or its kind.

    A task whose quotas go to other units only is not this unit's, even when the city row's
    partners name every county. Otherwise the wording counts: 各县（市、区） means every
    county-level unit that is not a zone, 各开发园区 every zone; a city sees every task.
    """
    if unit_kind == "city":
        return True
    # A quota row holding only a 基数 someone entered assigns nothing: the wording still decides.
    quotas = [q.unit for i in task.indicators for q in i.quotas if q.target is not None]
    if unit_name in quotas:
        return True
    if quotas:
        return False
    offices = f"{task.responsible}{task.lead}{task.partners}"
    if unit_name in offices or (unit_short and unit_short in offices):
        return True
    if unit_kind == "zone":
        return "开发园区" in offices
    return "各县" in offices


def unit_outside_plan(plan_city: str, unit_name: str, unit_city: str) -> str | None:
    """Why a unit cannot report on a city's plan (it belongs to another city), or None when it may.

    A plan without a city (an imported table that names none) accepts every unit.
    """
    if not plan_city or unit_name == plan_city or unit_city == plan_city:
        return None
    return f"{unit_name}不属于{plan_city}，不能填报{plan_city}的方案"


def period_outside_plan(plan_year: int, last_deadline: date | None, period: Period) -> str | None:
    """Why a period is not one of the plan's (before its year, or after its last deadline's year), or None.

    A plan whose tasks carry no deadline (standing measures) runs on: any later year is accepted.
    """
    if period.year < plan_year:
        return f"{period.label}早于方案年度（{plan_year}年），不能填报"
    if last_deadline is not None and period.year > max(plan_year, last_deadline.year):
        last = f"{last_deadline.year}年{last_deadline.month}月{last_deadline.day}日"
        return f"{period.label}晚于方案的最后完成时限（{last}），不能填报"
    return None

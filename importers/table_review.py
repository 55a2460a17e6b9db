"""The review of an imported table: 待确认 items, and the user's decisions on them, applied to the plan.

A figure the reader could not place with certainty (an unknown name, a cell reading "约十几家", a bare
0.25 in a % column, a scope the grammar could not settle) is never stored as read: it becomes a
PendingItem with its sentence or cell and a reason in Chinese. The user (window or command line) then
decides: give the value, map an unknown name to a registered unit, add the name as a new zone of the
city, or fill a quota the table lacks. `apply_review` turns the preview and those decisions into the
plan to store, and the zones to register first; it is pure (no file, no store).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from domain.achievements import InputError
from domain.figures import parse_figure
from domain.plans import Indicator, IndicatorKind, Plan, Quota, normalize_seq
from domain.units import Unit, UnitRegistry


@dataclass
class PendingItem:
    """One 待确认 figure: where it is, what was written, what the reader made of it, and why it asks.

    `id` is stable for the same file ("237/1": task serial, then the item's number within the task), so
    the command line can answer it with --resolve 237/1=18. `unit` is the registry's full name, or ""
    when the name is not one the registry knows; `value` is the figure as read, when there is one, and
    `baseline` the 基数 read with it (in `baseline_measure`). `part` says what a decided value sets: the
    target, or the 基数 when the doubt is about a 基数 cell alone.
    """

    id: str
    seq: str
    indicator: str
    name: str
    unit: str
    value: float | None
    baseline: float | None
    measure: str
    source: str
    reason: str
    rule: str = ""
    row: int = 0
    baseline_measure: str = ""
    part: str = "target"
    sheet: str = ""

    def report(self) -> dict:
        """The item as `import --json` lists it."""
        return {
            "id": self.id, "seq": self.seq, "indicator": self.indicator, "name": self.name,
            "unit": self.unit or None, "value": self.value, "baseline": self.baseline, "measure": self.measure,
            "baseline_measure": self.baseline_measure or self.measure, "part": self.part, "source": self.source,
            "reason": self.reason, "rule": self.rule, "row": self.row or None, "sheet": self.sheet or None,
        }  # fmt: skip

    def read_text(self) -> str:
        """What was read, for a message: "读到 18家", "读到基数 4000万元", "" when nothing was."""
        parts = []
        if self.value is not None:
            parts.append(f"{plain_number(self.value)}{self.measure}")
        if self.baseline is not None:
            parts.append(f"基数 {plain_number(self.baseline)}{self.baseline_measure or self.measure}")
        if not parts:
            return ""
        return "读到 " + "，".join(parts) if self.value is not None else "读到" + parts[0]


def plain_number(value: float) -> str:
    """18.0 as "18", 11.5 as "11.5", 120000 as "120000" (never 1.2e+05)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def number_items(items: list[PendingItem]) -> None:
    """Give each item its stable id: the task's serial and its number among that task's items."""
    counts: dict[str, int] = {}
    for item in items:
        seq = normalize_seq(item.seq)
        counts[seq] = counts.get(seq, 0) + 1
        item.id = f"{seq}/{counts[seq]}"


class ReviewError(ValueError):
    """A decision that cannot be applied (unknown id, a name that is no unit, a value that is no number)."""


@dataclass
class Review:
    """The user's decisions on a preview; cell keys are (task serial, indicator name, unit full name).

    `values` set a quota's target (None removes it: the unit gets no quota);
    `resolved` answers pending items by id (None: left out); `mapped` sends a name as written to a
    registered unit; `zones` are names to register as new zones of the plan's city, each by the name the
    user gave in `zone_names` (by default without 管委会, the name as written kept as an alias);
    `dropped` are rows (task serial, indicator) the user struck out as junk; `accept_certain` stores what was
    read with certainty and leaves out what nobody decided.
    """

    values: dict[tuple[str, str, str], float | None] = field(default_factory=dict)
    resolved: dict[str, float | None] = field(default_factory=dict)
    mapped: dict[str, str] = field(default_factory=dict)
    zones: list[str] = field(default_factory=list)
    zone_names: dict[str, str] = field(default_factory=dict)
    accept_certain: bool = False
    dropped: set[tuple[str, str]] = field(default_factory=set)

    def drops(self, seq: str, indicator: str) -> bool:
        """Whether the user dropped this row (task serial, indicator name): junk, nothing of it is stored."""
        return (normalize_seq(seq), indicator) in self.dropped

    def zone_name(self, name: str) -> str:
        """The name a new zone written `name` in the table is registered by."""
        from importers.table_places import zone_own_name

        given = re.sub(r"\s+", "", self.zone_names.get(name, ""))
        return given or zone_own_name(name)

    def undecided(self, pending: list[PendingItem]) -> list[PendingItem]:
        """The pending items no decision covers (a value given for its cell counts as a decision)."""
        left = []
        for item in pending:
            if self.drops(item.seq, item.indicator):
                continue
            unit = self.unit_of(item)
            if item.id in self.resolved and (unit or self.resolved[item.id] is None):
                continue  # a value for a name that goes to no unit yet is not a decision
            if unit and (normalize_seq(item.seq), item.indicator, unit) in self.values:
                continue
            if not item.unit and unit and item.value is not None:
                continue  # only the name was in doubt, and the user has placed it
            left.append(item)
        return left

    def unit_of(self, item: PendingItem) -> str:
        """The unit an item goes to: as read, as mapped by the user, or the new zone of that name."""
        if item.name in self.mapped:
            return self.mapped[item.name]
        if item.name in self.zones:
            return self.zone_name(item.name)
        return item.unit


# A decline is kept as the size of the decline under an indicator named for it (单位GDP能耗下降 不低于3%).
_DECREASE_HINT = (
    "分解指标不能为负数或写“下降”（{bare}）：下降类指标请填写下降幅度，如 3%（指标名称写明“下降”，"
    "如“单位GDP能耗下降”；名称中没有时，请导入后在方案中修改指标名称）"
)


def parse_decision_value(text: str, measure: str = "") -> float | None:
    """A value the user typed for a quota: "18", "不低于18家", "25%", "1.2亿元"; "无"/"跳过"/"" leave it out.

    Raises ReviewError in Chinese for text that is no figure.
    """
    bare = re.sub(r"\s+", "", str(text))
    if bare in ("", "无", "跳过", "不分解", "删除", "-", "—"):
        return None
    try:
        figure = parse_figure(bare, measure)
    except InputError as exc:
        if re.match(r"^(?:下降|降低|减少|压减|下调)", bare) or bare.startswith(("-", "－")):
            raise ReviewError(_DECREASE_HINT.format(bare=bare)) from None
        raise ReviewError(f"{exc}，请填写数字，如 18 或 25%") from None
    if figure is None:
        return None
    if figure.value < 0:
        raise ReviewError(_DECREASE_HINT.format(bare=bare))
    return figure.value


def check_review(
    review: Review, pending: list[PendingItem], registry: UnitRegistry, city: str, plan: Plan | None = None
) -> None:
    """Refuse decisions that name an unknown item or unit, a zone name the registry already has, or that
    map a name onto a unit that already has its own quota for the same indicator (two figures, one unit)."""
    ids = {p.id for p in pending}
    for item_id in review.resolved:
        if item_id not in ids:
            known = "、".join(sorted(ids)) or "（本表没有待确认项）"
            raise ReviewError(f"没有编号为“{item_id}”的待确认项；本表的待确认项：{known}")
    for name, unit in review.mapped.items():
        target = registry.resolve(unit)
        if target is None and unit not in review.zones:
            raise ReviewError(f"“{unit}”不是登记表中的单位，不能把“{name}”对应到它")
        if target is not None and city and target.city != city:
            raise ReviewError(f"“{target.name}”不属于{city}，不能把“{name}”对应到它")
        if target is not None:
            review.mapped[name] = target.name
    for zone in review.zones:
        if not city:
            raise ReviewError(f"无法判断本表属于哪个市，不能新增开发区“{zone}”；请先在设置中选定本机所属的市")
        named = review.zone_name(zone)
        existing = registry.resolve(named) or registry.resolve(zone)
        if existing is not None:
            shown = f"“{named}”" if named == zone else f"“{zone}”的登记名称“{named}”"
            raise ReviewError(f"{shown}已是登记表中的单位（{existing.name}），请用“对应到已有单位”或另起名称")
    if plan is not None:
        apply_review(plan, pending, review)  # two figures for one unit are refused there


def new_zones(review: Review, city: str) -> list[Unit]:
    """The zones the review adds to the registry, as units of the plan's city; the name as written in the
    table is kept as an alias when the zone is registered by another name, so next year's table finds it."""
    zones = []
    for written in dict.fromkeys(review.zones):
        named = review.zone_name(written)
        plain = re.sub(r"\s+", "", written)
        # Its own name first: the first alias is the short name tables and returns show.
        aliases = (named, plain) if plain != named else ()
        zones.append(Unit(named, city, "zone", aliases))
    return zones


def apply_review(plan: Plan, pending: list[PendingItem], review: Review) -> Plan:
    """The plan to store: certain quotas, plus pending items as decided, plus values the user typed, without
    the rows the user dropped (a task all of whose rows are dropped goes too).

    Every undecided pending item is left out (the caller refuses to store when it must ask first).
    Pure: the preview's plan is not changed.
    """
    result = copy.deepcopy(plan)
    if review.dropped:
        tasks = []
        for task in result.tasks:
            kept = [i for i in task.indicators if not review.drops(task.seq, i.name)]
            if task.indicators and not kept:
                continue  # every row of the task struck out: the task is junk too (a page number, a header)
            task.indicators = kept
            tasks.append(task)
        result.tasks = tasks
    indicators = {(normalize_seq(t.seq), i.name): i for t in result.tasks for i in t.indicators}
    placed: dict[tuple[str, str, str], tuple[str, bool]] = {}
    for item in pending:
        unit = review.unit_of(item)
        key = (normalize_seq(item.seq), item.indicator)
        indicator = indicators.get(key)
        if indicator is None or not unit:
            continue
        is_baseline = item.value is None and (item.baseline is not None or item.part == "baseline")
        if item.id in review.resolved:
            value = review.resolved[item.id]
        elif review.mapped.get(item.name) or item.name in review.zones:
            value = item.baseline if is_baseline else item.value  # only the name was the doubt
        else:
            continue
        if value is None:
            continue
        if is_baseline:
            _put_baseline(indicator, unit, value, item.source)
            continue
        key3 = (*key, unit)
        existing = indicator.quota_for(unit)
        if existing is not None and existing.target is not None:
            if item.unit == unit and key3 not in placed:
                # A later figure the table gives a unit that already has one: the decision replaces it, and
                # the source keeps both.
                placed[key3] = (item.name, True)
                source = (f"{item.source}（{_decided(item)}；表中另有 {plain_number(existing.target)}"
                          f"（{existing.source}），改为 {plain_number(value)}）")  # fmt: skip
                _put(indicator, unit, value, item.baseline, source)
                continue
            name, registered = placed.get(key3, ("", True))
            came = "" if registered else f"，由“{name}”对应而来"
            advice = "请改选单位，或新增为开发区" if not item.unit else "请只确认其中一项"
            raise ReviewError(
                f"{unit}在任务 {item.seq}“{item.indicator}”已有分解指标 {plain_number(existing.target)}{came}，"
                f"不能再把“{item.name}”的 {plain_number(value)} 也给它；{advice}"
            )
        placed[key3] = (item.name, bool(item.unit))
        _put(indicator, unit, value, item.baseline, f"{item.source}（{_decided(item)}）")
    for (seq, name, unit), value in review.values.items():
        indicator = indicators.get((seq, name))
        if indicator is None:
            continue
        if value is None:
            indicator.quotas = [q for q in indicator.quotas if q.unit != unit]
        else:
            existing = indicator.quota_for(unit)
            source = existing.source if existing and existing.source else "导入时由用户填写"
            if existing is not None and existing.target is not None and existing.target != value:
                source = f"{source}（表中为 {existing.target:g}，导入时由用户改为 {value:g}）"
            _put(indicator, unit, value, existing.baseline if existing else None, source)
    for indicator in indicators.values():
        _numeric_if_filled(indicator)
    return result


def _decided(item: PendingItem) -> str:
    return f"待确认项 {item.id} 经用户确认"


def _put(indicator: Indicator, unit: str, value: float, baseline: float | None, source: str) -> None:
    existing = indicator.quota_for(unit)
    if existing is None:
        indicator.quotas.append(Quota(unit, value, baseline, source))
    else:
        existing.target = value
        existing.baseline = baseline if baseline is not None else existing.baseline
        existing.source = source


def _put_baseline(indicator: Indicator, unit: str, baseline: float, source: str) -> None:
    existing = indicator.quota_for(unit)
    if existing is None:
        indicator.quotas.append(Quota(unit, None, baseline, source))
    else:
        existing.baseline = baseline


def _numeric_if_filled(indicator: Indicator) -> None:
    # A quota typed for an indicator the reader found no figure in makes it a numeric one.
    if indicator.quotas and indicator.kind is IndicatorKind.QUALITATIVE:
        indicator.kind = IndicatorKind.INCREMENT

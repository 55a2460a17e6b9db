"""One quota per unit out of the assignments of a text, or the doubt asked (the last stage of domain.quota_text).

Scopes are expanded here (domain.quota_scopes), once the units named by name are known; then each unit's
targets and baselines are gathered. A unit named by name wins over a scope covering it; two different figures
of the same standing, a figure in another measure, or a list sharing a count without 各 whose meaning the
total does not settle are asked (PendingQuota), never stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.figures import direction_of
from domain.measure_words import COUNT_MEASURES
from domain.numerals import number_text
from domain.quota_assign import NAMED, SCOPED, Assign, Placed, value_in
from domain.quota_clauses import SUM_WORDS
from domain.quota_doubts import doubt_reason
from domain.quota_items import Item, Member
from domain.quota_reading import PendingQuota, QuotaReading, TextQuota
from domain.quota_scopes import RULES, left_out_reason, scope_units
from domain.quota_tokens import PERCENT_MEASURES, Text, Token
from domain.units import Unit, UnitRegistry


@dataclass
class Context:
    text: Text
    registry: UnitRegistry
    city: str
    reading: QuotaReading
    mentioned: set[str]


def expand_scopes(ctx: Context, placed: Placed) -> None:
    """Scoped figures given to the units they mean, or asked about unit by unit (or as a whole when unknown)."""
    named = {a.unit.name for a in placed.assigns if a.tier == NAMED} | ctx.mentioned
    left_out: dict[str, tuple[Item, Member, Token, Unit]] = {}
    for item, member, figure in placed.scoped:
        kind = member.kind
        scope = scope_units(kind, member.written, ctx.registry, ctx.city, named, unknown_names=bool(placed.unknown))
        units, reason = scope.units, scope.reason
        for unit in scope.left_out:
            left_out.setdefault(unit.name, (item, member, figure, unit))
        if kind == "rest" and _is_count(figure) and not item.each and "各" not in member.written:
            reason = reason or f"“{member.written}”后面没有“各”，看不出是每个单位{figure.wording}还是合计"
        if kind == "group":
            reason = f"{reason}：属于它的单位为{figure.wording}"
        rule = RULES.get(kind.removeprefix("unclear_"), "scope_unclear")
        source = ctx.text.show(*_scope_source(item, member))
        clause = ctx.text.show(*item.clause)
        if reason:
            rule = "scope_unclear" if kind.startswith("unclear_") or kind == "hint" else rule
            _ask(ctx, placed, member, units, figure, item, reason, rule, by_unit=kind in ("group", "counted"))
            continue
        for unit in units:
            tier = NAMED if kind == "city_own" else SCOPED
            placed.assigns.append(Assign(unit, unit.name, figure, item.part, rule, tier, source, clause, item.start))
    _ask_left_out(ctx, placed, left_out)


def _ask_left_out(ctx: Context, placed: Placed, left_out: dict[str, tuple[Item, Member, Token, Unit]]) -> None:
    """Units a county scope's words leave out and the text gives nothing else: asked, never given the figure."""
    given = {a.unit.name for a in placed.assigns} | ctx.mentioned
    given |= {p.unit for p in placed.pending if p.unit}
    for name, (item, member, figure, unit) in left_out.items():
        if name in given:
            continue
        placed.pending.append(PendingQuota(unit.name, unit.name, None, figure.measure, ctx.text.show(*item.clause),
                                           left_out_reason(member.written, unit), "scope_kind", item.part))  # fmt: skip


def _is_count(figure: Token) -> bool:
    return figure.measure not in PERCENT_MEASURES


def _scope_source(item: Item, member: Member) -> tuple[int, int]:
    if item.rule == "respectively":
        return (item.start, item.end)
    return (min(member.start, item.clause[0]), max(item.end, item.clause[1]))


def _ask(ctx: Context, placed: Placed, member: Member, units: list, figure: Token, item: Item, reason: str,
         rule: str, *, by_unit: bool = False) -> None:  # fmt: skip
    """Ask about a scope's figure for each unit it may mean; `by_unit` names each question by its unit (the
    scope's words are in the reason), where one question per unit is what the user answers (一类县: 港口区?)."""
    clause = ctx.text.show(*item.clause)
    if not units:
        placed.pending.append(PendingQuota(member.written, None, figure.value, figure.measure, clause, reason, rule,
                                           item.part, figure.wording))  # fmt: skip
    for unit in units:
        name = unit.name if by_unit else member.written
        placed.pending.append(PendingQuota(name, unit.name, figure.value, figure.measure, clause, reason,
                                           rule, item.part, figure.wording))  # fmt: skip


def decide_shared(ctx: Context, placed: Placed) -> None:
    """A list sharing a count without 各 ("北流、容县2家"): each unit's 2 when the total says so, else asked.

    The total settles it when the quotas add up to it with 2 for each unit and not with 2 for all of them. After
    a scope that gives each unit its own figure ("各县（市、区）…不少于40人次，龙胜、资源、灌阳县不少于30人次") the
    list overrides that figure for its units, each ("override"): the words say per unit, then name exceptions.
    """
    reading = ctx.reading
    for item, members in placed.shared:
        figure = item.figures[0]
        units = [m for m in members if m.kind == "unit"]
        if len(units) == len(members) and _after_each_units_scope(ctx, placed, item, figure):
            for member in units:
                placed.assigns.append(Assign(member.unit, member.written, figure, item.part, "override", NAMED,
                                             ctx.text.show(item.start, item.end), ctx.text.show(*item.clause),
                                             item.start))  # fmt: skip
            continue
        others = _others(placed, item)
        value = value_in(figure, reading.measure, total_given=reading.total is not None)
        each_sum, together_sum = others + (value or 0) * len(members), others + (value or 0)
        settled = (
            value is not None and reading.total is not None and abs(each_sum - reading.total) < 1e-6
            and abs(together_sum - reading.total) > 1e-6 and len(units) == len(members)
        )  # fmt: skip
        if settled:
            for member in units:
                placed.assigns.append(Assign(member.unit, member.written, figure, item.part, "shared", NAMED,
                                             ctx.text.show(item.start, item.end), ctx.text.show(*item.clause),
                                             item.start))  # fmt: skip
            continue
        names = "、".join(m.written for m in members)
        reason = f"“{names}”共用一个数字且没有写“各”，看不出是每个单位各{figure.wording}还是合计{figure.wording}"
        if SUM_WORDS.search(ctx.text.plain[item.start : figure.start]):
            reason = f"“{names}”合计{figure.wording}，没有分到各单位"  # "港北区、港南区合计不少于40家"
        for member in members:
            unit = member.unit.name if member.unit else None
            placed.pending.append(PendingQuota(member.written, unit, figure.value, figure.measure,
                                               ctx.text.show(*item.clause), reason, "shared", item.part,
                                               figure.wording))  # fmt: skip


_EACH_SCOPES = ("counties", "zones", "rest", "counted", "two_levels")


def _after_each_units_scope(ctx: Context, placed: Placed, item: Item, figure: Token) -> bool:
    """Whether a scope before the list gave each of its units a figure of the same measure, in the same sentence."""
    if SUM_WORDS.search(ctx.text.plain[item.start : figure.start]):
        return False  # "港北区、港南区合计不少于40家": their sum
    return any(
        scope_item.start < item.start and scope_item.sentence == item.sentence and member.kind in _EACH_SCOPES
        and scope_item.part == item.part and _comparable(scope_figure.measure, figure.measure)
        for scope_item, member, scope_figure in placed.scoped
    )  # fmt: skip


def _comparable(a: str, b: str) -> bool:
    amounts = ("元", "千元", "万元", "亿元")
    return a == b or (a in amounts and b in amounts)


def _others(placed: Placed, item: Item) -> float:
    return sum(a.figure.value or 0 for a in placed.assigns if a.part == "target" and a.position != item.start)


def merge(ctx: Context, placed: Placed) -> None:
    """One TextQuota per unit, in the order the text gives them; doubts to `pending`."""
    reading = ctx.reading
    order: dict[str, int] = {}
    by_unit: dict[str, list[Assign]] = {}
    for index, assign in enumerate(sorted(placed.assigns, key=lambda a: a.position)):
        order.setdefault(assign.unit.name, index)
        by_unit.setdefault(assign.unit.name, []).append(assign)
    scope_percent = _scope_percent_target(placed)
    _asked_by_name_not_by_scope(ctx, placed, by_unit)
    quotas: list[TextQuota] = []
    for name in sorted(by_unit, key=lambda n: order[n]):
        assigns = by_unit[name]
        target = _one(ctx, placed, [a for a in assigns if a.part == "target"], "target")
        baseline = _one(ctx, placed, [a for a in assigns if a.part == "baseline"], "baseline")
        asked_target = target is False
        # What is asked is left out; the other part, when certain, is kept ("基数 kept, target asked").
        target = None if target is False else target
        baseline = None if baseline is False else baseline
        own = target or baseline
        if own is None:
            continue
        if target is None and scope_percent is not None and not asked_target:
            target = scope_percent  # a baseline set for a unit under "各县（市、区）…增长35%" is for that growth
        quotas.append(_quota(ctx, own, target, baseline))
    reading.quotas = quotas


# Doubts about a unit's own figure, raised before the merge: the unit's target is in question, whatever a scope says.
_OWN_DOUBTS = ("shared", "no_measure", "respectively", "unclear_owner", "group", "scope_counted")


def _asked_by_name_not_by_scope(ctx: Context, placed: Placed, by_unit: dict[str, list[Assign]]) -> None:
    """A unit whose own figure is asked gets no scope's figure as certain either: the scope's is named in the
    question ("…龙胜、资源、灌阳县不少于30人次" asked leaves "各县（市、区）…不少于40人次" uncertain for them)."""
    for index, item in enumerate(placed.pending):
        if not item.unit or item.part != "target" or item.rule not in _OWN_DOUBTS or item.unit not in by_unit:
            continue
        scoped = [a for a in by_unit[item.unit] if a.tier == SCOPED and a.part == "target" and a.clause != item.clause
                  or (a.tier == SCOPED and a.part == "target" and item.rule in ("shared", "group"))]  # fmt: skip
        scoped = [a for a in scoped if not (item.rule in ("group", "scope_counted") and a.rule == RULES.get("group"))]
        if not scoped:
            continue
        by_unit[item.unit] = [a for a in by_unit[item.unit] if a not in scoped]
        if item.rule == "group":
            also = "；".join(f"“{a.source}”" for a in scoped)
            reason = f"{item.reason}；不属于的按{also}为{scoped[0].figure.wording}，请确认"
        else:
            also = "；".join(f"另有“{a.source}”（{a.figure.wording}）" for a in scoped)
            reason = f"{item.reason}；{also}，{item.unit}的目标待确认，未按它登记"
        placed.pending[index] = replace(item, reason=reason)


def _scope_percent_target(placed: Placed) -> Assign | None:
    """The one scope-wide growth or ratio target of the text ("各县（市、区）…增长35%以上"), if there is one."""
    found = {(a.figure.value, a.source): a for a in placed.assigns
             if a.tier == SCOPED and a.part == "target" and a.figure.measure == "%" and a.rule != "rest"
             and not a.figure.doubt}  # fmt: skip
    return next(iter(found.values())) if len(found) == 1 else None


def _one(ctx: Context, placed: Placed, assigns: list[Assign], part: str) -> Assign | None | bool:
    """The assignment that stands for a unit's target (or baseline); False when two disagree (then asked)."""
    if not assigns:
        return None
    tier = min(a.tier for a in assigns)
    chosen = [a for a in assigns if a.tier == tier]
    doubtful = [a for a in chosen if a.figure.doubt]
    if doubtful:
        # "德保县约5家…其余县各不少于10家": the unit's own figure is in doubt, so is the unit; the scope's
        # figure is no answer for it either.
        for assign in doubtful:
            _pending_of(placed, assign, doubt_reason(assign.figure), assign.figure.doubt)
        return False
    reading = ctx.reading
    values = []
    for assign in chosen:
        if part == "baseline":
            value = value_in(assign.figure, reading.baseline_measure, total_given=False)
        else:
            value = value_in(assign.figure, reading.measure, total_given=reading.total is not None)
        if value is None:
            wanted = reading.baseline_measure if part == "baseline" else reading.measure
            reason = f"计量单位“{assign.figure.measure}”与本指标的“{wanted}”不同，可能是另一项指标"
            _pending_of(placed, assign, reason, "measure")
            return False
        wanted = reading.baseline_measure if part == "baseline" else reading.measure
        if (wanted or assign.figure.measure) in COUNT_MEASURES and abs(value - round(value)) > 1e-9:
            # "藤县1.5个": a count is whole; a decimal is a slip or a share of something — asked, never stored.
            written = f"{number_text(value)}{wanted or assign.figure.measure}"
            _pending_of(placed, assign, f"“{written}”是小数，按个数计的目标应为整数：请确认", "decimal_count")
            return False
        values.append(value)
    if len({round(v, 6) for v in values}) > 1:
        for assign in chosen:
            others = "、".join(f"{a.figure.wording}（“{a.source}”）" for a in chosen if a is not assign)
            what = "基数" if part == "baseline" else "目标"
            _pending_of(placed, assign, f"{assign.unit.name}的{what}出现两次且不同，另一处为{others}", "conflict")
        return False
    return chosen[0]


def _pending_of(placed: Placed, assign: Assign, reason: str, rule: str) -> None:
    figure = assign.figure
    placed.pending.append(PendingQuota(assign.written, assign.unit.name, figure.value, figure.measure,
                                       assign.clause, reason, rule, assign.part, figure.wording))  # fmt: skip


def _quota(ctx: Context, own: Assign, target: Assign | None, baseline: Assign | None) -> TextQuota:
    """`own` is the unit's own assignment (its target, else its baseline): it gives the unit and the rule."""
    reading = ctx.reading
    target_value = baseline_value = None
    if target is not None:
        target_value = value_in(target.figure, reading.measure, total_given=reading.total is not None)
        measure = reading.measure or target.figure.measure
    if baseline is not None:
        baseline_value = value_in(baseline.figure, reading.baseline_measure, total_given=False)
        if target is None:
            measure = reading.baseline_measure
    source = own.source
    if target is not None and baseline is not None and baseline.source not in target.source:
        source = f"{target.source}；{baseline.source}"
    direction = direction_of(target.figure.qualifier, target.figure.after) if target else direction_of(None)
    main = target or own
    return TextQuota(own.unit.name, own.written, target_value, baseline_value, measure, direction, source,
                     main.rule, main.clause, main.figure.wording)  # fmt: skip

"""Quotas written inside sentences: "北流不低于18家，容县不低于14家", "兴业县、玉东新区基础数分别为800万元、1000万元".

Cities put each unit's share of an indicator into the sub-task text of their breakdown table. This module reads
those sentences with a small grammar, in three stages:

1. tokens (domain.quota_tokens): figures with their measure and qualifiers ("不低于18家", "十四家", "1.2亿元",
   "15%以上", "2‰", "0.5个百分点"), bare numbers of lists ("分别为18、14、10家"), scope words (全市, 市本级,
   各县（市、区）, 县级, 每个县（区）, 各开发园区, 其余各县（区）…), separators, and the words between;
2. clauses and items (domain.quota_clauses): who each figure is for, by a rule: "item" (北流18家), "line"
   (江州区：8家), "named_each" (北流、容县各2家), "respectively" (…分别为18、14家 / 基数分别按…计),
   "shared" (北流、容县2家, no 各), or a scope: "scope_counties", "scope_zones", "scope_city" (市本级),
   "rest" (其余… / 除…外，各县…), "two_levels" (市县两级…分别2%、1%);
3. scoped assignments (domain.quota_assign, domain.quota_scopes, domain.quota_merge): names resolved through
   the registry, scopes expanded to the city's units, one target and one baseline per unit.

A doubt is asked, never guessed: what cannot be placed with certainty is not a quota but a PendingQuota in
`QuotaReading.pending` (待确认) with its clause and a reason in Chinese. Sent to 待确认: a name the registry
does not know (also in `unresolved`, rule "unknown_name"); two different figures for one unit ("conflict");
其余 when the rest cannot be told ("rest"); a scope that is not its clause's subject ("推动各县（市、区）…") or
has no 各 ("县（市、区）…70名") ("scope_unclear"); a list sharing a count without 各 unless the total settles
it ("shared"); a figure in another measure ("measure"); a bare number whose measure is stated nowhere
("no_measure"); a 分别 list whose names and numbers do not pair up ("respectively"); a short name that may be
part of a word, "资源共享平台" ("name_unclear"); a scope without a city (the scope's rule).

Measures: 元/万元/亿元 amounts convert to the indicator's measure (a baseline in 亿元 under a 万元 indicator);
"%", "‰" and "个百分点" are measures of their own (a ‰ target stays ‰; 个百分点 is a change in points), and
`percent` says the total is a "%". The figure's words (不低于 / 以上 / 左右 / 力争) stay in `wording`; the
direction (at least / at most) is derived from them.

Contract (the table importer builds on it): read_quotas(text, registry, *, measure, city, check_total) ->
QuotaReading(quotas, total, total_source, name, measure, direction, percent, unresolved, notes, warnings,
pending); TextQuota(unit, written, target, baseline, measure, direction, source, rule, clause, wording);
PendingQuota(name, unit, value, measure, clause, reason, rule, part, wording). Added to the first contract:
TextQuota.wording, PendingQuota.part/wording/message, QuotaReading.baseline_measure (the baselines' measure;
amounts meet in it). A 市本级 quota is the city unit's own (its `unit` is the city, e.g. 玉林市); 全市 is the
total, never a unit's quota.
"""

from __future__ import annotations

import re

from domain.figures import convert_amount, direction_of
from domain.plans import Direction, IndicatorKind
from domain.quota_assign import Candidate, Placed, Placer
from domain.quota_clauses import read_items
from domain.quota_merge import Context, decide_shared, expand_scopes, merge
from domain.quota_names import indicator_name, name_before
from domain.quota_reading import PendingQuota, QuotaReading, TextQuota
from domain.quota_tokens import PERCENT_MEASURES, prepare, tokenize
from domain.units import UnitRegistry

__all__ = ["PendingQuota", "QuotaReading", "TextQuota", "check_sum", "guess_kind", "read_quotas"]
_AMOUNTS = ("元", "千元", "万元", "亿元")


def guess_kind(name: str, text: str, measure: str) -> IndicatorKind:
    """The indicator kind its wording implies (DOMAIN.md's table of kinds); ‰ reads as % does."""
    if not measure:
        return IndicatorKind.QUALITATIVE
    if measure in ("%", "‰"):
        if re.search(r"强度|比重|占比|比例|覆盖率", name):
            return IndicatorKind.RATIO
        return IndicatorKind.GROWTH if re.search(r"增长|增幅|提高", text) else IndicatorKind.RATIO
    if re.search(r"保有量|总数|总量|存量|拥有|中有|保持", name + text[:40]):
        return IndicatorKind.STOCK
    return IndicatorKind.INCREMENT


def read_quotas(
    text: str, registry: UnitRegistry, *, measure: str = "", city: str = "", check_total: bool = True
) -> QuotaReading:
    """Read the quotas, the stated total and the indicator name out of one sentence or cell.

    `measure` is the indicator's measure when the table states it (amounts are converted to it, and a bare
    number takes it); `city` limits names to that city's units and lets scopes (各县（市、区）, 其余…, 市本级)
    stand for them. With check_total=False the quotas' sum is not compared with the total (one unit's copy).
    What cannot be placed with certainty is in `pending`, never in `quotas`.
    """
    prepared = prepare(text)
    items, mentioned = read_items(prepared, tokenize(prepared), registry, city)
    placed = Placer(prepared, registry, city, measure).place(items)
    reading = QuotaReading()
    reading.unresolved = list(dict.fromkeys(name for _, name in sorted(placed.unknown, key=lambda pair: pair[0])))
    total = _total_candidate(placed)
    reading.measure = _choose_measure(measure, total, placed)
    reading.baseline_measure = _baseline_measure(reading.measure, placed)
    if total is not None:
        _set_total(reading, total)
        others = [c for c in placed.candidates if c.start < total.start and c.figure.measure == total.figure.measure]
        if others and (placed.assigns or placed.scoped or placed.shared):
            reading.notes.append(f"总目标取“{total.source}”，同一段文字前面另有“{others[-1].source}”，请核对")
    elif placed.candidates and not (placed.assigns or placed.scoped or placed.shared):
        # A figure after the quotas names no indicator of theirs ("江州区新增5家、科技型中小企业10家").
        reading.name = indicator_name(placed.candidates[0].name, placed.candidates[0].context)
        reading.percent = placed.candidates[0].figure.measure == "%"
    ctx = Context(prepared, registry, city, reading, mentioned)
    expand_scopes(ctx, placed)
    decide_shared(ctx, placed)
    merge(ctx, placed)
    _total_from_scope(reading, placed, prepared.plain, prepared.shown)
    targets = [q for q in reading.quotas if q.target is not None]
    if targets and all(q.direction is Direction.AT_MOST for q in targets):
        reading.direction = Direction.AT_MOST
    reading.pending = _unique(placed.pending)
    reading.warnings.extend(placed.warnings)
    if check_total:
        check_sum(reading)
    return reading


def _total_candidate(placed: Placed) -> Candidate | None:
    """The total: the first figure naming no unit before the first quota, else one marked 合计/全市/共…."""
    positions = [a.position for a in placed.assigns if a.part == "target"]
    positions += [i.start for i, _, _ in placed.scoped] + [i.start for i, _ in placed.shared]
    if not positions:
        return placed.candidates[0] if placed.candidates else None
    first_quota = min(positions)
    candidates = placed.candidates
    before = [c for c in candidates if c.start < first_quota]
    if len(before) > 1:
        # "保有量65家，新增30家，其中江州区10家…": the list follows the figure next to it.
        measures = {a.figure.measure for a in placed.assigns if a.part == "target"}
        fitting = [c for c in before if not measures or _fits(c.figure.measure, measures)]
        before = fitting[-1:] or before[-1:]
    before = before or [c for c in candidates if c.is_total]
    return before[0] if before else None


def _fits(measure: str, measures: set[str]) -> bool:
    return measure in measures or (measure in _AMOUNTS and all(m in _AMOUNTS for m in measures))


def _choose_measure(given: str, total: Candidate | None, placed: Placed) -> str:
    """The indicator's measure: the table's, else the one the text writes (amounts meet in 万元)."""
    if given:
        return given
    written = [total.figure.measure] if total is not None else []
    assigns = sorted(placed.assigns, key=lambda a: (a.part != "target", a.position))  # targets before baselines
    written += [a.figure.measure for a in assigns]
    written += [f.measure for i, _, f in placed.scoped if i.part == "target"]
    written += [i.figures[0].measure for i, _ in placed.shared]
    written = [w for w in written if w]
    if not written:
        return ""
    if len(set(written)) == 1:
        return written[0]
    return "万元" if all(w in _AMOUNTS for w in written) else written[0]


def _baseline_measure(measure: str, placed: Placed) -> str:
    """The baselines' measure: the indicator's amount, else the one amount they are written in, else 万元."""
    if measure in _AMOUNTS:
        return measure
    written = {a.figure.measure for a in placed.assigns if a.part == "baseline"}
    written |= {f.measure for i, _, f in placed.scoped if i.part == "baseline"}
    if len(written) == 1:
        return written.pop()
    return "万元" if written and all(w in _AMOUNTS for w in written) else ""


def _set_total(reading: QuotaReading, candidate: Candidate) -> None:
    figure = candidate.figure
    reading.total = convert_amount(figure.value or 0.0, figure.measure, reading.measure)
    reading.total_source = candidate.source
    reading.name = reading.name or indicator_name(candidate.name, candidate.context)
    reading.direction = direction_of(figure.qualifier, figure.after)
    reading.percent = figure.measure == "%"


def _total_from_scope(reading: QuotaReading, placed: Placed, plain: str, shown: str) -> None:
    """A county scope's % alone ("各县（市、区）…增长35%以上"): every unit's rate is at least 35 %, so the city's too.

    Only a % that one county scope gives, with no other target in the text (baselines may stand beside it);
    a count ("各县…不少于5家") says nothing of the city's total.
    """
    if reading.total is not None:
        return
    targets = [a for a in placed.assigns if a.part == "target"]
    if not targets or len({(a.figure.start, a.rule) for a in targets}) != 1:
        return
    assign = targets[0]
    if assign.figure.measure != "%" or assign.rule != "scope_counties":
        return
    reading.total = assign.figure.value
    reading.total_source = assign.source
    reading.percent = True
    reading.direction = direction_of(assign.figure.qualifier, assign.figure.after)
    if not reading.name:
        start, name = name_before(plain, assign.figure.start)
        reading.name = indicator_name(shown[start : start + len(name)])


def _unique(pending: list[PendingQuota]) -> list[PendingQuota]:
    return list(dict.fromkeys(pending))


def check_sum(reading: QuotaReading) -> None:
    """Compare the quotas' sum with the stated total: above an at-least total is a note, below a warning.

    Percentages are not added up: each unit's 35 % is its own rate, not a share of the city's.
    """
    targets = [q.target for q in reading.quotas if q.target is not None]
    if reading.total is None or not targets or reading.percent or reading.measure in PERCENT_MEASURES:
        return
    total = round(sum(targets), 6)
    measure = reading.measure
    if abs(total - reading.total) < 1e-6:
        return
    above = total > reading.total
    line = (
        f"各单位分解数合计 {total:g}{measure}，{'高于' if above else '低于'}总目标 {reading.total:g}{measure}"
        f"（{reading.total_source}）"
    )
    at_least = reading.direction is Direction.AT_LEAST
    if above == at_least:
        reading.notes.append(line + ("，“不低于”允许" if at_least else "，“不高于”允许"))
    else:
        reading.warnings.append(line)

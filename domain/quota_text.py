"""Quotas written inside sentences: "北流不低于18家，容县不低于14家", "兴业县、玉东新区基础数分别为800万元、1000万元".

Cities put each unit's share of an indicator into the sub-task text of their breakdown table. This module reads
those sentences with a small grammar, in four stages:

1. tokens (domain.quota_tokens): figures with their measure and qualifiers ("不低于18家", "十四家", "1.2亿元",
   "15%以上", "2‰", "0.5个百分点"), figures in doubt ("3-5家", "约5家", "十几家", "比港北区少2个",
   domain.quota_doubts), bare numbers of lists ("分别为18、14、10家"), scope words (全市, 市本级, 各县（市、区）,
   县级, 每个县（区）, 各开发园区, 其余各县（区）…), separators, and the words between;
2. clauses and items (domain.quota_clauses): who each figure is for, by a rule: "item" (北流18家), "line"
   (江州区：8家), "named_each" (北流、容县各2家 / 由平果市和百色高新区各负责一家), "respectively" (…分别为18、14家
   / 分别转化8项、6项 / 基数分别按…计), "shared" (北流、容县2家, no 各), "carried" (覃塘区…基数为20家，2023年目标
   25家: the unit before), "dated" (港南区：18家（2022年：15家）), or a scope: "scope_counties", "scope_zones",
   "scope_city" (市本级), "rest" (其余… / 除…外，各县…), "two_levels" (市县两级…分别2%、1%);
3. indicators (domain.quota_segments): a text of several indicators ("港北区R&D经费增长20%、投入强度达到1.5%")
   is split into one segment per indicator, by the words each figure's head says it is of;
4. scoped assignments (domain.quota_assign, domain.quota_scopes, domain.quota_merge): names resolved through
   the registry, scopes expanded to the units of the kinds their words name, one target and one baseline per
   unit; a unit named by name wins over a scope covering it ("…增长10%以上，其中港口区增长20%以上").

A doubt is asked, never guessed: what cannot be placed with certainty is not a quota but a PendingQuota in
`QuotaReading.pending` (待确认) with its clause and a reason in Chinese. Sent to 待确认: a name the registry
does not know (also in `unresolved`, rule "unknown_name"; another city's unit and an unregistered zone say so);
two different figures for one unit ("conflict"); 其余 when the rest cannot be told ("rest"); a scope that is not
its clause's subject ("推动各县（市、区）…") or has no 各 ("县（市、区）…70名") ("scope_unclear"); a unit a county
scope's words leave out and the text gives nothing else (雁山区 under "其余各县（市）", "scope_kind"); a list
sharing a count without 各 unless the total settles it ("shared"); a figure in another measure ("measure"); a
bare number whose measure is stated nowhere ("no_measure"); a 分别 list whose names and numbers do not pair up
("respectively"); a short name that may be part of a word, "资源共享平台" ("name_unclear"); a figure in doubt
("range", "approximate", "vague", "relative", "dated" — the unit is asked, whatever scope covers it), a share of
the city total ("share": 临桂区按全市目标的15%分解, domain.quota_shares), a decimal for a count ("decimal_count":
藤县1.5个), an amount
without 元 ("no_yuan": 1.5亿), a figure for each township, school or park ("per_part": 各县（区）每个乡镇至少…1名 —
the unit's depends on how many it has); another indicator's figure after a unit's that names no unit, or a figure
whose words name a unit not as their subject ("unclear_owner": 组织企业赴港口区…10场); an unregistered place as
subject (贵港高新区新增…: an unknown name, with a hint when it is a former name or a slip of a registered one,
domain.unit_hints); a group the registry does not define ("group": 一类县（市、区）), for each unit it may cover; a
unit given only a baseline beside a growth the text does not say is each unit's ("baseline_only"); a scope without
a city (the scope's rule). A unit whose own figure is asked gets no scope's figure as certain: the question names it.
Never silent either: a total in doubt is no total and a warning says so; a figure that is neither a quota, the
total nor asked is named in a note.

Measures: 元/万元/亿元 amounts convert to the indicator's measure (a baseline in 亿元 under a 万元 indicator);
"%", "‰" and "个百分点" are measures of their own (a ‰ target stays ‰; 个百分点 is a change in points), and
`percent` says the indicator is a "%". A measure in brackets after the indicator's name ("技术合同成交额（万元）：
港北区3000…") is the list's. The figure's words (不低于 / 以上 / 力争, and 左右 after a rate) stay in `wording`;
the direction (at least / at most) is derived from them. 左右 or 约 with a count or an amount is asked.

Scopes and the city: a figure is the 全市 total only when the words say so (全市, 合计…) or name no unit; 全市 /
全区 is the indicator's total; a county scope's figure is never the total ("各县
（市、区）…增长10%以上" gives each county 10 and the city nothing). 市本级 is the city unit's own quota — the city
bureau's own share, as a county's quota is the county's (its `unit` is the city, e.g. 贵港市); the city's view
adds it to the counties' (domain.city_totals) — never the 全市 total.

Any classifier after a number is a measure (场, 人年, 亩, 平方米, and one never listed, at a clause's end); a figure
asked is offered in the indicator's measure (2亿元左右 under 万元: 20000).

Contract (the table importer builds on it): read_indicators(text, registry, *, measure, city, check_total, year) ->
list[QuotaReading], one per indicator, at least one; read_quotas(…) -> the first, with a warning naming the
others. QuotaReading(quotas, total, total_source, name, measure, direction, percent, unresolved, notes,
warnings, pending, baseline_measure, text); TextQuota(unit, written, target, baseline, measure, direction,
source, rule, clause, wording); PendingQuota(name, unit, value, measure, clause, reason, rule, part, wording).
`text` is the words the reading was made from, for its kind (guess_kind).
"""

from __future__ import annotations

import re

from domain.figures import convert_amount, direction_of, number_text
from domain.plans import Direction, IndicatorKind
from domain.quota_assign import Candidate, Placed, Placer
from domain.quota_clauses import read_items
from domain.quota_decrease import keep_decreases
from domain.quota_doubts import total_doubt
from domain.quota_measures import baseline_measure, bracketed_measure, choose_measure, fits, in_measure
from domain.quota_merge import Context, decide_shared, expand_scopes, merge
from domain.quota_names import indicator_name
from domain.quota_reading import PendingQuota, QuotaReading, TextQuota
from domain.quota_segments import Segment, core, split_segments
from domain.quota_shares import join_shares, offer_shares
from domain.quota_titles import label_name, name_around, phrase_name
from domain.quota_tokens import PERCENT_MEASURES, Text, prepare, tokenize
from domain.quota_unread import name_unread
from domain.units import UnitRegistry

__all__ = [
    "PendingQuota", "QuotaReading", "TextQuota", "check_sum", "guess_kind", "phrase_name", "read_indicators",
    "read_quotas",
]  # fmt: skip


_RATIO_WORDS = re.compile(r"强度|比重|占比|比例|覆盖率|占.{0,12}的?比|率$")
_GROWTH_WORDS = re.compile(r"增长|增幅|增速|(?<!占)提高(?![到至])|提升(?![到至])")


def guess_kind(name: str, text: str, measure: str) -> IndicatorKind:
    """The indicator kind its wording implies (DOMAIN.md's table of kinds); ‰ reads as % does.

    A % is a growth (增长率) when the name ends in 增长率; a ratio (占比/强度) when the name says 强度, 比重, 占比,
    比例 or 覆盖率; a growth when the name or, failing that, the words of its figure say 增长, 增幅, 增速 or 提高
    (not 提高到: that is a level); else a ratio. `text` is the words the indicator was read from (its clauses,
    not the whole cell's).
    """
    if not measure:
        return IndicatorKind.QUALITATIVE
    if measure in ("%", "‰"):
        if name.endswith("增长率"):
            return IndicatorKind.GROWTH
        if _RATIO_WORDS.search(name) and not _GROWTH_WORDS.search(name):
            return IndicatorKind.RATIO
        if _GROWTH_WORDS.search(name) or _GROWTH_WORDS.search(text):
            return IndicatorKind.GROWTH
        return IndicatorKind.RATIO
    if re.search(r"保有量|总数|总量|存量|拥有|中有|保持", name + text[:40]):
        return IndicatorKind.STOCK
    return IndicatorKind.INCREMENT


def read_quotas(
    text: str, registry: UnitRegistry, *, measure: str = "", city: str = "", check_total: bool = True,
    year: int | None = None,
) -> QuotaReading:
    """Read the quotas, the stated total and the indicator name out of one sentence or cell of one indicator.

    `measure` is the indicator's measure when the table states it (amounts are converted to it, and a bare
    number takes it); `city` limits names to that city's units and lets scopes (各县（市、区）, 其余…, 市本级)
    stand for them. With check_total=False the quotas' sum is not compared with the total (one unit's copy).
    What cannot be placed with certainty is in `pending`, never in `quotas`. A text of several indicators
    gives the first one's reading, with a warning naming the others (read_indicators reads them all).
    """
    readings = read_indicators(text, registry, measure=measure, city=city, check_total=check_total, year=year)
    first = readings[0]
    others = [r.name or r.text for r in readings[1:]]
    if others:
        first.warnings.append(f"这段文字还有其他指标（{'、'.join(others)}），未在本项中读取")
    return first


def read_indicators(
    text: str, registry: UnitRegistry, *, measure: str = "", city: str = "", check_total: bool = True,
    year: int | None = None,
) -> list[QuotaReading]:
    """Every indicator a text holds, each read as read_quotas reads one (domain.quota_segments splits them).

    "港北区R&D经费增长20%、投入强度达到1.5%" gives two readings (增长率 20 and 投入强度 1.5 for 港北区). Always
    at least one reading; `measure` (the table's) holds for the first. A figure that could not be told apart
    is asked or said, never dropped: see domain.quota_segments.
    """
    prepared = prepare(text)
    tokens = join_shares(prepared, tokenize(prepared))
    items, mentioned, notes = read_items(prepared, tokens, registry, city, year)
    segments = split_segments(items, prepared.plain)
    measure = measure or bracketed_measure(prepared.plain)
    readings = [
        _read_segment(prepared, segment, registry, measure if index == 0 else "", city, mentioned, check_total)
        for index, segment in enumerate(segments)
    ]
    readings[0].notes.extend(notes)
    name_unread(readings, tokens)  # the last guard: no figure vanishes without a word
    return readings


def _read_segment(
    prepared: Text, segment: Segment, registry: UnitRegistry, measure: str, city: str, mentioned: set[str],
    check_total: bool,
) -> QuotaReading:  # fmt: skip
    placed = Placer(prepared, registry, city, measure).place(segment.items)
    reading = QuotaReading()
    reading.text = _segment_text(prepared, segment)
    reading.unresolved = list(dict.fromkeys(name for _, name in sorted(placed.unknown, key=lambda pair: pair[0])))
    total = None if segment.unowned else _total_candidate(placed)
    reading.measure = choose_measure(measure, total, placed)
    reading.baseline_measure = baseline_measure(reading.measure, placed)
    looked_at = {total.start} if total is not None else set()
    if total is not None:
        _set_total(reading, total)
        others = [c for c in placed.candidates if c.start < total.start and c.figure.measure == total.figure.measure]
        if others and (placed.assigns or placed.scoped or placed.shared):
            reading.notes.append(f"总目标取“{total.source}”，同一段文字前面另有“{others[-1].source}”，请核对")
            looked_at.add(others[-1].start)
    if not reading.name and segment.phrase:
        reading.name = phrase_name(segment.phrase)
    if segment.subject and not core(reading.name):
        reading.name = f"{reading.name or phrase_name(segment.phrase)}{segment.subject}"  # 新增 → 新增高新技术企业
    if not core(reading.name):  # "单位GDP能耗：秀峰区下降3%": the label, not the verb
        start = min((i.start for i in segment.items), default=0)
        reading.name = label_name(prepared.shown[:start], registry) or reading.name
    if not core(reading.name):
        reading.name = name_around(prepared, segment, reading.name) or reading.name
    ctx = Context(prepared, registry, city, reading, mentioned)
    expand_scopes(ctx, placed)
    decide_shared(ctx, placed)
    merge(ctx, placed)
    targets = [q for q in reading.quotas if q.target is not None]
    if targets and all(q.direction is Direction.AT_MOST for q in targets):
        reading.direction = Direction.AT_MOST
    unread = [c for c in placed.candidates if c.start not in looked_at]
    if segment.unowned:
        _ask_owner(reading, placed, segment, unread, prepared)
    else:
        reading.notes.extend(f"“{c.source}”未读取：不是本项指标的全市目标，也没有写明是哪个单位的" for c in unread)
    _ask_targets_of_baselines(reading, placed, registry, city)
    reading.pending = [in_measure(p, reading) for p in offer_shares(reading, _unique(placed.pending))]
    keep_decreases(reading)  # "下降3%" is a decline: the name says so, or it is asked
    reading.warnings.extend(placed.warnings)
    reading.notes.extend([*placed.notes, *(note for item in segment.items for note in item.notes)])
    reading.percent = reading.percent or (reading.total is None and reading.measure == "%")
    if check_total:
        check_sum(reading)
    return reading


def _ask_targets_of_baselines(reading: QuotaReading, placed: Placed, registry: UnitRegistry, city: str) -> None:
    """Units given only a baseline beside a growth no scope word gives to anyone ("R&D经费支出增长20%以上，覃塘区、
    港南区基数分别为2000万元、3500万元"): the baselines say the growth is each county's, or the city's — asked.

    The baselines are kept; the growth target of each unit with one, and of every other county-level unit of the
    city the text gives no figure, is asked with the stated rate offered.
    """
    if reading.total is None or not reading.percent:
        return
    only = [q.unit for q in reading.quotas if q.target is None and q.baseline is not None]
    if not only:
        return
    given = {q.unit for q in reading.quotas if q.target is not None} | {p.unit for p in placed.pending if p.unit}
    others = [u.name for u in registry.units_of_city(city) if not u.is_zone] if city else []
    rate = f"{number_text(reading.total)}%"
    for unit in dict.fromkeys([*only, *others]):
        if unit in given:
            continue
        what = f"只写了{'、'.join(only)}的基数" if unit in only else f"这段文字给了{'、'.join(only)}的基数"
        whose = f"没有写明是全市的还是各县（市、区）的：{unit}的目标是否也是{rate}？"
        reason = f"{what}，增长目标“{reading.total_source}”{whose}"
        placed.pending.append(PendingQuota(unit, unit, reading.total, "%", reading.text, reason, "baseline_only",
                                           "target", rate))  # fmt: skip


def _segment_text(prepared: Text, segment: Segment) -> str:
    """The words a segment was read from: its clauses, from the first to the last."""
    if not segment.items:
        return prepared.shown
    shown = prepared.show(min(i.clause[0] for i in segment.items), max(i.clause[1] for i in segment.items))
    return shown.lstrip("：:，,、；; ")


def _ask_owner(reading: QuotaReading, placed: Placed, segment: Segment, unread: list[Candidate], text: Text) -> None:
    """Another indicator's figure naming no unit, after units were named: the unit's, or the city's? Asked.

    With one unit named before it in the sentence ("港北区新增高新技术企业3家，科技型中小企业15家") the
    question names that unit; otherwise the user is told the figure was not read.
    """
    reading.measure = reading.measure or (unread[0].figure.measure if unread else "")
    owner = segment.owner
    for candidate in unread:
        figure = candidate.figure
        what = f"看不出“{candidate.source}”是{owner.name if owner else '哪个单位'}的分解数还是全市目标"
        if owner is None:
            reading.warnings.append(f"{what}，未读取")
            continue
        placed.pending.append(PendingQuota(owner.name, owner.name, figure.value, figure.measure, reading.text, what,
                                           "unclear_owner", "target", figure.wording))  # fmt: skip


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
        fitting = [c for c in before if not measures or fits(c.figure.measure, measures)]
        before = fitting[-1:] or before[-1:]
    before = before or [c for c in candidates if c.is_total]
    return before[0] if before else None


def _set_total(reading: QuotaReading, candidate: Candidate) -> None:
    figure = candidate.figure
    if figure.doubt:
        reading.warnings.append(total_doubt(figure))  # "众创空间3-5家": no total, and the user is told
    else:
        reading.total = convert_amount(figure.value or 0.0, figure.measure, reading.measure)
        reading.total_source = candidate.source
    reading.name = reading.name or indicator_name(candidate.name, candidate.context)
    reading.direction = direction_of(figure.qualifier, figure.after)
    reading.percent = figure.measure == "%"


def _unique(pending: list[PendingQuota]) -> list[PendingQuota]:
    return list(dict.fromkeys(pending))


def check_sum(reading: QuotaReading) -> None:
    """Compare the quotas' sum with the stated total: above an at-least total is a note, below a warning.

    Percentages are not added up: each unit's 35 % is its own rate, not a share of the city's.
    """
    targets = [q.target for q in reading.quotas if q.target is not None]
    if reading.total is None or not targets or reading.percent or reading.measure in PERCENT_MEASURES:
        return
    if all(q.rule == "scope_city" for q in reading.quotas if q.target is not None):
        return  # "20000（含市本级2000）": the city's own part named inside its total, no breakdown to add up
    total = round(sum(targets), 6)
    measure = reading.measure
    if abs(total - reading.total) < 1e-6:
        return
    above = total > reading.total
    line = (
        f"各单位分解数合计 {number_text(total)}{measure}，{'高于' if above else '低于'}总目标 "
        f"{number_text(reading.total)}{measure}"
        f"（{reading.total_source}）"
    )
    waiting = {p.unit or p.name for p in reading.pending if p.part == "target"}
    if waiting:
        line += f"；{'、'.join(sorted(waiting))}待确认，未计入合计"
    at_least = reading.direction is Direction.AT_LEAST
    if above == at_least:
        reading.notes.append(line + ("，“不低于”允许" if at_least else "，“不高于”允许"))
    else:
        reading.warnings.append(line)

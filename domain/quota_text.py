"""Quotas written inside sentences: "北流不低于18家，容县不低于14家", "兴业县、玉东新区基础数分别为800万元、1000万元".

Cities put each unit's share of an indicator into the sub-task text of their breakdown table. This module
reads those sentences (including the damaged spacing of extracted text, "玉林健康产业园 3 家"), resolves the
names through the unit registry (domain.quota_names), and says what it could not read instead of dropping it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.achievements import InputError
from domain.figures import (
    AFTER_PATTERN,
    AMOUNT_FACTORS,
    MEASURE_PATTERN,
    NUMBER_PATTERN,
    QUALIFIER_PATTERN,
    RULE_WORDS,
    TOTAL_WORDS,
    convert_amount,
    direction_of,
    normalize_text,
    to_number,
)
from domain.plans import Direction, IndicatorKind
from domain.quota_names import (
    NAME_CHARS,
    Piece,
    indicator_name,
    list_unknown_names,
    name_before,
    place_name,
    resolve_name,
    unknown_name,
    written_as_place,
)
from domain.units import UnitRegistry

_MEASURE, _NUM, _QUAL, _AFTER = MEASURE_PATTERN, NUMBER_PATTERN, QUALIFIER_PATTERN, AFTER_PATTERN
_FRAGMENT = re.compile(rf"(?P<qual>{_QUAL})?(?P<num>{_NUM})(?P<measure>{_MEASURE})(?P<after>{_AFTER})?")
_EACH = re.compile(
    rf"(?P<names>{NAME_CHARS}+(?:[、和及与]{NAME_CHARS}+)+)各(?P<qual>{_QUAL})?"
    rf"(?P<num>{_NUM})(?P<measure>{_MEASURE})(?P<after>{_AFTER})?"
)
_NUM_ITEM = rf"{_NUM}{_MEASURE}?"
_RESPECTIVELY = re.compile(
    rf"(?P<names>{NAME_CHARS}+(?:、{NAME_CHARS}+)+)分别(?P<qual>{_QUAL}|是)?"
    rf"(?P<nums>{_NUM_ITEM}(?:[、和及与]{_NUM_ITEM})+)(?P<after>{_AFTER})?"
)
_TWO_LEVELS = re.compile(rf"市县两级.*?分别(?P<qual>{_QUAL})?(?P<city>{_NUM})%[、和](?P<county>{_NUM})%")
_EVERY_COUNTY = re.compile(r"各县[（(][市区]、[市区][)）]|各县区|各县[（(]市[)）]")
_EVERY_ZONE = re.compile(r"各开发园区|各园区")
_BASELINE_WORDS = ("基础数", "基数", "基期")


@dataclass(frozen=True)
class TextQuota:
    """One unit's figure found in a sentence, and how it was read.

    `written` is the unit's name as the text writes it; `source` the words the figure came from; `rule` the
    short stable id of the clause rule that placed it ("item", "named_each", "respectively", "scope_counties",
    "rest", "line" …); `clause` the clause it stands in; `wording` the figure as written with its qualifier
    ("不低于18家", "15%以上", "2%左右").
    """

    unit: str
    written: str
    target: float | None
    baseline: float | None
    measure: str
    direction: Direction
    source: str
    rule: str = ""
    clause: str = ""
    wording: str = ""


@dataclass(frozen=True)
class PendingQuota:
    """A figure or a name the text gives that cannot be placed with certainty (待确认): asked, never stored.

    `name` is the name or scope as written ("其余各县（区）", "北京"); `unit` the registry's full name when the
    name resolves, else None; `value` the figure read (in `measure`), or None when there is none; `part` says
    whether the figure is a "target" or a "baseline"; `reason` says in Chinese why it is not taken; `rule` the
    clause rule that met it; `clause` the words it stands in.
    """

    name: str
    unit: str | None
    value: float | None
    measure: str
    clause: str
    reason: str
    rule: str
    part: str = "target"
    wording: str = ""

    @property
    def message(self) -> str:
        """One line a user reads: what, how much, and why it waits for confirmation."""
        figure = f" {self.wording or f'{self.value:g}{self.measure}'}" if self.value is not None else ""
        return f"“{self.name}”{figure}待确认：{self.reason}（原文“{self.clause}”）"


@dataclass
class QuotaReading:
    """Everything read out of one text: the quotas, the stated total, and what could not be read.

    `unresolved` holds names that stand where a unit belongs but that the registry does not know (each is
    also a `pending` item); `pending` holds what could not be placed with certainty (待确认), never stored as
    a quota; `notes` are worth a look (a sum above an at-least total), `warnings` need one.
    """

    quotas: list[TextQuota] = field(default_factory=list)
    total: float | None = None
    total_source: str = ""
    name: str = ""
    measure: str = ""
    direction: Direction = Direction.AT_LEAST
    percent: bool = False
    unresolved: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending: list[PendingQuota] = field(default_factory=list)

    def quota(self, unit: str) -> TextQuota | None:
        """The quota found for a unit (registry full name), if any."""
        return next((q for q in self.quotas if q.unit == unit), None)


def guess_kind(name: str, text: str, measure: str) -> IndicatorKind:
    """The indicator kind its wording implies (DOMAIN.md's table of kinds)."""
    if not measure:
        return IndicatorKind.QUALITATIVE
    if measure == "%":
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

    `measure` is the indicator's measure when the table states it (amounts are converted to it);
    `city` limits names to that city's units and lets "各县（市、区）" stand for them. With
    check_total=False the quotas' sum is not compared with the total (one unit's copy of a table).
    """
    reading = QuotaReading()
    scan = _Scan(normalize_text(text), registry, city)
    plain = scan.plain
    _read_two_levels(scan, reading)
    _read_respectively(scan, reading)
    _read_each(scan)
    totals = _read_fragments(scan)
    unknown, totals = list_unknown_names(scan.plain, scan.pieces, scan.sure, totals, has_units=bool(scan.found))
    scan.unknown.extend(unknown)
    found = sorted(scan.found, key=lambda item: item[0])
    reading.unresolved = list(dict.fromkeys(name for _, name in sorted(scan.unknown, key=lambda item: item[0])))
    reading.pending = [
        PendingQuota(name, None, None, measure, plain, "登记表中没有这个单位，请对应到登记的单位或新增为开发园区",
                     "unknown_name")
        for name in reading.unresolved
    ]  # fmt: skip
    reading.measure = _choose_measure(measure, totals, [q for _, q in found])
    first_quota = min((pos for pos, q in found if q.target is not None), default=len(plain))
    before = [t for t in totals if t[0] < first_quota] or [t for t in totals if t[4]]
    if before and reading.total is None:
        pos, value, written, source, _, name, qual = before[0]
        reading.total = convert_amount(value, written, reading.measure)
        reading.total_source = source
        reading.name = reading.name or indicator_name(name)
        reading.direction = direction_of(*qual)
        reading.percent = written == "%"
    elif totals and not reading.name:
        reading.name = indicator_name(totals[0][5])
        reading.percent = totals[0][2] == "%"
    _merge(reading, [q for _, q in found])
    if not any(q.target is not None for q in reading.quotas) and city:
        _expand_every(plain, registry, city, reading)
    if reading.quotas and all(q.direction is Direction.AT_MOST for q in reading.quotas if q.target is not None):
        reading.direction = Direction.AT_MOST
    if check_total:
        check_sum(reading)
    return reading


@dataclass
class _Scan:
    """One sentence being read: what the readers found, the spans they took and the pieces they saw."""

    plain: str
    registry: UnitRegistry
    city: str
    found: list[tuple[int, TextQuota]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)
    sure: list[tuple[int, str]] = field(default_factory=list)


def _read_two_levels(scan: _Scan, reading: QuotaReading) -> None:
    """市县两级…分别不低于2%、1%: the city figure is the total, the county figure every county's quota."""
    plain, city = scan.plain, scan.city
    match = _TWO_LEVELS.search(plain)
    if not match:
        return
    scan.taken.append(match.span())
    reading.total = to_number(match["city"])
    reading.total_source = match.group(0)
    reading.percent = True
    reading.direction = direction_of(match["qual"])
    head = plain[: plain.find("分别", match.start())]
    reading.name = indicator_name(re.split(r"[,，]", head)[-1], head)
    county = to_number(match["county"])
    for unit in scan.registry.units_of_city(city) if city else []:
        if not unit.is_zone:
            scan.found.append((match.start(), TextQuota(unit.name, unit.name, county, None, "%", reading.direction,
                                                        match.group(0))))  # fmt: skip


def _read_respectively(scan: _Scan, reading: QuotaReading) -> None:
    plain, registry, city = scan.plain, scan.registry, scan.city
    for match in _RESPECTIVELY.finditer(plain):
        if _overlaps(match.span(), scan.taken):
            continue
        pieces = match["names"].split("、")
        first, _ = resolve_name(registry, pieces[0], city)
        last, last_written = resolve_name(registry, pieces[-1], city, suffix=False)
        items = re.findall(rf"({_NUM})({_MEASURE})?", match["nums"])
        if first is None and last is None:
            # No name is a unit: a list of unknown names if the sentence's other pieces say so (list_unknown_names).
            if len(items) == len(pieces):
                kind = "baseline" if any(w in pieces[-1] for w in _BASELINE_WORDS) else "group"
                names = tuple(unknown_name(p) for p in pieces)
                scan.pieces.append(Piece(match.start(), match.end(), names, kind))
            continue
        what = pieces[-1][len(last_written) :] if last else ""
        is_baseline = any(w in what for w in _BASELINE_WORDS)
        names = [*pieces[:-1], last_written or pieces[-1]]
        scan.taken.append(match.span())
        scan.pieces.append(Piece(match.start(), match.end(), (), "group"))
        if len(items) != len(names):
            reading.warnings.append(f"“{match.group(0)}”中单位 {len(names)} 个、数字 {len(items)} 个，对不上，未读取")
            continue
        measure_after = next((m for _, m in reversed(items) if m), "")
        _, first_written = resolve_name(registry, pieces[0], city)
        # The words before the first name ("故设兴业县") are not part of the quota's source.
        source = plain[match.end() - len(match.group(0)) + len(pieces[0]) - len(first_written) : match.end()]
        for index, (name, (num, written)) in enumerate(zip(names, items, strict=True)):
            unit, part = resolve_name(registry, name, city) if index < len(names) - 1 else (last, last_written)
            if unit is None:
                scan.unknown.append((match.start(), unknown_name(name)))
                continue
            value, qual = to_number(num), match["qual"]
            target, baseline = (None, value) if is_baseline else (value, None)
            scan.found.append((match.start(), TextQuota(unit.name, part, target, baseline, written or measure_after,
                                                        direction_of(qual, match["after"]), source)))  # fmt: skip


def _read_each(scan: _Scan) -> None:
    plain, registry, city = scan.plain, scan.registry, scan.city
    for match in _EACH.finditer(plain):
        if _overlaps(match.span(), scan.taken):
            continue
        names = re.split(r"[、和及与]", match["names"])
        resolved = [(name, *resolve_name(registry, name, city)) for name in names]
        if not any(unit for _, unit, _ in resolved):
            scan.pieces.append(Piece(match.start(), match.end(), tuple(unknown_name(n) for n in names), "group"))
            continue
        scan.taken.append(match.span())
        scan.pieces.append(Piece(match.start(), match.end(), (), "group"))
        value = to_number(match["num"])
        direction = direction_of(match["qual"], match["after"])
        for name, unit, written in resolved:
            if unit is None:
                scan.unknown.append((match.start(), unknown_name(name)))
                continue
            scan.found.append((match.start(), TextQuota(unit.name, written, value, None, match["measure"], direction,
                                                        match.group(0))))  # fmt: skip


def _read_fragments(scan: _Scan) -> list[tuple]:
    """Single "名称 + 数字 + 计量单位" fragments; returns those that name no unit (total candidates)."""
    plain, registry, city = scan.plain, scan.registry, scan.city
    totals = []
    for match in _FRAGMENT.finditer(plain):
        if _overlaps(match.span(), scan.taken):
            continue
        try:
            value = to_number(match["num"])
        except InputError:
            continue
        start, name = name_before(plain, match.start())
        unit, written = resolve_name(registry, name, city) if name else (None, "")
        quals = (match["qual"], match["after"])
        if unit is not None:
            source = plain[start + len(name) - len(written) : match.end()]
            scan.found.append((start, TextQuota(unit.name, written, value, None, match["measure"],
                                                direction_of(*quals), source)))  # fmt: skip
            scan.pieces.append(Piece(start, match.end(), value=value, measure=match["measure"]))
            continue
        source = plain[start : match.end()]
        is_total = TOTAL_WORDS.search(plain[max(0, start - 4) : match.end()]) is not None
        elsewhere, elsewhere_written = resolve_name(registry, name) if city and name else (None, "")
        if elsewhere is not None and not elsewhere.is_city and not is_total:
            # A unit of another city ("资源" is 资源县 of 桂林) is not this city's: listed, not taken.
            scan.sure.append((start, elsewhere_written))
        elif written_as_place(name) and not is_total:
            scan.sure.append((start, place_name(plain, start, name)))
        if name:
            shown = elsewhere_written if elsewhere is not None and not elsewhere.is_city else unknown_name(name)
            scan.pieces.append(Piece(start, match.end(), (shown,), value=value, measure=match["measure"]))
        if not RULE_WORDS.search(name):
            totals.append((start, value, match["measure"], source, is_total, name, quals))
    return totals


def _choose_measure(given: str, totals: list[tuple], quotas: list[TextQuota]) -> str:
    if given:
        return given
    written = [t[2] for t in totals[:1]] + [q.measure for q in quotas]
    if not written:
        return ""
    if len(set(written)) == 1:
        return written[0]
    return "万元" if all(w in AMOUNT_FACTORS for w in written) else written[0]


def _merge(reading: QuotaReading, found: list[TextQuota]) -> None:
    """One quota per unit: a target and a baseline stated apart are joined; a second target is a warning."""
    by_unit: dict[str, TextQuota] = {}
    for quota in found:
        quota = _converted(quota, reading.measure)
        old = by_unit.get(quota.unit)
        if old is None:
            by_unit[quota.unit] = quota
            continue
        if quota.target is not None and old.target is not None and quota.target != old.target:
            reading.warnings.append(
                f"{quota.unit} 的目标出现两次且不同（“{old.source}”与“{quota.source}”），取前者 {old.target:g}"
            )
        by_unit[quota.unit] = TextQuota(
            old.unit,
            old.written,
            old.target if old.target is not None else quota.target,
            old.baseline if old.baseline is not None else quota.baseline,
            old.measure,
            old.direction if old.target is not None else quota.direction,
            old.source if old.source == quota.source else f"{old.source}；{quota.source}",
        )
    reading.quotas = list(by_unit.values())


def _converted(quota: TextQuota, measure: str) -> TextQuota:
    if not measure or quota.measure == measure:
        return quota
    if quota.target is not None and quota.baseline is None:
        target = convert_amount(quota.target, quota.measure, measure)
        return TextQuota(quota.unit, quota.written, target, None, measure, quota.direction, quota.source)
    # A baseline is an amount even when the target is a % (增长35%, 基础数800万元): it keeps its own measure.
    if quota.baseline is not None and quota.measure in AMOUNT_FACTORS and measure in AMOUNT_FACTORS:
        baseline = convert_amount(quota.baseline, quota.measure, measure)
        return TextQuota(quota.unit, quota.written, quota.target, baseline, measure, quota.direction, quota.source)
    return quota


def _expand_every(plain: str, registry: UnitRegistry, city: str, reading: QuotaReading) -> None:
    """ "各县（市、区）…增长35%以上": every county-level unit of the city has that figure as its quota."""
    if reading.total is None:
        return
    every_county = _EVERY_COUNTY.search(plain) is not None
    every_zone = _EVERY_ZONE.search(plain) is not None
    if not (every_county or every_zone):
        return
    existing = {q.unit: q for q in reading.quotas}
    expanded = []
    for unit in registry.units_of_city(city):
        old = existing.pop(unit.name, None)
        if old is None and not ((unit.is_zone and every_zone) or (not unit.is_zone and every_county)):
            continue
        baseline = old.baseline if old else None
        source = reading.total_source + (f"；{old.source}" if old else "")
        expanded.append(TextQuota(unit.name, unit.name, reading.total, baseline, reading.measure,
                                  reading.direction, source))  # fmt: skip
    reading.quotas = expanded + list(existing.values())


def check_sum(reading: QuotaReading) -> None:
    """Compare the quotas' sum with the stated total: above an at-least total is a note, below a warning.

    Percentages are not added up: each unit's 35 % is its own rate, not a share of the city's.
    """
    targets = [q.target for q in reading.quotas if q.target is not None]
    if reading.total is None or not targets or reading.percent or reading.measure == "%":
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


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)

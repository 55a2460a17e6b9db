"""Quotas written inside sentences: "北流不低于18家，容县不低于14家", "兴业县、玉东新区基础数分别为800万元、1000万元".

Cities put each unit's share of an indicator into the sub-task text of their breakdown table. This module
reads those sentences (including the damaged spacing of extracted text, "玉林健康产业园 3 家"), resolves the
names through the unit registry, and says what it could not read instead of dropping it.
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
    convert_amount,
    direction_of,
    normalize_text,
    to_number,
)
from domain.plans import Direction, IndicatorKind
from domain.units import Unit, UnitRegistry

_MEASURE, _NUM, _QUAL, _AFTER = MEASURE_PATTERN, NUMBER_PATTERN, QUALIFIER_PATTERN, AFTER_PATTERN
_NAME_CHARS = r"[\u4e00-\u9fffA-Za-z&]"
_FRAGMENT = re.compile(rf"(?P<qual>{_QUAL})?(?P<num>{_NUM})(?P<measure>{_MEASURE})(?P<after>{_AFTER})?")
_EACH = re.compile(
    rf"(?P<names>{_NAME_CHARS}+(?:[、和及与]{_NAME_CHARS}+)+)各(?P<qual>{_QUAL})?"
    rf"(?P<num>{_NUM})(?P<measure>{_MEASURE})(?P<after>{_AFTER})?"
)
_NUM_ITEM = rf"{_NUM}{_MEASURE}?"
_RESPECTIVELY = re.compile(
    rf"(?P<names>{_NAME_CHARS}+(?:、{_NAME_CHARS}+)+)分别(?P<qual>{_QUAL}|是)?"
    rf"(?P<nums>{_NUM_ITEM}(?:[、和及与]{_NUM_ITEM})+)(?P<after>{_AFTER})?"
)
_TWO_LEVELS = re.compile(rf"市县两级.*?分别(?P<qual>{_QUAL})?(?P<city>{_NUM})%[、和](?P<county>{_NUM})%")
_EVERY_COUNTY = re.compile(r"各县[（(][市区]、[市区][)）]|各县区|各县[（(]市[)）]")
_EVERY_ZONE = re.compile(r"各开发园区|各园区")
_TOTAL_WORDS = ("合计", "共计", "总计", "全市", "全区", "总数", "总量")
_PLACE_ENDINGS = ("县", "区", "市", "园", "园区", "新区", "开发区", "产业园", "工业园", "工业区", "镇", "乡", "管委会")
_BASELINE_WORDS = ("基础数", "基数", "基期")
# Words of an indicator or a quantity: a list item named by them is no unit ("新增科技型企业10家").
_NOT_A_NAME = re.compile(
    r"企业|项目|平台|基地|中心|经费|支出|投入|收入|资金|金额|贷款|专利|成果|合同|人才|机构|高校|院所|团队|人员|"
    r"特派员|培训|数|量|率|额|比重|强度|增长|新增|培育|申报|认定|建设|完成|实现|达到|累计|指标|任务|目标|上年|年度"
)
_UNKNOWN_LEAD = re.compile(r"^(?:其中|另外|另|以及|及|和|与|含|包括|故设|设|对|给)+")
_UNKNOWN_TAIL = re.compile(r"(?:各|均|分别|基础数|基数|基期数|基期|目标任务|目标|任务数|分解数)+$")
# What may stand between two items of one list: "北流18家，容县14家、陆川11家；…".
_LIST_GAP = re.compile(r"[,，、;；\s]*")
# Figures of a rule, not a target: "比例上限可由7%提高到15%", "不得大于总建筑面积的30%".
_RULE_WORDS = re.compile(r"(?:由|提高到|提高至|增加到|降低到|降至|调整为|调整到)$|不得|上限|下限")


@dataclass(frozen=True)
class TextQuota:
    """One unit's figure found in a sentence; `source` is the words it came from."""

    unit: str
    written: str
    target: float | None
    baseline: float | None
    measure: str
    direction: Direction
    source: str


@dataclass
class QuotaReading:
    """Everything read out of one text: the quotas, the stated total, and what could not be read.

    `unresolved` holds names that stand where a unit belongs but that the registry does not know;
    `notes` are worth a look (a sum above an at-least total), `warnings` need one.
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

    def quota(self, unit: str) -> TextQuota | None:
        """The quota found for a unit (registry full name), if any."""
        return next((q for q in self.quotas if q.unit == unit), None)


def resolve_name(registry: UnitRegistry, name: str, city: str = "", *, suffix: bool = True) -> tuple[Unit | None, str]:
    """The unit that the longest tail (or, with suffix=False, head) of `name` names, with that tail.

    Sentences run words into names ("中有医药健康产业园"), so the longest resolvable part wins. With a
    `city`, only that city's county-level units count: "资源" or "港口" elsewhere in Guangxi are words here.
    """
    parts = [name[i:] for i in range(len(name) - 1)] if suffix else [name[:j] for j in range(len(name), 1, -1)]
    for part in parts:
        unit = registry.resolve(part)
        if unit is None:
            continue
        if city and (unit.city != city or unit.is_city):
            continue
        return unit, part
    return None, ""


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
    totals = _list_unknown_names(scan, totals)
    found = sorted(scan.found, key=lambda item: item[0])
    reading.unresolved = list(dict.fromkeys(name for _, name in sorted(scan.unknown, key=lambda item: item[0])))
    reading.measure = _choose_measure(measure, totals, [q for _, q in found])
    first_quota = min((pos for pos, q in found if q.target is not None), default=len(plain))
    before = [t for t in totals if t[0] < first_quota] or [t for t in totals if t[4]]
    if before and reading.total is None:
        pos, value, written, source, _, name, qual = before[0]
        reading.total = convert_amount(value, written, reading.measure)
        reading.total_source = source
        reading.name = reading.name or _clean_name(name)
        reading.direction = direction_of(*qual)
        reading.percent = written == "%"
    elif totals and not reading.name:
        reading.name = _clean_name(totals[0][5])
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
class _Piece:
    """A "name + figure" piece of the sentence, read or not, for telling which pieces form one list.

    `unknown` holds the names the registry does not know (empty for a piece that names units);
    `kind` is "fragment" (北京不低于3家), "group" (北京、陆州各2家 / …分别为3家、2家) or "baseline"
    (北京、陆州基础数分别为800万元、1000万元).
    """

    start: int
    end: int
    unknown: tuple[str, ...] = ()
    kind: str = "fragment"


@dataclass
class _Scan:
    """One sentence being read: what the readers found, the spans they took and the pieces they saw."""

    plain: str
    registry: UnitRegistry
    city: str
    found: list[tuple[int, TextQuota]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)
    pieces: list[_Piece] = field(default_factory=list)
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
    reading.name = _clean_name(re.split(r"[,，]", head)[-1], head)
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
            # No name is a unit: a list of unknown names if the sentence's other pieces say so (_list_unknown_names).
            if len(items) == len(pieces):
                kind = "baseline" if any(w in pieces[-1] for w in _BASELINE_WORDS) else "group"
                names = tuple(_unknown_name(p) for p in pieces)
                scan.pieces.append(_Piece(match.start(), match.end(), names, kind))
            continue
        what = pieces[-1][len(last_written) :] if last else ""
        is_baseline = any(w in what for w in _BASELINE_WORDS)
        names = [*pieces[:-1], last_written or pieces[-1]]
        scan.taken.append(match.span())
        scan.pieces.append(_Piece(match.start(), match.end(), (), "group"))
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
                scan.unknown.append((match.start(), _unknown_name(name)))
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
            scan.pieces.append(_Piece(match.start(), match.end(), tuple(_unknown_name(n) for n in names), "group"))
            continue
        scan.taken.append(match.span())
        scan.pieces.append(_Piece(match.start(), match.end(), (), "group"))
        value = to_number(match["num"])
        direction = direction_of(match["qual"], match["after"])
        for name, unit, written in resolved:
            if unit is None:
                scan.unknown.append((match.start(), _unknown_name(name)))
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
        start, name = _name_before(plain, match.start())
        unit, written = resolve_name(registry, name, city) if name else (None, "")
        quals = (match["qual"], match["after"])
        if unit is not None:
            source = plain[start + len(name) - len(written) : match.end()]
            scan.found.append((start, TextQuota(unit.name, written, value, None, match["measure"],
                                                direction_of(*quals), source)))  # fmt: skip
            scan.pieces.append(_Piece(start, match.end()))
            continue
        source = plain[start : match.end()]
        is_total = any(w in plain[max(0, start - 4) : match.end()] for w in _TOTAL_WORDS)
        elsewhere, elsewhere_written = resolve_name(registry, name) if city and name else (None, "")
        if elsewhere is not None and not elsewhere.is_city and not is_total:
            # A unit of another city ("资源" is 资源县 of 桂林) is not this city's: listed, not taken.
            scan.sure.append((start, elsewhere_written))
        elif name.endswith(_PLACE_ENDINGS) and not is_total and not re.search(r"[县区市]级", name):
            scan.sure.append((start, name))
        if name:
            shown = elsewhere_written if elsewhere is not None and not elsewhere.is_city else _unknown_name(name)
            scan.pieces.append(_Piece(start, match.end(), (shown,)))
        if not _RULE_WORDS.search(name):
            totals.append((start, value, match["measure"], source, is_total, name, quals))
    return totals


def _list_unknown_names(scan: _Scan, totals: list[tuple]) -> list[tuple]:
    """List the names that stand where a unit belongs but are not in the registry; return the totals left.

    A name is listed, never dropped, when it stands in a list with names of units ("北流不低于18家，北京不低于3家"),
    in a list of two or more names in a sentence that names units elsewhere, before 基础数分别为 (baselines
    belong to units), or when it is written as a place (桃源县, 新城产业园区) or is another city's unit in a
    sentence with quotas. Words that name an indicator or a quantity ("新增科技型企业10家") are never listed.
    What is listed is no total candidate.
    """
    plain = scan.plain
    has_units = bool(scan.found)
    groups = [p for p in scan.pieces if p.kind != "fragment" and p.unknown]
    pieces = sorted(
        (p for p in scan.pieces if p.kind != "fragment" or not any(_inside(p, g) for g in groups)),
        key=lambda p: p.start,
    )
    chains: list[list[_Piece]] = []
    for piece in pieces:
        if chains and _LIST_GAP.fullmatch(plain[chains[-1][-1].end : piece.start]):
            chains[-1].append(piece)
        else:
            chains.append([piece])
    listed: list[_Piece] = []
    for chain in chains:
        unknown = [p for p in chain if p.unknown]
        names_like = all(_looks_like_name(n) for p in chain for n in p.unknown)
        many = sum(len(p.unknown) for p in chain) >= 2
        for piece in unknown:
            if not all(_looks_like_name(n) for n in piece.unknown):
                continue
            if len(unknown) < len(chain) or piece.kind == "baseline" or (has_units and many and names_like):
                listed.append(piece)
    if has_units:
        scan.unknown.extend(scan.sure)
    for piece in listed:
        scan.unknown.extend((piece.start, name) for name in piece.unknown)
    dropped = {start for start, _ in scan.sure} if has_units else set()
    dropped |= {p.start for p in listed if p.kind == "fragment"}
    spans = [(p.start, p.end) for p in listed if p.kind != "fragment"]
    return [t for t in totals if t[0] not in dropped and not any(a <= t[0] < b for a, b in spans)]


def _inside(piece: _Piece, group: _Piece) -> bool:
    return piece.start < group.end and group.start < piece.end


def _unknown_name(name: str) -> str:
    """An unknown name as a user looks for it: "其中北京" is 北京, "陆州基础数" is 陆州, "陆州各" is 陆州."""
    bare = _UNKNOWN_TAIL.sub("", _UNKNOWN_LEAD.sub("", name))
    return bare or name


def _looks_like_name(name: str) -> bool:
    """Whether a word could be a unit's name: short, Chinese, and not the words of an indicator or a total."""
    return (
        2 <= len(name) <= 12
        and re.fullmatch(r"[\u4e00-\u9fff]+", name) is not None
        and not any(w in name for w in _TOTAL_WORDS)
        and _NOT_A_NAME.search(name) is None
        and _RULE_WORDS.search(name) is None
        and re.search(r"[县区市]级", name) is None
    )


def _name_before(plain: str, end: int) -> tuple[int, str]:
    """The run of name characters just before position `end`; "数（242家）" looks past the bracket.

    A year inside the words ("贷款金额比2021年增长") belongs to them.
    """
    start = end
    while True:
        while start > 0 and re.match(_NAME_CHARS, plain[start - 1]):
            start -= 1
        if start >= 4 and start < end and plain[start] == "年" and plain[start - 4 : start].isdigit():
            start -= 4
            continue
        break
    if start == end and start > 0 and plain[start - 1] in "(（":
        inner = start - 1
        start = inner
        while start > 0 and re.match(_NAME_CHARS, plain[start - 1]):
            start -= 1
        return start, plain[start:inner]
    return start, plain[start:end]


def _clean_name(name: str, context: str = "") -> str:
    """An indicator name out of the words before its figure: 较上年增长 → 增长率, 占…比重 gets its subject."""
    name = re.sub(r"^(?:完成|实现|确保|新增加)", "", name)
    growth = re.sub(r"(?:较上年|比上年|比\d{4}年|同比)?增长$", "", name)
    if growth != name:
        return growth + "增长率"
    if name.startswith("占") and context:
        subject = re.split(r"[,，。;；]", context)[-2] if re.search(r"[,，]", context) else ""
        subject = subject.rsplit("的", 1)[-1]
        return subject + name
    return name


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

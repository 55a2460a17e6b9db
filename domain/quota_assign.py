"""Items placed on units: the third stage of reading a quota sentence (see domain.quota_text).

Every item's figure goes to the units its head names, directly (a name) or through a scope (domain.quota_scopes).
A unit then holds one target and one baseline, or the doubt is asked: two different figures for one unit, a
scope that cannot be told, a list sharing a count without 各, a figure in another measure, a number without a
measure. A name the registry does not know is listed (domain.quota_names decides which words are names).
A unit named by name wins over a scope that covers it ("各县推荐1家以上，北流、容县各2家": 北流 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.figures import AMOUNT_FACTORS, RULE_WORDS, TOTAL_WORDS, convert_amount
from domain.quota_items import Item, Member
from domain.quota_names import (
    Piece,
    find_name,
    list_unknown_names,
    name_before,
    place_subject,
    units_inside,
    unknown_name,
    written_as_place,
)
from domain.quota_reading import PendingQuota
from domain.quota_tokens import PERCENT_MEASURES, Text, Token
from domain.unit_hints import hint_text, likely_units
from domain.units import Unit, UnitRegistry

NAMED, SCOPED = 0, 1
UNKNOWN_REASON = "登记表中没有这个单位，请对应到登记的单位或新增为开发园区"
ZONE_ENDINGS = re.compile(
    r"(?:高新区|开发区|经开区|园区|产业园|工业园|科技园|工业区|片区|新区|试验区|合作区|管理区|保税区|示范区)$"
)


@dataclass
class Assign:
    """One figure given to one unit, and how."""

    unit: Unit
    written: str
    figure: Token
    part: str
    rule: str
    tier: int
    source: str
    clause: str
    position: int


@dataclass
class Candidate:
    """A figure that names no unit: the indicator's total, if it is the one (domain.quota_text decides)."""

    start: int
    figure: Token
    source: str
    is_total: bool
    name: str
    context: str = ""


@dataclass
class Placed:
    """What the items give: assignments, scopes still to expand, doubts, unknown names, total candidates."""

    assigns: list[Assign]
    scoped: list[tuple[Item, Member, Token]]
    pending: list[PendingQuota]
    unknown: list[tuple[int, str]]
    candidates: list[Candidate]
    shared: list[tuple[Item, list[Member]]]
    warnings: list[str]
    notes: list[str]


class Placer:
    """Turns the items of one text into assignments, in the order the text gives them."""

    def __init__(self, text: Text, registry: UnitRegistry, city: str, measure: str) -> None:
        self.text, self.registry, self.city, self.measure = text, registry, city, measure
        self.placed = Placed([], [], [], [], [], [], [], [])
        self.pieces: list[Piece] = []
        self.sure: list[tuple[int, str]] = []
        self.values: dict[tuple[int, str], tuple[Item, Token]] = {}
        self.elsewhere: dict[str, Unit] = {}  # unknown names that are another city's units
        self.subjects: list[tuple[int, str]] = []  # unknown places that are their clause's subject

    def place(self, items: list[Item]) -> Placed:
        for item in _with_measures(items, self.measure, self.placed.pending, self.text):
            self._item(item)
        has_units = bool(self.placed.assigns or self.placed.scoped or self.placed.shared)
        unknown, self.placed.candidates = list_unknown_names(
            self.text.plain, self.pieces, self.sure, self.placed.candidates, has_units=has_units
        )
        seen = {name for _, name in self.placed.unknown}  # those of lists that name units too (_give)
        for position, name in sorted([*unknown, *self.subjects], key=lambda pair: pair[0]):
            if name in seen:
                continue
            seen.add(name)
            self.placed.unknown.append((position, name))
            item, figure = self.values.get((position, name), (None, None))
            self.placed.pending.append(self._unknown_pending(name, item, figure))
        return self.placed

    def _unknown_pending(self, name: str, item: Item | None, figure: Token | None) -> PendingQuota:
        reason = _unknown_reason(self.elsewhere.get(name), self.city, name, self.registry)
        bracket = re.search(rf"{re.escape(name)}[^(),;:]{{0,6}}\(([^()]+)\)", self.text.plain) if name else None
        if bracket:
            # "桂林高新区管委会（七星区）": the zone, with the county it lies in; the user may mean that county.
            county = bracket.group(1)
            reason += f"；原文括号中写了“{county}”：若这是{county}的分解数，请对应到{county}"
        if item is None or figure is None or not figure.measure:
            clause = self.text.show(*item.clause) if item else ""
            return PendingQuota(name, None, None, "", clause, reason, "unknown_name")
        return PendingQuota(name, None, figure.value, figure.measure, self.text.show(*item.clause), reason,
                            "unknown_name", item.part, figure.wording)  # fmt: skip

    def _item(self, item: Item) -> None:
        members, figures = item.members, item.figures
        if item.rule == "respectively":
            self._respectively(item)
            return
        figure = figures[0]
        if not figure.measure and not figure.doubt:
            return  # a bare number nobody's measure was found for: said by _with_measures when it names a unit
        if item.rule == "shared" and _is_count(figure) and not figure.doubt:
            self._piece_of_group(item)
            self.placed.shared.append((item, members))
            return
        if len(members) > 1 or item.rule == "named_each":
            self._piece_of_group(item)
            for member in members:
                self._give(item, member, figure)
            return
        member = members[0] if members else None
        unclear = member is not None and member.kind == "name" and member.maybe is not None
        if unclear and not (written_as_place(member.words) and member.words != member.maybe.short_name):
            # "资源共享平台": 资源县, or a word? Not "防城港高新区", written as a place: an unknown zone.
            maybe = member.maybe
            reason = f"“{member.written}”中的“{maybe.short_name}”可能是{maybe.name}，也可能只是词语的一部分"
            self.placed.pending.append(self._pending(member, figure, item, reason, "name_unclear", unit=maybe.name))
            return
        if member is not None and member.kind not in ("name", "total"):
            self.pieces.append(Piece(item.start, item.end, value=figure.value, measure=figure.measure))
            self._give(item, member, figure)
        else:
            self._candidate(item, member, figure)

    def _respectively(self, item: Item) -> None:
        members, figures = item.members, item.figures
        if not any(m.kind != "name" for m in members):
            if len(members) == len(figures) and members:
                names = tuple(unknown_name(m.words) for m in members)
                kind = "baseline" if item.part == "baseline" else "group"
                self.pieces.append(Piece(item.start, item.end, names, kind))
                for name, figure in zip(names, figures, strict=True):
                    self.values[(item.start, name)] = (item, figure)
            return
        self.pieces.append(Piece(item.start, item.end, (), "group"))
        if len(members) != len(figures):
            shown = self.text.show(item.start, item.end)
            reason = f"“{shown}”中单位 {len(members)} 个、数字 {len(figures)} 个，对不上，未读取"
            self.placed.warnings.append(reason)
            for member in members:
                self.placed.pending.append(self._pending(member, None, item, reason, "respectively"))
            # Each figure is asked too, its value offered: the user says whose it is (never dropped, never guessed).
            among = "、".join(m.written for m in members)
            for figure in figures:
                why = f"{reason}：“{figure.text.lstrip('为是')}”是{among}中哪个单位的？"
                self.placed.pending.append(PendingQuota(among, None, figure.value, figure.measure,
                                                        self.text.show(*item.clause), why, "respectively", item.part,
                                                        figure.wording))  # fmt: skip
            return
        for member, figure in zip(members, figures, strict=True):
            if figure.measure or figure.doubt:
                self._give(item, member, figure)

    def _piece_of_group(self, item: Item) -> None:
        if any(m.kind != "name" for m in item.members):
            self.pieces.append(Piece(item.start, item.end, (), "group"))
            return
        names = tuple(unknown_name(m.words) for m in item.members)
        self.pieces.append(Piece(item.start, item.end, names, "group"))
        for name in names:
            self.values[(item.start, name)] = (item, item.figures[0])

    def _give(self, item: Item, member: Member, figure: Token) -> None:
        """A figure for a member: a unit's now, a scope's once the whole text is known, a name's if it is one."""
        if member.kind == "unit" and member.unit is not None:
            rule = item.rule
            source = self._source(item, member, figure)
            self.placed.assigns.append(Assign(member.unit, member.written, figure, item.part, rule, NAMED, source,
                                              self.text.show(*item.clause), item.start))  # fmt: skip
        elif member.kind == "name":
            place = place_subject(member.words)
            if any(m.kind != "name" for m in item.members) or place == unknown_name(member.words):
                name = unknown_name(member.words)
                self.placed.unknown.append((member.start, name))
                reason = _unknown_reason(member.elsewhere, self.city, name, self.registry)
                self.placed.pending.append(self._pending(member, figure, item, reason, "unknown_name", name=name))
        elif member.kind == "total":
            self._candidate(item, member, figure)
        else:
            self.placed.scoped.append((item, member, figure))

    def _candidate(self, item: Item, member: Member | None, figure: Token) -> None:
        """A figure that names no unit: a total candidate, and its words a name to judge (quota_names)."""
        if figure.doubt == "share":
            # "按全市目标的20%分解" naming no unit: no total, and nobody's share — said, never dropped.
            shown = self.text.show(*item.clause)
            self.placed.warnings.append(f"“{shown}”是占全市目标的比例，没有写明是哪个单位的，未读取")
            return
        plain = self.text.plain
        end = item.head[1] if item.rule == "respectively" else figure.start
        start, name = name_before(plain, end)
        is_total = TOTAL_WORDS.search(plain[max(0, start - 4) : figure.end]) is not None
        is_total = is_total or (member is not None and member.kind == "total")
        shown = unknown_name(name)
        if RULE_WORDS.search(name) and re.search(r"奖励|补助|资助|补贴|奖补$", name):
            # "对新认定高新技术企业每家奖励200000元": a rate of reward, no target — said, not read.
            self.placed.notes.append(f"“{self.text.show(start, figure.end)}”是奖补标准，不是分解指标或全市目标，未读取")
            return
        if member is not None and member.kind == "name" and not is_total and self._not_the_citys(item, member, figure):
            return
        if member is not None and member.kind == "name":
            if member.elsewhere is not None:
                shown = _tail_name(self.registry, member.words)
                self.elsewhere[shown] = member.elsewhere
            elif written_as_place(name) and member.words.endswith(name):
                shown = unknown_name(member.written)  # whole, with its dash and brackets: 中国—东盟（玉林）产业园
            if not is_total and (member.elsewhere is not None or written_as_place(name)):
                self.sure.append((start, shown))
        if name:
            self.pieces.append(Piece(start, figure.end, (shown,), value=figure.value, measure=figure.measure))
            self.values.setdefault((start, shown), (item, figure))
        # A bare number with nothing before it took the table's measure ("20000（含市本级2000）"): a figure too.
        written = figure.kind == "figure" or (not name and not plain[: figure.start].strip() and figure.measure)
        if not RULE_WORDS.search(name) and written:
            close = figure.end < len(plain) and plain[figure.end] == ")" and "(" in plain[start : figure.start]
            source = self.text.show(start, figure.end + close)  # "入库数（242家）" with its bracket closed
            shown_name = self.text.show(start, start + len(name))  # the text's own brackets: 研究与试验发展（R&D）
            context = self.text.show(0, end)
            self.placed.candidates.append(Candidate(start, figure, source, is_total, shown_name, context))

    def _not_the_citys(self, item: Item, member: Member, figure: Token) -> bool:
        """Whether a figure whose words name no registered unit as subject is still no city total, and so asked.

        An unregistered place as the subject ("贵港高新区新增…3家") is asked about as an unknown name; a unit of the
        city named elsewhere in the words ("组织企业赴港口区开展…10场") may own the figure — asked ("unclear_owner").
        A figure is the 全市 total only when the words say so or name no unit (domain.quota_text).
        """
        subject = place_subject(member.words) if member.elsewhere is None else ""
        inside, begin, _ = find_name(self.registry, subject, self.city, at="end", strict=False)
        if subject and self.registry.resolve(subject) is None and not (inside is not None and begin > 0):
            # Not "对港口区…": a registered name at the end of the words is the unit, the words before it no place.
            self.subjects.append((member.start, subject))
            self.values.setdefault((member.start, subject), (item, figure))
            self.pieces.append(Piece(member.start, figure.end, (subject,), value=figure.value, measure=figure.measure))
            return True
        inside = units_inside(self.registry, member.words, self.city)
        if not inside or figure.kind != "figure":
            return False
        unit = inside[0]
        source = self.text.show(member.start, figure.end)
        reason = f"看不出“{source}”是{unit.name}的分解数还是全市目标"
        self.placed.pending.append(PendingQuota(unit.name, unit.name, figure.value, figure.measure,
                                                self.text.show(*item.clause), reason, "unclear_owner", item.part,
                                                figure.wording))  # fmt: skip
        return True

    def _source(self, item: Item, member: Member, figure: Token) -> str:
        start = min(member.start, figure.start) if item.rule in ("item", "line") else item.start
        if item.carry:
            start = item.start  # the words of its own: "投入强度达到1.5%", not the unit's earlier figure
        end = figure.end if item.rule in ("item", "line") else item.end
        plain = self.text.plain
        if end < len(plain) and plain[end] == ")" and plain[start:end].count("(") > plain[start:end].count(")"):
            end += 1  # 江州区（18家）: the bracket closed
        return self.text.show(start, end)

    def _pending(self, member: Member, figure: Token | None, item: Item, reason: str, rule: str, *,
                 name: str = "", unit: str | None = None) -> PendingQuota:  # fmt: skip
        return PendingQuota(
            name or member.written, unit or (member.unit.name if member.unit else None),
            figure.value if figure else None, figure.measure if figure else "", self.text.show(*item.clause),
            reason, rule, item.part, figure.wording if figure else "",
        )  # fmt: skip


def _unknown_reason(elsewhere: Unit | None, city: str, name: str = "", registry: UnitRegistry | None = None) -> str:
    """Why a name is asked: another city's unit ("钦北区是钦州市的单位"), a former name or a slip of a unit's
    (domain.unit_hints: "可能是长洲区（写法相近）"), an unregistered zone, or unknown."""
    if elsewhere is not None and city:
        return f"{elsewhere.name}是{elsewhere.city}的单位，不属于{city}：请对应到{city}的单位，或新增为开发园区"
    found = likely_units(name, registry, city) if registry is not None else []
    if found:
        which = found[0][0].name if len(found) == 1 else "其中的单位"
        return f"登记表中没有“{name}”，{hint_text(name, registry, city)}：请对应到{which}，或新增为开发园区"
    if ZONE_ENDINGS.search(name):
        return "登记表中没有这个开发区（园区）：请新增为本市开发园区，或对应到已登记的单位"
    return UNKNOWN_REASON


def _tail_name(registry: UnitRegistry, words: str) -> str:
    """The part of `words` that names another city's unit ("资源" of "北流40家、资源5家")."""
    from domain.quota_names import find_name

    unit, begin, stop = find_name(registry, words, at="end")
    return words[begin:stop] if unit is not None else unknown_name(words)


def _is_count(figure: Token) -> bool:
    return figure.measure not in PERCENT_MEASURES


def _with_measures(items: list[Item], measure: str, pending: list[PendingQuota], text: Text) -> list[Item]:
    """Items whose bare numbers took the measure their list states once ("分别为18、14、10家", "北流18、容县14家").

    A list is a 分别 run, or the items of one clause; its stated measures must agree. Failing that, the
    indicator's `measure` (the table's) counts; a number left without one is asked when it names a unit.
    """
    by_clause: dict[tuple[int, int], list[str]] = {}
    for item in items:
        by_clause.setdefault(item.clause, []).extend(f.measure for f in item.figures if f.measure)
    result = []
    for item in items:
        if all(f.measure or f.doubt for f in item.figures):
            result.append(item)
            continue
        stated = {f.measure for f in item.figures if f.measure} or set(by_clause[item.clause])
        chosen = next(iter(stated)) if len(stated) == 1 else measure if not stated else ""
        if item.rule == "respectively" and len(stated) == 1:
            chosen = next(iter(stated))
        if chosen:
            figures = [f if f.measure else f.with_measure(chosen) for f in item.figures]
            result.append(Item(item.rule, item.members, figures, item.part, item.start, item.end, item.clause,
                               item.sentence, item.head, item.each))  # fmt: skip
            continue
        reason = "没有写明计量单位（家、项、万元、%……）" if not stated else "同一列表中计量单位不一致"
        paired = len(item.figures) == len(item.members)
        for index, member in enumerate(item.members):
            figure = item.figures[index] if paired else item.figures[0]
            if member.kind != "name" and not figure.measure:
                pending.append(PendingQuota(member.written, member.unit.name if member.unit else None,
                                            figure.value, "", text.show(*item.clause), reason, "no_measure",
                                            item.part, figure.number))  # fmt: skip
        result.append(item)
    return result


def value_in(figure: Token, measure: str, *, total_given: bool) -> float | None:
    """A figure's value in the indicator's measure, or None when it is in another measure (then it is asked).

    Amounts convert (万元, 亿元, 元); a % target fits an amount's growth when no total says otherwise.
    """
    written = figure.measure
    if not measure or written == measure:
        return figure.value
    if written in AMOUNT_FACTORS and measure in AMOUNT_FACTORS:
        return convert_amount(figure.value or 0.0, written, measure)
    if written == "%" and measure in AMOUNT_FACTORS and not total_given:
        return figure.value
    return None

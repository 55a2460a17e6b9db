"""Clauses of a quota sentence and the items they hold: who (names, scopes) gets which figure, by which rule.

The second stage of reading (tokens → clauses → scoped assignments, see domain.quota_text). A clause runs
between two of ， ； 。 ( ) and line breaks; a colon ends a clause only after a figure ("…101家：北流…"),
otherwise it labels what follows ("江州区：8家", "北流市：基数800万元，增长15%"). In a clause, each figure
(or list of figures after 分别) has a head: the tokens since the figure before it. The head names who the
figure is for, by one of these rules (the `rule` a quota keeps):

- "item"         北流不低于18家 / 其中北流5人次 / 江州区完成5家           one name, one figure
- "line"         江州区：8家 / 北流市：基数800万元，增长15%以上           a labelled line; the label carries on
- "named_each"   北流、容县各2家 / 北流、容县均不低于2家 / 其余各县（区）各2家   names or scopes sharing a figure, each
- "respectively" 北流、容县分别为18、14家 / 基数分别按800万元、1000万元计   names paired with figures in order
- "shared"       北流、容县2家 (no 各)                                   names sharing a figure: each, or together?
- "scope"        各县（市、区）不少于5家 / 全市…2.1% / 市本级…不低于2%        a scope word and its figure
- "carried"      覃塘区…2022年基数为20家，2023年目标25家                     the other part of the unit before
- "dated"        港南区：18家（2022年：15家）                                 a past year's figure: its baseline?

分别 may have a verb or the indicator's words before its figures ("分别转化8项、6项", "分别新增高新技术企业4家
和6家"); 各 after the names may have a verb ("各负责一家"). Members are carried from the item before when the
figure names nobody but another indicator ("铁山港区新增高新技术企业3家、科技型中小企业15家", "…分别为30家、
25家，高新技术企业分别为6家、5家"): `Item.carry` says so, and domain.quota_segments makes it an indicator of its own.

Names are resolved through the registry here (domain.quota_names.find_name); scopes are expanded to units
later (domain.quota_scopes), once the whole text is known.
"""

from __future__ import annotations

import re
from dataclasses import replace

from domain.quota_items import Item, Member, clauses, cut, figure_year, has_list, span_of, strip_words_end, words_of
from domain.quota_listed_indicators import join_further_list, listed_indicators
from domain.quota_names import find_name, looks_like_name, unknown_name, written_as_place
from domain.quota_paired_lists import paired_lists
from domain.quota_tokens import Text, Token
from domain.units import UnitRegistry, leading_office

# 分别 and the words up to the figures: a verb ("分别转化8项、6项"), an indicator ("分别新增高新技术企业4家和6家").
_RESPECTIVELY = re.compile(
    r"(?:基础数|基数|基期数|基期值|基期)?(?:分别|依次)(?P<after>[\u4e00-\u9fffA-Za-z&]{0,16}?)(?:按|为|是|达到?|确定为)?$"
)
# 各 / 均 before a list of figures rather than one: "秀峰区、七星区各为30家、60家".
_EACH_LIST = re.compile(r"(?:各|均)自?(?P<after>)(?:为|是)?$")
# 各 after the names, maybe with a verb and the indicator's words: "各2家", "各负责一家", "各新增科技创新平台1个".
_EACH = re.compile(
    r"(?:各|均)(?:自)?(?:为|是|要|需|应)?(?P<verb>(?:推荐|新增|培育|完成|申报|建设|建成|引进|选派|认定|组建|增长|提高|达到|"
    r"实现|争取|力争|负责|承担|落实|创建|争创|打造|设立|开展|安排|转化|新建|入库|登记|引育|培养|承办|举办|配备)"
    r"(?P<object>[\u4e00-\u9fffA-Za-z&]{0,24}))?$"
)
# 各 before the indicator's words in a list ("柳南、柳城产业园各科技型中小企业入库48家"); not 各类, 各项, 各族自治县….
_EACH_OBJECT = re.compile(
    r"各(?![类项级种自个地方部门单位有关相关族])(?P<verb>(?P<object>[\u4e00-\u9fffA-Za-z&]{2,24}))$"
)
_YEAR = re.compile(r"\d{4}年度?(?:底|末)?(?:数|实际|完成)?(?:为|是|达到|达)?")
# A clause that names only the other part of the unit before it: "覃塘区…2022年基数为20家，2023年目标25家".
_PART_ONLY = re.compile(
    r"^(?:\d{4}年度?(?:底|末)?)?的?(?:目标值?|目标任务|任务数?|计划|基数|基础数|基期数|基期值)(?:为|是|达到?|确定为)?$"
)
_BASELINE = re.compile(r"基础数|基数|基期")
# Words that may stand before a scope that is the subject of its clause ("其中各县（区）…", "力争全市…").
_SCOPE_LEAD = re.compile(
    r"^(?:其中|含|包含|包括|另外|另|同时|并且|并|此外|且|以及|及|和|与|要求|确保|力争|争取|原则上|全市|全区|努力|今年|年内|全年|"
    r"到?\d{4}年度?(?:底|末|内)?前?)*$"
)
_JOINS = re.compile(r"[和及与]")
# Words that make a scope's figure the sum of its units ("各县（市、区）合计…", "…共新增…").
SUM_WORDS = re.compile(r"合计|共计|总计|总共|一共|(?<!公)共(?![同享建性])")
_JOIN_WORDS = ("和", "及", "与", "以及")


def read_items(
    text: Text, tokens: list[Token], registry: UnitRegistry, city: str, year: int | None = None
) -> tuple[list[Item], set[str], list[str]]:
    """Every figure of the sentence as an item, in order, with whom its head gives it to.

    Also returns the units the text names outside its items ("除北流外…", "由于兴业县…没有基础数"): 其余 leaves
    them out too. `year` is the plan's year: a figure of an earlier year is no target (its unit's baseline, asked,
    unless the words say 基数), one of a later year is left, with a note on the item before (or among the notes
    returned last, with no item before); without `year`, the year of the first dated target stands for the plan's.
    """
    reader = _Reader(text, registry, city, year)
    for sentence, clause, label, carried in clauses(tokens):
        reader.read_clause(clause, sentence, label, carried=carried)
    return reader.items, reader.mentioned, reader.notes


class _Reader:
    def __init__(self, text: Text, registry: UnitRegistry, city: str, year: int | None = None) -> None:
        self.text, self.registry, self.city, self.year = text, registry, city, year
        self.inferred_year: int | None = None
        self.items: list[Item] = []
        self.two_levels: dict[int, Token] = {}
        self.excluded: dict[int, set[str]] = {}
        self.mentioned: set[str] = set()
        self.sentence = 0
        self.label_parts: dict[int, str] = {}
        self.notes: list[str] = []  # said of the text when no item stands before them

    def read_clause(self, clause: list[Token], sentence: int, label: list[Token], *, carried: bool = False) -> None:
        span = (clause[0].start, clause[-1].end)
        self.sentence = sentence
        for token in clause:
            if token.kind == "scope" and token.scope == "two_levels":
                self.two_levels.setdefault(sentence, token)
        clause = self._exclusion(clause, sentence)
        if not clause:
            return
        if not any(t.kind in ("figure", "number") for t in clause):
            self._mentions(clause)
            return
        if self._further_list(clause, sentence):
            return
        head: list[Token] = []
        index = 0
        while index < len(clause):
            token = clause[index]
            if token.kind not in ("figure", "number"):
                head.append(token)
                index += 1
                continue
            colons = [i for i, t in enumerate(head) if t.kind == "sep" and t.sep == "colon"]
            if colons:
                label, head, carried = head[: colons[-1]], head[colons[-1] + 1 :], False
            marker = _RESPECTIVELY.search(words_of(head))
            if marker is None:
                # "…各为30家、60家", "临桂区入库数、成交额各为30家，1.5亿元": a list after 各 pairs as 分别 does
                each = _EACH_LIST.search(words_of(head))
                if each and (len(_run(clause, index)[0]) > 1 or self._lists_indicators(head, each)):
                    marker = each
            if marker:
                run, index = _run(clause, index)
                self._respectively(head, run, marker, span, sentence)
            else:
                self._single(head, token, span, sentence, label, carried=carried)
                index += 1
            head = []

    def _lists_indicators(self, head: list[Token], marker: re.Match) -> bool:
        """Whether a head before 各 names indicators, not units, as what 各 goes over: listed with 、 after the units,
        or joined by 和/及/与 after one unit ("秀峰区入库数和成交额各为2家，3万元")."""
        members = self._members(strip_words_end(head, len(marker.group(0))), group=True)
        alone = len(members) == 1 and members[0].kind == "unit" and _JOINS.search(members[0].tail) is not None
        return alone or listed_indicators(members, self._starting_unit, _name_like) is not None

    def _further_list(self, clause: list[Token], sentence: int) -> bool:
        """A clause of figures only after a 分别 list of several indicators: its next list (quota_listed_indicators)."""
        if clause[0].kind not in ("figure", "number"):
            return False
        run, index = _run(clause, 0)
        return index == len(clause) and join_further_list(self.items, run, sentence, clause[-1].end)

    def _exclusion(self, clause: list[Token], sentence: int) -> list[Token]:
        """The clause without a leading "除北流、容县外", whose units the sentence's county scope leaves out."""
        start = clause[0].start
        match = re.match(r"除(.+?)(?:以外|之外|外)", self.text.plain[start : clause[-1].end])
        if not match or clause[0].kind != "words":
            return clause
        inner = cut(clause, start + 1, start + match.end(1))
        excluded = {m.unit.name for m in self._members(inner, group=True) if m.unit is not None}
        if not excluded:
            return clause
        self.excluded.setdefault(sentence, set()).update(excluded)
        self.mentioned |= excluded
        return cut(clause, start + match.end(), clause[-1].end)

    def _mentions(self, clause: list[Token]) -> None:
        """Units named plainly in a clause without figures ("由于兴业县、玉东新区没有…"): not among 其余."""
        for member in self._members(clause, group=True):
            if member.unit is not None and (member.written == member.unit.name or not (member.lead or member.tail)):
                self.mentioned.add(member.unit.name)

    def _previous(self, sentence: int, clause: tuple[int, int] | None = None) -> Item | None:
        """The item before, if it stands in the same sentence (and clause, when one is given)."""
        last = self.items[-1] if self.items else None
        if last is None or last.sentence != sentence or (clause is not None and last.clause != clause):
            return None
        return last

    def _respectively(self, head: list[Token], run: list[Token], marker: re.Match, span, sentence: int) -> None:
        part = "baseline" if _BASELINE.search(marker.group(0)) else "target"
        head = strip_words_end(head, len(marker.group(0)))
        marker_start = head[-1].end if head else run[0].start
        members = self._members(head, group=True)
        if part == "target" and members and _BASELINE.search(members[-1].tail):
            part = "baseline"
        listed = listed_indicators(members, self._starting_unit, _name_like)
        if listed is not None:  # "秀峰区、临桂区科技型中小企业入库数、技术合同成交额分别为…"
            members, phrase = listed[0], listed[1] + marker["after"]
        else:
            named = bool(members) and members[-1].kind != "name"
            phrase = (members[-1].tail if named else "") + marker["after"]
        carry = ""
        previous = self._previous(sentence)
        if (
            previous is not None and previous.rule == "respectively" and len(previous.figures) == len(run)
            and all(m.kind == "name" and not _name_like(m.words) for m in members)
            and any(m.kind != "name" for m in previous.members)
        ):  # fmt: skip
            # "…科技型中小企业分别为30家、25家，高新技术企业分别为6家、5家": the same units, another indicator.
            phrase = "".join(m.words for m in members) + marker["after"]
            members, carry = previous.members, "respectively"
        level = self.two_levels.get(sentence)
        if level is not None and len(run) == 2 and all(m.kind == "name" for m in members):
            # 市县两级…分别不低于2%、1%: the city's figure and every county's.
            shown = self.text.show(level.start, level.end)
            members = [Member("total", level.start, level.end, shown, level.text),
                       Member("two_levels", level.start, level.end, shown, level.text)]  # fmt: skip
        start = members[0].start if members and not carry else head[0].start if head else run[0].start
        lists = paired_lists(phrase, len(members), run) if not carry else []
        for words, figures in lists or [(phrase, run)]:  # "…入库数和技术合同成交额分别为30家…和1.5亿元…"
            self.items.append(Item("respectively", members, figures, part, start, figures[-1].end, span, sentence,
                                   span_of(head, marker_start), phrase=words, carry=carry))  # fmt: skip

    def _single(self, head: list[Token], figure: Token, span, sentence: int, label: list[Token], *,
                carried: bool) -> None:  # fmt: skip
        each = _EACH.search(words_of(head))
        if each is None and has_list(head):
            each = _EACH_OBJECT.search(words_of(head))
        if each and each.group(0).startswith("均") and re.search(r"[平人]$", words_of(head)[: each.start()]):
            # 平均 / 人均 are words, unless a name ends there (昭平均力争1家: 昭平 + 均)
            unit, _, _ = find_name(self.registry, words_of(head)[: each.start()], self.city, strict=False)
            each = each if unit is not None else None
        if each:
            head = strip_words_end(head, len(each.group(0)))
        group = bool(each) or has_list(head)
        members = self._members(head, group=group)
        rule = "named_each" if each else "item"
        if len(members) > 1 and not each:
            if all(m.is_scope and "各" in m.written for m in members):
                rule = "named_each"  # 各县（市、区）、各开发园区…不少于2家: each scope says 各 itself
            elif _shared(members):
                rule = "shared"
            else:
                members = members[-1:]
        words = "".join(t.text for t in head if t.kind == "words")
        part = "baseline" if any(_BASELINE.search(m.tail) for m in members) or _BASELINE.search(words) else "target"
        nameless = all(m.kind == "name" and not _name_like(m.words) for m in members)
        phrase = members[-1].tail if members and members[-1].kind != "name" else words if nameless else ""
        if each and each["object"]:
            phrase += each["verb"]  # "…上思县各新增科技创新平台1个": the indicator's words follow 各
        phrase = "" if figure.doubt == "relative" else phrase  # "港南区比港北区少2个": no indicator's words
        carry = ""
        previous = self._previous(sentence, span)
        if (
            nameless and words and head[0].kind == "sep" and head[0].sep == "list" and previous is not None
            and previous.rule != "respectively" and not any(m.kind == "name" for m in previous.members)
        ):  # fmt: skip
            # "铁山港区新增高新技术企业3家、科技型中小企业15家": the same unit, another figure of its own.
            members, rule, carry = previous.members, previous.rule, "list"
        previous = self._previous(sentence)
        if (
            not carry and (not members or (len(members) == 1 and members[0].kind == "name")) and previous is not None
            and _PART_ONLY.match(words) and len(previous.members) == 1 and previous.members[0].kind == "unit"
            and previous.part != ("baseline" if _BASELINE.search(words) else "target")
        ):  # fmt: skip
            # "覃塘区高新技术企业2022年基数为20家，2023年目标25家": the other part of the unit before.
            part = "baseline" if _BASELINE.search(words) else "target"
            members, rule, carry, phrase = previous.members, "carried", "part", ""
        label_words = "".join(t.text for t in label if t.kind == "words") if label and not words else words
        if (
            not carry and (not members or (len(members) == 1 and members[0].kind == "name")) and previous is not None
            and _YEAR.fullmatch(label_words) and len(previous.members) == 1 and previous.members[0].kind == "unit"
        ):  # fmt: skip
            # "港南区：18家（2022年：15家）": a past year's figure of the unit before — its baseline, maybe.
            figure = replace(figure, qualifier=f"{label_words}：", doubt="dated")
            members, rule, carry, part, phrase = previous.members, "dated", "part", "baseline", ""
        if label and not carry and (not members or (len(members) == 1 and members[0].kind == "name")):
            # A label carried from an earlier clause gives the other part only ("北流市：基数800万元，增长15%"):
            # a second target after it ("乐业：500万元，每家奖励10万元") is no figure of the label's.
            named = self._members(label, group=False)
            if named and named[0].kind != "name" and not (carried and self.label_parts.get(label[0].start) == part):
                bracketed = self.text.plain[label[-1].end : figure.start] == "("  # 江州区（18家）
                members, rule = named, "item" if bracketed else "line"
                self.label_parts[label[0].start] = part
        dated = figure_year(label_words if rule == "dated" else words)
        if dated is not None and not (part == "baseline" and rule != "dated"):
            plan = self.year or self.inferred_year
            if plan is None and rule != "dated":
                self.inferred_year = dated
            elif plan is not None and dated > plan:
                # "…2022年达到20%，2023年达到25%": next year's figure is no target of this plan's.
                shown = self.text.show(head[0].start if head else figure.start, figure.end)
                note = f"“{shown}”是{dated}年的数，不是{plan}年的目标，未读取"
                (self.items[-1].notes if self.items else self.notes).append(note)
                return
            elif plan is not None and dated == plan and rule == "dated":
                figure, rule, part = replace(figure, qualifier="", doubt=""), "carried", "target"
            elif plan is not None and dated < plan and rule != "dated":
                # "荔浦市研发投入强度2021年为0.8%，2022年达到1%": an earlier year's figure, its baseline maybe.
                figure, part = replace(figure, qualifier=f"{dated}年：", doubt="dated"), "baseline"
        own_words = [t.start for t in head if t.kind == "words"][:1] if carry else []
        start = min([m.start for m in members if m.start >= span[0] and not carry] + own_words + [figure.start])
        self.items.append(Item(rule, members, [figure], part, start, figure.end, span, sentence,
                               span_of(head, figure.start), each=bool(each), phrase=phrase, carry=carry))  # fmt: skip

    def _members(self, head: list[Token], *, group: bool) -> list[Member]:
        """The members of a head: split at 、 (and, in a group, at 和/及/与 between names)."""
        parts: list[list[Token]] = [[]]
        for token in head:
            if (token.kind == "sep" and token.sep == "list") or (token.kind == "words" and token.text in _JOIN_WORDS):
                parts.append([])
            elif token.kind != "sep":
                parts[-1].append(token)
        parts = [p for p in parts if p]
        if not group:
            parts = parts[-1:]
        members: list[Member] = []
        for index, part in enumerate(parts):
            where = "either" if len(parts) == 1 else "start" if index == len(parts) - 1 and index else "end"
            members.extend(self._member(part, where, split=group, strict=len(parts) == 1))
        return members

    def _member(self, tokens: list[Token], where: str, *, split: bool, strict: bool) -> list[Member]:
        scopes = [t for t in tokens if t.kind == "scope"]
        if len(scopes) > 1 and scopes[0].scope == "total" and scopes[1].start == scopes[0].end:
            scopes = scopes[1:]  # 全市各县（市、区）: every county of the city
        lead = "".join(t.text for t in tokens if scopes and t.end <= scopes[0].start)
        if scopes and lead.endswith("等") and len(lead) > 1 and scopes[0].scope in ("hint", "counties"):
            # "北流、容县、陆川等县（市）": the list's last name, closed by 等 and what the names are
            first = tokens[0]
            return [self._name(lead[:-1], first.start, where, strict=strict)]
        if scopes and not (scopes[0].scope == "total" and not _SCOPE_LEAD.match(lead)):
            # 全市 after other words ("…的企业占全市30%") is an object, not who the figure is for.
            scope = scopes[0]
            tail = "".join(t.text for t in tokens if t.start >= scope.end)
            tail = tail[len(leading_office(tail)) :]  # 各县（市、区）科技局…: the scope's offices, no indicator
            # 每个县（市、区） says each unit itself, whatever verb stands before it ("推动每个县（市、区）至少建成
            # 1家…"); 各 after a verb of the city's ("推动各县（市、区）…") may be each one's or their sum.
            subject = _SCOPE_LEAD.match(lead) or scope.scope == "total" or scope.text.startswith("每")
            kind = scope.scope if subject else "unclear_" + scope.scope
            if SUM_WORDS.search(tail) and kind in ("counties", "zones", "rest"):
                kind = "total"  # 各县（市、区）合计100家: their sum, not each one's
            if kind in ("counties", "zones") and self.excluded.get(self.sentence):
                kind = "rest"  # 除北流、容县外，各县（区）…: the others
            return [Member(kind, scope.start, scope.end, self.text.show(scope.start, scope.end), scope.text,
                           lead=lead, tail=tail)]  # fmt: skip
        start, end = tokens[0].start, tokens[-1].end
        words = self.text.plain[start:end]
        if split and _JOINS.search(words):
            pieces = self._joined(words, start)
            if pieces:
                return pieces
        return [self._name(words, start, where, strict=strict)]

    def _starting_unit(self, words: str, start: int) -> Member:
        return self._name(words, start, "start", strict=False)

    def _joined(self, words: str, start: int) -> list[Member]:
        """Names joined by 和/及/与 ("北流和容县"): two names joined by 和/及/与, when both sides name units."""
        pieces, position = [], 0
        for match in _JOINS.finditer(words):
            pieces.append((position, match.start()))
            position = match.end()
        pieces.append((position, len(words)))
        members = [self._name(words[a:b], start + a, "start" if i == len(pieces) - 1 else "end", strict=False)
                   for i, (a, b) in enumerate(pieces) if b > a]  # fmt: skip
        return members if len(members) > 1 and all(m.kind == "unit" for m in members) else []

    def _name(self, words: str, start: int, where: str, *, strict: bool = True) -> Member:
        unit, begin, stop = find_name(self.registry, words, self.city, at=where, strict=strict)
        if unit is not None:
            return Member("unit", start + begin, start + stop, self.text.show(start + begin, start + stop), words,
                          unit, words[:begin], words[stop:])  # fmt: skip
        maybe = None
        if strict:
            maybe, _, _ = find_name(self.registry, words, self.city, at=where, strict=False)
        elsewhere = None
        if self.city:
            other, begin, stop = find_name(self.registry, words, at="end")
            if other is not None and not other.is_city and other.city != self.city:
                elsewhere = other
        return Member("name", start, start + len(words), self.text.show(start, start + len(words)), words,
                      elsewhere=elsewhere, maybe=maybe)  # fmt: skip


def _name_like(words: str) -> bool:
    """Words that may be a unit's name the registry does not know (北京, 桃源县): no indicator's words."""
    words = re.sub(r"\([^()]*\)$", "", words)  # "桂林高新区管委会（七星区）": the county it lies in, in brackets
    return looks_like_name(unknown_name(words)) or written_as_place(words)


def _shared(members: list[Member]) -> bool:
    """Whether a list of names before one figure is a list of whom it is for ("北流、容县2家").

    The last is a unit or a scope, and every other one is a unit, a scope or looks like a name (北京, not
    "新增重点实验室").
    """
    return members[-1].kind != "name" and all(m.kind != "name" or looks_like_name(m.words) for m in members)


def _run(clause: list[Token], index: int) -> tuple[list[Token], int]:
    """The figures of a 分别 list from `index`: figures and numbers joined by 、 or 和/及/与."""
    run = [clause[index]]
    index += 1
    while index + 1 < len(clause):
        join, following = clause[index], clause[index + 1]
        joined = (join.kind == "sep" and join.sep == "list") or (join.kind == "words" and join.text in "和及与")
        if not joined or following.kind not in ("figure", "number"):
            break
        run.append(following)
        index += 2
    # "分别不低于2%、1%": the first figure's qualifier holds for all; "分别为18、14、10家以上": the last's 以上 too.
    qualifier, after = run[0].qualifier, run[-1].after
    run = [replace(t, qualifier=t.qualifier or qualifier, after=t.after or after) for t in run]
    return run, index

"""Indicators listed with 、 like the units: "秀峰区、临桂区科技型中小企业入库数、技术合同成交额分别为30家、40家和
1.5亿元、2亿元".

The head of a 分别 list splits at 、 into members; here the last unit is followed by the first indicator's words,
and the next members are further indicators, not names. Such a head is read as its units (the last one found at
the start of its part) and an indicator phrase joined by 、, which domain.quota_paired_lists cuts into one list per
indicator, or asks figure by figure when the measures do not settle the pairing.

An indicator's list may also follow after a comma ("…入库数和技术合同成交额分别为30、60家，15000、50000万元"): a
clause of figures only goes on the 分别 list before it, and the whole run is cut again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from domain.quota_items import Item, Member
from domain.quota_paired_lists import paired_lists
from domain.quota_tokens import Token

# (words, start) -> the member those words begin with: a unit and the words after it as its tail.
ResolveStart = Callable[[str, int], Member]


def listed_indicators(
    members: list[Member], resolve_start: ResolveStart, name_like: Callable[[str], bool]
) -> tuple[list[Member], str] | None:
    """(the units, the indicators' words joined by 、) when a head lists indicators after its last unit; else None.

    Every member before the turning one is a unit or a scope; the turning one begins with a unit and goes on in
    words that are no name; every member after it is words that are no name either (an indicator).
    """
    for index, member in enumerate(members):
        if member.kind != "name":
            continue
        rest = members[index + 1 :]
        if not rest or any(m.kind != "name" or name_like(m.words) for m in rest):
            return None
        if any(m.kind == "name" for m in members[:index]):
            return None
        first = resolve_start(member.words, member.start)
        if first.kind != "unit" or not first.tail or name_like(first.tail):
            return None
        return [*members[:index], first], "、".join([first.tail, *(m.words for m in rest)])
    return None


def join_further_list(items: list[Item], run: list[Token], sentence: int, end: int) -> bool:
    """Join a clause of figures only (`run`, ending at `end`) to the 分别 list of several indicators before it.

    True when the items were replaced by one per indicator (pairing certain, or each figure marked "paired");
    False, leaving everything as it was, when the run is no further list of that 分别.
    """
    # Figures alone, even after ；, can only go on the list before them.
    previous = items[-1] if items and items[-1].sentence in (sentence, sentence - 1) else None
    if previous is None or previous.rule != "respectively" or previous.carry:
        return False
    siblings = [i for i in items if i.rule == "respectively" and i.start == previous.start
                and i.sentence == previous.sentence]  # fmt: skip
    phrase = "、".join(i.phrase for i in siblings)
    lists = paired_lists(phrase, len(previous.members), [f for i in siblings for f in i.figures] + run)
    if not lists:
        return False
    del items[-len(siblings) :]
    for words, figures in lists:
        items.append(replace(previous, figures=figures, end=figures[-1].end, phrase=words,
                             clause=(previous.clause[0], end)))  # fmt: skip
    return True

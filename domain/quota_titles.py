"""Indicator names out of a quota sentence's words: the words before a figure, after it, or the clause before.

Part of reading a quota sentence (domain.quota_text). Qualifiers (力争, 确保…), scope words (全市, 各县…), verbs of
reaching and places asked about are no part of a name (domain.quota_names.indicator_name).
"""

from __future__ import annotations

import re

from domain.quota_names import indicator_name
from domain.quota_segments import Segment
from domain.quota_stated_measure import without_statement
from domain.quota_tokens import Text
from domain.units import UnitRegistry


def phrase_name(phrase: str) -> str:
    """An indicator name out of the words before a unit's figure: "投入强度达到" → 投入强度, years and 基数 off."""
    name = re.sub(r"\d{4}年度?(?:底|末)?", "", phrase)
    name = re.sub(r"(?:基础数|基数|基期数|基期值|基期|目标值?)?(?:分别)?(?:为|是|达到|达|按|确定为)?$", "", name)
    name = re.sub(r"^(?:其中|另外|此外|同时|分别)+", "", name)
    return indicator_name(name) if len(name) >= 2 else ""


# Where the words of a clause that names an indicator turn to what is done with it ("科技特派员服务实现乡镇全覆盖").
_DOING = re.compile(r"实现|达到|覆盖|开展|推进|推动|加快|提升|提高|加强|做到|保持|争取|力争|确保|要求|全面|基本")


def name_around(prepared: Text, segment: Segment, verb: str) -> str:
    """An indicator's name when the words before its first figure hold none ("至少建成1家…", "其中金秀县…"):
    the words after the figure ("…建成1家自治区级以上创新平台" → 建成自治区级以上创新平台), else the figureless
    clause before it in the sentence ("科技特派员服务实现乡镇全覆盖，其中金秀县…" → 科技特派员服务)."""
    if not segment.items:
        return ""
    first = min(segment.items, key=lambda i: i.start)
    verb = verb or phrase_name(first.phrase)
    plain = prepared.plain
    after = re.match(r"[\u4e00-\u9fffA-Za-z&]{2,24}", plain[first.figures[-1].end : first.clause[1]])
    if after and not re.match(r"(?:以上|左右|以下|以内|及以上)", after.group(0)):
        return verb + after.group(0)
    if len(verb) >= 2:
        return verb  # "各县（区）每个乡镇至少选派科技特派员1名": 选派科技特派员
    before = re.split(r"[,;。!?\n]", plain[: first.clause[0]])
    last = before[-2] if len(before) >= 2 and not before[-1] else before[-1]
    if not last or re.search(r"\d", last):
        return ""
    words = _DOING.split(last, maxsplit=1)[0]
    return phrase_name(words) if len(words) >= 2 else ""


def label_name(text: str, registry: UnitRegistry) -> str:
    """The indicator a line's label names ("研发经费投入强度：港口区1.2%…"), unless the label is a unit's name."""
    label = re.search(
        r"(?:^|[。；;\n])([\u4e00-\u9fffA-Za-z&]{2,30})(?:[(（][^()（）]{1,8}[)）])?[:：]", without_statement(text)
    )
    if label is None or registry.resolve(label.group(1)) is not None:
        return ""
    return phrase_name(label.group(1))

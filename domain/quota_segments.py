"""One text, several indicators: the items of a quota text split into indicator segments.

Officials write several indicators into one sentence: "港北区R&D经费增长20%、投入强度达到1.5%", "…科技型中小企业
分别为30家、25家，高新技术企业分别为6家、5家", "合浦县新增技术合同登记20项、成交额5000万元". Each item (domain.
quota_clauses) keeps the words that say which indicator its figure is of (its `phrase`); a phrase of other words
than the indicator's before it starts a segment of its own, or joins an earlier segment whose words it shares
("成交额" joins "全市技术合同成交额"). Words that name no indicator — verbs (新增, 完成, 力争), 全市, years,
基数 — never split. A figure that names no unit and another indicator than the one before it is a new
indicator's total only where the text says so: no unit has been named yet ("新增高新技术企业40家，科技型中小
企业入库260家"), it is written as a total (全市, 合计…), or a list of units follows it; otherwise it is left to
the caller to say it was not read (domain.quota_text notes it), never given to a unit by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from domain.figures import RULE_WORDS, TOTAL_WORDS
from domain.quota_items import Item
from domain.units import Unit

# Words that say nothing of which indicator: verbs, scopes, years, parts, qualifiers.
_NOISE = re.compile(
    r"\d{4}年度?(?:底|末)?|全市|全区|全县|我市|市本级|其中|另外|此外|同时|力争|争取|确保|推动|持续|进一步|"
    r"新增加|新增|新培育|新认定|新建|培育|完成|实现|达到|达|突破|超过|保持|提高到|提升到|较上年|比上年|同比|"
    r"基础数|基数|基期数|基期值|基期|基础|分别|依次|各|均|为|是|的|要|应|需|共|合计|累计|年度|今年|全年|"
    # Verbs of doing, which name no indicator of their own ("其中东兴市承办1场" is the same 对接活动).
    r"承办|举办|开展|组织|选派|推荐|申报|争创|创建|打造|安排|落实|负责|承担|建设|建成|至少|不少于|不低于"
    # A decline is said of the indicator before it ("…能耗下降3%，七星区降低2%"): domain.quota_decrease.
    r"|下降|降低|减少|压减|压降|下调|削减"
)
# Words of the same thing written two ways.
_SYNONYMS = (
    (re.compile(r"(?:研究与试验发展|研究与开发)(?:[(（]R&D[)）])?|R&D|研发"), "研发"),
    (re.compile(r"经费投入|经费支出|经费|投入|支出"), "投入"),
    (re.compile(r"高企"), "高新技术企业"),
    (re.compile(r"科技型中小企业评价入库|科技型中小企业入库|入库科技型中小企业"), "科技型中小企业"),
    (re.compile(r"数量|总数|个数|数$"), ""),
)
# Aspects that make two indicators of the same thing different ones.
_RATIO = re.compile(r"强度|比重|占比|比例|覆盖率")
_GROWTH = re.compile(r"增长|增幅|增速")
_STOCK = re.compile(r"保有量|存量|总量")
_INCREMENT = re.compile(r"新增|培育|新认定|新建|引进")
# Words of a rule, of a reference to targets or of a time, not of an indicator: "每家奖励10万元", "完成省定
# 目标135%", "上半年1家".
_NOT_INDICATOR = re.compile(r"奖励|奖补|补助|资助|补贴|目标|任务|其余|其他|剩余|每家|每个|每项|半年|季度|月|批")


@lru_cache(maxsize=4096)  # a table repeats its phrases row after row
def core(phrase: str) -> str:
    """The words of a phrase that name its indicator, written one way ("全市R&D经费投入强度达到" → "研发投入强度")."""
    if _NOT_INDICATOR.search(phrase) or RULE_WORDS.search(phrase):
        return ""
    words = _NOISE.sub("", phrase)
    for pattern, replacement in _SYNONYMS:
        words = pattern.sub(replacement, words)
    words = re.sub(r"[^\u4e00-\u9fffA-Za-z&]", "", words)
    return words if len(words) >= 2 else ""


@lru_cache(maxsize=4096)
def same_indicator(a: str, b: str) -> bool:
    """Whether two phrases may name the same indicator; a phrase without an indicator's words matches any."""
    ca, cb = core(a), core(b)
    if not ca or not cb:
        return True
    if _conflict(a, b):
        return False
    if ca in cb or cb in ca:
        return True
    common = _longest_common(ca, cb)
    if len(common) < 3:
        return False
    ra, rb = ca.replace(common, "", 1), cb.replace(common, "", 1)
    return not ra or not rb or ra in rb or rb in ra


def _conflict(a: str, b: str) -> bool:
    """A rate against a growth, a stock against an increment: "投入强度" and "投入增长" are two indicators."""
    for one, other in ((_RATIO, _GROWTH), (_STOCK, _INCREMENT)):
        if (_only(one, other, a) and _only(other, one, b)) or (_only(other, one, a) and _only(one, other, b)):
            return True
    return False


def _only(wanted: re.Pattern[str], unwanted: re.Pattern[str], phrase: str) -> bool:
    return wanted.search(phrase) is not None and unwanted.search(phrase) is None


def _longest_common(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


@dataclass
class Segment:
    """The items of one indicator; `phrase` the words naming it (its first item's that has any).

    `unowned` marks a figure of another indicator that names no unit after units were named ("港北区新增高新
    技术企业3家，科技型中小企业15家"): whose it is — the unit's or the city's — is asked, never guessed;
    `owner` is the one unit the sentence named before it, if only one. `subject` is what a phrase of a verb alone
    ("新增") counts, taken from the indicator before it ("高新技术企业" of "高新技术企业保有量").
    """

    items: list[Item] = field(default_factory=list)
    phrase: str = ""
    unowned: bool = False
    owner: Unit | None = None
    subject: str = ""


def split_segments(items: list[Item], plain: str) -> list[Segment]:
    """The items grouped by indicator, in the order the indicators first appear; always at least one segment."""
    segments = [Segment()]
    current = segments[0]
    seen_units = False
    for index, item in enumerate(items):
        names_unit = _names_unit(item)
        if not core(item.phrase) and not names_unit and current.phrase and _conflict(item.phrase, current.phrase):
            # "高新技术企业保有量65家，新增30家，其中…": the stock and the increment of one thing, two indicators.
            current = Segment(phrase=item.phrase, subject=_subject(current.phrase))
            segments.append(current)
        if not core(item.phrase) or (not current.phrase and not current.items):
            current.items.append(item)
            current.phrase = current.phrase or (item.phrase if core(item.phrase) else "")
            seen_units |= names_unit
            continue
        if not current.phrase:
            current.phrase = item.phrase
            current.items.append(item)
            seen_units |= names_unit
            continue
        home = next((s for s in [current, *segments] if s.phrase and same_indicator(item.phrase, s.phrase)), None)
        if home is None:
            unowned = not names_unit and seen_units and not _starts_a_total(item, items[index + 1 :], plain)
            home = Segment(phrase=item.phrase, unowned=unowned, owner=_sole_unit(items[:index], item.sentence))
            segments.append(home)
        home.items.append(item)
        current = home
        seen_units |= names_unit
    return segments


def _subject(phrase: str) -> str:
    """What an indicator counts, without its aspect and verbs: "全市高新技术企业保有量达到" → "高新技术企业"."""
    words = _STOCK.sub("", _RATIO.sub("", _GROWTH.sub("", phrase)))
    words = re.sub(r"^(?:全市|全区|我市|力争|确保|完成|实现)+|(?:达到|达|为|是|突破|超过|不低于|不少于)+$", "", words)
    return words


def _sole_unit(before: list[Item], sentence: int) -> Unit | None:
    """The one unit the items before name in the sentence, if they name exactly one."""
    units = {m.unit.name: m.unit for i in before if i.sentence == sentence for m in i.members if m.unit is not None}
    return next(iter(units.values())) if len(units) == 1 else None


def _names_unit(item: Item) -> bool:
    return any(m.kind not in ("name", "total") for m in item.members)


def _starts_a_total(item: Item, following: list[Item], plain: str) -> bool:
    """Whether a figure naming no unit is a new indicator's total: written as one, or a list of units follows."""
    if TOTAL_WORDS.search(plain[item.head[0] : item.end]) or any(m.kind == "total" for m in item.members):
        return True
    after = [i for i in following if i.sentence == item.sentence]
    return bool(after) and _names_unit(after[0]) and not core(after[0].phrase)

"""What the clause reader gives (domain.quota_clauses): a head's members, the items, and helpers on token lists:
the clauses of a sentence, and the year a figure's words say it is of.

Kept apart so that the later stages (domain.quota_assign, quota_merge, quota_segments) take the items without the
reader that makes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.quota_tokens import Token
from domain.units import Unit


@dataclass(frozen=True)
class Member:
    """One who of a head: a unit, a name the city's registry does not resolve, or a scope.

    `kind` is "unit", "name" or the scope's kind ("counties", "zones", "rest", "city_own", "total",
    "two_levels", "hint"); `written` is the name or scope as the text shows it; `words` the plain words it was
    found in (for an unknown name); `lead` the words before it in its member, `tail` those after ("基础数",
    "研发投入增长"); `elsewhere` a unit of another city that the words name; `maybe` a unit whose short name
    the words start or end with where a name may as well be part of a word ("陆川研发投入", "科技资源").
    """

    kind: str
    start: int
    end: int
    written: str
    words: str = ""
    unit: Unit | None = None
    lead: str = ""
    tail: str = ""
    elsewhere: Unit | None = None
    maybe: Unit | None = None

    @property
    def is_scope(self) -> bool:
        return self.kind not in ("unit", "name")


@dataclass
class Item:
    """A figure (or figures) and whom the head gives it to; `start`/`end` span its source words.

    `figures` has one figure shared by all `members`, or one per member ("respectively"); `part` is "target"
    or "baseline"; `clause` spans the clause; `sentence` numbers the sentence (between 。；and line breaks);
    `head` spans the head's words, for indicator names and total words. `phrase` holds the words that say
    which indicator the figure is of ("新增科技型中小企业", "投入强度"; domain.quota_segments tells them apart);
    `carry` says the members were taken from the item before ("list": "铁山港区新增高新技术企业3家、科技型中小企业
    15家"; "respectively": "…分别为30家、25家，高新技术企业分别为6家、5家"; "part": "…基数为20家，2023年目标25家").
    """

    rule: str
    members: list[Member]
    figures: list[Token]
    part: str
    start: int
    end: int
    clause: tuple[int, int]
    sentence: int
    head: tuple[int, int]
    each: bool = False
    notes: list[str] = field(default_factory=list)
    phrase: str = ""
    carry: str = ""


def cut(tokens: list[Token], start: int, end: int) -> list[Token]:
    """The tokens between two positions; words cut at them keep the part inside."""
    cut = []
    for token in tokens:
        if token.end <= start or token.start >= end:
            continue
        if token.kind == "words" and (token.start < start or token.end > end):
            a, b = max(token.start, start), min(token.end, end)
            cut.append(Token("words", token.text[a - token.start : b - token.start], a, b))
        elif start <= token.start and token.end <= end:
            cut.append(token)
    return cut


def words_of(head: list[Token]) -> str:
    return head[-1].text if head and head[-1].kind == "words" else ""


def strip_words_end(head: list[Token], length: int) -> list[Token]:
    """The head without the last `length` characters of its last words token (the marker 各, 分别为 …)."""
    if not length:
        return head
    last = head[-1]
    if len(last.text) == length:
        return head[:-1]
    return [*head[:-1], Token("words", last.text[:-length], last.start, last.end - length)]


def has_list(head: list[Token]) -> bool:
    return any(t.kind == "sep" and t.sep == "list" for t in head)


def span_of(head: list[Token], end: int) -> tuple[int, int]:
    return (head[0].start if head else end, end)


def clauses(tokens: list[Token]) -> list[tuple[int, list[Token], list[Token], bool]]:
    """(sentence number, clause tokens without the separators around them, label, whether it is carried).

    A label ("江州区：", "北流市：") holds for the rest of its sentence: it is carried into the clauses after its
    own. A bracket that opens on a figure right after a name ("北流（18家）") labels that bracket only.
    """
    clauses: list[tuple[int, list[Token], list[Token], bool]] = []
    sentence, current, label, own, saved = 0, [], [], False, None
    for index, token in enumerate(tokens):
        if token.kind == "sep" and token.sep == "open" and index and tokens[index - 1].kind == "words":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following.kind == "figure":
                if current:
                    clauses.append((sentence, current, label, not own))
                saved = (label, own)
                current, label, own = [], [tokens[index - 1]], True
                continue
        ends = token.kind == "sep" and token.sep in ("hard", "item", "open", "close")
        if token.kind == "sep" and token.sep == "colon":
            if current and current[-1].kind in ("figure", "number"):
                ends = True
            elif current:
                figures = [i for i, t in enumerate(current) if t.kind in ("figure", "number")]
                label, own = current[figures[-1] + 1 if figures else 0 :], True
                current.append(token)
                continue
        if ends:
            if current:
                clauses.append((sentence, current, label, not own))
            current, own = [], False
            if token.sep == "close" and saved is not None:
                (label, _), saved = saved, None
            if token.sep == "hard":
                sentence += 1
                label = []
            continue
        current.append(token)
    if current:
        clauses.append((sentence, current, label, not own))
    return clauses


# The year a figure is of: just before it ("占比2022年达到20%", "2021年为0.8%") or leading its clause ("2022年上思县…
# 达到8家"); never the year of a comparison ("比2021年增长15%").
_FIGURE_YEAR = re.compile(
    r"(?<![较与同至到从])(?<!(?<!占)比)(\d{4})年度?(?:底|末)?(?:目标值?|任务|计划)?(?:为|是|达到|达|要|:)?$"
)
_LEADING_YEAR = re.compile(r"^(?:力争|确保|争取|到)?(\d{4})年度?(?:底|末)?")


def figure_year(words: str) -> int | None:
    """The year the words say their figure is of, if they say one."""
    match = _FIGURE_YEAR.search(words) or _LEADING_YEAR.match(words)
    return int(match.group(1)) if match else None

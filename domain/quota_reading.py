"""What reading a quota sentence gives: quotas (TextQuota), doubts (PendingQuota) and the whole (QuotaReading).

Kept apart from the reading itself (domain.quota_text) so that every stage of the grammar can build them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.numerals import number_text
from domain.plans import Direction


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
        figure = f" {self.wording or f'{number_text(self.value)}{self.measure}'}" if self.value is not None else ""
        return f"“{self.name}”{figure}待确认：{self.reason}（原文“{self.clause}”）"


@dataclass
class QuotaReading:
    """Everything read out of one text: the quotas, the stated total, and what could not be read.

    `unresolved` holds names that stand where a unit belongs but that the registry does not know (each is
    also a `pending` item); `pending` holds what could not be placed with certainty (待确认), never stored as
    a quota; `baseline_measure` is the measure of the quotas' baselines (the indicator's measure when it is
    an amount, else the amount the baselines are written in, 万元 when they mix 万元 and 亿元: "基数分别为
    1.2亿元、3000万元" gives 12000 and 3000 in 万元); `notes` are worth a look (a sum above an at-least
    total, a figure not read), `warnings` need one; `text` holds the words the reading was made from (the
    clauses of its indicator, when the text holds several).
    """

    quotas: list[TextQuota] = field(default_factory=list)
    total: float | None = None
    total_source: str = ""
    name: str = ""
    measure: str = ""
    direction: Direction = Direction.AT_LEAST
    percent: bool = False
    unresolved: list[str] = field(default_factory=list)
    baseline_measure: str = ""
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pending: list[PendingQuota] = field(default_factory=list)
    text: str = ""

    def quota(self, unit: str) -> TextQuota | None:
        """The quota found for a unit (registry full name), if any."""
        return next((q for q in self.quotas if q.unit == unit), None)

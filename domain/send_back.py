"""Sending a return back (退回): the city's comments on a unit's collected return, and their rules.

A send-back is made at the city, travels as a small 退回意见 file, and is imported at the county; the same
`token` names it in both stores, so the county's next return can say which send-back it answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from domain.periods import Period, cn_date
from domain.plans import display_seq

MAX_COMMENT = 500
UNLOCK_REASON = "市里退回"


class SendBackError(ValueError):
    """A send-back that cannot be made or read; the message is Chinese."""


@dataclass(frozen=True)
class ItemComment:
    """The city's comment on one line of the return; `reported` is the figure the return showed."""

    seq: str
    indicator: str
    comment: str
    reported: str = ""
    target: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.seq, self.indicator)


@dataclass(frozen=True)
class SendBack:
    """What the city says when it returns a unit's return for a period."""

    token: str
    plan_key: str
    plan_title: str
    city: str
    unit: str
    period: Period
    sent_at: datetime
    sent_by: str
    return_name: str
    return_checksum: str
    general: str = ""
    items: tuple[ItemComment, ...] = field(default=())

    @property
    def count(self) -> int:
        """How many comments: one per commented line, plus the general one."""
        return len(self.items) + (1 if self.general else 0)

    @property
    def title(self) -> str:
        """关于退回北流市2022年10月完成情况表的意见."""
        return f"关于退回{self.unit}{self.period.label}完成情况表的意见"

    @property
    def answer_line(self) -> str:
        """The line a return answering this send-back carries."""
        return f"本表答复{self.city}{cn_date(self.sent_at.date())}退回意见（共{self.count}条），已按意见修改。"

    def comment_for(self, seq: str, indicator: str) -> str:
        return next((c.comment for c in self.items if c.key == (seq, indicator)), "")


def clean_comment(text: object) -> str:
    """A comment as stored: trimmed, line ends unified; SendBackError when it is too long."""
    cleaned = "" if text is None else str(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(cleaned) > MAX_COMMENT:
        raise SendBackError(f"意见过长（{len(cleaned)} 字），每条不超过 {MAX_COMMENT} 字")
    return cleaned


def checked_comments(items: Iterable[ItemComment], general: str) -> tuple[tuple[ItemComment, ...], str]:
    """Blank comments dropped, the rest trimmed; SendBackError when nothing at all is said.

    A send-back without a word would unlock the county's period without telling it what to fix.
    """
    kept: list[ItemComment] = []
    seen: set[tuple[str, str]] = set()
    for item in items:
        try:
            text = clean_comment(item.comment)
        except SendBackError as exc:
            raise SendBackError(f"{display_seq(item.seq)} {item.indicator}：{exc}") from None
        if not text:
            continue
        if item.key in seen:
            raise SendBackError(f"{display_seq(item.seq)} {item.indicator}：同一项有两条意见")
        seen.add(item.key)
        kept.append(ItemComment(item.seq, item.indicator, text, item.reported, item.target))
    overall = clean_comment(general)
    if not kept and not overall:
        raise SendBackError("请至少填写一条退回意见（逐项意见或总体意见），说明需要修改什么")
    return tuple(kept), overall


def comments_checksum(general: str, items: Iterable[ItemComment]) -> str:
    """SHA-256 over the comments, so the county can tell a 退回意见 file edited after it was written."""
    payload = {"general": general, "items": [[c.seq, c.indicator, c.comment] for c in items]}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""Shares of the city total: "临桂区按全市目标的15%分解", "秀峰区、叠彩区各按全市目标的10%", "忻城县占全市目标的10%".

A share is no target of its own: it is a part of the city's figure, in the city's measure (200家 × 15% = 30家). It
is never stored as a percent quota, and it never makes a count a 占比 (domain.quota_measures leaves it out of the
indicator's measure). A unit's share is asked (rule "share"), the count it comes to offered when the city total
stands in the same text and the product is whole for a count; otherwise nothing is offered and the question says
why. "江州区的企业占全市30%" (no 目标/任务) stays the unit's own rate.
"""

from __future__ import annotations

import re
from dataclasses import replace

from domain.measure_words import COUNT_MEASURES, PERCENT_MEASURES
from domain.numerals import number_text
from domain.quota_reading import PendingQuota, QuotaReading
from domain.quota_tokens import Text, Token

# The words of a share just before its % figure: 按全市目标的, 占全市任务的, 按市下达目标任务数的, 按全市总目标的.
_SHARE = re.compile(r"(?:按照?|占)?(?:全市|全区|市)(?:下达的?)?(?:总)?(?:目标任务|目标|任务|指标)(?:数|量)?的?$")


def join_shares(text: Text, tokens: list[Token]) -> list[Token]:
    """The tokens with each share's words joined to its % figure, which is marked doubt="share".

    "临桂区按全市目标的15%" gives the words 临桂区 and the figure 按全市目标的15% (its wording), so the unit stays
    the figure's subject and 全市 is no scope of the clause.
    """
    result: list[Token] = []
    for token in tokens:
        match = None
        if token.kind == "figure" and token.measure == "%" and not token.doubt:
            match = _SHARE.search(text.plain[max(0, token.start - 24) : token.start])
        if match is None or not match.group(0):
            result.append(token)
            continue
        start = token.start - len(match.group(0))
        kept: list[Token] = []
        while result and result[-1].end > start:
            last = result.pop()
            if last.start < start:
                kept.append(Token("words", last.text[: start - last.start], last.start, start))
        result.extend(kept)
        words = text.plain[start : token.start]
        result.append(replace(token, text=words + token.text, start=start, qualifier=words + token.qualifier,
                              doubt="share"))  # fmt: skip
    return result


def offer_shares(reading: QuotaReading, pending: list[PendingQuota]) -> list[PendingQuota]:
    """Each share asked with what it comes to in the indicator's measure, when the text gives the city total."""
    return [_offer(reading, p) if p.rule == "share" and p.measure == "%" else p for p in pending]


def _offer(reading: QuotaReading, item: PendingQuota) -> PendingQuota:
    value, measure, reason = share_of_total(item.value or 0.0, reading.total, reading.measure, item.name, item.wording)
    return replace(item, value=value, measure=measure, reason=reason)


def share_of_total(
    share: float, total: float | None, measure: str, name: str, wording: str
) -> tuple[float | None, str, str]:
    """What `name`'s share (in %) of the city total comes to: (value offered or None, measure, reason in Chinese).

    Nothing is offered without a total in a measure that is no percentage, nor when a count comes to a fraction;
    the reason then says why and asks the user to type the target. `wording` is the share as written ("10%").
    """
    written = f"“{wording}”是占全市目标的比例，不是{name}自己的百分比"
    if total is None or not measure or measure in PERCENT_MEASURES:
        reason = f"{written}；没有写明全市目标的数量：请按全市目标算出{name}的目标后填写"
        return None, measure if measure not in PERCENT_MEASURES else "", reason
    value = round(total * share / 100, 6)
    city = f"{number_text(total)}{measure}"
    if measure in COUNT_MEASURES and value != round(value):
        reason = (f"{written}；全市目标{city}的{number_text(share)}%为{number_text(value)}{measure}，不是整数："
                  f"请填写{name}的目标")  # fmt: skip
        return None, measure, reason
    return value, measure, f"{written}；按全市目标{city}计为{number_text(value)}{measure}，请确认"

"""Decrease targets: "单位GDP能耗下降3%", "能耗降低不低于3%", "分别下降3%、2%", "降至0.45吨标准煤".

An at-most indicator (能耗, 碳排放, 事故数…) is often given as a decrease. "下降3%" is a decline of at least 3 %:
the figure is the decline, and it is read so only when the indicator's name says it is a decline
("单位GDP能耗下降"); its wording keeps the verb ("下降3%", "下降不低于3%"), so nobody reads it as the level
不低于3%. A decline given to some units of an indicator that is no decline ("研发投入增长10%，其中港北区下降2%")
is asked, never stored as the opposite. "降至" / "下降到" is a level: an at-most target (domain.figures).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from domain.quota_reading import PendingQuota, QuotaReading

if TYPE_CHECKING:
    from domain.quota_tokens import Token

DECREASE_VERBS = ("下降", "降低", "减少", "压减", "压降", "下调", "削减")
LEVEL_VERBS = tuple(f"{verb}{to}" for verb in (*DECREASE_VERBS, "降") for to in ("到", "至"))
_BEFORE_FIGURE = re.compile(
    rf"(?P<verb>{'|'.join(LEVEL_VERBS)}|{'|'.join(DECREASE_VERBS)})(?:幅度|率|比例)?(?:为|达到?|是)?$"
)
_DECLINE_NAME = re.compile(rf"{'|'.join(DECREASE_VERBS)}|降幅|降低率|下降率")


def mark_decreases(tokens: list[Token]) -> list[Token]:
    """Figures right after a decrease verb carry it as their qualifier: their wording says 下降, 降至 makes at most.

    A figure compared with another unit's ("比港北区降低2个") is left as it is: it is asked as a relative figure.
    """
    result: list[Token] = []
    for token in tokens:
        before = result[-1] if result else None
        if token.kind in ("figure", "number") and token.doubt != "relative" and before is not None:
            match = _BEFORE_FIGURE.search(before.text) if before.kind == "words" else None
            if match:
                token = replace(token, qualifier=match["verb"] + token.qualifier)
        result.append(token)
    return result


def is_decrease(wording: str) -> bool:
    """Whether a figure's wording is a decline ("下降3%", "降低不低于2%"), not a level ("降至0.45吨")."""
    return wording.startswith(DECREASE_VERBS) and not wording.startswith(LEVEL_VERBS)


def keep_decreases(reading: QuotaReading) -> None:
    """A reading's declines kept as declines: the name says so, or the unit's figure is asked.

    When every figure of an indicator is a decline and its name does not say so ("单位GDP能耗：秀峰区下降3%、
    七星区下降2%"), the name takes the verb (单位GDP能耗下降); when only some are, those are asked (rule "decrease").
    """
    targets = [q for q in reading.quotas if q.target is not None]
    declines = [q for q in targets if is_decrease(q.wording)]
    total_declines = reading.total is not None and is_decrease(_wording_of_total(reading))
    if not declines and not total_declines or _DECLINE_NAME.search(reading.name):
        return
    verb = next(v for v in DECREASE_VERBS if (declines[0].wording if declines else reading.total_source).find(v) >= 0)
    others = [q for q in targets if not is_decrease(q.wording)]
    if not others and (reading.total is None or total_declines):
        reading.name = f"{reading.name}{verb}"
        return
    for quota in declines:
        reason = (
            f"“{quota.wording}”是下降幅度，而本项指标“{reading.name}”的其他目标不是下降：不能按“不低于”登记，"
            "请确认该单位的目标"
        )
        reading.pending.append(PendingQuota(quota.written, quota.unit, quota.target, quota.measure, quota.clause,
                                            reason, "decrease", "target", quota.wording))  # fmt: skip
        reading.quotas[reading.quotas.index(quota)] = replace(quota, target=None)
    reading.quotas = [q for q in reading.quotas if q.target is not None or q.baseline is not None]


def _wording_of_total(reading: QuotaReading) -> str:
    """The total's words from its verb on ("单位GDP能耗下降3%" → "下降3%"), for is_decrease."""
    match = re.search(rf"(?:{'|'.join(DECREASE_VERBS)}).*$", reading.total_source)
    return match.group(0) if match else ""

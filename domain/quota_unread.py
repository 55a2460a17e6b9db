"""The last guard of the quota grammar: a figure of the text that no reading shows is named in a warning.

Every figure should end as a quota, a total, a 待确认 item or a note that names it; a wording the grammar does
not know yet ("秀峰区科技型中小企业入库数、技术合同成交额各为2家，3万元") must still not lose one silently. A figure
counts as shown when a reading holds its value (in the figure's measure or converted to the reading's, for
元 / 万元 / 亿元) or a message names it; any other is warned about by its words, on the first reading.
"""

from __future__ import annotations

from domain.figures import convert_amount, number_text
from domain.quota_reading import QuotaReading
from domain.quota_tokens import Token


def name_unread(readings: list[QuotaReading], tokens: list[Token]) -> None:
    """Warn, on the first reading, about each figure of `tokens` no reading shows."""
    values, words = _shown(readings)
    unread = []
    for token in tokens:
        if token.kind not in ("figure", "number") or token.value is None:
            continue
        forms = {token.value} | {convert_amount(token.value, token.measure, r.measure) for r in readings}
        if forms & values or number_text(token.value) in words:
            continue
        unread.append(token.text.lstrip("为是达到"))
    if unread:
        readings[0].warnings.append(
            f"“{'”“'.join(unread)}”未读取：看不出是哪个单位、哪项指标的数，请核对原文后手工录入"
        )


def _shown(readings: list[QuotaReading]) -> tuple[set[float], str]:
    values: set[float] = set()
    words: list[str] = []
    for reading in readings:
        for quota in reading.quotas:
            values |= {v for v in (quota.target, quota.baseline) if v is not None}
            words.append(quota.wording)
        values |= {p.value for p in reading.pending if p.value is not None}
        if reading.total is not None:
            values.add(reading.total)
        words += [*reading.warnings, *reading.notes, *(f"{p.reason}{p.wording}" for p in reading.pending)]
    return values, "\n".join(words)

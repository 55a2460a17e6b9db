"""The measure of a quota reading: the indicator's, its baselines', and figures asked, offered in it.

Part of reading a quota sentence (domain.quota_text): amounts meet in one measure (万元 when 万元 and 亿元 mix), a
measure in brackets after the indicator's name holds for its list, and a figure asked is offered in the
indicator's measure, so that confirming it stores what the text says.
"""

from __future__ import annotations

import re
from dataclasses import replace

from domain.figures import convert_amount
from domain.numerals import number_text
from domain.quota_assign import Candidate, Placed
from domain.quota_reading import PendingQuota, QuotaReading
from domain.quota_stated_measure import stated_measure
from domain.quota_tokens import PERCENT_MEASURES

AMOUNTS = ("元", "千元", "万元", "亿元")


# "技术合同成交额（万元）：港北区3000，…": the measure in brackets after the indicator's name holds for its list.
_BRACKETED_MEASURE = re.compile(
    r"[\u4e00-\u9fffA-Za-z]\((?:单位[:：]?)?(万元|亿元|千元|元|家|项|个|人次|人|名|件|所|%|‰)\)"
)


def bracketed_measure(plain: str) -> str:
    """The measure the text states once for its list: after the indicator's name, or "（单位：人次）" anywhere."""
    found = {m.group(1) for m in _BRACKETED_MEASURE.finditer(plain)}
    found |= {stated} if (stated := stated_measure(plain)) else set()
    return found.pop() if len(found) == 1 else ""


def fits(measure: str, measures: set[str]) -> bool:
    return measure in measures or (measure in AMOUNTS and all(m in AMOUNTS for m in measures))


def choose_measure(given: str, total: Candidate | None, placed: Placed) -> str:
    """The indicator's measure: the table's, else the one the text writes (amounts meet in 万元)."""
    if given:
        return given
    written = [total.figure.measure] if total is not None else []
    # Targets before baselines: "各县…增长35%以上…基础数分别为800万元…" is a % indicator.
    written += [a.figure.measure for a in sorted(placed.assigns, key=lambda a: a.position) if a.part == "target"]
    written += [f.measure for i, _, f in placed.scoped if i.part == "target"]
    written += [i.figures[0].measure for i, _ in placed.shared]
    written += [a.figure.measure for a in sorted(placed.assigns, key=lambda a: a.position) if a.part != "target"]
    written += [f.measure for i, _, f in placed.scoped if i.part != "target"]
    written = [w for w in written if w]
    shares = [a.figure.measure for a in placed.assigns if a.figure.doubt == "share"]
    shares += [f.measure for _, _, f in placed.scoped if f.doubt == "share"]
    for measure in shares:
        written.remove(measure)  # "按全市目标的15%" is a part of the city's count, no % of the indicator's
    if not written:
        return ""
    if len(set(written)) == 1:
        return written[0]
    return "万元" if all(w in AMOUNTS for w in written) else written[0]


def baseline_measure(measure: str, placed: Placed) -> str:
    """The baselines' measure: the indicator's amount, else the one amount they are written in, else 万元."""
    if measure in AMOUNTS:
        return measure
    written = {a.figure.measure for a in placed.assigns if a.part == "baseline"}
    written |= {f.measure for i, _, f in placed.scoped if i.part == "baseline"}
    if len(written) == 1:
        return written.pop()
    return "万元" if written and all(w in AMOUNTS for w in written) else ""


_MAGNITUDE = {"万元": 10_000, "亿元": 100_000_000}


def in_measure(item: PendingQuota, reading: QuotaReading) -> PendingQuota:
    """A figure asked is offered in the indicator's measure, so that confirming it stores what the text says
    ("港口区2亿元左右" under a 万元 indicator offers 20000万元; "1.5亿" with no 元, 15000万元)."""
    wanted = reading.baseline_measure if item.part == "baseline" else reading.measure
    if item.value is None or not wanted or item.measure == wanted:
        return item
    if item.measure in AMOUNTS and wanted in AMOUNTS:
        return replace(item, value=convert_amount(item.value, item.measure, wanted), measure=wanted)
    if item.rule == "no_yuan" and item.measure in _MAGNITUDE and wanted not in PERCENT_MEASURES:
        # "其中港口区1万" under 人次: 10000人次, maybe — asked, saying so.
        value = round(item.value * _MAGNITUDE[item.measure], 6)
        reason = f"“{item.wording}”没有写计量单位：是{number_text(value)}{wanted}吗？请确认"
        return replace(item, value=value, measure=wanted, reason=reason)
    return item

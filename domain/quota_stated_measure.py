"""A measure stated once for a whole list: "…临桂区40（单位：人次）", "单位：万元。港北区3000、港南区2000".

Officials often write a list's numbers bare and say the measure once, in a bracket or a line of its own, before the
list or after it. Such a statement is no figure and no separator of the list (its colon and brackets are not the
grammar's): domain.quota_tokens keeps it as words, and the bare numbers take its measure (domain.quota_text).
Only a statement the words cannot mean otherwise counts: "单位" right after an opening bracket, or standing alone
(not 责任单位：, not 单位GDP能耗), followed by ：/:/为 and a measure the grammar knows.
"""

from __future__ import annotations

import re

from domain.measure_words import MEASURE_WORDS

_MEASURE = "|".join(re.escape(m) for m in MEASURE_WORDS)
_STATED = re.compile(
    rf"[(（](?:计量)?单位[:：为]?\s*(?P<bracketed>{_MEASURE})[)）]"
    rf"|(?<![\u4e00-\u9fffA-Za-z])(?:计量)?单位[:：为]\s*(?P<alone>{_MEASURE})(?![\u4e00-\u9fffA-Za-z\d])"
)


def stated_spans(plain: str) -> list[tuple[int, int]]:
    """Where a text states its list's measure once ("(单位:人次)", "单位:万元"), in its plain form."""
    return [m.span() for m in _STATED.finditer(plain)]


def stated_measure(plain: str) -> str:
    """The measure a text states once for its list, or "" when it states none or two different ones.

    "百分点" is read as "个百分点", as after a figure.
    """
    found = {m["bracketed"] or m["alone"] for m in _STATED.finditer(plain)}
    found = {"个百分点" if m == "百分点" else m for m in found}
    return found.pop() if len(found) == 1 else ""


def without_statement(text: str) -> str:
    """The text with its measure statements made sentence ends: "（单位：万元）技术合同成交额：" labels a line."""
    return _STATED.sub("。", text)

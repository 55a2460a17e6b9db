"""Two indicators with one 分别 list each: "秀峰区、七星区、临桂区科技型中小企业入库数和技术合同成交额分别为30家、
60家、40家和1.5亿元、5亿元、2亿元".

Officials join two indicators by 和 / 及 / 、 and give their two lists in the same order after one 分别为. The run
of figures is then as long as the units times the indicators, and cuts into one list per indicator: the first
list is the first indicator's, in the order the units are named. The measures tell the lists apart (家 and 亿元);
where they do not (two lists in 家), or an indicator's words and its list's measure disagree (成交额 in 家), every
figure is asked (doubt "paired", its figure offered) under its indicator — never dropped (domain.quota_clauses).
"""

from __future__ import annotations

import re
from dataclasses import replace

from domain.quota_tokens import Token

_AMOUNTS = ("元", "千元", "万元", "亿元")
_JOINS = re.compile(r"以及|[和及与、]")
# An indicator counted in money: its list must be an amount, and only its list.
_MONEY_WORDS = re.compile(r"额|经费|投入|支出|资金|收入|产值|营业|金额")


def paired_lists(phrase: str, members: int, run: list[Token]) -> list[tuple[str, list[Token]]]:
    """The (indicator words, figures) of each indicator, when a 分别 run holds one list per indicator; else [].

    `phrase` is the words before 分别 that name the indicators; `members` how many units the head names. A list
    whose pairing the measures do not settle has every figure marked in doubt ("paired"), its value kept.
    """
    if members < 1 or len(run) <= members or len(run) % members:
        return []
    parts = [p for p in _JOINS.split(phrase) if p]
    count = len(run) // members
    if len(parts) != count:
        return []
    lists = [run[i * members : (i + 1) * members] for i in range(count)]
    families = [_family(figures) for figures in lists]
    certain = (
        all(families) and len(set(families)) == count
        and all((_MONEY_WORDS.search(p) is not None) == (f == "amount") for p, f in zip(parts, families, strict=True))
    )  # fmt: skip
    if not certain:
        lists = [[replace(f, doubt=f.doubt or "paired") for f in figures] for figures in lists]
    return list(zip(parts, lists, strict=True))


def _family(figures: list[Token]) -> str:
    """The one measure a list is in ("amount" for 元/万元/亿元 mixed), or "" when it mixes or states none."""
    measures = {f.measure for f in figures if f.measure}
    if measures and all(m in _AMOUNTS for m in measures):
        return "amount"
    return measures.pop() if len(measures) == 1 else ""

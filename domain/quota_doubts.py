"""Figures that are written but are no certain target: ranges, approximations, vague counts, relative figures.

The tokens mark them (domain.quota_tokens: Token.doubt); every stage of the grammar carries them like any other
figure, so that a unit or a scope is still found for them, and the last stage asks instead of storing:

- "range"        "3-5家", "3至5家", "1～2家", "10%-15%"         no value: which end is the target?
- "approximate"  "约5家", "大约2000万元", "5家左右", "50人次上下"  the figure is offered, the user confirms it
- "vague"        "十几家", "数家", "若干项", "20余家", "实现“零”的突破"   no value
- "relative"     "比港北区少2个", "较全市平均高2个百分点"       no value: it is a difference, not a target
- "dated"        "港南区：18家（2022年：15家）"                  a past year's figure: offered as the baseline
- "no_yuan"      "不低于1.5亿", "3000万"                          an amount without 元: offered as 1.5亿元
- "per_part"     "各县（区）每个乡镇至少选派…1名"                 each township's figure: the unit's depends on
                                                                  how many it has — no value
- "paired"       "…入库数和认定数分别为30家、60家和10家、20家"   one list per indicator, which is whose the
                                                                  measures do not settle: offered, confirmed

A rate with 左右 ("增长15%左右", "强度达到0.5%左右") is no doubt: that is how plans state a rate target (the
figure is read, and its wording keeps 左右). A matrix cell says the same of the same words
(importers.table_cells): "约3", "2-3" and "十几家" are asked there too.
"""

from __future__ import annotations

import re

from domain.quota_tokens import Token

DOUBTS = ("range", "approximate", "vague", "relative", "dated", "no_yuan", "per_part", "share", "paired")


def doubt_reason(figure: Token) -> str:
    """Why a figure in doubt is asked, in Chinese, naming the figure as written."""
    suffix = {"range": "，不是一个目标值", "approximate": "，不是确定的目标值，请确认",
              "relative": "，不是本单位的目标值", "dated": "，可能是基数，请确认",
              "no_yuan": f"：是{figure.number}元吗？请确认",
              "paired": "，请确认是否为本项指标的数"}.get(figure.doubt, "")  # fmt: skip
    if figure.doubt == "per_part":
        part = re.sub(r"^每(?:一个|个|所|家|座|条)?", "", figure.per)
        suffix = f"，各单位的目标要按其{part}的个数计算：请填写目标，不分解请填“无”"
    return doubt_what(figure) + suffix


def doubt_what(figure: Token) -> str:
    """What a figure in doubt is: "“3-5家”是一个范围", "“约5家”是约数", "“十几家”不是确定的数字"."""
    written = f"“{figure.wording}”"
    if figure.doubt == "range":
        return f"{written}是一个范围"
    if figure.doubt == "approximate":
        return f"{written}是约数"
    if figure.doubt == "relative":
        return f"{written}是与其他单位相比的差数"
    if figure.doubt == "dated":
        return f"{written}是往年的数"
    if figure.doubt == "no_yuan":
        return f"{written}没有写“元”"
    if figure.doubt == "share":
        return f"{written}是占全市目标的比例"
    if figure.doubt == "per_part":
        return f"{written}是{figure.per}的数"
    if figure.doubt == "paired":
        return f"{written}所在的“分别为”有几组数字，按先后对应到几项指标，对应关系不能由计量单位确认"
    return f"{written}不是确定的数字"


def total_doubt(figure: Token) -> str:
    """The warning for a total (全市目标) in doubt: it is not stored, and the user sees why."""
    return f"全市目标{doubt_what(figure)}，未登记全市目标，请核对后填写"

"""The sentences of issue 11's fourth blind import test (T03, T05), and the wordings officials use around them.

Each test states what a county would see: the quota stored with its measure, or the 待确认 item with its figure —
never a figure dropped, and never a decrease stored as an increase.
"""

from __future__ import annotations

import pytest

from domain.quota_stated_measure import stated_measure
from domain.quota_text import read_indicators
from importers.builtin import builtin_registry

REGISTRY = builtin_registry()
GUILIN, BEIHAI, GUIGANG = "桂林市", "北海市", "贵港市"


def targets(reading) -> dict[str, float | None]:
    return {q.unit: q.target for q in reading.quotas}


def asked(reading) -> dict[str, tuple[str, float | None]]:
    return {p.unit or p.name: (p.rule, p.value) for p in reading.pending}


# ---- 1. a measure stated once for the list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "城区科技特派员选派人次分别为：秀峰区20、叠彩区20、临桂区40（单位：人次）。",  # T03 as written
        "城区科技特派员选派人次分别为：秀峰区20、叠彩区20、临桂区40(单位:人次)",
        "城区科技特派员选派人次分别为：秀峰区20、叠彩区20、临桂区40。单位：人次",
        "（单位：人次）城区科技特派员选派人次分别为：秀峰区20、叠彩区20、临桂区40。",
        "城区科技特派员选派人次（计量单位：人次）：秀峰区20，叠彩区20，临桂区40",
        "城区科技特派员选派人次分别为：秀峰区20、叠彩区20、临桂区40，单位为人次。",
    ],
)
def test_a_measure_stated_once_gives_every_bare_number_of_the_list_its_measure(text):
    (reading,) = read_indicators(text, REGISTRY, city=GUILIN)
    assert targets(reading) == {"秀峰区": 20, "叠彩区": 20, "临桂区": 40}  # the last member keeps its figure
    assert reading.measure == "人次"
    assert reading.pending == []
    assert {q.wording for q in reading.quotas} == {"20人次", "40人次"}


def test_a_measure_stated_before_a_labelled_list_keeps_the_label_as_the_indicator():
    (reading,) = read_indicators("（单位：万元）技术合同成交额：秀峰区3000，七星区5000，临桂区1.2亿元", REGISTRY,
                                 city=GUILIN)  # fmt: skip
    assert (reading.name, reading.measure) == ("技术合同成交额", "万元")
    assert targets(reading) == {"秀峰区": 3000, "七星区": 5000, "临桂区": 12000}


def test_without_a_stated_measure_the_bare_numbers_are_still_asked_and_none_is_lost():
    (reading,) = read_indicators("城区科技特派员选派人次分别为：秀峰区20、叠彩区20、临桂区40。", REGISTRY, city=GUILIN)
    assert reading.quotas == []
    assert asked(reading) == {"秀峰区": ("no_measure", 20), "叠彩区": ("no_measure", 20), "临桂区": ("no_measure", 40)}


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("（单位：人次）", "人次"), ("(单位:万元)", "万元"), ("单位：家", "家"), ("计量单位：项", "项"),
        ("单位为%", "%"), ("（单位：个百分点）", "个百分点"),
        # Words that only contain 单位 state nothing: 责任单位, 单位GDP能耗, 牵头单位：市科技局.
        ("责任单位：市科技局", ""), ("单位GDP能耗下降3%", ""), ("牵头单位：秀峰区", ""), ("单位：家；单位：万元", ""),
    ],
)  # fmt: skip
def test_only_a_plain_statement_of_a_measure_counts(text, measure):
    assert stated_measure(text) == measure


def test_a_responsible_unit_after_the_list_is_no_measure_and_the_figures_stay_asked():
    (reading,) = read_indicators("新增高新技术企业：秀峰区5、七星区6。责任单位：市科技局", REGISTRY, city=GUILIN)
    assert reading.quotas == []
    assert asked(reading) == {"秀峰区": ("no_measure", 5), "七星区": ("no_measure", 6)}

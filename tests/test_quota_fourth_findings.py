"""The sentences of issue 11's fourth blind import test (T03, T05), and the wordings officials use around them.

Each test states what a county would see: the quota stored with its measure, or the 待确认 item with its figure —
never a figure dropped, and never a decrease stored as an increase.
"""

from __future__ import annotations

import re

import pytest

from domain.plans import Direction
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


# ---- 2. two indicators, one 分别 list each ------------------------------------------------------------------------

T03_TWO = "秀峰区、七星区、临桂区科技型中小企业入库数和技术合同成交额分别为30家、60家、40家和1.5亿元、5亿元、2亿元"


@pytest.mark.parametrize(
    "text",
    [
        T03_TWO,  # as the tester wrote it
        T03_TWO.replace("入库数和", "入库数及"),
        T03_TWO.replace("40家和", "40家、"),
        "秀峰区、七星区、临桂区科技型中小企业入库数和技术合同成交额分别为30、60、40家和1.5、5、2亿元",
    ],
)
def test_two_indicators_joined_by_he_take_one_list_each_when_the_measures_tell_them_apart(text):
    smes, contracts = read_indicators(text, REGISTRY, city=GUILIN)
    assert (smes.name, smes.measure) == ("科技型中小企业入库数", "家")
    assert targets(smes) == {"秀峰区": 30, "七星区": 60, "临桂区": 40}
    assert (contracts.name, contracts.measure) == ("技术合同成交额", "亿元")
    assert targets(contracts) == {"秀峰区": 1.5, "七星区": 5, "临桂区": 2}
    assert smes.pending == contracts.pending == [] and not smes.warnings


def test_two_lists_in_one_measure_are_asked_figure_by_figure_under_each_indicator():
    text = "秀峰区、七星区科技型中小企业入库数和高新技术企业认定数分别为30家、60家和10家、20家"
    smes, high_tech = read_indicators(text, REGISTRY, city=GUILIN)
    assert (smes.name, high_tech.name) == ("科技型中小企业入库数", "高新技术企业认定数")
    assert smes.quotas == high_tech.quotas == []
    assert asked(smes) == {"秀峰区": ("paired", 30), "七星区": ("paired", 60)}
    assert asked(high_tech) == {"秀峰区": ("paired", 10), "七星区": ("paired", 20)}
    assert "对应关系不能由计量单位确认" in smes.pending[0].message


def test_lists_whose_measures_contradict_the_indicators_words_are_asked_not_swapped():
    # 成交额 named first, but the first list is in 家: the writer swapped one or the other.
    text = "秀峰区、七星区技术合同成交额和科技型中小企业入库数分别为30家、60家和1.5亿元、5亿元"
    readings = read_indicators(text, REGISTRY, city=GUILIN)
    assert all(r.quotas == [] for r in readings)
    assert sorted(p.value for r in readings for p in r.pending) == [1.5, 5, 30, 60]
    assert {p.rule for r in readings for p in r.pending} == {"paired"}


def test_one_indicator_with_a_list_as_long_as_its_units_is_still_read_as_before():
    (reading,) = read_indicators("秀峰区、七星区新增科技型中小企业分别为30家、60家", REGISTRY, city=GUILIN)
    assert targets(reading) == {"秀峰区": 30, "七星区": 60}


# ---- 3. decrease targets ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wordings"),
    [
        ("秀峰区、七星区单位GDP能耗分别下降3%、2%", {"秀峰区": "下降3%", "七星区": "下降2%"}),
        ("单位GDP能耗：秀峰区下降3%、七星区下降2%", {"秀峰区": "下降3%", "七星区": "下降2%"}),
        ("秀峰区单位GDP能耗下降不低于3%，七星区降低2%", {"秀峰区": "下降不低于3%", "七星区": "降低2%"}),
        ("秀峰区、七星区单位地区生产总值能耗较上年分别降低3%、2%", {"秀峰区": "降低3%", "七星区": "降低2%"}),
    ],
)
def test_a_decline_is_kept_a_decline_in_the_name_and_the_wording_never_a_level_of_at_least(text, wordings):
    (reading,) = read_indicators(text, REGISTRY, city=GUILIN)
    assert re.search(r"下降|降低", reading.name), reading.name  # 单位GDP能耗下降 ≥ 3 %, not 能耗 ≥ 3 %
    assert {q.unit: q.wording for q in reading.quotas} == wordings
    assert {q.unit: q.direction for q in reading.quotas} == dict.fromkeys(wordings, Direction.AT_LEAST)


def test_a_citys_decline_is_its_total_under_a_name_that_says_decline():
    (reading,) = read_indicators("全市单位GDP能耗下降3%，其中秀峰区下降4%", REGISTRY, city=GUILIN)
    assert (reading.name, reading.total, reading.measure) == ("单位GDP能耗下降", 3, "%")
    assert targets(reading) == {"秀峰区": 4}


def test_a_decline_among_growths_is_asked_never_stored_as_the_opposite():
    (reading,) = read_indicators("研发投入增长10%以上，其中秀峰区下降2%，七星区增长12%", REGISTRY, city=GUILIN)
    assert targets(reading) == {"七星区": 12}
    assert asked(reading) == {"秀峰区": ("decrease", 2)}
    assert "下降幅度" in reading.pending[0].message


def test_lowered_to_a_level_is_an_at_most_target():
    (reading,) = read_indicators("秀峰区万元地区生产总值能耗降至0.4吨标准煤以内", REGISTRY, city=GUILIN)
    assert targets(reading) == {"秀峰区": 0.4}
    assert reading.quotas[0].direction is Direction.AT_MOST


def test_a_decline_compared_with_another_unit_is_still_asked_as_a_difference():
    (reading,) = read_indicators("秀峰区能耗比七星区降低2个百分点", REGISTRY, city=GUILIN)
    assert reading.quotas == [] and asked(reading) == {"秀峰区": ("relative", None)}

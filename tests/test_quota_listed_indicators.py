"""Issue 11's gaps left after the fourth blind test: indicators joined by 、 like the units, and an indicator's
list after a comma. Each test states what the county sees: the quota stored, or every figure asked with its value."""

from __future__ import annotations

import pytest

from domain.quota_text import read_indicators
from importers.builtin import builtin_registry

REGISTRY = builtin_registry()
GUILIN = "桂林市"


def targets(reading) -> dict[str, float | None]:
    return {q.unit: q.target for q in reading.quotas}


def asked(reading) -> dict[str, tuple[str, float | None]]:
    return {p.unit or p.name: (p.rule, p.value) for p in reading.pending}


# ---- 1. the second list after a comma ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "秀峰区、七星区科技型中小企业入库数和技术合同成交额分别为30、60家，15000、50000万元",  # as the tester wrote it
        "秀峰区、七星区科技型中小企业入库数和技术合同成交额分别为30家、60家，15000万元、50000万元",
        "秀峰区、七星区科技型中小企业入库数和技术合同成交额分别为30、60家；15000、50000万元",
        "秀峰区、七星区科技型中小企业入库数和技术合同成交额分别为30、60家，1.5、5亿元",
    ],
)
def test_the_second_indicators_list_after_a_comma_is_read_as_its_own(text):
    smes, contracts = read_indicators(text, REGISTRY, city=GUILIN)
    assert (smes.name, smes.measure, targets(smes)) == ("科技型中小企业入库数", "家", {"秀峰区": 30, "七星区": 60})
    assert contracts.name == "技术合同成交额"
    expected = {"秀峰区": 15000, "七星区": 50000} if contracts.measure == "万元" else {"秀峰区": 1.5, "七星区": 5}
    assert targets(contracts) == expected
    assert smes.pending == contracts.pending == [] and not smes.warnings and not contracts.notes


def test_two_lists_after_a_comma_in_one_measure_are_asked_figure_by_figure():
    text = "秀峰区、七星区科技型中小企业入库数和高新技术企业数分别为30、60家，15、50家"
    smes, high_tech = read_indicators(text, REGISTRY, city=GUILIN)
    assert smes.quotas == high_tech.quotas == []
    assert asked(smes) == {"秀峰区": ("paired", 30), "七星区": ("paired", 60)}
    assert asked(high_tech) == {"秀峰区": ("paired", 15), "七星区": ("paired", 50)}


def test_a_lone_figure_after_the_first_list_is_named_not_dropped():
    text = "秀峰区、七星区科技型中小企业入库数和技术合同成交额分别为30、60家，15000万元"
    readings = read_indicators(text, REGISTRY, city=GUILIN)
    said = [line for r in readings for line in (*r.notes, *r.warnings)]
    assert any("15000万元" in line and "未读取" in line for line in said)


# ---- 2. indicators joined by 、 like the units ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("临桂区科技型中小企业入库数、技术合同成交额分别为30家、1.5亿元", {"临桂区": (30, 1.5)}),
        ("秀峰区、临桂区科技型中小企业入库数、技术合同成交额分别为30家、40家和1.5亿元、2亿元",
         {"秀峰区": (30, 1.5), "临桂区": (40, 2)}),
        ("秀峰区、临桂区科技型中小企业入库数、技术合同成交额分别为30、40家，1.5、2亿元",
         {"秀峰区": (30, 1.5), "临桂区": (40, 2)}),
    ],
)  # fmt: skip
def test_indicators_listed_with_a_dun_are_read_when_the_measures_pair_them(text, units):
    smes, contracts = read_indicators(text, REGISTRY, city=GUILIN)
    assert (smes.name, smes.measure) == ("科技型中小企业入库数", "家")
    assert (contracts.name, contracts.measure) == ("技术合同成交额", "亿元")
    assert targets(smes) == {u: v[0] for u, v in units.items()}
    assert targets(contracts) == {u: v[1] for u, v in units.items()}
    assert smes.pending == contracts.pending == [] and not smes.warnings


def test_indicators_listed_with_a_dun_in_one_measure_are_asked_with_their_values():
    text = "秀峰区、临桂区科技型中小企业入库数、高新技术企业数分别为30家、40家和15家、20家"
    smes, high_tech = read_indicators(text, REGISTRY, city=GUILIN)
    assert smes.quotas == high_tech.quotas == []
    assert asked(smes) == {"秀峰区": ("paired", 30), "临桂区": ("paired", 40)}
    assert asked(high_tech) == {"秀峰区": ("paired", 15), "临桂区": ("paired", 20)}


def test_figures_that_do_not_pair_are_each_asked_with_the_value_offered():
    text = "秀峰区、临桂区科技型中小企业入库数、技术合同成交额分别为30家、40家和1.5亿元"
    readings = read_indicators(text, REGISTRY, city=GUILIN)
    assert all(r.quotas == [] for r in readings)
    offered = sorted(p.value for r in readings for p in r.pending if p.value is not None)
    assert offered == [1.5, 30, 40]
    assert any("对不上" in w for r in readings for w in r.warnings)


def test_a_list_of_units_with_words_after_the_last_is_not_taken_for_indicators():
    (reading,) = read_indicators("秀峰区、七星区新增科技型中小企业分别为30家、60家", REGISTRY, city=GUILIN)
    assert targets(reading) == {"秀峰区": 30, "七星区": 60}

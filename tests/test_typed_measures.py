"""A measure typed after a number (3.5亿元, 12万元, 50%) is converted to the indicator's measure or refused, never dropped.

The rule is domain.achievements.parse_number / validate_actual; the window's grid and `set` both go through it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from cli import main
from domain.achievements import (
    AMOUNT_FACTORS,
    KNOWN_MEASURES,
    RATIO_FACTORS,
    InputError,
    convertible,
    parse_number,
    read_number,
    validate_actual,
)
from domain.baselines import validate_baseline
from domain.plans import Indicator, IndicatorKind
from domain.profile import Profile
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs
from tests.test_gui_entry import ACTUAL, cell, type_into

WAN = Indicator("“桂惠贷—科创贷”贷款金额增长率", "万元", IndicatorKind.GROWTH, target=15)  # (244)
YI = Indicator("工业企业R&D经费内部支出", "亿元", IndicatorKind.INCREMENT, target=10)  # (254)
YUAN = Indicator("奖补资金", "元", IndicatorKind.INCREMENT, target=500_000)
JIA = Indicator("推荐申报自治区级科技成果转化中试研究基地", "家", IndicatorKind.INCREMENT, target=3)  # (240)
XIANG = Indicator("推荐技术攻关类和成果转化类科技项目", "项", IndicatorKind.INCREMENT, target=10)  # (242)
RENCI = Indicator("选派乡村科技特派员", "人次", IndicatorKind.INCREMENT, target=400)
PCT = Indicator("科技支出占一般公共预算支出比重", "%", IndicatorKind.RATIO, target=1)  # (251)
PERMILLE = Indicator("技术合同成交额占GDP比重", "‰", IndicatorKind.RATIO, target=5)
NONE = Indicator("某项数量（原表未写计量单位）", "", IndicatorKind.INCREMENT, target=3)


@pytest.mark.parametrize(
    ("indicator", "typed", "stored"),
    [
        # The tester's case: 3.5亿元 in (244), measured in 万元.
        (WAN, "3.5亿元", 35000), (WAN, "3.5 亿元", 35000), (WAN, "３．５亿元", 35000), (WAN, "三点五亿元", 35000),
        (WAN, "12万元", 12), (WAN, "120000元", 12), (WAN, "1,200,000元", 120), (WAN, "五千万元", 5000),
        (WAN, "3千万元", 3000), (WAN, "800千元", 80), (WAN, "12", 12), (WAN, "12.5", 12.5),
        (YI, "3000万元", 0.3), (YI, "2.35亿元", 2.35), (YI, "2.35", 2.35), (YI, "123元", 0.00000123),
        (YUAN, "3.5万元", 35000), (YUAN, "1亿元", 100_000_000), (YUAN, "800元", 800),
        (JIA, "12", 12), (JIA, "12家", 12), (JIA, "十二家", 12), (JIA, "１２家", 12), (JIA, "1.2万家", 12000),
        (JIA, "十二万", 120000), (JIA, "1,234家", 1234), (JIA, "3千", 3000), (JIA, "1.2E+04", 12000),
        (XIANG, "5项", 5), (RENCI, "1.2万人次", 12000), (RENCI, "400人次", 400),
        (PCT, "0.85", 0.85), (PCT, "0.85%", 0.85), (PCT, "８．５‰", 0.85), (PCT, "百分之0.85", 0.85),
        (PCT, "三点五%", 3.5), (PERMILLE, "0.5%", 5), (PERMILLE, "4‰", 4), (PERMILLE, "千分之4", 4),
        (NONE, "3", 3), (WAN, "", None), (JIA, "  ", None),
    ],
)  # fmt: skip
def test_a_typed_measure_converts_to_the_indicators(indicator, typed, stored):
    value = validate_actual(indicator, typed)
    assert value == (None if stored is None else pytest.approx(stored, rel=1e-12))


@pytest.mark.parametrize(
    ("indicator", "typed", "said"),
    [
        # The tester's case: 12万元 on a 家 row; and the other way round, and % on a count.
        (JIA, "12万元", ["“12万元”", "“万元”", "“家”"]), (JIA, "12元", ["“元”", "“家”"]),
        (WAN, "12家", ["“家”", "“万元”"]), (JIA, "50%", ["“%”", "“家”"]), (XIANG, "3家", ["“家”", "“项”"]),
        (JIA, "3项", ["“项”", "“家”"]), (JIA, "3个", ["“个”", "“家”"]), (RENCI, "5人", ["“人”", "“人次”"]),
        (PCT, "3万元", ["“万元”", "“%”"]), (PCT, "2个百分点", ["“个百分点”", "“%”"]),
        (YI, "12家", ["“家”", "“亿元”"]),
        (NONE, "3家", ["没有计量单位", "“家”"]),
        # A growth indicator's 完成值 is the amount; the rate is computed from the 基数.
        (WAN, "35%", ["增长率", "万元", "“%”"]),
        # 3.5亿 under 万元: 3.5亿元, or 3.5亿 of 万元? Asked, never guessed.
        (WAN, "3.5亿", ["没有写明计量单位", "万元"]), (WAN, "十二万", ["没有写明计量单位"]), (YUAN, "3万", ["没有写明计量单位"]),
        (WAN, "3千", ["没有写明计量单位"]), (WAN, "1e999999亿元", ["不是有限的数字"]), (JIA, "1e999999万", ["不是有限的数字"]),
    ],
)  # fmt: skip
def test_a_measure_that_does_not_fit_is_refused_naming_both(indicator, typed, said):
    with pytest.raises(InputError) as refused:
        validate_actual(indicator, typed)
    assert all(words in str(refused.value) for words in said), str(refused.value)


@pytest.mark.parametrize("typed", ["十几家", "12家企业", "约12家", "12a", "1.2.3", "nan", "inf", "--1", "12 34"])
def test_what_is_not_one_number_and_a_measure_is_not_a_number(typed):
    with pytest.raises(InputError, match="不是数字"):
        validate_actual(JIA, typed)


def test_a_baseline_converts_and_refuses_by_the_same_rule():
    growth = Indicator("规上工业R&D经费支出增长率", "万元", IndicatorKind.GROWTH, target=35)
    assert validate_baseline(growth, "8亿元") == 80000
    assert validate_baseline(growth, "800") == 800
    with pytest.raises(InputError, match="“家”"):
        validate_baseline(growth, "800家")


# --- properties -------------------------------------------------------------------------------------------------

AMOUNTS = sorted(AMOUNT_FACTORS)
RATIOS = sorted(RATIO_FACTORS)
MEASURES_OF_INDICATORS = sorted({*KNOWN_MEASURES, ""})
decimals = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


@given(decimals, st.sampled_from(AMOUNTS), st.sampled_from(AMOUNTS))
def test_an_amount_converted_and_typed_back_is_the_amount(value, written, measure):
    there = parse_number(f"{_text(value)}{written}", measure)
    assert there == pytest.approx(float(value * Decimal(str(AMOUNT_FACTORS[written])) / Decimal(str(AMOUNT_FACTORS[measure]))), rel=1e-12)  # fmt: skip
    back = parse_number(f"{repr(there)}{measure}", written)
    assert back == pytest.approx(float(value), rel=1e-12, abs=1e-12)


@given(decimals, st.sampled_from(RATIOS), st.sampled_from(RATIOS))
def test_a_ratio_converted_and_typed_back_is_the_ratio(value, written, measure):
    there = parse_number(f"{_text(value)}{written}", measure)
    assert parse_number(f"{repr(there)}{measure}", written) == pytest.approx(float(value), rel=1e-12, abs=1e-12)


suffixes = st.one_of(
    st.sampled_from(sorted(KNOWN_MEASURES)),
    st.text(alphabet="家项个万亿元千%‰人次件名所篇台套", min_size=1, max_size=4),
)


@given(decimals, suffixes, st.sampled_from(MEASURES_OF_INDICATORS))
def test_no_typed_measure_is_ever_silently_dropped(value, suffix, measure):
    """Either refused, or the typed measure fits the indicator's and the value is the bare number converted."""
    typed = f"{_text(value)}{suffix}"
    try:
        got = parse_number(typed, measure)
    except InputError:
        return
    reading = read_number(typed)
    assert reading is not None
    if not reading.measure:  # the suffix was a magnitude (12万 of 家): the number itself says so
        assert measure not in AMOUNT_FACTORS and set(suffix) <= set("十百千万亿")
        return
    assert convertible(reading.measure, measure), (typed, measure)
    factors = AMOUNT_FACTORS if reading.measure in AMOUNT_FACTORS else RATIO_FACTORS
    expected = reading.value
    if reading.measure != measure:
        expected = expected * Decimal(str(factors[reading.measure])) / Decimal(str(factors[measure]))
    assert got == pytest.approx(float(expected), rel=1e-12, abs=1e-12)


@given(decimals, st.sampled_from(sorted(KNOWN_MEASURES)), st.sampled_from(sorted(KNOWN_MEASURES)))
def test_a_measure_of_another_kind_is_always_refused(value, written, measure):
    typed = f"{_text(value)}{written}"
    if convertible(read_number(typed).measure, measure):
        return
    with pytest.raises(InputError) as refused:
        parse_number(typed, measure)
    assert f"“{measure}”" in str(refused.value)


# --- what the user sees: the command line and the grid ----------------------------------------------------------

PLAN = ["--plan", "创新创业", "--unit", "北流", "--period", "2022-10"]


def _actual(db, seq: str) -> float | None:
    row = (
        sqlite3.connect(db)
        .execute(
            "SELECT a.actual FROM achievements a JOIN indicators i ON i.id = a.indicator_id JOIN tasks t ON t.id = "
            "i.task_id JOIN units u ON u.id = a.unit_id WHERE t.seq = ? AND u.name = '北流市' AND a.period = '2022-10'",
            (seq,),
        )
        .fetchone()
    )
    return row[0] if row else None


def test_set_converts_an_amount_and_says_what_it_stored(store, db_path, capsys):
    assert main(["set", "--db", str(db_path), *PLAN, "--seq", "244", "--actual", "3.5亿元"]) == 0
    assert capsys.readouterr().out.strip().endswith("任务 (244) 北流市 2022年10月 完成值 35000万元")
    assert _actual(db_path, "244") == 35000


def test_set_refuses_a_measure_that_does_not_fit_and_stores_nothing(store, db_path, capsys):
    assert main(["set", "--db", str(db_path), *PLAN, "--seq", "240", "--actual", "12万元"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：完成值：“12万元”的计量单位“万元”与本项指标的计量单位“家”不符"), err
    assert _actual(db_path, "240") is None
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM audit WHERE action = '填报'").fetchone()[0] == 0


def test_the_grid_converts_3_5_yi_yuan_and_refuses_wan_yuan_on_a_count(qtbot, store, yulin_plan_id):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    # The change watch reloads on its own timer; a reload still running when the window is deleted would call
    # into its deleted panels during the next test.
    win.safety.watcher.timer.stop()
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    type_into(qtbot, win, "244", ACTUAL, "3.5亿元")
    assert cell(win, "244", ACTUAL).data() == "35,000"
    assert win.statusBar().currentMessage() == "已保存 1 处修改"
    type_into(qtbot, win, "240", ACTUAL, "12万元")
    tip = cell(win, "240", ACTUAL).data(Qt.ItemDataRole.ToolTipRole)
    assert "“12万元”的计量单位“万元”与本项指标的计量单位“家”不符" in tip, tip
    assert "未接受" in win.statusBar().currentMessage()
    wait_for_jobs()
    win.close()
    assert (_actual(store.path, "244"), _actual(store.path, "240")) == (35000, None)


def test_a_share_of_a_count_is_typed_as_the_percentage_its_target_is_shown_in():
    """A 占比 indicator over companies (measure 家) shows its target in %: the figure typed is a % too."""
    share = Indicator("高新技术企业占规上企业比重", "家", IndicatorKind.RATIO, target=20)
    assert validate_actual(share, "14%") == 14 and validate_actual(share, "0.5") == 0.5
    with pytest.raises(InputError, match="“14家”的计量单位“家”与本项指标的计量单位“%”不符"):
        validate_actual(share, "14家")

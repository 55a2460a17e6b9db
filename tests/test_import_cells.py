"""A matrix cell as officials type it: a certain figure, nothing, or a doubt; and the % number formats."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.plans import Direction
from importers.table_cells import read_cell
from importers.table_formats import is_percent_format
from importers.table_review import ReviewError, parse_decision_value


@pytest.mark.parametrize(
    ("value", "measure", "percent", "expected", "direction"),
    [
        (18, "家", False, 18, None),
        ("18", "家", False, 18, None),
        ("不低于18家", "家", False, 18, Direction.AT_LEAST),
        ("十八", "家", False, 18, None),
        ("１８家", "家", False, 18, None),
        ("1.2亿元", "万元", False, 12000, None),
        ("8000万元", "亿元", False, 0.8, None),
        (25, "%", True, 25, None),
        ("25%", "%", True, 25, None),
        ("增长25%", "%", True, 25, None),
        ("较上年增长15%以上", "%", True, 15, Direction.AT_LEAST),
        ("25%左右", "%", True, 25, Direction.AT_LEAST),
        ("控制在5%以内", "%", True, 5, Direction.AT_MOST),
        ("新增10家", "家", False, 10, None),
        ("10（含高新区）", "家", False, 10, None),
    ],
)
def test_certain_cells_are_read_with_their_direction(value, measure, percent, expected, direction):
    cell = read_cell(value, measure, percent)
    assert cell.doubt == "" and cell.figure is not None
    assert cell.figure.value == pytest.approx(expected) and cell.figure.direction == direction


@pytest.mark.parametrize("value", [None, "", "—", "-", "/", "无", "不分解", "——"])
def test_empty_cells_are_no_quota_and_no_doubt(value):
    cell = read_cell(value, "家")
    assert cell.figure is None and cell.doubt == ""


@pytest.mark.parametrize(
    ("value", "measure", "percent", "reason"),
    [
        ("约十几家", "家", False, "“约十几家”不是确定的数字"),
        ("待定", "家", False, "“待定”不是确定的数字"),
        ("3-5家", "家", False, "“3-5家”是一个范围，不是一个目标值"),
        ("3至5家", "家", False, "“3至5家”是一个范围，不是一个目标值"),
        (0.25, "%", True, "单元格是 0.25，没有设为百分比格式：是 25% 还是 0.25%？"),
        ("提高2个百分点", "%", True, "“提高2个百分点”是百分点（差值），不是本指标的目标值"),
        ("5家", "%", True, "“5家”的单位（家）与本指标的计量单位（%）不同"),
        ("见附件", "家", False, "“见附件”不是数字"),
    ],
)
def test_doubtful_cells_say_why_and_give_no_figure(value, measure, percent, reason):
    cell = read_cell(value, measure, percent)
    assert cell.figure is None and cell.doubt == reason


@given(st.integers(1, 99_999), st.sampled_from(["", "不低于", "力争", "达到"]), st.sampled_from(["", "以上", "左右"]))
def test_any_whole_figure_with_its_words_reads_back(number, before, after):
    cell = read_cell(f"{before}{number}家{after}", "家")
    assert cell.figure is not None and cell.figure.value == number and cell.doubt == ""


@given(st.floats(0.0001, 0.9999, allow_nan=False))
def test_a_bare_fraction_in_a_percent_column_is_always_asked(fraction):
    assert read_cell(fraction, "%", True).figure is None


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("0.00%", True), ("#,##0.0%", True), ('0.0"%"', False), ("0.0\\%", False), ("[Red]0%", True),
     ("0.00", False), ("General", False), ('"增长"0%', True)],
)  # fmt: skip
def test_percent_number_formats(code, percent):
    assert is_percent_format(code) is percent


@pytest.mark.parametrize(("text", "value"), [("18", 18), ("不低于18家", 18), ("25%", 25), ("1.2亿元", 12000)])
def test_a_decision_typed_as_officials_write_it(text, value):
    assert parse_decision_value(text, "万元" if "亿" in text else "") == value


@pytest.mark.parametrize("text", ["无", "跳过", "", " — "])
def test_a_decision_to_leave_a_unit_out(text):
    assert parse_decision_value(text) is None


@pytest.mark.parametrize("text", ["十几", "-3", "约5"])
def test_a_decision_that_is_no_figure_is_refused(text):
    with pytest.raises(ReviewError):
        parse_decision_value(text)


@pytest.mark.parametrize("text", ["下降3%", "-3.5%", "降低2%"])
def test_a_decline_typed_as_a_decision_says_how_to_give_it(text):
    with pytest.raises(ReviewError) as refused:
        parse_decision_value(text, "%")
    assert str(refused.value).startswith(f"分解指标不能为负数或写“下降”（{text}）：下降类指标请填写下降幅度，如 3%")

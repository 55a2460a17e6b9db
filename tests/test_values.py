import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.achievements import InputError, parse_number, validate_actual, validate_status, validate_text
from domain.numerals import chinese_to_number
from domain.plans import Indicator, IndicatorKind

COUNT = Indicator("高新技术企业保有量", "家", IndicatorKind.STOCK, target=101)
MONEY = Indicator("技术合同成交额", "亿元", IndicatorKind.INCREMENT, target=20)
RATIO = Indicator("科技支出占比", "%", IndicatorKind.RATIO, target=1)
QUAL = Indicator("组织参加技术经纪人培训")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("12", 12), ("１２", 12), ("1,234", 1234), ("1，234.5", 1234.5), (" 3.5 ", 3.5),
        ("十二", 12), ("一百零一", 101), ("两千", 2000), ("0", 0), ("", None), (None, None), (7, 7),
        ("３．５", 3.5),
    ],
)  # fmt: skip
def test_numbers_as_staff_type_them(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["abc", "12a", "1.2.3", "nan", "inf", "--1"])
def test_non_numbers_are_refused(typed):
    with pytest.raises(InputError, match="数字"):
        parse_number(typed)


def test_negative_percent_too_large_and_fractional_counts_are_refused():
    with pytest.raises(InputError, match="不能为负数"):
        validate_actual(COUNT, "-1")
    with pytest.raises(InputError, match="占比应在"):
        validate_actual(RATIO, "120")
    with pytest.raises(InputError, match="整数"):
        validate_actual(COUNT, "2.5")
    with pytest.raises(InputError, match="定性任务"):
        validate_actual(QUAL, "3")
    assert validate_actual(MONEY, "2.35") == 2.35
    assert validate_actual(RATIO, "0.85%") == 0.85


def test_status_and_text_rules():
    assert validate_status("推进中").value == "推进中"
    assert validate_status("进行中").value == "推进中"
    assert validate_status("") is None
    with pytest.raises(InputError, match="未启动 / 推进中 / 已完成"):
        validate_status("差不多")
    assert validate_text("progress", "  新认定3家 ") == "新认定3家"
    with pytest.raises(InputError, match="工作进展过长"):
        validate_text("progress", "字" * 2001)


@pytest.mark.parametrize(
    ("text", "value"),
    [("十", 10), ("十二", 12), ("二十", 20), ("一百零一", 101), ("三百二十五", 325), ("一万二千", 12000),
     ("两亿", 2e8), ("三点五", 3.5), ("零", 0)],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert chinese_to_number(text) == value


@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_separators_and_full_width_digits_read_back(n):
    full = f"{n:,}".translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
    assert parse_number(f"{n:,}") == n
    assert parse_number(full) == n

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.periods import Period, PeriodError, PeriodKind, period_containing, periods_of_year


@pytest.mark.parametrize(
    ("text", "kind", "index", "code", "label", "start", "end"),
    [
        ("2022-10", PeriodKind.MONTH, 10, "2022-10", "2022年10月", date(2022, 10, 1), date(2022, 10, 31)),
        ("2022-2", PeriodKind.MONTH, 2, "2022-02", "2022年2月", date(2022, 2, 1), date(2022, 2, 28)),
        ("2024-02", PeriodKind.MONTH, 2, "2024-02", "2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022Q3", PeriodKind.QUARTER, 3, "2022Q3", "2022年第三季度", date(2022, 7, 1), date(2022, 9, 30)),
        ("2022q4", PeriodKind.QUARTER, 4, "2022Q4", "2022年第四季度", date(2022, 10, 1), date(2022, 12, 31)),
        ("2022H1", PeriodKind.HALF, 1, "2022H1", "2022年上半年", date(2022, 1, 1), date(2022, 6, 30)),
        ("2022H2", PeriodKind.HALF, 2, "2022H2", "2022年下半年", date(2022, 7, 1), date(2022, 12, 31)),
        ("2022", PeriodKind.YEAR, 1, "2022", "2022年全年", date(2022, 1, 1), date(2022, 12, 31)),
        ("2022年10月", PeriodKind.MONTH, 10, "2022-10", "2022年10月", date(2022, 10, 1), date(2022, 10, 31)),
        ("2022年第三季度", PeriodKind.QUARTER, 3, "2022Q3", "2022年第三季度", date(2022, 7, 1), date(2022, 9, 30)),
        ("2022年第2季度", PeriodKind.QUARTER, 2, "2022Q2", "2022年第二季度", date(2022, 4, 1), date(2022, 6, 30)),
        ("2022年上半年", PeriodKind.HALF, 1, "2022H1", "2022年上半年", date(2022, 1, 1), date(2022, 6, 30)),
        ("2022年全年", PeriodKind.YEAR, 1, "2022", "2022年全年", date(2022, 1, 1), date(2022, 12, 31)),
        (" ２０２２Ｑ１ ", PeriodKind.QUARTER, 1, "2022Q1", "2022年第一季度",
         date(2022, 1, 1), date(2022, 3, 31)),
    ],
)  # fmt: skip
def test_parse_code_label_and_dates(text, kind, index, code, label, start, end):
    period = Period.parse(text)
    assert (period.kind, period.index) == (kind, index)
    assert period.code == code
    assert period.label == label
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2022-13", "2022-00", "2022Q5", "2022H3", "22-10", "十月", "", "2022/10", "3000"])
def test_bad_periods_are_refused_with_a_chinese_message(text):
    with pytest.raises(PeriodError) as err:
        Period.parse(text)
    assert "填报期" in str(err.value) or "年份" in str(err.value)


def test_periods_of_year_cover_the_year_without_gaps():
    for kind in PeriodKind:
        periods = periods_of_year(2022, kind)
        assert periods[0].start == date(2022, 1, 1)
        assert periods[-1].end == date(2022, 12, 31)
        for before, after in zip(periods, periods[1:], strict=False):
            assert (after.start - before.end).days == 1


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.sampled_from(list(PeriodKind)))
def test_code_round_trips_and_the_containing_period_contains(day, kind):
    period = period_containing(day, kind)
    assert period.start <= day <= period.end
    assert Period.parse(period.code) == period
    assert Period.parse(period.label) == period

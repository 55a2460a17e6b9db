"""The completeness check before 报送: unfilled rows, and odd figures that need a one-line explanation."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.achievements import Achievement, InputError, WorkStatus
from domain.periods import Period
from domain.plans import Indicator, IndicatorKind, Plan, Quota, Task
from domain.progress import build_row
from domain.submit_check import Finding, check_return, check_row, missing_explanations, validate_explanation

K = IndicatorKind
OCT, SEP = Period.parse("2022-10"), Period.parse("2022-09")


def row(kind=K.STOCK, target=18, now=None, before=None, status=None, baseline=None, explanation=""):
    indicator = Indicator("高新技术企业保有量", "家", kind, target=target, quotas=[Quota("北流市", target, baseline)])
    task = Task("237", "高企", indicators=[indicator])
    history = []
    if before is not None:
        history.append(Achievement("北流市", SEP, actual=before))
    if now is not None or status is not None:
        history.append(Achievement("北流市", OCT, actual=now, status=status, explanation=explanation))
    return build_row(Plan("p", 2022, tasks=[task]), task, indicator, "北流市", OCT, history)


@pytest.mark.parametrize(
    ("kwargs", "findings"),
    [
        ({"now": 14, "before": 12}, None),
        ({}, (Finding.UNFILLED,)),
        ({"kind": K.QUALITATIVE, "target": None}, (Finding.UNFILLED,)),
        ({"kind": K.QUALITATIVE, "target": None, "status": WorkStatus.IN_PROGRESS}, None),
        ({"now": 11, "before": 12}, (Finding.STOCK_DROP,)),  # a stock lower than last period
        ({"now": 12, "before": 12}, None),
        ({"kind": K.INCREMENT, "now": 11, "before": 12}, None),  # only a stock cannot fall
        ({"now": 36, "before": 12}, None),  # exactly 3 times is not over 3 times
        ({"now": 37, "before": 12, "target": 100}, (Finding.JUMP,)),
        ({"now": 5, "before": 0}, None),  # from nothing: no factor to speak of
        ({"now": 54, "target": 18}, None),  # 300 % exactly
        ({"now": 55, "target": 18}, (Finding.RATE_HIGH,)),
        ({"now": 55, "before": 10, "target": 18}, (Finding.JUMP, Finding.RATE_HIGH)),
        ({"kind": K.GROWTH, "target": 35, "now": 900}, None),  # no base, no rate: nothing to judge as odd
    ],
)
def test_what_the_check_finds(kwargs, findings):
    found = check_row(0, row(**kwargs))
    assert (found.findings if found else None) == findings
    if found:
        assert found.odd == (findings != (Finding.UNFILLED,))
        assert len(found.reasons) == len(findings)


def test_the_reasons_say_the_figures_in_words():
    found = check_row(0, row(now=11, before=12))
    assert found.reasons == ("保有量 11家 低于上期 12家",)
    assert check_row(0, row(now=55, target=18)).reasons == ("完成率 305.6% 超过 300%",)
    assert found.label == "(237) 高新技术企业保有量"


def test_odd_rows_need_an_explanation_and_one_already_given_counts():
    rows = [row(now=11, before=12), row(), row(now=55, target=18, explanation="含新迁入企业")]
    checks = check_return(rows)
    assert [c.index for c in checks] == [0, 1, 2]
    assert [c.index for c in missing_explanations(checks, {})] == [0]
    assert missing_explanations(checks, {0: "两家企业资格到期"}) == []
    assert [c.index for c in missing_explanations(checks, {0: "  "})] == [0]


def test_an_explanation_is_one_line_of_at_most_200_characters():
    assert validate_explanation("  两家企业\n资格到期 ") == "两家企业 资格到期"
    with pytest.raises(InputError, match="最多 200 字"):
        validate_explanation("字" * 201)


@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_a_stock_is_odd_exactly_when_it_falls_or_jumps_past_three_times(now, before):
    found = check_row(0, row(now=now, before=before, target=1e9))
    expected = now < before or (before > 0 and now > 3 * before + 1e-9)
    assert (found is not None) == expected

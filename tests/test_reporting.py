"""Reporting rules: reading them from a plan's words, due dates, the period due now and a return's state."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.periods import Period, PeriodKind, periods_of_year
from domain.reporting import (
    DEFAULT_RULE,
    Anchor,
    ReportingRule,
    ReturnState,
    countdown,
    period_due_now,
    periods_to_list,
    plan_is_current,
    return_state,
    rule_from_text,
)

M, Q, H, Y = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR


@pytest.mark.parametrize(
    ("text", "kind", "day", "anchor"),
    [
        ("请各县（市、区）于每月5日前报送上月完成情况。", M, 5, Anchor.NEXT_MONTH),
        ("各单位每月五日前将进展情况报市科技局", M, 5, Anchor.NEXT_MONTH),
        ("每月２５日前报送当月工作进展", M, 25, Anchor.SAME_MONTH),
        ("每季度结束后10日内报送完成情况", Q, 10, Anchor.NEXT_MONTH),
        ("实行季报制度，每季度结束后十日内上报", Q, 10, Anchor.NEXT_MONTH),
        ("每季度结束后5个工作日内报送", Q, 5, Anchor.WORKDAYS),
        ("每半年报送一次，于半年结束后15日内报送", H, 15, Anchor.NEXT_MONTH),
        ("每年12月20日前报送全年完成情况", Y, 20, Anchor.SAME_MONTH),
        ("每年次年1月10日前报送上年度总结", Y, 10, Anchor.NEXT_MONTH),
    ],
)
def test_a_rule_is_read_from_the_words_of_a_plan(text, kind, day, anchor):
    rule = rule_from_text(["2022年玉林市优化营商环境创新创业专项实施方案", text])
    assert (rule.kind, rule.due_day, rule.anchor, rule.stated_day) == (kind, day, anchor, True)
    assert rule.source == text.rstrip("。")


def test_a_frequency_without_a_day_keeps_the_default_day_and_says_so():
    rule = rule_from_text(["按季度报送工作进展"])
    assert (rule.kind, rule.due_day, rule.stated_day) == (Q, 5, False)


@pytest.mark.parametrize(
    "text",
    [
        "每年新增科技型中小企业10家",  # a frequency, but nothing is sent
        "2022年底前完成",
        "及时将相关材料报送至市营商办",  # sent, but no frequency
        "每月35日前报送",  # no such day
        "每年6月30日前报送",  # a yearly return due in June: not a shape the rule holds
        "",
    ],
)
def test_words_that_state_no_rule_give_none(text):
    assert rule_from_text([text]) is None


@pytest.mark.parametrize(
    ("rule", "period", "due"),
    [
        (ReportingRule(M, 5), "2022-10", date(2022, 11, 5)),
        (ReportingRule(M, 5), "2022-12", date(2023, 1, 5)),
        (ReportingRule(M, 31), "2022-01", date(2022, 2, 28)),  # no 31 February: its last day
        (ReportingRule(M, 25, Anchor.SAME_MONTH), "2022-10", date(2022, 10, 25)),
        (ReportingRule(Q, 10), "2022Q3", date(2022, 10, 10)),
        (ReportingRule(Q, 5, Anchor.WORKDAYS), "2022Q3", date(2022, 10, 7)),  # 30 Sep is a Friday
        (ReportingRule(H, 15), "2022H1", date(2022, 7, 15)),
        (ReportingRule(Y, 20, Anchor.SAME_MONTH), "2022", date(2022, 12, 20)),
        (ReportingRule(Y, 10), "2022", date(2023, 1, 10)),
    ],
)
def test_due_dates(rule, period, due):
    assert rule.due_date(Period.parse(period)) == due


def test_a_rule_is_stored_as_a_code_and_labelled_for_people():
    for rule in (ReportingRule(M, 5), ReportingRule(Q, 10, Anchor.WORKDAYS), ReportingRule(Y, 20, Anchor.SAME_MONTH)):
        assert ReportingRule.from_code(rule.code) == rule
    assert ReportingRule(M, 5).label == "月报，每月5日前报送上月"
    assert ReportingRule(Q, 10).label == "季报，季度结束后次月10日前报送"
    assert ReportingRule(Q, 5, Anchor.WORKDAYS).label == "季报，季度结束后5个工作日内报送"
    with pytest.raises(ValueError):
        ReportingRule(M, 0)
    with pytest.raises(ValueError):
        ReportingRule.from_code("month/5")


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2022, 1, 10), "2022-01"),  # before the first return is due
        (date(2022, 11, 3), "2022-10"),  # October's return is due on 5 November
        (date(2022, 11, 5), "2022-10"),  # the due day itself
        (date(2022, 11, 6), "2022-11"),  # the day after: November's is next
        (date(2023, 1, 5), "2022-12"),
        (date(2023, 3, 1), "2022-12"),  # the year is over: its last period
    ],
)
def test_the_window_opens_on_the_period_due_now_not_the_last_of_the_year(today, period):
    assert period_due_now(ReportingRule(M, 5), 2022, today) == Period.parse(period)


def test_a_quarterly_plan_is_due_on_its_quarter():
    assert period_due_now(ReportingRule(Q, 10), 2022, date(2022, 11, 3)) == Period.parse("2022Q4")
    assert period_due_now(ReportingRule(Q, 10), 2022, date(2022, 10, 9)) == Period.parse("2022Q3")


@pytest.mark.parametrize(
    ("today", "submitted", "entries", "state"),
    [
        (date(2022, 11, 3), False, False, ReturnState.NOT_STARTED),
        (date(2022, 11, 3), False, True, ReturnState.DRAFT),
        (date(2022, 11, 5), False, True, ReturnState.DRAFT),  # due today: not late yet
        (date(2022, 11, 6), False, True, ReturnState.OVERDUE),
        (date(2022, 11, 6), True, True, ReturnState.SUBMITTED),
    ],
)
def test_the_state_of_a_return(today, submitted, entries, state):
    assert return_state(date(2022, 11, 5), today, submitted, entries) is state


def test_countdown_words():
    due = date(2022, 11, 5)
    assert countdown(due, date(2022, 11, 2)) == "还有 3 天"
    assert countdown(due, due) == "今天截止"
    assert countdown(due, date(2022, 11, 7)) == "已逾期 2 天"


def test_the_todo_list_has_what_is_overdue_and_what_is_due_now():
    rule = ReportingRule(Q, 10)
    jan1 = date(2022, 1, 1)
    listed = periods_to_list(rule, 2022, date(2022, 11, 3), [Period.parse("2022Q1")], jan1)
    assert [p.code for p in listed] == ["2022Q2", "2022Q3", "2022Q4"]
    done = [Period.parse(f"2022Q{i}") for i in (1, 2, 3, 4)]
    listed = periods_to_list(rule, 2022, date(2023, 2, 1), done, jan1)
    assert [p.code for p in listed] == ["2022Q4"]  # nothing overdue; the last one, submitted, still shown


def test_returns_from_before_the_ledger_was_used_are_not_listed():
    rule = ReportingRule(M, 5)
    today = date(2022, 11, 3)
    assert [p.code for p in periods_to_list(rule, 2022, today, [], None)] == ["2022-09", "2022-10"]
    assert [p.code for p in periods_to_list(rule, 2022, today, [], date(2022, 7, 1))] == [
        "2022-07", "2022-08", "2022-09", "2022-10",
    ]  # fmt: skip
    assert [p.code for p in periods_to_list(rule, 2022, today, [], date(2022, 10, 1))] == ["2022-10"]


def test_a_plan_is_listed_during_its_year_and_the_first_quarter_after():
    assert plan_is_current(2022, date(2022, 6, 1))
    assert plan_is_current(2022, date(2023, 3, 31))
    assert not plan_is_current(2022, date(2023, 4, 1))
    assert not plan_is_current(2023, date(2022, 12, 1))


def test_the_default_rule_says_the_day_was_not_stated():
    assert DEFAULT_RULE.kind is M and not DEFAULT_RULE.stated_day


rules = st.builds(
    ReportingRule,
    st.sampled_from(list(PeriodKind)),
    st.integers(1, 28),
    st.sampled_from([Anchor.NEXT_MONTH, Anchor.WORKDAYS]),
)


@given(rules, st.integers(2000, 2100))
def test_returns_after_the_period_fall_due_in_order(rule, year):
    periods = periods_of_year(year, rule.kind)
    dues = [rule.due_date(p) for p in periods]
    assert all(due > p.end for p, due in zip(periods, dues, strict=True))
    assert dues == sorted(dues)


@given(rules, st.dates(min_value=date(2021, 6, 1), max_value=date(2023, 6, 1)))
def test_the_period_due_now_is_the_first_not_past_its_due_date(rule, today):
    now = period_due_now(rule, 2022, today)
    periods = periods_of_year(2022, rule.kind)
    earlier = periods[: periods.index(now)]
    assert all(rule.due_date(p) < today for p in earlier)
    assert rule.due_date(now) >= today or now == periods[-1]
    assert periods_to_list(rule, 2022, today, [], date(2022, 1, 1))[-1] == now


@given(st.dates(), st.integers(0, 400))
def test_a_return_becomes_overdue_only_after_its_due_day(due, days):
    later = due + timedelta(days=days)
    state = return_state(due, later, False, True)
    assert (state is ReturnState.OVERDUE) == (days > 0)

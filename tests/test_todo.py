"""待办 on a real store: what a county has due, its state, and the tasks already past their deadline."""

from datetime import date

from domain.periods import Period, PeriodKind
from domain.reporting import ReportingRule, ReturnState
from operations.todo import due_returns
from storage.achievements import AchievementKey, record_achievement
from storage.plan_admin import set_archived, set_reporting_rule
from storage.submissions import submit_period, unlock_period

JAN3 = date(2023, 1, 3)


def listed(store, today=JAN3, plan_id=None):
    return [(d.period.code, d.state) for d in due_returns(store, "北流市", "玉林市", today) if d.plan_id == plan_id]


def test_a_new_ledger_lists_the_return_due_now_and_the_latest_one_missed(store, yulin_plan_id):
    due = [d for d in due_returns(store, "北流市", "玉林市", JAN3) if d.plan_id == yulin_plan_id]
    assert [(d.period.code, d.state, d.countdown) for d in due] == [
        ("2022-11", ReturnState.OVERDUE, "已逾期 29 天"),
        ("2022-12", ReturnState.NOT_STARTED, "还有 2 天"),
    ]
    december = due[1]
    assert december.due == date(2023, 1, 5)
    assert december.overdue_tasks == 6  # (239)…(250), due 30 November, nothing reported; 未分解 ones are not due
    assert (december.unfilled, december.rows) == (12, 16)  # the 4 未分解 rows are not the unit's to fill
    assert "方案未规定" in december.rule.origin
    plans = {d.plan_title for d in due_returns(store, "北流市", "玉林市", JAN3)}
    assert "2022年百色市科技创新工作要点" not in plans  # another city's plan


def test_states_follow_what_was_entered_and_submitted(store, yulin_plan_id):
    def put(period, seq="237", value="12"):
        record_achievement(store, AchievementKey(yulin_plan_id, seq, "", "北流市", Period.parse(period)),
                           {"actual": value}, "张三")  # fmt: skip

    put("2022-10")
    submit_period(store, yulin_plan_id, "北流市", Period.parse("2022-10"), "张三")
    put("2022-12")
    assert listed(store, plan_id=yulin_plan_id) == [("2022-11", ReturnState.OVERDUE), ("2022-12", ReturnState.DRAFT)]
    submit_period(store, yulin_plan_id, "北流市", Period.parse("2022-12"), "张三")
    assert listed(store, plan_id=yulin_plan_id)[-1] == ("2022-12", ReturnState.SUBMITTED)
    unlock_period(store, yulin_plan_id, "北流市", Period.parse("2022-12"), "张三", "更正")
    assert listed(store, plan_id=yulin_plan_id)[-1] == ("2022-12", ReturnState.DRAFT)


def test_a_quarterly_plan_lists_quarters_and_an_archived_plan_nothing(store, yulin_plan_id):
    set_reporting_rule(store, yulin_plan_id, ReportingRule(PeriodKind.QUARTER, 10), "张三")
    assert listed(store, date(2022, 11, 3), yulin_plan_id) == [
        ("2022Q3", ReturnState.OVERDUE), ("2022Q4", ReturnState.NOT_STARTED),
    ]  # fmt: skip
    set_archived(store, yulin_plan_id, True, "张三")
    assert listed(store, date(2022, 11, 3), yulin_plan_id) == []


def test_last_years_plans_leave_the_list_after_the_first_quarter(store, yulin_plan_id):
    assert listed(store, date(2023, 3, 31), yulin_plan_id)
    assert listed(store, date(2023, 4, 1), yulin_plan_id) == []

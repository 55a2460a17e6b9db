"""Who and when may report on a plan: units of the plan's city, periods of the plan's years."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.periods import Period, PeriodKind, periods_of_year
from domain.plans import period_outside_plan, unit_outside_plan
from storage.achievements import AchievementKey, record_achievement
from storage.audit import audit_count
from storage.db import StoreError
from storage.dump import dump_store
from storage.plans import find_plan


def test_units_of_the_plans_city_and_the_city_itself_may_report():
    assert unit_outside_plan("玉林市", "北流市", "玉林市") is None
    assert unit_outside_plan("玉林市", "玉林市", "") is None
    assert unit_outside_plan("", "武鸣区", "南宁市") is None  # a plan that names no city
    assert unit_outside_plan("玉林市", "南宁市", "") == "南宁市不属于玉林市，不能填报玉林市的方案"
    assert unit_outside_plan("玉林市", "武鸣区", "南宁市") == "武鸣区不属于玉林市，不能填报玉林市的方案"


def test_periods_before_the_plan_or_after_its_last_deadline_are_refused():
    nov30 = date(2022, 11, 30)
    assert period_outside_plan(2022, nov30, Period.parse("2022-01")) is None
    assert period_outside_plan(2022, nov30, Period.parse("2022")) is None
    assert period_outside_plan(2022, nov30, Period.parse("2021-12")) == "2021年12月早于方案年度（2022年），不能填报"
    assert period_outside_plan(2022, nov30, Period.parse("2023-01")) == (
        "2023年1月晚于方案的最后完成时限（2022年11月30日），不能填报"
    )
    assert period_outside_plan(2022, date(2024, 6, 30), Period.parse("2024H2")) is None
    assert period_outside_plan(2022, None, Period.parse("2030Q4")) is None  # standing measures run on


@given(st.integers(2000, 2100), st.integers(0, 3), st.sampled_from(list(PeriodKind)))
def test_every_period_of_the_plan_year_is_accepted(year, extra, kind):
    deadline = date(year + extra, 12, 31)
    for period in periods_of_year(year, kind):
        assert period_outside_plan(year, deadline, period) is None
    for period in periods_of_year(year + extra + 1, kind):
        assert period_outside_plan(year, deadline, period) is not None


@pytest.mark.parametrize(
    ("unit", "period", "message"),
    [
        ("南宁市", "2022-10", "南宁市不属于玉林市"),
        ("武鸣区", "2022-10", "武鸣区不属于玉林市"),
        ("北流市", "2023-01", "2023年1月晚于方案的最后完成时限"),
        ("北流市", "2021-12", "2021年12月早于方案年度"),
    ],
)
def test_the_store_refuses_a_figure_outside_the_plan_and_writes_nothing(store, yulin_plan_id, unit, period, message):
    before, audits = dump_store(store), audit_count(store)
    with pytest.raises(StoreError, match=message):
        record_achievement(
            store, AchievementKey(yulin_plan_id, "237", "", unit, Period.parse(period)), {"actual": 3}, "张三"
        )
    assert dump_store(store) == before and audit_count(store) == audits


def test_standing_measures_without_deadlines_take_later_years(store):
    plan = find_plan(store, "高新技术产业开发区")
    task = plan.tasks[0] if plan.tasks else None
    assert task is not None
    key = AchievementKey(plan.id, task.seq, "", "玉林市", Period.parse("2023-06"))
    assert record_achievement(store, key, {"status": "推进中"}, "张三").status is not None


def test_no_return_is_exported_for_a_unit_of_another_city(store, yulin_plan_id, tmp_path):
    from operations.export_return import export_breakdown, export_progress

    with pytest.raises(StoreError, match="南宁市不属于玉林市"):
        export_progress(store, yulin_plan_id, "南宁", "2022-10", tmp_path / "r.xlsx", final=False, who="张三")
    with pytest.raises(StoreError, match="右江区不属于玉林市"):
        export_breakdown(store, yulin_plan_id, "右江区", tmp_path / "b.xlsx")
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "b.xlsx").exists()

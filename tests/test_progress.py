"""完成率, 序时进度 and status exactly as DOMAIN.md defines them."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.achievements import Achievement, WorkStatus
from domain.periods import Period
from domain.plans import Direction, Indicator, IndicatorKind, Plan, Quota, Task
from domain.progress import (
    TOLERANCE,
    Status,
    build_row,
    completion_rate,
    legend_counts,
    needs_baseline,
    numeric_status,
    previous_actual,
    previous_figure,
    progress_rows,
    qualitative_status,
    time_progress,
)

K, D = IndicatorKind, Direction
JAN1, NOV30, DEC31 = date(2022, 1, 1), date(2022, 11, 30), date(2022, 12, 31)


@pytest.mark.parametrize(
    ("kind", "direction", "target", "actual", "baseline", "rate"),
    [
        (K.STOCK, D.AT_LEAST, 18, 9, None, 0.5),  # 北流 高企 9 of 18
        (K.STOCK, D.AT_LEAST, 18, 18, None, 1.0),
        (K.STOCK, D.AT_LEAST, 18, 27, None, 1.5),
        (K.INCREMENT, D.AT_LEAST, 40, 10, None, 0.25),
        (K.INCREMENT, D.AT_LEAST, 20, 5, None, 0.25),  # 技术合同成交额 5 of 20 亿元
        (K.GROWTH, D.AT_LEAST, 35, 1080, 800, 1.0),  # 兴业: 800 → 1080 is +35 %
        (K.GROWTH, D.AT_LEAST, 35, 940, 800, 0.5),  # +17.5 % of 35 %
        (K.GROWTH, D.AT_LEAST, 35, 700, 800, -12.5 / 35),  # shrinking: negative rate, shown as such
        (K.GROWTH, D.AT_LEAST, 35, 900, None, None),  # no baseline: cannot compute
        (K.GROWTH, D.AT_LEAST, 35, 900, 0, None),  # zero baseline: cannot compute
        (K.RATIO, D.AT_LEAST, 1, 0.8, None, 0.8),
        (K.RATIO, D.AT_LEAST, 0.6, 0.6, None, 1.0),
        (K.STOCK, D.AT_MOST, 10, 8, None, 1.0),  # within a ceiling
        (K.STOCK, D.AT_MOST, 10, 20, None, 0.5),  # twice the ceiling
        (K.RATIO, D.AT_MOST, 5, 5, None, 1.0),
        (K.STOCK, D.AT_MOST, 0, 0, None, 1.0),
        (K.STOCK, D.AT_MOST, 0, 3, None, 0.0),
        (K.STOCK, D.AT_LEAST, 0, 0, None, 1.0),  # a zero quota is met by anything
        (K.STOCK, D.AT_LEAST, None, 5, None, None),  # no quota
        (K.STOCK, D.AT_LEAST, 18, None, None, None),  # nothing reported
        (K.QUALITATIVE, D.AT_LEAST, None, None, None, None),
    ],
)  # fmt: skip
def test_completion_rate_by_kind_and_direction(kind, direction, target, actual, baseline, rate):
    result = completion_rate(kind, direction, target, actual, baseline)
    if rate is None:
        assert result is None
    else:
        assert result == pytest.approx(rate)


@pytest.mark.parametrize(
    ("report", "deadline", "expected"),
    [
        (JAN1, DEC31, 0.0),
        (DEC31, DEC31, 1.0),
        (date(2022, 7, 2), DEC31, 182 / 364),
        (date(2022, 10, 31), NOV30, 303 / 333),
        (date(2022, 12, 31), NOV30, 1.0),  # past the deadline: clamped
        (date(2021, 12, 1), DEC31, 0.0),  # before the start: clamped
        (JAN1, JAN1, 1.0),  # a deadline on the first day
        (date(2021, 12, 31), JAN1, 0.0),
    ],
)
def test_time_progress(report, deadline, expected):
    assert time_progress(report, JAN1, deadline) == pytest.approx(expected)


def test_numeric_status_follows_time_progress():
    oct31 = date(2022, 10, 31)
    tp = time_progress(oct31, JAN1, DEC31)  # about 83 %
    assert numeric_status(1.0, tp, oct31, DEC31, True) is Status.DONE
    assert numeric_status(0.9, tp, oct31, DEC31, True) is Status.ON_TRACK
    assert numeric_status(0.5, tp, oct31, DEC31, True) is Status.BEHIND
    assert numeric_status(0.5, 1.0, date(2022, 12, 1), NOV30, True) is Status.OVERDUE
    assert numeric_status(1.2, 1.0, date(2022, 12, 1), NOV30, True) is Status.DONE
    assert numeric_status(None, tp, oct31, DEC31, False) is Status.NOT_REPORTED
    assert numeric_status(None, tp, oct31, DEC31, True) is Status.NO_TARGET


def test_qualitative_status_by_stated_status():
    oct31 = date(2022, 10, 31)
    assert qualitative_status(None, 0.8, oct31, DEC31) is Status.NOT_REPORTED
    assert qualitative_status(WorkStatus.DONE, 0.8, oct31, DEC31) is Status.DONE
    assert qualitative_status(WorkStatus.IN_PROGRESS, 0.8, oct31, DEC31) is Status.ON_TRACK
    assert qualitative_status(WorkStatus.NOT_STARTED, 0.8, oct31, DEC31) is Status.BEHIND
    assert qualitative_status(WorkStatus.NOT_STARTED, 0.0, JAN1, DEC31) is Status.ON_TRACK
    assert qualitative_status(WorkStatus.IN_PROGRESS, 1.0, date(2022, 12, 5), NOV30) is Status.OVERDUE


def test_status_colours_are_green_yellow_red_grey():
    assert Status.DONE.colour == Status.ON_TRACK.colour
    assert len({Status.DONE.colour, Status.BEHIND.colour, Status.OVERDUE.colour, Status.NOT_REPORTED.colour}) == 4


def _plan() -> Plan:
    ind = Indicator("高新技术企业保有量", "家", K.STOCK, D.AT_LEAST, 101, [Quota("北流市", 18)])
    qual = Indicator("组织参加技术经纪人培训")
    return Plan(
        "方案",
        2022,
        tasks=[
            Task("237", "高企", responsible="各县（市、区）人民政府", deadline=DEC31, indicators=[ind]),
            Task("250", "培训", responsible="市科技局", partners="各县（市、区）人民政府", deadline=NOV30,
                 indicators=[qual]),
            Task("254", "市级", responsible="市工业和信息化局", indicators=[Indicator("x", "亿元", K.INCREMENT)]),
        ],
    )  # fmt: skip


def test_rows_for_a_county_use_its_quota_and_previous_figure():
    plan = _plan()
    oct_ = Period.parse("2022-10")
    history = {
        ("237", "高新技术企业保有量"): [
            Achievement("北流市", Period.parse("2022Q3"), actual=8),
            Achievement("北流市", oct_, actual=14),
        ],
        ("250", "组织参加技术经纪人培训"): [Achievement("北流市", oct_, status=WorkStatus.IN_PROGRESS)],
    }
    rows = progress_rows(plan, "北流市", "county_city", oct_, history, unit_short="北流")
    assert [r.task.seq for r in rows] == ["237", "250"]  # (254) is the city's alone
    first = rows[0]
    assert (first.target, first.actual, first.previous_actual) == (18, 14, 8)
    assert first.rate == pytest.approx(14 / 18)
    assert first.time_progress == pytest.approx(303 / 364)
    assert first.status is Status.BEHIND  # 77.8 % done against 83.2 % of the year gone
    assert rows[1].status is Status.ON_TRACK


def test_a_city_sees_every_task_and_a_plan_without_deadline_runs_to_year_end():
    plan = _plan()
    rows = progress_rows(plan, "玉林市", "city", Period.parse("2022Q4"), {})
    assert [r.task.seq for r in rows] == ["237", "250", "254"]
    assert rows[0].target == 101 and rows[0].quota.source == "全市目标"  # the city's own total
    assert rows[2].deadline == DEC31
    assert [r.status for r in rows] == [Status.NOT_REPORTED, Status.OVERDUE, Status.NO_TARGET]  # (250) ended 30 Nov; (254) has no city total


def test_previous_actual_is_the_latest_figure_of_a_period_that_ended_before_this_one_began():
    history = [
        Achievement("北流市", Period.parse("2022H1"), actual=5),
        Achievement("北流市", Period.parse("2022-08"), actual=7),
        Achievement("北流市", Period.parse("2022Q3"), actual=9),
        Achievement("北流市", Period.parse("2022-10"), actual=11),
    ]
    assert previous_actual(history, Period.parse("2022-10")) == 9
    assert previous_actual(history, Period.parse("2022-08")) == 5
    assert previous_actual(history, Period.parse("2022-06")) is None
    assert previous_actual(history, Period.parse("2022Q4")) == 9  # October is inside the quarter, not before it


def _figures(*pairs: tuple[str, float]) -> list[Achievement]:
    return [Achievement("北流市", Period.parse(code), actual=value) for code, value in pairs]


def test_the_previous_period_s_figure_is_shown_plain():
    figure = previous_figure(_figures(("2022-10", 12), ("2022-11", 15)), Period.parse("2022-12"))
    assert (figure.actual, figure.period, figure.immediate) == (15, Period.parse("2022-11"), True)
    assert figure.shown("15") == "15"
    assert figure.explanation == "上期（2022年11月）完成值，截至2022年11月30日"


def test_an_empty_previous_period_shows_the_latest_earlier_figure_with_its_period():
    # The tester's case: December's 上期 is November, which is empty; October's 12 is shown as October's.
    figure = previous_figure(_figures(("2022-10", 12)), Period.parse("2022-12"))
    assert (figure.actual, figure.immediate) == (12, False)
    assert figure.shown("12") == "12（10月）"
    assert figure.explanation.startswith("上期（2022年11月）未填报；这是此前最近一次填报的2022年10月完成值")
    quarter = previous_figure(_figures(("2022H1", 5)), Period.parse("2022Q4"))
    assert quarter.shown("5") == "5（上半年）" and "上期（2022年第三季度）未填报" in quarter.explanation


def test_a_figure_as_of_the_same_day_under_another_kind_of_period_is_the_previous_period_s():
    # Figures are cumulative to the period's end: the third quarter's says what September's would.
    figure = previous_figure(_figures(("2022Q3", 9)), Period.parse("2022-10"))
    assert figure.immediate and figure.shown("9") == "9"
    both = previous_figure(_figures(("2022Q3", 9), ("2022-09", 9)), Period.parse("2022-10"))
    assert both.period == Period.parse("2022-09")  # the shorter period wins a tie


def test_january_s_previous_period_is_last_december_and_older_ones_carry_their_year():
    jan = Period.parse("2023-01")
    assert previous_figure(_figures(("2022-12", 20)), jan).shown("20") == "20"
    older = previous_figure(_figures(("2022-11", 18)), jan)
    assert older.shown("18") == "18（2022年11月）" and "上期（2022年12月）未填报" in older.explanation
    assert previous_figure(_figures(("2022-11", 18)), Period.parse("2022")) is None  # the year's 上期 is 2021


def test_figures_inside_or_after_the_period_and_empty_ones_are_never_previous():
    history = _figures(("2022-11", 15), ("2022-12", 17)) + [Achievement("北流市", Period.parse("2022Q3"), progress="x")]
    assert previous_figure(history, Period.parse("2022Q4")) is None
    assert previous_figure(history, Period.parse("2022-11")) is None


periods = st.sampled_from(
    [Period.parse(c) for c in ("2022-01", "2022-03", "2022-06", "2022-09", "2022-10", "2022-11", "2022-12",
                               "2022Q1", "2022Q2", "2022Q3", "2022Q4", "2022H1", "2022H2", "2022", "2021-12")]
)  # fmt: skip


@given(st.lists(st.tuples(periods, st.integers(0, 50)), max_size=8), periods)
def test_the_previous_figure_is_the_latest_cut_off_before_the_period_and_says_whether_it_is_the_previous(
    entries, period
):
    history = [Achievement("北流市", p, actual=float(v)) for p, v in entries]
    figure = previous_figure(history, period)
    before = [a for a in history if a.period.end < period.start]
    if not before:
        assert figure is None
        return
    assert figure is not None and figure.period.end == max(a.period.end for a in before)
    assert figure.immediate == (figure.period.end == period.start - timedelta(days=1))
    assert figure.shown("1") == "1" if figure.immediate else figure.shown("1").startswith("1（")
    assert previous_actual(history, period) == figure.actual


numbers = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
targets = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
kinds = st.sampled_from([K.STOCK, K.INCREMENT, K.RATIO, K.GROWTH])


@given(kinds, targets, numbers, numbers, st.floats(min_value=1, max_value=1e6))
def test_rate_is_monotone_in_actual(kind, target, a, b, baseline):
    low, high = sorted((a, b))
    up_low = completion_rate(kind, D.AT_LEAST, target, low, baseline)
    up_high = completion_rate(kind, D.AT_LEAST, target, high, baseline)
    assert up_low <= up_high + 1e-12
    down_low = completion_rate(kind, D.AT_MOST, target, low, baseline)
    down_high = completion_rate(kind, D.AT_MOST, target, high, baseline)
    assert down_low >= down_high - 1e-12
    assert 0 <= down_high <= 1


@given(targets, numbers)
def test_reaching_the_target_is_exactly_done(target, actual):
    rate = completion_rate(K.STOCK, D.AT_LEAST, target, actual)
    assert (rate >= 1.0) == (actual >= target)


@given(st.dates(), st.dates(), st.dates())
def test_time_progress_stays_within_0_and_100_percent(report, start, deadline):
    assert 0.0 <= time_progress(report, start, deadline) <= 1.0


@given(st.dates(min_value=date(2022, 1, 1), max_value=date(2022, 12, 31)), st.integers(0, 400))
def test_time_progress_never_goes_back(report, days):
    later = report + timedelta(days=days)
    assert time_progress(later, JAN1, NOV30) >= time_progress(report, JAN1, NOV30)


@given(numbers, st.floats(min_value=0, max_value=1), st.dates(min_value=JAN1, max_value=DEC31))
def test_done_iff_rate_reaches_100_percent(rate, tp, report):
    status = numeric_status(rate, tp, report, NOV30, True)
    assert (status is Status.DONE) == (rate >= 1.0 - TOLERANCE)
    if rate < 1.0 - TOLERANCE and report > NOV30:
        assert status is Status.OVERDUE


def test_build_row_without_quota_shows_no_target():
    plan = _plan()
    task = plan.tasks[2]
    row = build_row(plan, task, task.indicators[0], "北流市", Period.parse("2022-10"),
                    [Achievement("北流市", Period.parse("2022-10"), actual=3)])  # fmt: skip
    assert row.target is None and row.status is Status.NO_TARGET


def test_which_tasks_concern_a_unit():
    from domain.plans import task_concerns_unit

    zones_only = Task("253", "x", responsible="各开发园区管委", partners="各县（市、区）人民政府，各开发园区管委",
                      indicators=[Indicator("x", "家", K.STOCK, quotas=[Quota("龙潭产业园", 3)])])  # fmt: skip
    assert task_concerns_unit(zones_only, "龙潭产业园", "zone", "龙潭")
    assert not task_concerns_unit(zones_only, "玉柴工业园", "zone", "玉柴工业园区")
    assert not task_concerns_unit(zones_only, "北流市", "county_city", "北流")
    partners = Task(
        "250", "培训", responsible="市科技局", partners="各县（市、区）人民政府", indicators=[Indicator("培训")]
    )
    assert task_concerns_unit(partners, "容县", "county")
    assert not task_concerns_unit(partners, "玉东新区", "zone", "玉东")
    named = Task("1", "高新区", lead="玉林高新区管委、市科技局", partners="市发展改革委", indicators=[Indicator("y")])
    assert not task_concerns_unit(named, "北流市", "county_city", "北流")
    assert task_concerns_unit(named, "玉林市", "city")
    by_name = Task("2", "z", partners="北流市人民政府", indicators=[Indicator("z")])
    assert task_concerns_unit(by_name, "北流市", "county_city", "北流")
    assert not task_concerns_unit(by_name, "容县", "county")


@pytest.mark.parametrize(
    ("baseline", "actual", "status"),
    [
        (800, 1080, Status.DONE),  # 兴业: +35 % of 35 %
        (None, 1200, Status.NO_BASELINE),  # 北流 (252): growth target, the table gives no base
        (0, 1200, Status.NO_BASELINE),
        (None, None, Status.NOT_REPORTED),
    ],
)
def test_a_growth_target_without_its_baseline_says_so(baseline, actual, status):
    indicator = Indicator("规上工业R&D经费支出增长率", "万元", K.GROWTH, quotas=[Quota("北流市", 35, baseline)])
    task = Task(seq="252", text="", indicators=[indicator])
    plan = Plan(title="p", year=2022, tasks=[task])
    history = [Achievement("北流市", Period.parse("2022-10"), actual=actual)] if actual is not None else []
    row = build_row(plan, task, indicator, "北流市", Period.parse("2022-10"), history)
    assert row.status is status
    assert "基础数" in Status.NO_BASELINE.explanation and row.status.explanation


def test_every_status_has_a_colour_and_an_explanation():
    for status in Status:
        assert status.colour.startswith("#") and status.explanation


# --- 逾期 for what was never reported: at the deadline's edges ----------------------------------


@pytest.mark.parametrize(
    ("report", "status"),
    [
        (NOV30 - timedelta(days=1), Status.NOT_REPORTED),
        (NOV30, Status.NOT_REPORTED),  # the deadline day itself: still time
        (NOV30 + timedelta(days=1), Status.OVERDUE),  # the day after
        (DEC31, Status.OVERDUE),
    ],
)
def test_nothing_reported_is_overdue_from_the_day_after_the_deadline(report, status):
    tp = time_progress(report, JAN1, NOV30)
    assert numeric_status(None, tp, report, NOV30, False) is status
    assert qualitative_status(None, tp, report, NOV30) is status


@pytest.mark.parametrize(
    ("period", "status"),
    [
        ("2022-10", Status.NOT_REPORTED),  # ends 31 October, before the 30 November deadline
        ("2022-11", Status.NOT_REPORTED),  # ends on the deadline day
        ("2022-12", Status.OVERDUE),  # a period ending after the deadline
        ("2022Q4", Status.OVERDUE),
        ("2022H2", Status.OVERDUE),
        ("2022", Status.OVERDUE),
    ],
)
def test_a_period_ending_after_the_deadline_without_a_figure_is_overdue(period, status):
    plan = _plan()
    rows = progress_rows(plan, "北流市", "county_city", Period.parse(period), {}, unit_short="北流")
    training = next(r for r in rows if r.task.seq == "250")  # qualitative, deadline 30 November
    assert training.status is status
    stock = Task("9", "x", deadline=NOV30, indicators=[Indicator("高企", "家", K.STOCK, quotas=[Quota("北流市", 18)])])
    plan.tasks.append(stock)
    row = build_row(plan, stock, stock.indicators[0], "北流市", Period.parse(period), [])
    assert row.status is status


@given(st.dates(min_value=JAN1, max_value=date(2023, 3, 1)), st.dates(min_value=JAN1, max_value=DEC31))
def test_unreported_is_overdue_exactly_when_the_deadline_has_passed(report, deadline):
    status = numeric_status(None, time_progress(report, JAN1, deadline), report, deadline, False)
    assert (status is Status.OVERDUE) == (report > deadline)
    assert status in (Status.OVERDUE, Status.NOT_REPORTED)


def test_a_reported_figure_past_the_deadline_is_judged_by_its_rate_not_as_unreported():
    assert numeric_status(1.0, 1.0, DEC31, NOV30, True) is Status.DONE
    assert numeric_status(0.5, 1.0, DEC31, NOV30, True) is Status.OVERDUE
    assert numeric_status(None, 1.0, DEC31, NOV30, True, missing_baseline=True) is Status.NO_BASELINE


def test_a_city_baseline_without_a_target_of_its_own_keeps_the_city_total():
    indicator = Indicator("R&D经费", "万元", K.GROWTH, target=45, quotas=[Quota("玉林市", None, 5000)])
    task = Task("1", "x", indicators=[indicator])
    plan = Plan("p", 2022, tasks=[task])
    history = [Achievement("玉林市", Period.parse("2022-10"), actual=6000)]
    row = build_row(plan, task, indicator, "玉林市", Period.parse("2022-10"), history, city_level=True)
    assert (row.target, row.baseline) == (45, 5000)
    assert row.rate == pytest.approx(20 / 45)


def test_the_row_knows_the_latest_earlier_achievement_for_carrying_texts_forward():
    history = [
        Achievement("北流市", Period.parse("2022-08"), progress="八月"),
        Achievement("北流市", Period.parse("2022-09"), actual=3, problems="九月"),
        Achievement("北流市", Period.parse("2022-10"), progress="十月"),
    ]
    plan = _plan()
    task = plan.tasks[0]
    row = build_row(plan, task, task.indicators[0], "北流市", Period.parse("2022-10"), history)
    assert row.earlier.problems == "九月"
    row = build_row(plan, task, task.indicators[0], "北流市", Period.parse("2022-08"), history)
    assert row.earlier is None


def _growth_row(target, baseline, actual):
    indicator = Indicator("R&D经费", "万元", K.GROWTH, target=35,
                          quotas=[Quota("北流市", target, baseline)] if target is not None or baseline else [])
    task = Task("252", "x", deadline=DEC31, indicators=[indicator])
    history = [] if actual is None else [Achievement("北流市", Period.parse("2022-10"), actual=actual)]
    return build_row(Plan("p", 2022, tasks=[task]), task, indicator, "北流市", Period.parse("2022-10"), history)


@given(st.sampled_from([None, 35.0]), st.sampled_from([None, 800.0]), st.sampled_from([None, 1080.0]))
def test_the_legend_counts_as_missing_baselines_exactly_the_rows_the_grid_prompts_for(target, baseline, actual):
    row = _growth_row(target, baseline, actual)
    prompted = target is not None and baseline is None  # a growth target without its base
    assert row.needs_baseline == prompted == needs_baseline(K.GROWTH, target, baseline)
    assert legend_counts([row])[Status.NO_BASELINE] == int(prompted)
    if row.status is Status.NO_BASELINE:  # the status is one of the prompted rows, once a figure is in
        assert prompted and actual is not None
    assert not needs_baseline(K.STOCK, 18, None)


def test_an_unreported_growth_row_without_base_is_unreported_yet_counted_as_missing_its_base():
    row = _growth_row(35.0, None, None)
    counts = legend_counts([row])
    assert row.status is Status.NOT_REPORTED and counts[Status.NOT_REPORTED] == 1 and counts[Status.NO_BASELINE] == 1

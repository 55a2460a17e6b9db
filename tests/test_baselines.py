"""Baselines (基数): entered or corrected by the county, audited, giving a growth target its rate."""

import pytest

from domain.achievements import InputError
from domain.periods import Period
from domain.progress import Status
from operations.ledger import load_ledger
from storage.achievements import AchievementKey, record_achievement, record_achievements
from storage.audit import audit_entries
from storage.db import StoreError
from storage.plans import find_plan, load_plan
from storage.submissions import submit_period
from tests.test_cli import run

OCT = Period.parse("2022-10")


def key(plan_id, seq="252", unit="北流市", period=OCT):
    return AchievementKey(plan_id, seq, "", unit, period)


def row_252(store, plan_id, unit="北流市"):
    return next(r for r in load_ledger(store, plan_id, unit, OCT).rows if r.task.seq == "252")


def test_a_baseline_gives_the_growth_target_its_rate_and_is_audited(store, yulin_plan_id):
    record_achievement(store, key(yulin_plan_id), {"actual": "1080"}, "张三")
    assert row_252(store, yulin_plan_id).status is Status.NO_BASELINE
    record_achievement(store, key(yulin_plan_id), {"baseline": "８００万元"}, "张三")
    row = row_252(store, yulin_plan_id)
    assert row.baseline == 800 and row.rate == pytest.approx(1.0) and row.status is Status.DONE
    entry = audit_entries(store, f"方案{yulin_plan_id}/(252)/")[0]
    assert (entry.action, entry.field, entry.old, entry.new, entry.who) == ("修改基数", "baseline", None, "800", "张三")
    assert entry.subject == f"方案{yulin_plan_id}/(252)/规上工业R&D经费支出增长率/北流市"  # the quota's, no period
    record_achievement(store, key(yulin_plan_id), {"baseline": "900"}, "李四")  # a correction
    assert audit_entries(store, f"方案{yulin_plan_id}/(252)/")[0].old == "800"
    record_achievement(store, key(yulin_plan_id), {"baseline": ""}, "李四")  # cleared again
    assert row_252(store, yulin_plan_id).status is Status.NO_BASELINE


def test_a_baseline_belongs_to_no_period_so_a_submitted_period_does_not_stop_it(store, yulin_plan_id):
    submit_period(store, yulin_plan_id, "北流市", OCT, "张三")
    record_achievement(store, key(yulin_plan_id), {"baseline": "800"}, "张三")
    assert row_252(store, yulin_plan_id).baseline == 800


@pytest.mark.parametrize(
    ("seq", "value", "message"),
    [
        ("237", "5", "只有增长率指标需要基数"),
        ("252", "0", "基数应大于 0"),
        ("252", "-3", "基数应大于 0"),
        ("252", "很多", "不是数字"),
    ],
)
def test_a_bad_baseline_is_refused_and_nothing_is_written(store, yulin_plan_id, seq, value, message):
    before = len(audit_entries(store))
    with pytest.raises(InputError, match=message):
        record_achievement(store, key(yulin_plan_id, seq), {"baseline": value}, "张三")
    assert len(audit_entries(store)) == before


def test_a_baseline_and_figures_in_one_paste_are_one_transaction(store, yulin_plan_id):
    with pytest.raises(InputError):
        record_achievements(
            store, [(key(yulin_plan_id), {"baseline": "800"}), (key(yulin_plan_id, "237"), {"actual": "x"})], "张三"
        )
    assert row_252(store, yulin_plan_id).baseline is None


def test_the_city_sets_baselines_for_its_units_and_a_unit_without_a_quota_keeps_one(store, yulin_plan_id):
    for unit, base in (("北流市", "800"), ("容县", "650")):
        record_achievement(store, key(yulin_plan_id, unit=unit), {"baseline": base}, "市科技局")
    plan = load_plan(store, yulin_plan_id)
    quotas = {q.unit: q for q in plan.task("252").indicators[0].quotas}
    assert (quotas["北流市"].baseline, quotas["容县"].baseline, quotas["兴业县"].baseline) == (800, 650, 800)
    # The city itself had no quota row: its 基数 is kept beside the city total, which still applies.
    record_achievement(store, key(yulin_plan_id, unit="玉林市"), {"baseline": "12000"}, "市科技局")
    city = row_252(store, yulin_plan_id, "玉林市")
    assert city.baseline == 12000 and city.target == load_plan(store, yulin_plan_id).task("252").indicators[0].target


def test_a_baseline_for_another_citys_plan_is_refused(store):
    baise = find_plan(store, "百色").id
    with pytest.raises(StoreError, match="不属于百色市"):
        record_achievement(store, key(baise, "1"), {"baseline": "5"}, "张三")


def test_set_baseline_on_the_command_line(tmp_path):
    db = str(tmp_path / "ledger.sqlite3")
    assert run("dump", "--db", db).returncode == 0
    done = run("set", "--db", db, "--plan", "创新创业", "--seq", "252", "--unit", "北流", "--baseline", "800万元")
    assert done.returncode == 0, done.stderr
    assert "基数 800" in done.stdout
    run("set", "--db", db, "--plan", "创新创业", "--seq", "252", "--unit", "北流", "--period", "2022-10",
        "--actual", "940")  # fmt: skip
    dumped = run("dump", "--db", db)
    assert '"baseline": 800' in dumped.stdout.replace(".0", "")
    refused = run("set", "--db", db, "--plan", "创新创业", "--seq", "237", "--unit", "北流", "--baseline", "5")
    assert refused.returncode == 2 and "只有增长率指标需要基数" in refused.stderr
    nothing = run("set", "--db", db, "--plan", "创新创业", "--seq", "252", "--unit", "北流")
    assert nothing.returncode == 2 and "--baseline" in nothing.stderr
    no_period = run("set", "--db", db, "--plan", "创新创业", "--seq", "252", "--unit", "北流", "--actual", "3")
    assert no_period.returncode == 2 and "--period" in no_period.stderr

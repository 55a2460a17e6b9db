"""The built-in plans hold the seeds' figures, exactly."""

import pytest

from domain.plans import IndicatorKind
from storage.plans import find_plan, list_plans
from storage.units import list_units


def quotas(plan, seq):
    ind = plan.task(seq).indicators[0]
    return {q.unit: q for q in ind.quotas}


def test_registry_has_14_cities_and_111_county_level_units_plus_zones(store):
    units = list_units(store)
    assert len([u for u in units if u.kind == "city"]) == 14
    assert len([u for u in units if u.kind in ("district", "county", "county_city")]) == 111
    assert {"玉东新区", "玉柴工业园", "龙潭产业园", "玉林健康产业园", "百色高新区"} <= {u.name for u in units}


def test_yulin_breakdown_table_has_every_city_row_and_sub_task(store):
    plan = find_plan(store, "优化营商环境创新创业")
    assert [t.seq for t in plan.tasks] == [str(n) for n in range(237, 256)]
    assert sorted({t.city_seq for t in plan.tasks}) == [str(n) for n in range(164, 176)]
    assert plan.table_title == "2022年玉林市优化营商环境创新创业指标任务分工表"
    assert plan.task("(238)").city_seq == "164"
    assert plan.task("252").responsible == "各县（市、区）人民政府"
    assert str(plan.task("237").deadline) == "2022-12-31"
    assert str(plan.task("250").deadline) == "2022-11-30"
    assert plan.task("246").lead == "市工业和信息化局"


def test_quotas_of_237_238_245_and_baselines_of_252(store):
    plan = find_plan(store, "优化营商环境创新创业")
    hitech = quotas(plan, "237")
    assert hitech["北流市"].target == 18 and hitech["容县"].target == 14 and hitech["玉州区"].target == 17
    assert hitech["北流市"].source == "北流不低于18家"
    assert plan.task("237").indicators[0].target == 101
    assert sum(q.target for q in hitech.values()) == 102  # 不低于 allows more than the city's 101
    sme = quotas(plan, "238")
    assert sme["北流市"].target == 40 and sme["玉林健康产业园"].target == 3
    assert sum(q.target for q in sme.values()) == 242 == plan.task("238").indicators[0].target
    platforms = quotas(plan, "245")
    assert len(platforms) == 11 and all(q.target == 1 for q in platforms.values())
    growth = plan.task("252").indicators[0]
    # 各县（市、区）…增长35%以上 is every county's rate; the seed states no city-wide growth target (issue 11).
    assert growth.kind is IndicatorKind.GROWTH and growth.target is None
    assert {q.target for q in growth.quotas} == {35}
    rd = quotas(plan, "252")
    assert rd["兴业县"].baseline == 800 and rd["玉东新区"].baseline == 1000
    assert rd["北流市"].baseline is None  # 以2021年国家反馈数据为准: not in the seed, not invented


def test_cut_text_is_kept_and_marked_not_invented(store):
    plan = find_plan(store, "优化营商环境创新创业")
    for seq in ("253", "254", "255", "242", "243"):
        assert "原文缺损" in plan.task(seq).note
    assert "潭产产业园区3家以上" in plan.task("253").text
    assert quotas(plan, "253").keys() == {"玉林健康产业园", "龙潭产业园"}
    assert plan.task("254").indicators[0].target == 11.5


def test_hitech_zone_plan_has_21_qualitative_measures_with_lead_and_partners(store):
    plan = find_plan(store, "高新技术产业开发区")
    assert plan.doc_number == "玉政办函〔2022〕41号"
    assert len(plan.tasks) == 21
    assert all(t.indicators[0].kind is IndicatorKind.QUALITATIVE for t in plan.tasks)
    assert plan.task("1").lead == "玉林高新区管委、市科技局"
    assert plan.task("12").partners.startswith("各县（市、区）人民政府")
    assert plan.task("21").indicators[0].name == "建立健全评价考核机制"


@pytest.mark.parametrize(
    ("name", "kind", "target"),
    [("全社会R&D经费增长率", "growth", 45), ("新培育高新技术企业", "increment", 30), ("高新技术企业保有量", "stock", 65),
     ("培育瞪羚企业", "increment", 2), ("新增科技型中小企业", "increment", 10), ("新增各级各类科技创新平台", "increment", 10),
     ("技术合同成交额", "increment", 20), ("转化科技成果", "increment", 30), ("选派乡村科技特派员", "increment", 400),
     ("新建自治区级星创天地", "increment", 5)],
)  # fmt: skip
def test_baise_city_targets(store, name, kind, target):
    plan = find_plan(store, "百色")
    found = [i for t in plan.tasks for i in t.indicators if i.name == name]
    assert len(found) == 1
    assert (found[0].kind.value, found[0].target) == (kind, target)
    assert found[0].quota_for("百色市").target == target


def test_three_plans_are_built_in(store):
    assert [p.title for p in list_plans(store)] == [
        "2022年玉林市优化营商环境创新创业专项实施方案",
        "玉林市促进高新技术产业开发区高质量发展实施方案",
        "2022年百色市科技创新工作要点",
    ]

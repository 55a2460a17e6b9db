"""The quota grammar over wording gathered from real plans and breakdown tables, one table of examples per rule.

Where a wording comes from a public document, the comment names it; the unit names are those of a Guangxi city
(the registry's), put where the document had its own counties. Sources:
- seed 000: 2022年玉林市优化营商环境创新创业专项实施方案, 指标任务分工表 (the model table; /work/shared/seeds)
- seed 002: 2022年百色市科技创新工作要点
- 谯城: 谯城区2023年政府工作报告重点工作任务分解表 (bzqc.gov.cn/XxgkContent/show/2309560.html)
- 重庆: 高新技术企业和科技型企业“双倍增”行动计划工作方案（2023—2027年）问答 (ws.cq.gov.cn, 2023-06-16)
- 洞头: 洞头区大力提升科技创新能力…实施方案（2023-2027年） (dongtou.gov.cn/art/2023/9/27/art_1229691270_2027406.html)
- 襄阳: 襄阳市2024—2026年度科技特派员选派工作 (bbs.cnhubei.com/thread-4917092-1-1.html)
- 县科技局: 县科学技术局2017年绩效工作总结 (pages corpus: "每万人口发明专利拥有量增长28%", "培育高新技术企业1家及以上")
- 科技部: 四年内将建30个国家级农高示范区 (新华社 2017-03-31): "比全国高15个百分点"; and 中国中小城市科技创新指数
  (alqotr.com/news/690202.html): "中部地区、西部地区科技创新指数分别为57.8、56.4，较上年分别提高2.7点和1.9点"
- 信阳: 市科技局学习贯彻二十大 (xystrm.com/news/show.php?itemid=181): "全市技术合同登记22.9亿元，完成省定目标135%"
- issue 11: the three sentences its first paragraph quotes.
"""

from __future__ import annotations

import pytest

from domain.plans import Direction
from domain.quota_text import PendingQuota, read_indicators, read_quotas
from domain.quota_tokens import prepare, tokenize
from importers.builtin import builtin_registry

REGISTRY = builtin_registry()
CHONGZUO, YULIN, BAISE = "崇左市", "玉林市", "百色市"
CZ_COUNTIES = ("江州区", "扶绥县", "宁明县", "龙州县", "大新县", "天等县", "凭祥市")
YL_COUNTIES = ("玉州区", "福绵区", "容县", "陆川县", "博白县", "兴业县", "北流市")
YL_ZONES = ("玉东新区", "玉柴工业园", "龙潭产业园", "玉林健康产业园")
HC_COUNTIES = ("金城江区", "宜州区", "南丹县", "天峨县", "凤山县", "东兰县", "罗城仫佬族自治县", "环江毛南族自治县",
               "巴马瑶族自治县", "都安瑶族自治县", "大化瑶族自治县")  # fmt: skip
BS_COUNTIES = ("右江区", "田阳区", "田东县", "德保县", "那坡县", "凌云县", "乐业县", "田林县", "西林县", "隆林各族自治县",
               "靖西市", "平果市")  # fmt: skip


def read(text: str, city: str = CHONGZUO, **options):
    return read_quotas(text, REGISTRY, city=city, **options)


def targets(reading) -> dict[str, float | None]:
    return {q.unit: q.target for q in reading.quotas}


def every(units, value) -> dict[str, float]:
    return dict.fromkeys(units, value)


def asked(reading) -> set[tuple[str, str]]:
    return {(p.unit or p.name, p.rule) for p in reading.pending}


# ---- the first paragraph: each figure to its own scope -------------------------------------------------


def test_a_city_figure_and_a_per_county_figure_each_go_to_their_own_scope():
    # Two indicators: the city's 强度 2.1 %, and each county's growth 15 % (凭祥市 is a 县级市: 各县（区） is asked).
    city, counties = read_indicators(
        "全市R&D经费投入强度达到2.1%，各县（区）研发投入增长15%以上", REGISTRY, city=CHONGZUO
    )
    assert city.total == 2.1 and city.percent and city.name == "R&D经费投入强度" and city.quotas == []
    assert counties.total is None and counties.name == "研发投入增长率"
    assert targets(counties) == every(CZ_COUNTIES[:-1], 15)  # not 2.1
    assert {q.rule for q in counties.quotas} == {"scope_counties"} and asked(counties) == {("凭祥市", "scope_kind")}
    assert (
        counties.quota("扶绥县").wording == "15%以上"
        and counties.quota("扶绥县").clause == "各县（区）研发投入增长15%以上"
    )


def test_the_city_units_own_figure_and_the_counties_figure():
    reading = read("市本级财政科技支出占一般公共预算支出比重不低于2%，各县（市、区）不低于1%")
    assert targets(reading) == {CHONGZUO: 2, **every(CZ_COUNTIES, 1)}  # the counties get 1, not 2
    assert reading.quota(CHONGZUO).rule == "scope_city" and reading.quota("江州区").rule == "scope_counties"
    assert reading.total is None and reading.pending == []


def test_the_rest_of_the_counties_each_get_their_figure():
    reading = read("新增高新技术企业20家，其中江州区6家、扶绥县5家，其余各县（市、区）各2家")
    assert reading.total == 20
    assert targets(reading) == {"江州区": 6, "扶绥县": 5, **every(CZ_COUNTIES[2:], 2)}  # no longer dropped
    assert reading.quota("凭祥市").rule == "rest" and reading.quota("江州区").rule == "item"
    assert reading.notes == ["各单位分解数合计 21家，高于总目标 20家（新增高新技术企业20家），“不低于”允许"]


# ---- certain readings, rule by rule -------------------------------------------------------------------------------

CERTAIN = [
    # item: one name, one figure (seed 000 (237) style, other cities' names)
    ("江州区不低于18家，扶绥县不低于14家，宁明县不低于11家", CHONGZUO, {"江州区": 18, "扶绥县": 14, "宁明县": 11}, None),
    ("其中江州区5人次、大新县6人次", CHONGZUO, {"江州区": 5, "大新县": 6}, None),  # seed 000 "其中北流5人次"
    ("江州区新增高新技术企业不低于5家；扶绥县完成3家", CHONGZUO, {"江州区": 5, "扶绥县": 3}, None),  # name, then words
    ("江州区力争十二家、扶绥县１５家、宁明县三十家以上", CHONGZUO, {"江州区": 12, "扶绥县": 15, "宁明县": 30}, None),
    ("凭祥市（含综合保税区）不低于3家，龙州县不低于2家", CHONGZUO, {"凭祥市": 3, "龙州县": 2}, None),  # a bracketed note
    # total first, then the list (谯城: "新培育科技型中小企业50家以上"; seed 000 (238): "入库数（242家），北流40家…")
    ("全市新增高新技术企业30家以上，其中：江州区8家，扶绥县6家，宁明县4家，龙州县3家，大新县3家，天等县2家，凭祥市4家",
     CHONGZUO, {"江州区": 8, "扶绥县": 6, "宁明县": 4, "龙州县": 3, "大新县": 3, "天等县": 2, "凭祥市": 4}, 30),
    ("国家科技型中小企业入库数（30家），江州区8家、扶绥县7家、宁明县5家、龙州县4家、大新县2家、天等县2家、凭祥市2家",
     CHONGZUO, {"江州区": 8, "扶绥县": 7, "宁明县": 5, "龙州县": 4, "大新县": 2, "天等县": 2, "凭祥市": 2}, 30),
    ("江州区18家、扶绥县14家、宁明县10家，共42家", CHONGZUO, {"江州区": 18, "扶绥县": 14, "宁明县": 10}, 42),
    # line: one unit per line, with or without a colon, a note in brackets
    ("江州区：8家\n扶绥县（含空港经济区）：6家\n宁明县：3家\n龙州县：2家", CHONGZUO,
     {"江州区": 8, "扶绥县": 6, "宁明县": 3, "龙州县": 2}, None),
    ("江州区 8家\n扶绥县 6家\n宁明县 3家", CHONGZUO, {"江州区": 8, "扶绥县": 6, "宁明县": 3}, None),
    # named_each: 各 / 均 (seed 000 (245): "玉柴工业园区、龙潭产业园区、健康产业园区各1家")
    ("右江区、田阳区、平果市各1家，田东县、靖西市均不少于2家", BAISE, {"右江区": 1, "田阳区": 1, "平果市": 1, "田东县": 2,
                                                            "靖西市": 2}, None),
    ("江州区和扶绥县各推荐2家", CHONGZUO, {"江州区": 2, "扶绥县": 2}, None),
    ("龙胜各族自治县、资源县各2家", "桂林市", {"龙胜各族自治县": 2, "资源县": 2}, None),  # a name holding 各
    # respectively: the measure stated once (seed 000 (252): "基础数分别为800万元、1000万元")
    ("江州、扶绥、宁明分别为18、14、10家", CHONGZUO, {"江州区": 18, "扶绥县": 14, "宁明县": 10}, None),
    ("江州区、扶绥县、宁明县分别为十八、十四、十家", CHONGZUO, {"江州区": 18, "扶绥县": 14, "宁明县": 10}, None),
    ("江州18、扶绥14、宁明10家", CHONGZUO, {"江州区": 18, "扶绥县": 14, "宁明县": 10}, None),
    ("江州区、扶绥县分别不低于2%、1.5%", CHONGZUO, {"江州区": 2, "扶绥县": 1.5}, None),
    # amounts meet in one measure (信阳: "技术合同登记22.9亿元")
    ("技术合同成交额3亿元，其中江州区5000万元，扶绥县0.8亿元，凭祥市2000万元", CHONGZUO,
     {"江州区": 5000, "扶绥县": 8000, "凭祥市": 2000}, 30000),
    ("江州区3千万元，扶绥县五千万元", CHONGZUO, {"江州区": 3000, "扶绥县": 5000}, None),
    # ‰ and 个百分点 are measures of their own (科技部: "比全国高15个百分点")
    ("江州区R&D经费投入强度不低于1.2‰，扶绥县不低于0.8‰", CHONGZUO, {"江州区": 1.2, "扶绥县": 0.8}, None),
    ("江州区研发投入强度提高0.3个百分点，扶绥县提高0.2个百分点", CHONGZUO, {"江州区": 0.3, "扶绥县": 0.2}, None),
    # scopes
    ("每个县（市、区）新增科技型中小企业不少于1家", CHONGZUO, every(CZ_COUNTIES, 1), None),
    ("各县区培育创新平台不少于2个", CHONGZUO, every(CZ_COUNTIES, 2), None),
    ("县级财政科技支出占比不低于1%", CHONGZUO, every(CZ_COUNTIES, 1), None),  # no city total: 县级 is said
    ("各县（区）每县至少建设1个星创天地", "河池市", every(HC_COUNTIES, 1), None),  # 河池 has no 县级市
    ("各县（市、区）、各开发园区新增科技型中小企业不少于2家", YULIN, every(YL_COUNTIES + YL_ZONES, 2), None),
    ("各开发园区新增高新技术企业各1家，右江区3家", BAISE, {"百色高新区": 1, "右江区": 3}, None),
    ("全市和各县（市、区）分别增长20%、15%", CHONGZUO, every(CZ_COUNTIES, 15), 20),
    ("市本级、各县（市、区）分别不低于2%、1%", CHONGZUO, {CHONGZUO: 2, **every(CZ_COUNTIES, 1)}, None),
    # a unit named by name wins over the scope covering it
    ("各县（区）不少于2家，凭祥市（含综合保税区）不少于5家", CHONGZUO, {**every(CZ_COUNTIES, 2), "凭祥市": 5}, None),
    ("各县（市、区）规上工业企业R&D经费较上年增长20%以上，其中江州区、扶绥县增长25%以上", CHONGZUO,
     {**every(CZ_COUNTIES, 20), "江州区": 25, "扶绥县": 25}, None),
    # rest: the counties the text does not name
    ("科技特派员选派不少于300人次，江州区50人次，扶绥县40人次，其他县（市、区）各30人次", CHONGZUO,
     {"江州区": 50, "扶绥县": 40, **every(CZ_COUNTIES[2:], 30)}, 300),
    ("百色高新区不低于5家，其余各县（市、区）不低于2家", BAISE, {"百色高新区": 5, **every(BS_COUNTIES, 2)}, None),
    ("右江区、田阳区、平果市各1家，其余各县（市）不少于1家", BAISE, every(BS_COUNTIES, 1), None),
    ("江州区18家，其余各2家", CHONGZUO, {"江州区": 18, **every(CZ_COUNTIES[1:], 2)}, None),  # 崇左 has no zones
    # shared: a list sharing a rate is each unit's rate
    ("规上工业企业研发机构覆盖率达到30%，其中江州区、扶绥县达到40%以上", CHONGZUO, {"江州区": 40, "扶绥县": 40}, 30),
    # shared count settled by the total (10 = 2+2+2+4, not 2+4)
    ("新增科技型中小企业10家：江州区、扶绥县、宁明县2家，龙州县4家", CHONGZUO,
     {"江州区": 2, "扶绥县": 2, "宁明县": 2, "龙州县": 4}, 10),
]  # fmt: skip


@pytest.mark.parametrize(("text", "city", "expected", "total"), CERTAIN)
def test_certain_wording_is_read_exactly_with_nothing_asked(text, city, expected, total):
    reading = read(text, city)
    assert targets(reading) == expected
    assert reading.total == total
    assert reading.pending == [] and reading.unresolved == []


# ---- doubts: not stored, asked ------------------------------------------------------------------------------------

DOUBTS = [
    # a unit with two different figures
    ("江州区8家，扶绥县6家，江州区10家", CHONGZUO, {"扶绥县": 6}, {("江州区", "conflict")}),
    ("江州区、扶绥县各2家；江州区3家", CHONGZUO, {"扶绥县": 2}, {("江州区", "conflict")}),
    # a list sharing a count without 各, and no total to settle it
    ("江州区、扶绥县2家", CHONGZUO, {}, {("江州区", "shared"), ("扶绥县", "shared")}),
    # 其余 with nobody named, or with a name the registry does not know, or not saying whether zones are in
    ("其余各县各2家", CHONGZUO, {}, {("其余各县", "rest")}),
    ("江州区18家，崇州5家，其余各县（区）各2家", CHONGZUO, {"江州区": 18}, {("崇州", "unknown_name"),
                                                                       ("其余各县（区）", "rest")}),
    ("北流18家，其余各2家", YULIN, {"北流市": 18}, {(u, "rest") for u in YL_COUNTIES[:-1] + YL_ZONES}),
    # a scope that is not the subject of its clause; a county scope without 各 (襄阳: "以农业为主的县(市、区)…不低于70名")
    ("推动各县（市、区）研发投入增长15%以上", CHONGZUO, {}, {(u, "scope_unclear") for u in CZ_COUNTIES}),
    ("以农业为主的县（市、区）选派县级科技特派员不低于70名", CHONGZUO, {}, {(u, "scope_unclear") for u in CZ_COUNTIES}),
    # numbers without a measure anywhere (科技部 / 中小城市指数: "分别为57.8、56.4")
    ("江州区、扶绥县科技创新指数分别为57.8、56.4", CHONGZUO, {}, {("江州区", "no_measure"), ("扶绥县", "no_measure")}),
    ("江州区 18\n扶绥县 14", CHONGZUO, {}, {("江州区", "no_measure"), ("扶绥县", "no_measure")}),
    # a figure in another measure than the indicator's
    ("江州区不低于1.5%，扶绥县不低于1.2‰", CHONGZUO, {"江州区": 1.5}, {("扶绥县", "measure")}),
    # names and numbers of a 分别 list that do not pair up
    # (each unit asked, and each figure asked with its value offered under the names it may belong to)
    ("江州区、扶绥县、宁明县分别为40、33家", CHONGZUO, {},
     {(u, "respectively") for u in ("江州区", "扶绥县", "宁明县", "江州区、扶绥县、宁明县")}),
    # a name the registry does not know
    ("江州区40家、崇州3家", CHONGZUO, {"江州区": 40}, {("崇州", "unknown_name")}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "city", "certain", "doubts"), DOUBTS)
def test_a_doubt_is_asked_and_never_stored(text, city, certain, doubts):
    reading = read(text, city)
    assert targets(reading) == certain
    assert asked(reading) == doubts
    assert all(p.reason and p.clause for p in reading.pending)


def test_without_a_city_a_scope_is_asked_not_expanded():
    reading = read_quotas("各县（市、区）新增科技型中小企业不少于5家", REGISTRY)
    assert reading.quotas == [] and asked(reading) == {("各县（市、区）", "scope_counties")}
    assert "所属的市" in reading.pending[0].reason


def test_a_pending_item_carries_what_the_review_needs():
    reading = read("江州区40家，扶绥县33家，江州区41家")
    first = reading.pending[0]
    assert first == PendingQuota("江州区", "江州区", 40, "家", "江州区40家", first.reason, "conflict", "target", "40家")
    assert "另一处为41家（“江州区41家”）" in first.reason
    assert first.message.startswith("“江州区” 40家待确认：江州区的目标出现两次且不同")
    unknown = read("江州区40家、崇州不低于3家").pending[0]
    assert (unknown.name, unknown.unit, unknown.value, unknown.measure, unknown.wording) == (
        "崇州",
        None,
        3,
        "家",
        "不低于3家",
    )


# ---- what each quota keeps: rule, clause, wording, direction -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "rule", "wording", "direction"),
    [
        ("江州区不低于18家", "江州区", "item", "不低于18家", Direction.AT_LEAST),
        ("江州区：力争8%左右", "江州区", "line", "力争8%左右", Direction.AT_LEAST),
        ("江州区、扶绥县各不超过2家", "扶绥县", "named_each", "不超过2家", Direction.AT_MOST),
        ("江州区、扶绥县分别为18、14家以上", "江州区", "respectively", "18家以上", Direction.AT_LEAST),
        ("各县（市、区）能耗控制在3%以内", "宁明县", "scope_counties", "控制在3%以内", Direction.AT_MOST),
        ("江州区18家，其余各县（区）各2家", "宁明县", "rest", "2家", Direction.AT_LEAST),
        ("市本级不低于2%", CHONGZUO, "scope_city", "不低于2%", Direction.AT_LEAST),
    ],
)
def test_each_quota_keeps_how_it_was_read(text, unit, rule, wording, direction):
    quota = read(text).quota(unit)
    assert (quota.rule, quota.wording, quota.direction) == (rule, wording, direction)
    assert quota.clause and quota.source


def test_baselines_in_yi_and_wan_meet_in_one_measure_beside_a_growth_target():
    reading = read("凭祥市、龙州县、大新县基础数分别为1.2亿元、8000万元、5000万元，较上年增长20%以上")
    assert {q.unit: q.baseline for q in reading.quotas} == {"凭祥市": 12000, "龙州县": 8000, "大新县": 5000}
    assert reading.baseline_measure == "万元" and reading.total == 20 and reading.percent
    in_yi = read("凭祥市、龙州县基础数分别为1.2亿元、8000万元", measure="亿元")
    assert {q.unit: q.baseline for q in in_yi.quotas} == {"凭祥市": 1.2, "龙州县": 0.8}


def test_a_labelled_line_carries_its_unit_to_the_baseline_and_the_growth():
    reading = read("北流市：基数800万元，增长15%以上；容县：基数500万元，增长20%以上", YULIN)
    assert {q.unit: (q.target, q.baseline) for q in reading.quotas} == {"北流市": (15, 800), "容县": (20, 500)}
    assert reading.measure == "%" and reading.baseline_measure == "万元"
    assert reading.quota("北流市").source == "北流市：基数800万元，增长15%以上"


# ---- wording that holds no quota, from real plans -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "total", "name"),
    [
        ("新培育科技型中小企业50家以上、高新技术企业30家以上。", 50, "新培育科技型中小企业"),  # 谯城
        ("研发费用突破6亿元。推动全民发明创造，全社会研发支出增长15%以上。", 6, "研发费用"),  # 谯城
        ("到2025年，全区高新技术企业突破75家、科技型企业超过690家。", 75, "高新技术企业"),  # 重庆
        ("争取建成省级重点企业研究院1家，市级重点实验室1家，新型研发机构1家", 1, "建成省级重点企业研究院"),  # 洞头
        ("力争全社会研究与试验发展（R&D）经费支出占地区生产总值比重3.4%以上", 3.4,
         "全社会研究与试验发展（R&D）经费支出占地区生产总值比重"),  # 洞头
        ("每万人口发明专利拥有量增长28%", 28, "每万人口发明专利拥有量增长率"),  # 县科技局
        ("培育高新技术企业1家及以上", 1, "培育高新技术企业"),  # 县科技局
        ("全市技术合同登记22.9亿元，完成省定目标135%", 22.9, "技术合同登记"),  # 信阳
        ("全社会研究与试验发展（R&D）经费同比增长 45%以上。", 45, "全社会研究与试验发展（R&D）经费增长率"),  # seed 002
    ],
)  # fmt: skip
def test_a_citys_own_goals_are_its_total_and_name_no_unit(text, total, name):
    reading = read(text)
    assert reading.total == total and reading.name == name
    assert reading.quotas == [] and reading.pending == [] and reading.unresolved == []


def test_indicators_respectively_are_no_units():
    reading = read("高新技术企业和科技型企业分别超过90家和870家")  # 重庆
    assert reading.quotas == [] and reading.pending == [] and reading.unresolved == []


# ---- tokens -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("１８家", 18, "家"), ("十八家", 18, "家"), ("一百零一家", 101, "家"), ("两千万元", 2000, "万元"),
        ("五千万元", 5000, "万元"), ("3千万元", 3000, "万元"), ("1.2亿元", 1.2, "亿元"), ("1.2万人次", 12000, "人次"),
        ("３５％", 35, "%"), ("2‰", 2, "‰"), ("0.5个百分点", 0.5, "个百分点"), ("0.5百分点", 0.5, "个百分点"),
        ("1,000万元", 1000, "万元"), ("１，０００万元", 1000, "万元"), ("三点五%", 3.5, "%"), ("70名", 70, "名"),
    ],
)  # fmt: skip
def test_a_figure_token_reads_its_numeral_and_measure(text, value, measure):
    (token,) = [t for t in tokenize(prepare(text)) if t.kind == "figure"]
    assert (token.value, token.measure) == (value, measure)


@pytest.mark.parametrize(
    "text", ["2021年", "第4批", "〔2017〕5号", "“5+6”产业链", "一般公共预算", "第23次常务会议", "《3年行动计划》"]
)
def test_years_serials_and_titles_hold_no_figure(text):
    assert [t for t in tokenize(prepare(text)) if t.kind in ("figure", "number")] == []


def test_line_breaks_end_items_but_not_names_or_figures():
    assert prepare("江州区：8家\n扶绥县：6家").plain == "江州区:8家\n扶绥县:6家"
    assert prepare("玉\n林健康产业园 3 家").plain == "玉林健康产业园3家"
    assert prepare("北流18家\n以上，容县1\n4家，陆川3个\n百分点").plain == "北流18家以上,容县14家,陆川3个百分点"
    assert prepare("各县（市、区）").shown == "各县（市、区）"  # the text's own punctuation is shown


def test_a_stock_and_an_increment_before_a_list_are_two_indicators_and_the_list_is_the_increments():
    stock, new = read_indicators("高新技术企业保有量65家，新增30家，其中江州区10家、扶绥县8家", REGISTRY, city=CHONGZUO)
    assert (stock.name, stock.total, targets(stock)) == ("高新技术企业保有量", 65, {})
    assert (new.name, new.total, targets(new)) == ("新增高新技术企业", 30, {"江州区": 10, "扶绥县": 8})


def test_of_two_figures_of_one_indicator_before_a_list_the_one_next_to_it_is_the_total_and_a_note_says_so():
    reading = read("高新技术企业65家，力争70家，其中江州区10家、扶绥县8家")
    assert reading.total == 70 and targets(reading) == {"江州区": 10, "扶绥县": 8}
    assert reading.notes[0] == "总目标取“力争70家”，同一段文字前面另有“高新技术企业65家”，请核对"


def test_a_figure_after_the_quotas_is_the_same_units_figure_of_another_indicator():
    first, second = read_indicators("江州区新增高新技术企业5家、科技型中小企业10家", REGISTRY, city=CHONGZUO)
    assert (first.name, targets(first), first.total) == ("新增高新技术企业", {"江州区": 5}, None)
    assert (second.name, targets(second), second.total) == ("科技型中小企业", {"江州区": 10}, None)
    assert "还有其他指标（科技型中小企业）" in read("江州区新增高新技术企业5家、科技型中小企业10家").warnings[0]


def test_a_city_word_that_is_an_object_is_no_scope():
    reading = read("江州区的企业占全市30%")
    assert targets(reading) == {"江州区": 30} and reading.total is None


def test_a_short_name_that_may_be_part_of_a_word_is_asked():
    reading = read("资源共享平台3个，在3个月内完成", "桂林市")
    assert reading.quotas == [] and reading.total is None
    assert asked(reading) == {("资源县", "name_unclear")} and reading.pending[0].value == 3
    assert targets(read("北流研发投入增长20%", YULIN)) == {"北流市": 20}  # a short name before an indicator's words


@pytest.mark.parametrize("text", ["3个月", "2个工作日", "5家庭", "1所属"])
def test_a_measure_word_that_starts_another_word_is_none(text):
    assert [t for t in tokenize(prepare(text)) if t.kind == "figure"] == []


def test_a_scope_with_a_sum_word_gives_the_total_not_each_units_figure():
    reading = read("各县（市、区）合计新增高新技术企业不少于100家")
    assert reading.quotas == [] and reading.total == 100 and reading.name == "新增高新技术企业"
    assert targets(read("各县（市、区）高新技术企业总数不少于5家")) == every(CZ_COUNTIES, 5)  # 总数 names the count


def test_bare_numbers_one_per_line_take_the_tables_measure():
    reading = read("江州区 8\n扶绥县 6", measure="家")
    assert targets(reading) == {"江州区": 8, "扶绥县": 6} and reading.pending == []


def test_a_bracketed_total_keeps_its_bracket_in_the_source():
    reading = read("国家科技型中小企业入库数（242家），北流40家、容县33家", YULIN)
    assert reading.total_source == "国家科技型中小企业入库数（242家）"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("除江州区、扶绥县外，各县（市、区）各2家", every(CZ_COUNTIES[2:], 2)),
        ("除凭祥市以外各县（区）新增科技型中小企业不少于3家，凭祥市5家", {**every(CZ_COUNTIES[:-1], 3), "凭祥市": 5}),
        ("由于扶绥县、宁明县没有基础数，其余各县（市、区）增长15%", every(("江州区", *CZ_COUNTIES[3:]), 15)),
    ],
)
def test_units_named_outside_the_figures_are_left_out_of_the_rest(text, expected):
    reading = read(text)
    assert targets(reading) == expected and reading.pending == []


def test_a_list_closed_by_等_and_a_city_wide_county_scope():
    assert targets(read("江州区、扶绥县、宁明县等县（市）各2家")) == every(CZ_COUNTIES[:3], 2)
    assert targets(read("全市各县（市、区）新增科技型中小企业不少于2家")) == every(CZ_COUNTIES, 2)


def test_a_figure_in_brackets_after_a_name_is_that_units():
    reading = read("江州区（18家）、扶绥县（14家）")
    assert targets(reading) == {"江州区": 18, "扶绥县": 14}
    assert reading.quota("江州区").rule == "item" and reading.quota("江州区").source == "江州区（18家）"


def test_a_bracketed_figure_in_chinese_numerals_is_no_part_of_a_name_and_a_line_may_end_on_a_bracket():
    reading = read("富川（9项以上）、平桂（五十四项以上）\n钟山县、八步、昭平各７项以上", "贺州市")
    assert targets(reading) == {"富川瑶族自治县": 9, "平桂区": 54, "钟山县": 7, "八步区": 7, "昭平县": 7}
    assert reading.pending == []


def test_a_label_gives_the_other_part_after_it_not_a_second_target():
    reading = read("乐业：500万元及以上，每家奖励10万元。", BAISE)
    assert targets(reading) == {"乐业县": 500} and reading.pending == []
    assert targets(read("江州区（5家），争取3家。")) == {"江州区": 5}
    reading = read("扶绥县：基数800万元，增长15%以上，每家奖励10万元")
    assert {q.unit: (q.target, q.baseline) for q in reading.quotas} == {"扶绥县": (15, 800)}


def test_a_line_may_start_with_a_name_that_starts_with_a_numeral():
    reading = read("融安县 1件及以上\n三江侗族自治县:达到四十六件", "柳州市")
    assert targets(reading) == {"融安县": 1, "三江侗族自治县": 46}

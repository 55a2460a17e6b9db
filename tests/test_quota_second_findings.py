"""The sentences of issue 11's second blind import test (brief QA_IMPORT2_FINDINGS.md), each as the tester wrote it.

The second tester, who never read the code, wrote 13 tables of other cities' wording; these are the sentences whose
figures were stored wrongly, lost without a word, or asked with a confusing reason. Each test says what a county
would see: the quota stored, or the 待确认 item with its reason — never a figure the words do not give.
"""

from __future__ import annotations

import pytest

from domain.figures import number_text
from domain.quota_text import read_quotas
from domain.unit_hints import likely_units
from importers.builtin import builtin_registry

REGISTRY = builtin_registry()
GUILIN, WUZHOU, FANGCHENGGANG, GUIGANG = "桂林市", "梧州市", "防城港市", "贵港市"
HECHI, LAIBIN, CHONGZUO = "河池市", "来宾市", "崇左市"


def read(text: str, city: str, **kwargs):
    return read_quotas(text, REGISTRY, city=city, **kwargs)


def targets(reading) -> dict[str, float | None]:
    return {q.unit: q.target for q in reading.quotas}


def asked(reading) -> dict[str, tuple[str, float | None]]:
    return {p.unit or p.name: (p.rule, p.value) for p in reading.pending}


def units(city: str, *kinds: str) -> list[str]:
    return [u.name for u in REGISTRY.units_of_city(city) if not u.is_zone and (not kinds or u.kind in kinds)]


# ---- 1. a later clause naming units overrides an earlier scope for those units -----------------------------------


def test_03_the_units_named_after_every_countys_figure_get_their_own_as_certain():
    reading = read("科技特派员服务覆盖全市所有乡镇，各县（市、区）选派科技特派员不少于40人次，龙胜、资源、灌阳县不少于30人次。",
                   GUILIN)  # fmt: skip
    named = ("龙胜各族自治县", "资源县", "灌阳县")
    assert targets(reading) == {**{u: 40 for u in units(GUILIN) if u not in named}, **dict.fromkeys(named, 30)}
    assert reading.pending == [] and reading.total is None
    assert {q.rule for q in reading.quotas if q.unit in named} == {"override"}


def test_11_every_county_and_district_then_two_districts_of_their_own():
    reading = read("每县（区）入库不少于10家，金城江区、宜州区不少于30家。", HECHI)
    assert targets(reading) == {**dict.fromkeys(units(HECHI), 10), "金城江区": 30, "宜州区": 30}
    assert reading.pending == []


def test_probe14_a_group_the_registry_does_not_define_is_asked_and_its_members_get_nothing_certain():
    reading = read("各县（市、区）高新技术企业净增不少于5家，一类县（市、区）不少于10家。", FANGCHENGGANG)
    assert reading.quotas == [] and reading.total is None
    assert asked(reading) == dict.fromkeys(units(FANGCHENGGANG), ("group", 10))
    reason = reading.pending[0].reason
    assert "一类县（市、区）" in reason and "不少于5家" in reason and "不少于10家" in reason


def test_a_unit_named_in_a_group_keeps_its_own_figure():
    reading = read("各县（市、区）新增高新技术企业不少于5家，重点县（区）不少于10家，其中港口区12家。", FANGCHENGGANG)
    assert targets(reading)["港口区"] == 12
    # 重点县（区）: 县 and 区, as its words say; 东兴市 (a 县级市) keeps every county's 5.
    assert {u for u, (rule, _) in asked(reading).items()} == {"防城区", "上思县"}
    assert targets(reading)["东兴市"] == 5


def test_a_shared_figure_asked_leaves_the_scope_figure_uncertain_too():
    # No 各 and no scope before: each of the two, or both together? Then the county scope's 5 is not theirs either.
    reading = read("港口区、防城区合计新增高新技术企业10家，各县（市、区）不少于2家。", FANGCHENGGANG)
    assert targets(reading) == {"上思县": 2, "东兴市": 2}
    assert {asked(reading)[u][0] for u in ("港口区", "防城区")} == {"shared"}


# ---- 2. the unit is the subject wherever it stands ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city", "unit", "target", "measure", "name"),
    [
        ("确保防城区新增规上工业企业研发机构3个以上，推动企业研发机构提质增效。", FANGCHENGGANG, "防城区", 3, "个",
         "新增规上工业企业研发机构"),
        ("确保港口区完成技术合同成交额2亿元。", FANGCHENGGANG, "港口区", 2, "亿元", "技术合同成交额"),
        ("2022年上思县高新技术企业保有量达到8家（2021年为6家）。", FANGCHENGGANG, "上思县", 8, "家", "高新技术企业保有量"),
        ("力争2022年底东兴市科技型中小企业入库20家。", FANGCHENGGANG, "东兴市", 20, "家", "科技型中小企业入库"),
        ("推动港口区建成自治区级以上创新平台2个。", FANGCHENGGANG, "港口区", 2, "个", "建成自治区级以上创新平台"),
    ],
)  # fmt: skip
def test_06_probe14_a_unit_after_leading_words_is_the_subject_and_no_city_total(text, city, unit, target, measure, name):
    reading = read(text, city, year=2022)
    assert targets(reading) == {unit: target} and reading.total is None
    assert reading.measure == measure and reading.name == name


def test_probe14_a_past_years_figure_beside_the_units_is_offered_as_its_baseline():
    reading = read("2022年上思县高新技术企业保有量达到8家（2021年为6家）。", FANGCHENGGANG, year=2022)
    assert [(p.unit, p.part, p.value, p.rule) for p in reading.pending] == [("上思县", "baseline", 6, "dated")]


@pytest.mark.parametrize(
    ("text", "city", "name"),
    [
        ("贵港高新区新增高新技术企业3家。", GUIGANG, "贵港高新区"),
        ("防城港高新区新增高新技术企业3家。", FANGCHENGGANG, "防城港高新区"),
        ("确保防城港经开区完成技术合同成交额2000万元。", FANGCHENGGANG, "防城港经开区"),
    ],
)
def test_08_an_unregistered_zone_as_subject_is_asked_never_the_city_total(text, city, name):
    reading = read(text, city)
    assert reading.total is None and reading.quotas == []
    (item,) = reading.pending
    assert (item.name, item.unit, item.rule) == (name, None, "unknown_name") and item.value is not None
    assert "开发区" in item.reason


def test_a_figure_beside_a_unit_it_may_not_belong_to_is_asked_not_made_the_city_total():
    reading = read("组织企业赴港口区开展技术对接活动10场。", FANGCHENGGANG)
    assert reading.total is None and reading.quotas == []
    assert asked(reading) == {"港口区": ("unclear_owner", 10)}


def test_the_city_total_is_taken_when_the_text_says_so_or_names_no_unit():
    assert read("全市新增高新技术企业30家，港口区10家。", FANGCHENGGANG).total == 30
    assert read("新增高新技术企业30家。", FANGCHENGGANG).total == 30


# ---- 3. per-sub-unit quotas are not unit quotas ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city", "expected"),
    [
        ("各县（区）每个乡镇至少选派科技特派员1名。", HECHI, units(HECHI)),
        ("各县（市、区）每个园区至少建设1个公共服务平台。", FANGCHENGGANG, units(FANGCHENGGANG)),
        ("港口区每所学校配备科技辅导员1名。", FANGCHENGGANG, ["港口区"]),
        ("每个县（市、区）每个行政村至少有1名科技特派员。", FANGCHENGGANG, units(FANGCHENGGANG)),
    ],
)
def test_11_a_figure_for_each_township_school_or_park_is_asked_for_the_unit(text, city, expected):
    reading = read(text, city)
    assert reading.quotas == [] and reading.total is None
    assert {p.unit for p in reading.pending} == set(expected)
    assert all(p.rule == "per_part" and p.value is None for p in reading.pending)
    assert "个数" in reading.pending[0].reason


def test_a_figure_per_part_with_no_unit_is_said_never_stored():
    reading = read("每个乡镇至少选派科技特派员1名。", HECHI)
    assert reading.total is None and reading.quotas == [] and reading.pending == []
    assert any("每个乡镇" in w for w in reading.warnings)


def test_a_density_per_ten_thousand_people_is_no_sub_unit_quota():
    reading = read("每万名就业人员中研发人员达到15人年，港口区达到25人年。", FANGCHENGGANG)
    assert reading.total == 15 and reading.measure == "人年" and targets(reading) == {"港口区": 25}


# ---- 4. a longer place name is never a registered unit by its prefix; old names and typos get a hint -----------------


def test_13_a_bonded_zone_named_after_a_county_city_is_no_county_city_and_the_park_is_kept():
    reading = read("中国—东盟青年产业园、凭祥综合保税区各新增科技创新平台1个。", CHONGZUO)
    assert reading.quotas == [] and reading.total is None
    assert asked(reading) == {"中国—东盟青年产业园": ("unknown_name", 1), "凭祥综合保税区": ("unknown_name", 1)}


def test_probe14_a_trial_zone_named_after_a_county_city_is_asked_and_the_county_is_read():
    reading = read("东兴试验区、上思县各新增科技创新平台1个。", FANGCHENGGANG)
    assert targets(reading) == {"上思县": 1}
    assert asked(reading) == {"东兴试验区": ("unknown_name", 1)}
    assert reading.name == "新增科技创新平台"


@pytest.mark.parametrize(
    ("written", "city", "hint"),
    [
        ("长州区", WUZHOU, "长洲区"),  # a typo: one character off
        ("蝶山区", WUZHOU, "万秀区"),  # merged into 万秀区 in 2013
        ("平桂管理区", "贺州市", "平桂区"),  # the former name of 平桂区
        ("横县", "南宁市", "横州市"),  # renamed 横州市 in 2021
        ("港东区", GUIGANG, ""),  # two registered names one character off (港北区, 港南区): both named
    ],
)
def test_04_an_old_name_or_a_typo_names_the_unit_it_may_be(written, city, hint):
    found = likely_units(written, REGISTRY, city)
    if hint:
        assert [u.name for u, _ in found] == [hint]
    else:
        assert {u.name for u, _ in found} == {"港北区", "港南区"}
    reading = read(f"{written}新增高新技术企业3家。", city)
    assert reading.quotas == [] and reading.total is None
    (item,) = reading.pending
    assert all(u.name in item.reason for u, _ in found), item.reason


def test_a_name_far_from_every_registered_one_gets_no_hint():
    assert likely_units("北京市", REGISTRY, WUZHOU) == [] and likely_units("万秀区", REGISTRY, WUZHOU) == []


# ---- 5. measures --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "total", "measure", "unit_target"),
    [
        ("组织科技成果转化对接活动不少于4场，其中东兴市承办1场。", 4, "场", 1),
        ("组织科技成果转化对接活动不少于4次，其中东兴市1次。", 4, "次", 1),
        ("举办科普讲座不少于20场次，其中东兴市5场次。", 20, "场次", 5),
        ("新增科技示范基地面积3000亩，其中东兴市500亩。", 3000, "亩", 500),
        ("新增孵化场地面积2万平方米，其中东兴市5000平方米。", 20000, "平方米", 5000),
        ("研发人员全时当量达到1200人年，其中东兴市200人年。", 1200, "人年", 200),
        ("发表科技论文不少于50篇，其中东兴市10篇。", 50, "篇", 10),
        ("推广新品种新技术30项（套），其中东兴市5套。", None, None, None),
    ],
)
def test_06_any_measure_word_after_a_number_is_a_measure(text, total, measure, unit_target):
    reading = read(text, FANGCHENGGANG)
    if measure is None:
        assert reading.pending or reading.quotas, text  # asked or read, never qualitative for an unknown word
        return
    assert (reading.total, reading.measure, targets(reading)) == (total, measure, {"东兴市": unit_target})


def test_probe14_yi_without_yuan_under_an_amount_is_asked_with_the_amount_it_may_be():
    reading = read("港口区技术合同成交额不低于1.5亿。", FANGCHENGGANG)
    assert reading.quotas == [] and reading.total is None
    (item,) = reading.pending
    assert (item.unit, item.rule, item.value, item.measure) == ("港口区", "no_yuan", 1.5, "亿元")
    assert "1.5亿" in item.reason and "元" in item.reason
    in_wan = read("港口区技术合同成交额不低于1.5亿。", FANGCHENGGANG, measure="万元")
    assert [(p.value, p.measure) for p in in_wan.pending] == [(15000, "万元")]


def test_asked_amounts_are_offered_in_the_indicators_measure():
    reading = read("技术合同成交额力争突破5亿元，其中港口区2亿元左右、防城区约1.5亿元、东兴市1亿元、上思县5000万元。",
                   FANGCHENGGANG)  # fmt: skip
    assert reading.measure == "万元" and reading.total == 50000
    assert targets(reading) == {"东兴市": 10000, "上思县": 5000}
    assert {(p.unit, p.value, p.measure) for p in reading.pending} == {("港口区", 20000, "万元"),
                                                                       ("防城区", 15000, "万元")}  # fmt: skip


# ---- 6. each, every, and a count of units ---------------------------------------------------------------------------


def test_12_every_county_builds_at_least_one_platform():
    for text in ("推动每个县（市、区）至少建成1家自治区级以上创新平台。", "每个县（市、区）至少建成1家自治区级以上创新平台。"):
        reading = read(text, LAIBIN)
        assert targets(reading) == dict.fromkeys(units(LAIBIN), 1), text
        assert reading.pending == [] and reading.total is None
        assert reading.name == "建成自治区级以上创新平台", text


def test_08_a_count_of_units_that_matches_the_city_is_every_one_of_them():
    reading = read("五个县（市、区）各新增众创空间1家。", GUIGANG)
    assert targets(reading) == dict.fromkeys(units(GUIGANG), 1) and reading.pending == []
    assert reading.name == "新增众创空间"


def test_a_count_of_units_that_does_not_match_the_city_is_asked_with_the_reason():
    reading = read("五个县（市、区）各新增众创空间1家。", FANGCHENGGANG)  # 防城港 has four
    assert reading.quotas == [] and set(asked(reading)) == set(units(FANGCHENGGANG))
    assert "4个" in reading.pending[0].reason and "五个" in reading.pending[0].reason


def test_06_each_with_a_verb_and_the_indicator_after_it():
    reading = read("东兴市、上思县各建设星创天地1—2家。", FANGCHENGGANG)
    assert reading.name == "建设星创天地" and asked(reading) == {"东兴市": ("range", None), "上思县": ("range", None)}


# ---- 7. indicator names are the indicator's words only --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "city", "name"),
    [
        ("技术合同成交额力争突破5亿元，其中港口区2亿元左右、东兴市1亿元。", FANGCHENGGANG, "技术合同成交额"),
        ("科技特派员服务实现乡镇全覆盖，其中金秀县不少于25人次。", LAIBIN, "科技特派员服务"),
        ("高新技术企业争取达到95家，其中港口区30家。", FANGCHENGGANG, "高新技术企业"),
        ("全市技术合同成交额确保完成3亿元，港口区1亿元。", FANGCHENGGANG, "技术合同成交额"),
    ],
)
def test_06_12_names_lose_their_qualifiers_scopes_and_unit_clauses(text, city, name):
    assert read(text, city).name == name


def test_12_a_unit_clause_after_a_figureless_phrase_is_no_name():
    reading = read("科技特派员服务实现乡镇全覆盖，其中金秀县不少于25人次。", LAIBIN)
    assert targets(reading) == {"金秀瑶族自治县": 25} and reading.total is None


# ---- 8. another year's figure beside the plan year's ----------------------------------------------------------------


def test_03_a_later_years_figure_is_left_with_a_note_and_the_plan_years_is_the_target():
    text = "荔浦市规上工业企业中有研发活动企业占比2022年达到20%，2023年达到25%。"
    for year in (2022, None):
        reading = read(text, GUILIN, year=year)
        assert targets(reading) == {"荔浦市": 20} and reading.pending == [], year
        assert any("2023年" in n and "25%" in n for n in reading.notes), year


def test_a_figure_of_the_plan_year_after_an_earlier_one_is_the_target():
    reading = read("荔浦市研发投入强度2021年为0.8%，2022年达到1%。", GUILIN, year=2022)
    assert targets(reading) == {"荔浦市": 1}
    assert [(p.unit, p.part, p.value) for p in reading.pending] == [("荔浦市", "baseline", 0.8)]


def test_an_earlier_year_said_to_be_the_baseline_is_the_baseline():
    reading = read("覃塘区规上工业企业建有研发机构数2021年基数为20家，2022年目标25家。", GUIGANG, year=2022)
    assert {q.unit: (q.target, q.baseline) for q in reading.quotas} == {"覃塘区": (25, 20)}
    assert reading.pending == []


# ---- 9. numbers in messages are written for people -----------------------------------------------------------------


def test_13_sums_in_messages_carry_no_exponent():
    reading = read("对新认定高新技术企业每家奖励200000元，全市兑现奖补资金不少于5000000元，其中扶绥县1200000元。",
                   CHONGZUO)  # fmt: skip
    assert reading.total == 5000000 and targets(reading) == {"扶绥县": 1200000}
    said = " ".join(reading.warnings + reading.notes + [p.message for p in reading.pending])
    assert "e+" not in said and "1,200,000元" in said


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1200000, "1,200,000"), (5e6, "5,000,000"), (12, "12"), (0.35, "0.35"), (1234.5, "1,234.5"), (0.000001, "0.000001"),
     (-3, "-3"), (1e15, "1,000,000,000,000,000")],
)  # fmt: skip
def test_number_text_is_plain(value, shown):
    assert number_text(value) == shown


def test_every_measure_the_grammar_reads_is_a_measure_an_indicator_may_carry():
    from domain.plans import MEASURES
    from domain.quota_tokens import MEASURE_WORDS

    assert set(MEASURE_WORDS) - {"百分点"} <= set(MEASURES)


def test_13_a_reward_per_firm_is_said_not_read_and_no_place_is_made_of_the_words_before_a_unit():
    reading = read("对港口区新认定的高新技术企业每家奖励10万元。", FANGCHENGGANG)
    assert reading.total is None and reading.quotas == [] and reading.pending == []
    assert any("奖补标准" in n for n in reading.notes)  # said, not dropped without a word


def test_a_scope_before_a_modal_verb_is_no_part_of_the_name():
    reading = read("各县（市、区）要完成科技特派员选派任务，每个县（市、区）不少于30人。", FANGCHENGGANG)
    assert reading.name == "科技特派员选派任务" and targets(reading) == dict.fromkeys(units(FANGCHENGGANG), 30)

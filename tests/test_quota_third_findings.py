"""The sentences of issue 11's third blind import test (brief QA_IMPORT3_FINDINGS.md), each as the tester wrote it.

The third tester wrote tables the way files really arrive on county PCs: units written with their office (容县科技局,
北流市人民政府, …管委会), quotas given as shares of the city total (按全市目标的10%分解), a 全市目标 holding the city's
own part (20000（含市本级2000）), a zone with its county in brackets, decimals for counts. Each test states what a
county would see: the quota stored, or the 待确认 item with its figure offered — never a figure the words do not give.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.quota_text import read_indicators, read_quotas
from domain.units import Unit, UnitRegistry
from importers.builtin import builtin_registry
from operations.import_table import Review, import_breakdown_table, preview_import
from storage.plans import load_plan
from tests.import_tables import PARTNERS, RESP, write_long_table

REGISTRY = builtin_registry()
YULIN, FANGCHENGGANG, GUILIN, LAIBIN, WUZHOU, NANNING = "玉林市", "防城港市", "桂林市", "来宾市", "梧州市", "南宁市"


def targets(reading) -> dict[str, float | None]:
    return {q.unit: q.target for q in reading.quotas}


def asked(reading) -> dict[str, tuple[str, float | None]]:
    return {p.unit or p.name: (p.rule, p.value) for p in reading.pending}


def only(text: str, city: str, measure: str = ""):
    """The one reading a text gives: an office after a unit never splits it into a second indicator."""
    readings = read_indicators(text, REGISTRY, city=city, measure=measure)
    assert [r.name for r in readings][1:] == [], [r.name for r in readings]
    return readings[0]


# ---- 1. units written with their office ---------------------------------------------------------------------------

T09_STOCK = (
    "高新技术企业保有量不低于120家：\n北流市人民政府不低于22家，\n容县科技局不低于16家，\n陆川县不低于12家，\n"
    "博白县不低于6家，\n兴业县不低于9家，\n玉州区不低于19家，\n玉东新区管委会不低于10家，\n福绵区不低于10家，\n"
    "玉柴工业园管委会不低于12家，\n玉林高新区管委会不低于3家。"
)
T09_SMES = (
    "国家科技型中小企业入库数280家：北流市人民政府45家、容县科技局38家、陆川县30家、博白县32家、兴业县25家、"
    "玉州区50家、福绵区20家、玉东新区管委会20家、玉柴工业园管委会10家、龙潭产业园管委会5家、玉林健康产业园管委会5家。"
)


def test_t09_a_county_written_with_its_bureau_is_the_county_and_the_list_goes_on():
    reading = only(T09_STOCK, YULIN)
    assert (reading.name, reading.total, reading.measure) == ("高新技术企业保有量", 120, "家")
    assert targets(reading) == {
        "北流市": 22, "容县": 16, "陆川县": 12, "博白县": 6, "兴业县": 9, "玉州区": 19, "玉东新区": 10, "福绵区": 10,
        "玉柴工业园": 12,
    }  # fmt: skip
    # An unregistered zone's administration is asked as the zone itself, its figure offered.
    assert asked(reading) == {"玉林高新区": ("unknown_name", 3)}
    assert reading.unresolved == ["玉林高新区"]


def test_t09_every_unit_of_a_list_of_offices_keeps_its_figure():
    reading = only(T09_SMES, YULIN)
    assert reading.total == 280 and reading.pending == []
    assert targets(reading) == {
        "北流市": 45, "容县": 38, "陆川县": 30, "博白县": 32, "兴业县": 25, "玉州区": 50, "福绵区": 20, "玉东新区": 20,
        "玉柴工业园": 10, "龙潭产业园": 5, "玉林健康产业园": 5,
    }  # fmt: skip
    assert not any("合计" in w for w in reading.warnings)


def test_t06_science_bureaus_after_其中_are_the_counties():
    reading = only("选派科技特派员不少于180人次，其中防城区科技局50人次、上思县科技局40人次、东兴市科技局30人次、"
                   "港口区科技局25人次。", FANGCHENGGANG)  # fmt: skip
    assert (reading.name, reading.total, reading.measure) == ("选派科技特派员", 180, "人次")
    assert targets(reading) == {"防城区": 50, "上思县": 40, "东兴市": 30, "港口区": 25}
    assert reading.pending == []


def test_t06_governments_and_an_unregistered_zone_administration():
    reading = only("全市高新技术企业保有量达到150家以上，其中港口区人民政府不少于55家，防城区人民政府不少于35家，"
                   "上思县人民政府不少于15家，东兴市人民政府不少于30家，防城港高新区管委会不少于15家。", FANGCHENGGANG)  # fmt: skip
    assert reading.total == 150
    assert targets(reading) == {"港口区": 55, "防城区": 35, "上思县": 15, "东兴市": 30}
    assert asked(reading) == {"防城港高新区": ("unknown_name", 15)}
    assert "开发区" in reading.pending[0].reason


@pytest.mark.parametrize(
    "office",
    ["科技局", "人民政府", "政府", "科学技术局", "工信局", "工业和信息化局", "科技和工业信息化局", "发改委",
     "科技主管部门", "党委政府", "管委会"],
)  # fmt: skip
def test_any_office_after_a_registered_unit_is_that_unit(office):
    reading = only(f"新增高新技术企业30家，其中北流市{office}不低于12家，容县{office}8家，陆川县{office}10家。", YULIN)
    assert targets(reading) == {"北流市": 12, "容县": 8, "陆川县": 10}
    assert reading.name == "新增高新技术企业" and reading.total == 30 and reading.pending == []


def test_an_office_before_the_indicator_words_is_no_part_of_the_indicator():
    reading = only("兴宁区政府新增高新技术企业10家，青秀区科技局新增高新技术企业5家", NANNING)
    assert targets(reading) == {"兴宁区": 10, "青秀区": 5}
    assert reading.name == "新增高新技术企业"


def test_a_scope_with_its_offices_is_the_scope():
    reading = only("各县（市、区）科技局新增高新技术企业不少于5家", NANNING)
    assert reading.name == "新增高新技术企业"
    assert targets(reading) == dict.fromkeys([u.name for u in REGISTRY.units_of_city(NANNING)], 5)
    # Without 各 a county scope says not whether 5 is each one's: asked, and no indicator named after the office.
    reading = only("县（市、区）科技主管部门新增高新技术企业不少于5家", NANNING)
    assert reading.name == "新增高新技术企业" and reading.quotas == []
    assert {p.rule for p in reading.pending} == {"scope_unclear"}


def test_an_unregistered_zone_administration_as_subject_is_asked_as_the_zone_never_the_city_total():
    reading = only("南宁高新区管委会新增高新技术企业400家", NANNING)
    assert reading.total is None and reading.quotas == []
    assert asked(reading) == {"南宁高新区": ("unknown_name", 400)}
    assert reading.name == "新增高新技术企业"


def test_a_registered_zone_with_its_administration_is_the_zone():
    reading = only("玉东新区管理委员会新增高新技术企业3家，龙潭产业园管委新增2家", YULIN)
    assert targets(reading) == {"玉东新区": 3, "龙潭产业园": 2}


def test_offices_resolve_in_the_registry_and_a_word_ending_in_局_does_not():
    assert REGISTRY.resolve("容县科技局").name == "容县"
    assert REGISTRY.resolve("北流市人民政府").name == "北流市"
    assert REGISTRY.resolve("北流市政府").name == "北流市"
    assert REGISTRY.resolve("防城港市科技局").name == "防城港市"
    assert REGISTRY.resolve("港口区市场监督管理局").name == "港口区"
    assert REGISTRY.resolve("港口区布局") is None
    assert REGISTRY.resolve("市科技局") is None


# ---- 2. shares of the city total ----------------------------------------------------------------------------------

T03_SHARES = (
    "全市新增高新技术企业200家。按全市目标的比例分解：临桂区按全市目标的15%分解，七星区按全市目标的20%分解，"
    "秀峰区、叠彩区、象山区各按全市目标的10%分解，其余县（市）结合实际自行确定。"
)


def test_t03_a_share_of_the_city_total_is_asked_with_its_count_offered():
    reading = only(T03_SHARES, GUILIN)
    assert (reading.total, reading.measure, reading.percent) == (200, "家", False)
    assert reading.quotas == []
    assert asked(reading) == {
        "临桂区": ("share", 30), "七星区": ("share", 40), "秀峰区": ("share", 20), "叠彩区": ("share", 20),
        "象山区": ("share", 20),
    }  # fmt: skip
    item = next(p for p in reading.pending if p.unit == "七星区")
    assert item.measure == "家"
    assert "全市目标的20%" in item.reason and "200家" in item.reason and "40家" in item.reason


def test_a_share_without_the_city_total_is_asked_with_nothing_offered():
    reading = only("七星区按全市目标的20%分解", GUILIN)
    assert reading.total is None and reading.quotas == [] and not reading.percent
    assert asked(reading) == {"七星区": ("share", None)}
    assert "全市目标的20%" in reading.pending[0].reason


def test_a_share_under_the_tables_count_measure_keeps_the_count():
    reading = only("全市新增高新技术企业40家，兴宾区按全市任务的35%确定，忻城县占全市目标的10%", LAIBIN, measure="家")
    assert (reading.total, reading.measure, reading.percent) == (40, "家", False)
    assert asked(reading) == {"兴宾区": ("share", 14), "忻城县": ("share", 4)}


def test_a_share_of_an_amount_is_offered_in_the_amount():
    reading = only("全市技术合同成交额30亿元，临桂区按全市目标的15%分解", GUILIN)
    assert reading.measure == "亿元" and reading.total == 30
    assert asked(reading) == {"临桂区": ("share", 4.5)}


def test_a_units_ratio_of_the_city_without_a_count_stays_its_rate():
    # "…的企业占全市30%" with no count anywhere: the indicator is the unit's share itself, a rate.
    assert targets(read_quotas("江州区的企业占全市30%", REGISTRY, city="崇左市")) == {"江州区": 30}


# ---- 3. the city's own part inside the total ----------------------------------------------------------------------


def test_t12_the_city_bureaus_part_inside_the_total_is_the_city_units_quota():
    reading = only("20000（含市本级2000）", LAIBIN, measure="万元")
    assert reading.total == 20000 and reading.measure == "万元"
    assert targets(reading) == {"来宾市": 2000}
    assert reading.pending == []


@pytest.mark.parametrize(
    "text",
    ["全市技术合同成交额20000万元（含市本级2000万元）", "技术合同成交额达到2亿元（含市本级0.2亿元）",
     "技术合同成交额2亿元(其中市本级2000万元)"],
)  # fmt: skip
def test_the_city_bureaus_part_inside_a_written_total_is_read(text):
    reading = only(text, LAIBIN)
    assert reading.total is not None
    assert targets(reading)["来宾市"] * {"万元": 1, "亿元": 10000}[reading.measure] == 2000
    assert reading.pending == []


def test_a_unit_inside_the_total_is_that_units_quota_and_the_others_stay_read():
    reading = only("技术合同成交额达到2亿元（含市本级2000万元），其中兴宾区7000万元", LAIBIN)
    assert reading.total == 20000 and targets(reading) == {"来宾市": 2000, "兴宾区": 7000}


# ---- 4. a zone with its county in brackets ------------------------------------------------------------------------


def test_t03_a_zone_administration_with_its_district_in_brackets_is_asked_as_the_zone():
    reading = only("全市技术合同成交额达到30亿元，其中临桂区5亿元，桂林高新区管委会（七星区）12亿元，"
                   "桂林经开区管委会3亿元。", GUILIN)  # fmt: skip
    assert reading.total == 30 and targets(reading) == {"临桂区": 5}
    assert asked(reading) == {"桂林高新区": ("unknown_name", 12), "桂林经开区": ("unknown_name", 3)}
    zone = next(p for p in reading.pending if p.name == "桂林高新区")
    assert "七星区" in zone.reason
    assert not any("12亿元" in n for n in reading.notes)


def test_t06_a_zone_administration_after_the_total_is_asked_never_only_noted():
    reading = only("技术合同成交额力争突破3亿元。东兴试验区管委会5000万元。", FANGCHENGGANG)
    assert reading.total == 3 and reading.measure == "亿元"
    assert asked(reading) == {"东兴试验区": ("unknown_name", 0.5)}
    assert reading.pending[0].measure == "亿元"
    assert not any("未读取" in n for n in reading.notes)


# ---- 5. decimals for counts ---------------------------------------------------------------------------------------


def test_t04_a_decimal_count_is_asked():
    reading = only("新增自治区级以上创新平台12个，其中岑溪市2个，藤县1.5个，龙圩区0.5个", WUZHOU)
    assert targets(reading) == {"岑溪市": 2}
    assert asked(reading) == {"藤县": ("decimal_count", 1.5), "龙圩区": ("decimal_count", 0.5)}
    assert "1.5个" in reading.pending[0].reason


def test_a_decimal_of_an_amount_or_a_rate_is_no_doubt():
    # Two indicators: the amount, and 藤县's growth rate.
    amount, growth = read_indicators("技术合同成交额1.5亿元，其中岑溪市0.5亿元，藤县增长1.5%", REGISTRY, city=WUZHOU)
    assert amount.pending == [] and growth.pending == []
    assert targets(amount) == {"岑溪市": 0.5} and targets(growth) == {"藤县": 1.5}


def test_a_decimal_count_under_the_tables_measure_is_asked():
    reading = only("岑溪市2.5、藤县3", WUZHOU, measure="家")
    assert targets(reading) == {"藤县": 3}
    assert asked(reading) == {"岑溪市": ("decimal_count", 2.5)}


# ---- the table around them ----------------------------------------------------------------------------------------


def test_t09_a_task_list_of_offices_imports_one_indicator_per_sub_task(store, tmp_path: Path):
    rows = [("301", "科技创新", "", "", "", [
        ("(301)", T09_STOCK, RESP, "2024年12月", "市科技局", PARTNERS),
        ("(302)", T09_SMES, RESP, "2024年12月", "市科技局", PARTNERS),
    ])]  # fmt: skip
    path = write_long_table(tmp_path / "t09.xlsx", rows=rows, title="玉林市2024年科技创新工作任务分工表")
    preview = preview_import(store, path)
    names = [i.name for t in preview.plan.tasks for i in t.indicators]
    assert "科技局" not in names and len(names) == 2
    pending = {(p.seq, p.name): p for p in preview.pending}
    assert list(pending) == [("301", "玉林高新区")]
    review = Review(zones=["玉林高新区"])
    plan = load_plan(store, import_breakdown_table(store, preview, "张三", review=review).plan_id)
    stock = plan.tasks[0].indicators[0]
    quotas = {q.unit: q.target for q in stock.quotas}
    assert quotas["容县"] == 16 and quotas["玉林高新区"] == 3 and stock.target == 120


def test_t03_shares_import_as_counts_asked(store, tmp_path: Path):
    rows = [("1", "企业培育", "", "", "", [("1", T03_SHARES, RESP, "2023年12月", "市科技局", PARTNERS)])]
    path = write_long_table(tmp_path / "t03.xlsx", rows=rows, title="桂林市2023年科技创新工作任务分工表")
    preview = preview_import(store, path)
    indicator = preview.plan.tasks[0].indicators[0]
    assert (indicator.measure, indicator.target, indicator.kind.value) == ("家", 200, "increment")
    assert {p.unit: p.value for p in preview.pending} == {"临桂区": 30, "七星区": 40, "秀峰区": 20, "叠彩区": 20,
                                                          "象山区": 20}  # fmt: skip


def test_a_zone_added_under_the_name_offered_resolves_its_administration_next_year():
    registry = UnitRegistry([*REGISTRY, Unit("玉林高新区", YULIN, "zone")])
    assert registry.resolve("玉林高新区管委会").name == "玉林高新区"
    reading = read_quotas("玉林高新区管委会不低于3家，北流市人民政府不低于22家", registry, city=YULIN)
    assert targets(reading) == {"玉林高新区": 3, "北流市": 22}


# ---- edges of the rules above ---------------------------------------------------------------------------------------


def test_a_share_that_is_no_whole_count_offers_nothing_and_says_why():
    reading = only("全市新增高新技术企业45家，临桂区按全市目标的15%分解", GUILIN)
    assert reading.quotas == [] and asked(reading) == {"临桂区": ("share", None)}
    assert "6.75家" in reading.pending[0].reason and reading.pending[0].measure == "家"


def test_a_share_of_a_rate_offers_nothing():
    reading = only("全市R&D经费投入强度2%，临桂区按全市目标的50%", GUILIN)
    assert reading.total == 2 and reading.quotas == []
    assert asked(reading) == {"临桂区": ("share", None)}


def test_a_scope_given_a_share_asks_each_unit():
    reading = only("全市新增高新技术企业200家，各县（市、区）按全市目标的5%分解", GUILIN)
    assert reading.total == 200 and reading.measure == "家" and reading.quotas == []
    counties = [u.name for u in REGISTRY.units_of_city(GUILIN) if not u.is_zone]
    assert asked(reading) == dict.fromkeys(counties, ("share", 10))


def test_a_share_naming_nobody_is_said_never_the_total():
    reading = only("按全市目标的20%分解", GUILIN)
    assert reading.total is None and not reading.percent and reading.pending == []
    assert any("按全市目标的20%" in w for w in reading.warnings)


@given(total=st.integers(min_value=1, max_value=5000), share=st.integers(min_value=1, max_value=100))
@settings(max_examples=60, deadline=None)
def test_a_share_is_offered_only_as_a_whole_count(total: int, share: int):
    reading = only(f"全市新增高新技术企业{total}家，临桂区按全市目标的{share}%分解", GUILIN)
    (item,) = reading.pending
    assert reading.quotas == [] and item.rule == "share" and item.measure == "家"
    exact = total * share % 100 == 0
    assert item.value == (total * share // 100 if exact else None)


def test_a_registered_zone_with_its_county_in_brackets_keeps_its_quota():
    reading = only("新增高新技术企业30家，其中玉东新区管委会（玉州区）10家，北流市8家", YULIN)
    assert targets(reading) == {"玉东新区": 10, "北流市": 8} and reading.pending == []


def test_a_zone_named_after_a_county_is_never_that_county():
    # 东兴试验区 is not 东兴市: a place's ending is no office's (试验区管委 is no bureau).
    assert REGISTRY.resolve("东兴试验区管委会") is None
    reading = only("技术合同成交额3亿元，其中东兴试验区管委会5000万元，东兴市科技局6000万元", FANGCHENGGANG)
    assert reading.measure == "万元" and targets(reading) == {"东兴市": 6000}
    assert asked(reading) == {"东兴试验区": ("unknown_name", 5000)}


def test_a_decimal_count_of_a_scope_is_asked_for_each_unit():
    reading = only("各县（区）新增创新平台1.5个", WUZHOU)
    counties = {u.name for u in REGISTRY.units_of_city(WUZHOU) if u.kind in ("district", "county")}
    assert reading.quotas == [] and counties <= {p.unit for p in reading.pending if p.rule == "decimal_count"}

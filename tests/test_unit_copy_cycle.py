"""A city that is not built in hands each county its own copy of the table; the county imports it, reports,
and the city collects: the copy is the city's plan (same title and key), with indicators as the city keeps them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.periods import Period
from domain.plans import Indicator, IndicatorKind, Plan, Quota, Task
from domain.profile import Profile
from operations.bootstrap import open_with_builtin
from operations.collect import collect_returns
from operations.export_return import export_breakdown, export_progress
from operations.import_table import import_breakdown_table
from storage.achievements import AchievementKey, record_achievement
from storage.plans import find_plan, load_plan, save_plan
from storage.settings import save_profile

TITLE = "2026年梧州市科技创新主要指标任务分解表"
NOVEMBER = Period.parse("2026-11")


def wuzhou_plan() -> Plan:
    end = date(2026, 12, 31)
    firms = Indicator("高新技术企业保有量", "家", IndicatorKind.STOCK, target=260,
                      quotas=[Quota("万秀区", 60), Quota("藤县", 30)])  # fmt: skip
    research = Indicator("全社会研发经费投入增长", "万元", IndicatorKind.GROWTH, target=12,
                         quotas=[Quota("万秀区", 15, 32000), Quota("藤县", 10, 9000)])  # fmt: skip
    return Plan(TITLE, 2026, city="梧州市", table_title=TITLE, tasks=[
        Task("1", "高新技术企业保有量不低于260家，其中万秀不低于60家，藤县不低于30家", deadline=end, indicators=[firms]),
        Task("4", "全社会研发经费投入较上年增长12%", deadline=end, indicators=[research]),
    ])  # fmt: skip


def test_a_countys_copy_is_the_citys_plan_and_its_return_is_collected(tmp_path: Path):
    city = open_with_builtin(tmp_path / "梧州市.sqlite3")
    save_profile(city, Profile(city="梧州市", unit="梧州市", filler="市科技局小李"), "测试")
    save_plan(city, wuzhou_plan(), "测试")
    city_plan = find_plan(city, TITLE)
    copy = export_breakdown(city, city_plan.id, "万秀区", tmp_path / "万秀区_任务分工表.xlsx", who="市科技局小李")

    county = open_with_builtin(tmp_path / "万秀区.sqlite3")
    save_profile(county, Profile(city="梧州市", unit="万秀区", filler="万秀区填报员"), "测试")
    import_breakdown_table(county, copy, "万秀区填报员")
    plan = find_plan(county, TITLE)
    assert (plan.title, plan.key) == (city_plan.title, city_plan.key)  # never "…（万秀区）"
    [research] = load_plan(county, plan.id).task("4").indicators
    assert (research.name, research.measure, research.kind) == ("全社会研发经费投入增长", "万元", IndicatorKind.GROWTH)
    [quota] = research.quotas
    assert (quota.unit, quota.target, quota.baseline) == ("万秀区", 15, 32000)
    # The county types its amount in 亿元 (the measure came with the copy) and reports.
    record_achievement(county, AchievementKey(plan.id, "4", "", "万秀区", NOVEMBER), {"actual": "3.68亿元"}, "填报员")
    record_achievement(county, AchievementKey(plan.id, "1", "", "万秀区", NOVEMBER), {"actual": 58}, "填报员")
    sent = export_progress(county, plan.id, "万秀区", NOVEMBER, tmp_path / "万秀区_2026年11月.xlsx", final=True,
                           who="万秀区填报员").path  # fmt: skip
    county.close()

    report = collect_returns(city, [sent], "市科技局小李")
    assert [f.unit for f in report.stored] == ["万秀区"]
    city.close()


def test_a_sentence_edited_by_hand_is_read_from_its_words_not_from_the_data(tmp_path: Path):
    import openpyxl

    from operations.import_table import preview_import

    city = open_with_builtin(tmp_path / "梧州市.sqlite3")
    save_plan(city, wuzhou_plan(), "测试")
    copy = export_breakdown(city, find_plan(city, TITLE).id, "万秀区", tmp_path / "万秀区.xlsx", with_key=False)
    city.close()
    book = openpyxl.load_workbook(copy)
    sheet = book["任务分工表"]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "万秀不低于60家" in c.value)
    cell.value = cell.value.replace("万秀不低于60家", "万秀不低于65家")  # the city corrected it by hand
    book.save(copy)
    county = open_with_builtin(tmp_path / "万秀区.sqlite3")
    preview = preview_import(county, copy)
    county.close()
    assert [q.target for q in preview.plan.task("1").indicators[0].quotas] == [65]
    assert "任务 (1) 的文字与表中附带的方案数据不同（已改动），按表中文字读取" in preview.notes
    [research] = preview.plan.task("4").indicators  # untouched: as the city keeps it
    assert (research.name, research.measure) == ("全社会研发经费投入增长", "万元")


def test_the_whole_table_of_a_plan_read_from_a_matrix_prints_its_quotas(tmp_path: Path):
    from python_calamine import CalamineWorkbook

    plan = wuzhou_plan()
    for task in plan.tasks:
        task.text = task.indicators[0].name  # as a matrix gives it: the indicator's name, no sentence
    city = open_with_builtin(tmp_path / "梧州市.sqlite3")
    save_plan(city, plan, "测试")
    path = export_breakdown(city, find_plan(city, TITLE).id, None, tmp_path / "全表.xlsx")
    city.close()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("任务分工表").to_python()
    texts = {r[5]: r[6] for r in rows if r and r[5] in ("(1)", "(4)")}
    assert texts["(1)"] == "高新技术企业保有量不低于260家，其中万秀区不低于60家、藤县不低于30家"
    assert texts["(4)"] == ("全社会研发经费投入增长不低于12%，其中万秀区较上年增长15%以上（基础数32000万元）、"
                            "藤县较上年增长10%以上（基础数9000万元）")  # fmt: skip


def test_a_sentence_that_gives_the_quotas_is_printed_as_written(tmp_path: Path):
    from python_calamine import CalamineWorkbook

    city = open_with_builtin(tmp_path / "梧州市.sqlite3")
    save_plan(city, wuzhou_plan(), "测试")
    path = export_breakdown(city, find_plan(city, TITLE).id, None, tmp_path / "全表.xlsx")
    city.close()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("任务分工表").to_python()
    [text] = [r[6] for r in rows if r and r[5] == "(1)"]
    assert text == "高新技术企业保有量不低于260家，其中万秀不低于60家，藤县不低于30家"


def test_plan_data_changed_by_hand_is_not_taken_and_that_is_said(tmp_path: Path):
    import openpyxl

    from operations.import_table import preview_import

    city = open_with_builtin(tmp_path / "梧州市.sqlite3")
    save_plan(city, wuzhou_plan(), "测试")
    copy = export_breakdown(city, find_plan(city, TITLE).id, "万秀区", tmp_path / "万秀区.xlsx", with_key=False)
    city.close()
    book = openpyxl.load_workbook(copy)
    data = book["方案数据"]
    cell = next(c for row in data.iter_rows() for c in row if c.value == 60)
    cell.value = 6  # someone unhid the sheet and typed over a quota
    book.save(copy)
    county = open_with_builtin(tmp_path / "万秀区.sqlite3")
    preview = preview_import(county, copy)
    county.close()
    assert "表中附带的方案数据已被改动或无法识别，全部任务按表中文字读取" in preview.notes
    assert [q.target for q in preview.plan.task("1").indicators[0].quotas] == [60]  # the sentence's figure

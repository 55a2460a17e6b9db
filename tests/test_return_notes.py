"""基数 and the explanations of odd figures on the return: under the footer, read back, and still collected."""

from pathlib import Path

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from domain.periods import Period
from operations.collect import collect_returns
from operations.export_return import export_progress
from storage.achievements import AchievementKey, achievement_history, record_achievements
from tests.collect_support import make_city

OCT = Period.parse("2022-10")


def test_the_return_carries_baselines_and_explanations_and_the_city_still_collects_it(store, yulin_plan_id, tmp_path):
    def key(seq):
        return AchievementKey(yulin_plan_id, seq, "", "北流市", OCT)

    record_achievements(store, [
        (key("252"), {"baseline": "800", "actual": "1080"}),
        (key("237"), {"actual": "12", "explanation": "两家企业资格到期未续认定"}),
        (key("238"), {"actual": "41"}),
    ], "张三")  # fmt: skip
    path = export_progress(store, yulin_plan_id, "北流市", OCT, tmp_path / "北流市.xlsx", final=True, who="张三").path
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("完成情况表").to_python()
    texts = [str(r[0]) for r in rows if r and str(r[0]).startswith(("说明", "　"))]
    assert texts == [
        "说明：1. (252) 规上工业R&D经费支出增长率：基数 800万元",  # (244) is growth too, but 北流 has no target
        "　　　2. (237) 高新技术企业保有量：两家企业资格到期未续认定",
    ]
    sheet = load_workbook(path)["完成情况表"]
    last = max(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value)
    assert str(sheet.print_area).endswith(f"{last}")  # the notes print with the return
    city = make_city(tmp_path / "city")
    report = collect_returns(city, [path], "市科技局")
    assert [f.stored for f in report.files] == [True]
    collected = achievement_history(city, yulin_plan_id, "北流市")
    assert collected[("237", "高新技术企业保有量")][-1].actual == 12
    city.close()


def test_a_return_without_growth_targets_or_explanations_has_no_notes(store, tmp_path: Path):
    from storage.plans import find_plan

    plan = find_plan(store, "高新技术产业开发区")
    path = export_progress(store, plan.id, "北流市", OCT, tmp_path / "x.xlsx", final=False, who="张三").path
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("完成情况表").to_python()
    assert not [r for r in rows if r and str(r[0]).startswith("说明")]


def test_a_growth_target_without_its_base_says_so_on_the_return():
    from domain.plans import Indicator, IndicatorKind, Plan, Quota, Task
    from domain.progress import build_row
    from exporters.return_notes import return_notes

    indicator = Indicator("R&D经费增长率", "万元", IndicatorKind.GROWTH, quotas=[Quota("北流市", 35, None)])
    task = Task("252", "x", indicators=[indicator])
    row = build_row(Plan("p", 2022, tasks=[task]), task, indicator, "北流市", OCT, [])
    assert return_notes([row]) == ["(252) R&D经费增长率：基数 未提供（无法计算增长率）"]

"""What a figure column's header means: the plan year's 全市目标, actuals and other years (never a target),
and 基数 / 目标 / 增幅 sub-columns as the baseline and target of one indicator, the 增幅 checked or taken as
the target; several 小计 columns beside one 合计; a column never given two contradictory messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from importers.table_headers import part_of, plan_years, without_plan_year

REGISTRY = builtin_registry()


def quotas(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def sheet(path: Path, rows: list[list], merges: tuple[str, ...] = (), percent: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    for cell in percent:
        ws[cell].number_format = "0%"
    wb.save(path)
    return path


@pytest.mark.parametrize("past", ["2021年全市完成", "上年完成", "2021年完成数", "2021年实际"])
def test_actuals_and_the_plan_years_city_target(tmp_path: Path, past: str):
    rows = [["来宾市2022年科技创新主要指标分解表"],
            ["序号", "指标", "单位", past, "2022年全市目标", "兴宾区", "忻城县", "象州县"],
            [1, "高新技术企业保有量", "家", 80, 95, 45, 8, 12],
            [2, "技术合同成交额", "万元", 8000, 10000, 5000, 800, 1000]]  # fmt: skip
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    assert [(i.name, i.target) for _, i in preview.indicators] == [("高新技术企业保有量", 95), ("技术合同成交额", 10000)]
    assert f"“{past}”列是完成数（实际数），不是目标，未读取" in preview.notes
    assert quotas(preview)[("1", "兴宾区")] == (45, None)


def test_a_column_of_another_year_is_no_indicator_and_another_years_target_is_no_target(tmp_path: Path):
    rows = [["钦州市2022年科技创新主要指标分解表"],
            ["地区", "科技型中小企业入库（家）", "2020年研发经费（万元）", "技术合同成交额（万元）", "2023年目标（万元）"],
            ["钦南区", 60, 52000, 8000, 9000], ["钦北区", 40, 31000, 5000, 6000], ["全市", 100, 83000, 13000, 15000]]
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    assert [(i.name, i.target) for _, i in preview.indicators] == [("科技型中小企业入库", 100), ("技术合同成交额", 13000)]
    assert "“2020年研发经费(万元)”列是其他年份的数，不是本年目标，未读取" in preview.notes
    assert "“2023年目标(万元)”列是其他年份的数，不是本年目标，未读取" in preview.notes


BEIHAI = [
    ["北海市2022年度创新驱动发展目标任务分解表"],
    ["序号", "指标名称", "全市", None, None, "海城区", None, None, "银海区", None, None, "牵头单位"],
    [None, None, "基数", "目标", "增幅", "基数", "目标", "增幅", "基数", "目标", "增幅", None],
    [1, "高新技术企业保有量（家）", 130, 152, "16.9%", 70, 80, "14.3%", 60, 72, "20%", "市科技局"],
    [2, "规上工业企业研发经费支出（万元）", 55000, 63500, 0.155, 30000, 34500, 0.15, 25000, 29000, 0.16, "市科技局"],
    [3, "全社会研发投入强度（%）", "1.2%", "1.3%", "提高0.1个百分点", "1.0%", "1.1%", "提高0.1个百分点", "1.5%", "1.7%",
     "提高0.1个百分点", "市科技局"],
]
BEIHAI_MERGES = ("A2:A3", "B2:B3", "C2:E2", "F2:H2", "I2:K2", "L2:L3")


def test_baseline_target_and_growth_under_each_unit_are_one_indicator(tmp_path: Path):
    path = sheet(tmp_path / "t.xlsx", BEIHAI, BEIHAI_MERGES, percent=("E5", "H5", "K5"))
    preview = read_breakdown_table(path, REGISTRY)
    assert [(i.name, i.measure, i.kind.value, i.target) for _, i in preview.indicators] == [
        ("高新技术企业保有量", "家", "stock", 152), ("规上工业企业研发经费支出", "万元", "increment", 63500),
        ("全社会研发投入强度", "%", "ratio", 1.3),
    ]  # fmt: skip
    assert quotas(preview) == {
        ("1", "海城区"): (80, 70), ("1", "银海区"): (72, 60), ("2", "海城区"): (34500, 30000),
        ("2", "银海区"): (29000, 25000), ("3", "海城区"): (1.1, 1.0), ("3", "银海区"): (None, 1.5),
    }  # fmt: skip
    # A 增幅 that the 基数 and 目标 agree with is checked, not asked; one that does not asks the target.
    [item] = preview.pending
    assert (item.seq, item.unit, item.value, item.baseline) == ("3", "银海区", 1.7, None)
    assert item.reason == "基数 1.5、目标 1.7 与增幅 0.1个百分点 对不上（按基数和目标算应为 0.2个百分点）：请确认目标"
    assert not any("增幅" in w and "单位" in w for w in preview.warnings + [p.reason for p in preview.pending])


def test_a_growth_column_beside_a_baseline_is_the_target(tmp_path: Path):
    rows = [["柳州市2022年科技创新目标任务分解表"],
            ["序号", "县（区）", "规上工业企业研发经费", None, "技术合同成交额（万元）"],
            [None, None, "2021年基数（万元）", "增幅（%）", None],
            [1, "城中区", 12000, 0.1, 20000], [2, "鱼峰区", 25000, 0.12, 30000], [None, "全市", 210000, 0.12, 250000]]
    path = sheet(tmp_path / "t.xlsx", rows, ("A2:A3", "B2:B3", "C2:D2", "E2:E3"), percent=("D4", "D5", "D6"))
    preview = read_breakdown_table(path, REGISTRY)
    assert [(i.name, i.measure, i.kind.value, i.target) for _, i in preview.indicators] == [
        ("规上工业企业研发经费", "万元", "growth", 12), ("技术合同成交额", "万元", "increment", 250000),
    ]  # fmt: skip
    assert quotas(preview)[("1", "城中区")] == (10, 12000) and quotas(preview)[("1", "鱼峰区")] == (12, 25000)
    assert preview.pending == []


def test_subtotals_beside_a_total_and_one_message_per_column(tmp_path: Path):
    header = ["序号", "指标名称", "计量单位", "全市目标", "兴宁区", "青秀区", "城区小计", "隆安县", "马山县", "县域小计", "合计"]
    rows = [["南宁市2022年科技创新主要指标分解表"], header, [1, "新增高新技术企业", "家", 100, 40, 50, 90, 4, 5, 9, 98]]
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    assert len(quotas(preview)) == 4  # no 小计 is a unit
    # The 合计 is the one the units are checked against, the 小计 columns are parts of it; none is "repeated".
    assert "第 3 行：序号 1 的“合计”为 98家，各单位分解数相加为 99家，请核对" in preview.warnings
    assert len(preview.warnings) == 2 and "低于总目标 100家" in preview.warnings[0]


def test_a_duplicate_goal_column_taken_as_the_figures_column_gets_one_message(tmp_path: Path):
    rows = [["崇左市2022年科技创新目标任务分解表"], ["序号", "主要目标", "具体目标", "责任单位"],
            [1, "科技型中小企业", "江州区30家以上，扶绥县25家以上。", "各县（市、区）人民政府"]]  # fmt: skip
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    said = [line for line in preview.notes + preview.warnings if "具体目标" in line]
    assert len(said) == 1 and said[0].endswith("按分解指标列读取")


@given(st.integers(2015, 2030), st.integers(2015, 2030))
def test_a_header_of_another_year_is_past_unless_a_baseline(plan: int, other: int):
    years = {plan}
    assert part_of([f"{plan}年目标"], years) == "target"
    assert part_of([f"{other}年基数"], years) == "baseline"
    assert part_of([f"{other}年研发经费"], years) == ("target" if other == plan else "past")
    assert part_of(["研发经费", "增幅(%)"], years) == "growth"
    assert without_plan_year(f"{plan}年全市目标", years) == "全市目标"
    assert plan_years(f"{plan}年科技创新指标分解表", []) == {plan}
    assert plan_years("科技创新指标分解表", [f"{plan}年目标", f"{other}年基数"]) == {plan}

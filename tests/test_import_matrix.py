"""Importing the matrix shape: one row per indicator, 全市 first, then one column (or two) per unit."""

from __future__ import annotations

from pathlib import Path

from domain.plans import Direction, IndicatorKind
from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from tests.import_tables import MATRIX_TITLE, MATRIX_UNITS, convert_to_xls, write_growth_matrix, write_matrix_table

REGISTRY = builtin_registry()


def quota_map(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def expected_matrix() -> dict[tuple[str, str], tuple[float, None]]:
    rows = {
        "1": [17, 9, 18, 14, 11, 4, 8, 9],
        "2": [32, 20, 40, 33, 40, 21, 21, 18],
        "3": [3000, 1000, 5000, 3000, 2000, 2000, 1000, 3000],
        "4": [60, 40, 70, 50, 50, 60, 40, None],
    }
    return {
        (seq, unit): (float(value), None)
        for seq, values in rows.items()
        for unit, value in zip(MATRIX_UNITS, values, strict=True)
        if value is not None
    }


def assert_matrix(preview) -> None:
    plan = preview.plan
    assert preview.shape == "指标×单位矩阵"
    assert plan.title == MATRIX_TITLE and plan.year == 2022 and plan.city == "玉林市"
    assert quota_map(preview) == expected_matrix()
    indicators = {seq: ind for seq, ind in preview.indicators}
    assert [(i.name, i.measure, i.kind, i.target) for i in indicators.values()] == [
        ("高新技术企业保有量", "家", IndicatorKind.STOCK, 101),
        ("新增国家科技型中小企业", "家", IndicatorKind.INCREMENT, 242),
        ("技术合同成交额", "万元", IndicatorKind.INCREMENT, 20000),
        ("科技特派员服务", "人次", IndicatorKind.INCREMENT, 400),
    ]
    source = {(q.seq, q.unit): q.source for q in preview.quotas}
    assert source[("3", "北流市")] == "第 8 行“各县(市、区)分解任务/北流市”列"
    # The zones have no column here, so three rows fall short of the city total: warnings, with the row.
    assert preview.warnings == [
        "第 6 行：任务 (1)：各单位分解数合计 90家，低于总目标 101家（全市 101）",
        "第 7 行：任务 (2)：各单位分解数合计 225家，低于总目标 242家（全市 242）",
        "第 9 行：任务 (4)：各单位分解数合计 370人次，低于总目标 400人次（全市 400）",
    ]
    assert preview.errors == [] and preview.notes == []


def test_matrix_every_quota(tmp_path: Path):
    assert_matrix(read_breakdown_table(write_matrix_table(tmp_path / "矩阵.xlsx"), REGISTRY))


def test_matrix_xls_copy_reads_the_same(tmp_path: Path):
    xls = convert_to_xls(write_matrix_table(tmp_path / "矩阵.xlsx"), tmp_path)
    assert_matrix(read_breakdown_table(xls, REGISTRY))


def test_three_row_header_with_target_and_baseline_per_unit(tmp_path: Path):
    preview = read_breakdown_table(write_growth_matrix(tmp_path / "增长.xlsx"), REGISTRY)
    assert quota_map(preview) == {("1", "玉州区"): (35, 5200), ("1", "北流市"): (35, 12000), ("1", "兴业县"): (35, 800)}
    (_, indicator), *_ = preview.indicators
    assert indicator.kind is IndicatorKind.GROWTH and indicator.target == 35 and indicator.measure == "万元"
    assert indicator.direction is Direction.AT_LEAST
    assert preview.plan.city == "玉林市" and preview.errors == [] and preview.warnings == []


def test_text_where_a_number_belongs_is_pending_with_file_row_and_column(tmp_path: Path):
    rows = [(1, "高新技术企业保有量", "家", 101, [17, 9, "约十几家", 14, 11, 4, 8, 9])]
    preview = read_breakdown_table(write_matrix_table(tmp_path / "坏数.xlsx", rows=rows), REGISTRY)
    assert preview.errors == [] and ("1", "北流市") not in quota_map(preview)
    [item] = preview.pending
    assert (item.id, item.unit, item.value, item.reason) == ("1/1", "北流市", None, "“约十几家”不是确定的数字")
    assert item.source == "第 6 行“各县(市、区)分解任务/北流市”列：“约十几家”"


def test_a_column_for_an_unknown_unit_is_pending_with_its_figures(tmp_path: Path):
    units = ["玉州区", "福绵区", "桃源县"]
    rows = [(1, "高新技术企业保有量", "家", 30, [10, 10, 10])]
    preview = read_breakdown_table(write_matrix_table(tmp_path / "u.xlsx", rows=rows, units=units), REGISTRY)
    assert quota_map(preview) == {("1", "玉州区"): (10, None), ("1", "福绵区"): (10, None)}
    assert "桃源县" in preview.unresolved
    [item] = preview.pending
    assert (item.name, item.unit, item.value) == ("桃源县", "", 10)
    assert item.reason == "“桃源县”不是登记表中玉林市的单位：请对应到已有单位，或新增为开发区"


def test_at_most_cells_make_an_at_most_indicator(tmp_path: Path):
    rows = [(1, "万元GDP能耗（不高于）", "%", "不高于3", ["不高于3%", "不高于2.5%"])]
    units = ["玉州区", "福绵区"]
    preview = read_breakdown_table(write_matrix_table(tmp_path / "m.xlsx", rows=rows, units=units), REGISTRY)
    (_, indicator), *_ = preview.indicators
    assert indicator.direction is Direction.AT_MOST and indicator.target == 3
    assert quota_map(preview) == {("1", "玉州区"): (3, None), ("1", "福绵区"): (2.5, None)}


def test_percent_formatted_cells_read_as_the_sheet_shows_them(tmp_path: Path):
    from openpyxl import load_workbook

    rows = [(1, "R&D经费投入强度", "%", 0.6, [0.8, 0.5])]
    path = write_matrix_table(tmp_path / "pct.xlsx", rows=rows, units=["玉州区", "福绵区"])
    wb = load_workbook(path)
    ws = wb.active
    for col in (4, 5, 6):
        ws.cell(row=6, column=col).value = ws.cell(row=6, column=col).value / 100
        ws.cell(row=6, column=col).number_format = "0.0%"
    wb.save(path)
    preview = read_breakdown_table(path, REGISTRY)
    (_, indicator), *_ = preview.indicators
    assert indicator.kind is IndicatorKind.RATIO and indicator.target == 0.6
    assert quota_map(preview) == {("1", "玉州区"): (0.8, None), ("1", "福绵区"): (0.5, None)}


def test_single_header_row_and_a_measure_line_beside_the_title(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2022年玉林市技术合同成交额分解表", None, None, None, "单位：万元"])
    ws.append(["序号", "指标", "全市", "玉州区", "福绵区"])
    ws.append([1, "技术合同成交额", "1亿元", 5000, "0.5亿元"])
    path = tmp_path / "成交额.xlsx"
    wb.save(path)
    preview = read_breakdown_table(path, REGISTRY)
    assert preview.plan.title == "2022年玉林市技术合同成交额分解表"
    (_, indicator), *_ = preview.indicators
    assert (indicator.measure, indicator.target) == ("万元", 10000)
    assert quota_map(preview) == {("1", "玉州区"): (5000, None), ("1", "福绵区"): (5000, None)}
    assert preview.warnings == [] and preview.notes == [] and preview.errors == []

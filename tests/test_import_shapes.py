"""The table shapes other cities send: units as rows, sections, 合计 beside 全市, % formats in .xlsx and .xls."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from tests.import_tables import convert_to_xls

REGISTRY = builtin_registry()


def figures(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def totals(preview) -> dict[str, float | None]:
    return {seq: indicator.target for seq, indicator in preview.indicators}


def test_units_as_rows_with_a_bottom_total_row_and_bracketed_notes(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["崇左市2023年科技指标分解"])
    ws.append(["单位", "高新技术企业（家）", "技术合同成交额（万元）", "R&D投入强度（%）"])
    ws.append(["江州区", 30, 8000, "0.5%"])
    ws.append(["扶绥县（含空港经济区）", 25, "1亿元", "0.6%"])
    ws.append(["凭祥市", 10, 5000, "0.4%"])
    ws.append(["全市合计", 90, 30000, "0.55%"])
    wb.save(tmp_path / "a.xlsx")
    preview = read_breakdown_table(tmp_path / "a.xlsx", REGISTRY)
    assert preview.shape == "单位×指标矩阵" and preview.plan.city == "崇左市"
    assert [(i.name, i.measure) for _, i in preview.indicators] == [
        ("高新技术企业", "家"), ("技术合同成交额", "万元"), ("R&D投入强度", "%"),
    ]  # fmt: skip
    assert totals(preview) == {"1": 90, "2": 30000, "3": 0.55}
    assert figures(preview)[("2", "扶绥县")] == (10000, None) and figures(preview)[("3", "凭祥市")] == (0.4, None)
    assert preview.pending == [] and preview.errors == []


def test_unmerged_section_rows_in_a_matrix_are_headings_and_serials_restart_by_section(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2023年钦州市科技创新目标任务表"])
    ws.append(["序号", "指标", "全市", "钦南", "钦北", "灵山", "浦北", "备注"])
    ws.append(["一、创新主体"])
    ws.append([1, "高新技术企业数（家）", 60, 20, 15, "十五", "10", ""])
    ws.append([2, "科技型中小企业（家）", "不少于100家", 30, 25, 25, 20, ""])
    ws.append(["二、创新投入"])
    ws.append([1, "R&D经费增长（%）", "12%以上", "15", "12", "10%", "8%左右", ""])
    ws.append(["注：各县区可在此基础上自加压力。"])
    wb.save(tmp_path / "b.xlsx")
    preview = read_breakdown_table(tmp_path / "b.xlsx", REGISTRY)
    assert [(t.seq, t.topic) for t in preview.plan.tasks] == [
        ("1.1", "一、创新主体"), ("1.2", "一、创新主体"), ("2.1", "二、创新投入"),
    ]  # fmt: skip
    assert totals(preview) == {"1.1": 60, "1.2": 100, "2.1": 12}
    assert figures(preview)[("1.1", "灵山县")] == (15, None) and figures(preview)[("2.1", "浦北县")] == (8, None)
    assert preview.errors == [] and preview.pending == []


def test_a_sum_column_checks_the_quotas_and_is_never_the_city_target(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2023年北海市科技创新目标任务分解表"])
    ws.append(["序号", "指标名称", "计量单位", "全市目标", "县区合计", "海城区", "银海区", "铁山港区", "合浦县"])
    ws.append([1, "高新技术企业数", "家", 260, 190, 60, 70, 35, 30])
    ws.append([2, "科技型中小企业", "家", 150, 100, 30, 25, 20, 25])
    wb.save(tmp_path / "c.xlsx")
    preview = read_breakdown_table(tmp_path / "c.xlsx", REGISTRY)
    assert totals(preview) == {"1": 260, "2": 150}
    assert "第 3 行：序号 1 的“合计”为 190家，各单位分解数相加为 195家，请核对" in preview.warnings
    assert not any("序号 2 的“合计”" in w for w in preview.warnings)
    ws.delete_cols(4)  # without a 全市 column the 合计 is still no target
    wb.save(tmp_path / "d.xlsx")
    preview = read_breakdown_table(tmp_path / "d.xlsx", REGISTRY)
    assert totals(preview) == {"1": None, "2": None}
    assert any("只有“合计”（190家），没有“全市”目标列" in n for n in preview.notes)


def test_percent_formatted_numbers_are_percent_in_xlsx_and_in_the_xls_copy(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2023年贺州市科技创新指标分解表"])
    ws.append(["序号", "指标名称", "全市", "八步区", "平桂区", "昭平县"])
    ws.append([1, "R&D经费投入强度（%）", 0.008, 0.007, 0.009, 0.004])
    ws.append([2, "规上工业企业研发经费增长率", 0.15, 0.2, 0.25, 0.1])
    ws.append([3, "科技支出占比（%）", 0.012, 0.011, 0.3, 1.0])
    for row in (3, 4):
        for column in range(3, 7):
            ws.cell(row, column).number_format = "0.0%" if row == 3 else "0%"
    for column in (3, 4):
        ws.cell(5, column).number_format = "0.0%"
    xlsx = tmp_path / "e.xlsx"
    wb.save(xlsx)
    for path in (xlsx, convert_to_xls(xlsx, tmp_path)):
        preview = read_breakdown_table(path, REGISTRY)
        assert totals(preview) == {"1": 0.8, "2": 15, "3": 1.2}, path.name
        read = figures(preview)
        assert read[("1", "八步区")] == (0.7, None) and read[("2", "平桂区")] == (25, None), path.name
        assert read[("3", "八步区")] == (1.1, None) and read[("3", "昭平县")] == (1, None), path.name
        [doubt] = preview.pending  # 0.3 under no % format: 30 % or 0.3 %?
        assert (doubt.unit, doubt.reason) == ("平桂区", "单元格是 0.3，没有设为百分比格式：是 30% 还是 0.3%？")


def test_a_unit_written_twice_with_two_figures_or_of_another_city_is_asked_not_guessed(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2023年玉林市科技指标分解表"])
    ws.append(["序号", "指标名称", "全市", "北流市", "容县", "北流", "右江区"])
    ws.append([1, "高新技术企业数（家）", 60, 20, 15, 18, 3])
    ws.append([2, "科技型中小企业（家）", 60, 20, 15, 20, 3])  # the same figure twice is no doubt
    wb.save(tmp_path / "twice.xlsx")
    preview = read_breakdown_table(tmp_path / "twice.xlsx", REGISTRY)
    assert figures(preview) == {("1", "容县"): (15, None), ("2", "北流市"): (20, None), ("2", "容县"): (15, None)}
    assert [(p.id, p.unit, p.value, p.reason) for p in preview.pending] == [
        ("1/1", "北流市", None, "北流市有两处数字（20 与 18），不知以哪个为准"),
        ("1/2", "", 3, "右江区属于百色市，不是玉林市的单位：请确认是否写错，或对应到本市单位"),
        ("2/1", "", 3, "右江区属于百色市，不是玉林市的单位：请确认是否写错，或对应到本市单位"),
    ]


def test_a_matrix_whose_name_column_is_headed_otherwise_takes_it_as_the_indicator(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2023年玉林市科技指标分解表"])
    ws.append(["项目", "全市", "北流", "容县", "陆川"])
    ws.append(["高新技术企业（家）", 60, 20, 15, 10])
    wb.save(tmp_path / "item.xlsx")
    preview = read_breakdown_table(tmp_path / "item.xlsx", REGISTRY)
    assert [(i.name, i.measure, i.target) for _, i in preview.indicators] == [("高新技术企业", "家", 60)]
    assert figures(preview) == {("1", "北流市"): (20, None), ("1", "容县"): (15, None), ("1", "陆川县"): (10, None)}

"""Hidden rows and columns (what officials hide when it no longer applies) are not read as live data, in
.xlsx and .xls alike: a hidden indicator or task is left out and named, a hidden column of actuals is never
the city target, a hidden unit's figures are asked about, and columns of actuals or another year are named."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from importers.table_hidden import hidden_parts
from tests.import_tables import convert_to_xls

REGISTRY = builtin_registry()
UNITS = ["兴宁区", "青秀区", "江南区", "横州市"]


def quotas(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def nanning_matrix(path: Path, *, hide: bool = True) -> Path:
    """序号 | 指标 | 计量单位 | 2021年全市完成 (hidden) | 全市目标 | four units | 备注, a hidden cancelled row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "分解表"
    ws.append(["南宁市2022年科技创新主要指标分解表"])
    ws.append(["序号", "指标名称", "计量单位", "2021年全市完成", "全市目标", *UNITS, "备注"])
    ws.append([1, "高新技术企业保有量", "家", 1085, 1200, 300, 500, 250, 150, ""])
    ws.append([None, "科技企业孵化器", "个", 12, 15, 4, 5, 3, 3, "已调整"])
    ws.append([2, "技术合同成交额", "亿元", 52, 60, 10, 30, 12, 8, ""])
    if hide:
        ws.column_dimensions["D"].hidden = True
        ws.row_dimensions[4].hidden = True
        ws.column_dimensions["I"].hidden = True  # 横州市: its figures are asked, never dropped
    wb.save(path)
    return path


def test_hidden_rows_and_columns_are_read_from_the_file(tmp_path: Path):
    path = nanning_matrix(tmp_path / "h.xlsx")
    assert hidden_parts(path, "xlsx")["分解表"].rows == {3}
    assert hidden_parts(path, "xlsx")["分解表"].columns == {3, 8}


def test_a_hidden_row_and_a_hidden_column_of_actuals_are_no_live_data(tmp_path: Path):
    preview = read_breakdown_table(nanning_matrix(tmp_path / "h.xlsx"), REGISTRY)
    assert [(t.seq, i.name, i.target) for t in preview.plan.tasks for i in t.indicators] == [
        ("1", "高新技术企业保有量", 1200), ("2", "技术合同成交额", 60),
    ]  # fmt: skip
    assert preview.errors == []
    assert "“2021年全市完成”列是完成数（实际数），不是目标，未读取（表中已隐藏）" in preview.notes
    assert any(n.startswith("第 4 行：“科技企业孵化器”在表中被隐藏，未导入") for n in preview.notes), preview.notes
    assert quotas(preview)[("1", "青秀区")] == (500, None)
    asked = {(p.seq, p.unit): (p.value, p.reason) for p in preview.pending}
    assert asked[("1", "横州市")] == (150, "“横州市”列在表中被隐藏（可能已不适用）：请确认是否登记")
    assert ("1", "横州市") not in quotas(preview)


def test_visible_the_column_of_actuals_is_still_no_target_and_the_row_without_serial_is_read(tmp_path: Path):
    preview = read_breakdown_table(nanning_matrix(tmp_path / "v.xlsx", hide=False), REGISTRY)
    names = [(t.seq, i.name, i.target) for t in preview.plan.tasks for i in t.indicators]
    # Without 序号 between 1 and 2, holding figures: an indicator of its own, numbered after the row above.
    assert names == [("1", "高新技术企业保有量", 1200), ("1-1", "科技企业孵化器", 15), ("2", "技术合同成交额", 60)]
    assert "第 4 行：“科技企业孵化器”没有序号，按序号 1-1 导入" in preview.notes
    assert "“2021年全市完成”列是完成数（实际数），不是目标，未读取" in preview.notes
    assert preview.errors == []


def test_hidden_rows_and_columns_of_an_xls(tmp_path: Path):
    xls = convert_to_xls(nanning_matrix(tmp_path / "南宁.xlsx"), tmp_path)
    assert hidden_parts(xls, "xls")["分解表"].rows == {3}
    assert hidden_parts(xls, "xls")["分解表"].columns == {3, 8}
    preview = read_breakdown_table(xls, REGISTRY)
    assert [i.target for _, i in preview.indicators] == [1200, 60]
    assert ("1", "横州市") not in quotas(preview) and any(p.unit == "横州市" for p in preview.pending)


def qinzhou_units(path: Path) -> Path:
    """Units as rows: a hidden column of 2020 figures, a hidden unit row and a hidden 合计 row."""
    wb = Workbook()
    ws = wb.active
    ws.append(["钦州市2022年科技创新主要指标分解表"])
    ws.append(["地区", "科技型中小企业入库（家）", "2020年研发经费（万元）", "技术合同成交额（万元）"])
    ws.append(["钦南区", 60, 52000, 8000])
    ws.append(["钦北区", 40, 31000, 5000])
    ws.append(["灵山县", 35, 18000, 3000])
    ws.append(["浦北县", 30, 12000, 2000])
    ws.append(["合计", 165, 113000, 18000])
    ws.append(["全市", 200, 148000, 20000])
    ws.column_dimensions["C"].hidden = True
    ws.row_dimensions[6].hidden = True  # 浦北县
    ws.row_dimensions[7].hidden = True  # 合计
    wb.save(path)
    return path


def test_units_as_rows_with_hidden_parts(tmp_path: Path):
    preview = read_breakdown_table(qinzhou_units(tmp_path / "q.xlsx"), REGISTRY)
    assert [(i.name, i.target) for _, i in preview.indicators] == [("科技型中小企业入库", 200), ("技术合同成交额", 20000)]
    assert "“2020年研发经费(万元)”列是其他年份的数，不是本年目标，未读取（表中已隐藏）" in preview.notes
    assert any(n.startswith("第 7 行：“合计”在表中被隐藏，未导入") for n in preview.notes)
    assert quotas(preview)[("1", "钦南区")] == (60, None) and ("1", "浦北县") not in quotas(preview)
    asked = [(p.seq, p.unit, p.value) for p in preview.pending]
    assert asked == [("1", "浦北县", 30), ("2", "浦北县", 2000)]
    assert all(p.reason == "第 6 行“浦北县”在表中被隐藏（可能已不适用）：请确认是否登记" for p in preview.pending)


def test_a_hidden_task_row_of_a_task_list_is_left_out_and_named(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["北海市2024年科技工作要点分工表"])
    ws.append(["序号", "工作任务", "具体目标", "牵头单位"])
    ws.append([1, "高新技术企业", "全市新增高新技术企业10家，其中海城区4家、银海区3家。", "市科技局"])
    ws.append([2, "孵化载体", "海城区新建孵化器1家。", "市科技局"])
    ws.append([3, "科技特派员", "海城区、银海区各不少于20人次。", "市科技局"])
    ws.row_dimensions[4].hidden = True
    wb.save(tmp_path / "t.xlsx")
    preview = read_breakdown_table(tmp_path / "t.xlsx", REGISTRY)
    assert [t.seq for t in preview.plan.tasks] == ["1", "3"]
    assert any(n.startswith("第 4 行：“孵化载体") and "在表中被隐藏，未导入" in n for n in preview.notes)

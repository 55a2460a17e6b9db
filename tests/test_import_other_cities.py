"""Tables worded as other cities word them: the figures column under any header, units as rows under a
three-row header with the city's own name and unregistered zones, a section row under the header, a bare
number among % cells, 合计 checks that count the 待确认 units, and what an unknown name is said to be."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry

REGISTRY = builtin_registry()


def quotas(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def pending(preview) -> list[tuple[str, str, float | None, float | None]]:
    return [(p.id, p.name, p.value, p.baseline) for p in preview.pending]


def _task_list(path: Path, header: list[str], rows: list[list], title: str = "北海市2024年科技工作要点分工表") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["附件2"])
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


HAI_CHENG = "全市新增高新技术企业10家，其中海城区4家、银海区3家、铁山港区2家、合浦县1家。"
STAFF = "组织科技特派员下乡服务，海城区、银海区各不少于20人次。"


@pytest.mark.parametrize("header", ["具体目标", "指标分解", "目标及分解", "年度安排"])
def test_the_figures_column_is_read_whatever_its_header(tmp_path: Path, header: str):
    rows = [["1", "壮大高新技术企业群体", HAI_CHENG, "市科技局", "2024年12月底"],
            ["2", "深化科技特派员服务", STAFF, "市科技局", "2024年11月底"]]  # fmt: skip
    path = _task_list(tmp_path / "t.xlsx", ["序号", "工作任务", header, "牵头单位", "时间节点"], rows)
    preview = read_breakdown_table(path, REGISTRY)
    assert quotas(preview) == {
        ("1", "海城区"): (4, None), ("1", "银海区"): (3, None), ("1", "铁山港区"): (2, None), ("1", "合浦县"): (1, None),
        ("2", "海城区"): (20, None), ("2", "银海区"): (20, None),
    }  # fmt: skip
    assert [i.target for _, i in preview.indicators] == [10, None]
    assert [t.lead for t in preview.plan.tasks] == ["市科技局", "市科技局"]
    if header == "年度安排":  # no word of the vocabulary: chosen by what its cells hold, and said so
        assert any(n.startswith("“年度安排”列有 2 处写有单位名称和数字") for n in preview.notes), preview.notes


def test_a_column_of_titles_beside_the_figures_names_the_tasks(tmp_path: Path):
    rows = [[1, "提升企业创新能力", HAI_CHENG, "市科技局", "2024年12月31日"]]
    path = _task_list(tmp_path / "t.xlsx", ["序号", "目标任务", "指标分解", "责任单位", "完成时限"], rows)
    preview = read_breakdown_table(path, REGISTRY)
    [task] = preview.plan.tasks
    assert task.indicators[0].name == "提升企业创新能力" and task.indicators[0].target == 10
    assert quotas(preview)[("1", "海城区")] == (4, None)


def test_units_with_figures_that_nothing_reads_are_said_loudly(tmp_path: Path):
    rows = [["1", "开展科技活动周", "市科技局", "海城区承办主会场，银海区、合浦县各承办2场分会场", "2024年5月"]]
    path = _task_list(tmp_path / "t.xlsx", ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"], rows)
    preview = read_breakdown_table(path, REGISTRY)
    assert preview.quotas == [] and preview.pending == []
    assert preview.warnings[0].startswith("注意：表中没有读出任何分解指标，但“责任单位”列有 1 处写有单位名称和数字")


def test_a_section_row_under_the_header_is_a_heading_not_a_header_row(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年北海市科技创新工作要点分工表"])
    ws.append(["序号", "工作要点", "主要目标", "牵头单位", "配合单位", "完成时限"])
    ws.append(["一、企业创新"])
    ws.merge_cells("A3:F3")
    ws.append(["1", "培育高新技术企业", HAI_CHENG, "市科技局", "各县（区）科技局", "2024年12月31日"])
    ws.append(["二、人才服务"])
    ws.merge_cells("A5:F5")
    ws.append(["1", "选派科技特派员", STAFF, "市科技局", "各县（区）", "2024年11月30日"])
    wb.save(tmp_path / "s.xlsx")
    preview = read_breakdown_table(tmp_path / "s.xlsx", REGISTRY)
    assert preview.warnings == []
    assert [(t.seq, t.topic, t.lead, t.partners, str(t.deadline)) for t in preview.plan.tasks] == [
        ("1.1", "一、企业创新", "市科技局", "各县（区）科技局", "2024-12-31"),
        ("2.1", "二、人才服务", "市科技局", "各县（区）", "2024-11-30"),
    ]
    assert quotas(preview)[("2.1", "银海区")] == (20, None)


def _units_as_rows(path: Path, rows: list[list], note: str = "注：管理区、试验区数据单列。") -> Path:
    """防城港-style: 序号 | 县（市、区） | 高新技术企业{保有量{基数, 目标}, 新增} | 技术合同成交额（万元） | 研发投入增长."""
    wb = Workbook()
    ws = wb.active
    ws.append(["防城港市2024年科技创新主要指标分解表"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "县（市、区）", "高新技术企业", None, None, "技术合同成交额（万元）", "研发经费支出"])
    ws.append([None, None, "保有量（家）", None, "新增（家）", None, "2024年增长目标"])
    ws.append([None, None, "基数", "目标", None, None, None])
    for cells in ("A2:A4", "B2:B4", "C2:E2", "C3:D3", "E3:E4", "F2:F4", "G3:G4"):
        ws.merge_cells(cells)
    for row in rows:
        ws.append(row)
        if isinstance(row[-1], float) and row[-1] < 1 and row[1] != "东兴市":
            ws.cell(ws.max_row, 7).number_format = "0%"  # 东兴市's cell was typed without the format
    ws.append([note])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
    wb.save(path)
    return path


FANG_ROWS = [
    [None, "防城港市", 60, 72, 15, 21000, 0.15],
    [1, "港口区", 25, 30, 6, 9000, 0.15],
    [2, "防城区", 15, 18, 4, 5000, 0.2],
    [3, "上思县", 5, 6, 1, 1500, 0.1],
    [4, "东兴市", 10, 12, 3, 3000, 0.2],
    [5, "企沙管理区", 3, 4, 1, 500, 0.3],
    [6, "东湾片区", 2, 2, None, 1000, 0.3],
    [None, "市本级", None, None, None, 1000, None],
    [None, "合计", 60, 72, 15, 21000, "—"],
]


def test_units_as_rows_under_a_three_row_header_with_the_city_and_unregistered_names(tmp_path: Path):
    preview = read_breakdown_table(_units_as_rows(tmp_path / "u.xlsx", FANG_ROWS), REGISTRY)
    assert preview.shape == "单位×指标矩阵" and preview.plan.city == "防城港市"
    assert [(i.name, i.measure, i.target) for _, i in preview.indicators] == [
        ("高新技术企业保有量", "家", 72), ("高新技术企业新增", "家", 15), ("技术合同成交额", "万元", 21000),
        ("研发经费支出", "万元", 15),
    ]  # fmt: skip
    found = quotas(preview)
    assert found[("1", "港口区")] == (30, 25) and found[("2", "东兴市")] == (3, None)
    assert found[("3", "防城港市")] == (1000, None)  # 市本级: the city unit's own share
    assert found[("4", "防城区")] == (20, None) and ("4", "东兴市") not in found
    assert ("1", "企沙管理区") not in found and ("1", "东湾片区") not in found
    reasons = {(p.seq, p.name): p.reason for p in preview.pending}
    assert reasons[("1", "企沙管理区")] == "“企沙管理区”不是登记表中防城港市的单位：请对应到已有单位，或新增为开发区"
    assert reasons[("1", "东湾片区")] == "“东湾片区”是未登记的开发区（园区）：可映射到已登记单位或新增为本市开发区"
    assert reasons[("4", "东兴")] == "单元格是 0.2，没有设为百分比格式：是 20% 还是 0.2%？"
    # One item carries a zone's target and 基数, so that one decision places both.
    assert [(p.value, p.baseline, p.read_text()) for p in preview.pending if p.seq == "1"] == [
        (4, 3, "读到 4家，基数 3家"), (2, 2, "读到 2家，基数 2家"),
    ]  # fmt: skip
    # The 合计 counts the units waiting for a decision, with what was read for them.
    assert "第 13 行：序号 3 的“合计”为 21000万元；已确定的分解数相加为 19500万元，另有 2 项待确认（读到 500万元、" \
           "1000万元），确认后相加为 21000万元，与“合计”相符" in preview.notes  # fmt: skip
    assert preview.errors == [] and preview.warnings == []


def test_a_former_name_of_a_unit_is_asked_naming_the_unit(tmp_path: Path):
    rows = [[1, "港口区", 25, 30, 6, 9000, 0.15], [2, "防城区", 15, 18, 4, 5000, 0.2],
            [3, "东兴管理区", 10, 12, 3, 3000, 0.2]]  # fmt: skip
    preview = read_breakdown_table(_units_as_rows(tmp_path / "u.xlsx", rows), REGISTRY)
    item = next(p for p in preview.pending if p.name == "东兴管理区")
    assert item.unit == "" and item.reason.startswith("“东兴管理区”不是登记表中的名称，可能是东兴市：请对应到东兴市")


def test_an_unnamed_column_between_unit_columns_is_asked_and_a_sign_is_read(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年钦州市科技创新指标分解表"])
    ws.append(["序号", "指标", "全市", "钦南区", "钦北区", "灵山新城", "浦北县"])
    ws.append([1, "高新技术企业（家）", 100, "≥30", 25, 10, 20])
    wb.save(tmp_path / "m.xlsx")
    preview = read_breakdown_table(tmp_path / "m.xlsx", REGISTRY)
    assert quotas(preview) == {("1", "钦南区"): (30, None), ("1", "钦北区"): (25, None), ("1", "浦北县"): (20, None)}
    assert pending(preview) == [("1/1", "灵山新城", 10, None)]


def test_names_in_sentences_say_what_they_are(tmp_path: Path):
    rows = [["1", "培育科技企业", "新增高新技术企业12家，港北区5家，港南区4家，钦南区2家，贵港高新区1家。", "市科技局"]]
    path = _task_list(tmp_path / "n.xlsx", ["序号", "重点任务", "目标任务", "责任单位"], rows,
                      title="贵港市2024年科技创新目标任务分解表")  # fmt: skip
    preview = read_breakdown_table(path, REGISTRY)
    reasons = {p.name: (p.unit, p.reason) for p in preview.pending}
    assert reasons["钦南区"] == ("", "钦南区属于钦州市，不是贵港市的单位：请确认是否写错，或对应到本市单位")
    assert reasons["贵港高新区"] == ("", "“贵港高新区”是未登记的开发区（园区）：可映射到已登记单位或新增为本市开发区")
    assert quotas(preview) == {("1", "港北区"): (5, None), ("1", "港南区"): (4, None)}


def test_units_grouped_under_section_rows_with_subtotals(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年玉林市科技指标分解表"])
    ws.append(["序号", "单位名称", "高新技术企业（家）", "技术合同成交额"])
    ws.append(["一、城区"])
    ws.merge_cells("A3:D3")
    ws.append([1, "玉州区", 30, "5000万元"])
    ws.append([2, "福绵区", 10, "0.2亿元"])
    ws.append([None, "城区小计", 40, "7000万元"])
    ws.append(["二、县（市）"])
    ws.merge_cells("A7:D7")
    ws.append([3, "北流市", 25, "4000万元"])
    ws.append([4, "玉林经开区", 5, "1000万元"])
    ws.append([None, "县小计", 30, "5000万元"])
    ws.append([None, "全市合计", 70, "1.2亿元"])
    wb.save(tmp_path / "g.xlsx")
    preview = read_breakdown_table(tmp_path / "g.xlsx", REGISTRY)
    assert preview.shape == "单位×指标矩阵"
    assert [(i.measure, i.target) for _, i in preview.indicators] == [("家", 70), ("万元", 12000)]
    assert quotas(preview) == {
        ("1", "玉州区"): (30, None), ("1", "福绵区"): (10, None), ("1", "北流市"): (25, None),
        ("2", "玉州区"): (5000, None), ("2", "福绵区"): (2000, None), ("2", "北流市"): (4000, None),
    }  # fmt: skip
    assert pending(preview) == [("1/1", "玉林经开区", 5, None), ("2/1", "玉林经开区", 1000, None)]
    assert preview.warnings == []
    assert preview.notes[0] == ("第 11 行：序号 1 的全市目标为 70家；已确定的分解数相加为 65家，另有 1 项待确认（读到 5家），"
                                "确认后相加为 70家，与全市目标相符")  # fmt: skip


def test_one_decision_on_a_zone_places_its_target_and_its_baseline(tmp_path: Path):
    from importers.table_review import Review, apply_review

    preview = read_breakdown_table(_units_as_rows(tmp_path / "u.xlsx", FANG_ROWS), REGISTRY)
    zone = next(p for p in preview.pending if p.seq == "1" and p.name == "东湾片区")
    former = next(p for p in preview.pending if p.seq == "1" and p.name == "企沙管理区")
    review = Review(zones=["东湾片区"], resolved={former.id: 5})
    plan = apply_review(preview.plan, preview.pending, review)
    quota = plan.task("1").indicators[0].quota_for
    assert (quota("东湾片区").target, quota("东湾片区").baseline) == (2, 2) and zone.read_text() == "读到 2家，基数 2家"
    assert quota("企沙管理区") is None  # a value without a unit to give it to places nothing

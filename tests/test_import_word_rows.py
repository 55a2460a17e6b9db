"""Tables laid out in Word and pasted into Excel: cells merged over sub-rows, labels in merged columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from operations.import_table import preview_import

TITLE = "防城港市2024年科技创新工作目标任务分解表"
FIRST = "全市高新技术企业保有量达到150家以上，其中港口区人民政府不少于55家，防城区人民政府不少于35家，上思县不少于15家，东兴市不少于30家。"
SECOND = "新增高新技术企业30家，各县（市、区）各不少于6家。"


def word_task_list(path: Path, *, merged: bool) -> Path:
    """One task over two sub-rows, each with its own sentence of figures; 序号 / 工作任务 / 责任单位 merged
    over both (as Word lays it out) or left blank in the second (as a re-typed copy does)."""
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["序号", "工作任务", "目标任务及分解", "责任单位", "完成时限"])
    sheet.append([1, "培育高新技术企业", FIRST, "各县（市、区）", "2024年12月"])
    sheet.append([None, None, SECOND, None, "2024年12月"])
    sheet.append([2, "加强科技特派员服务", "选派科技特派员100人次，港口区25人次，防城区35人次，上思县20人次，东兴市20人次。",
                  "各县（市、区）", "2024年12月"])  # fmt: skip
    if merged:
        for column in "ABD":
            sheet.merge_cells(f"{column}3:{column}4")
    book.save(path)
    return path


@pytest.mark.parametrize("merged", [True, False])
def test_both_sub_rows_of_a_task_are_read(store, tmp_path, merged):
    preview = preview_import(store, word_task_list(tmp_path / "分解表.xlsx", merged=merged))
    assert preview.errors == [] and [t.seq for t in preview.plan.tasks] == ["1", "2"]
    first = preview.plan.task("1")
    held = {i.name: (i.target, {q.unit: q.target for q in i.quotas}) for i in first.indicators}
    assert held == {
        "高新技术企业保有量": (150, {"港口区": 55, "防城区": 35, "上思县": 15, "东兴市": 30}),
        "新增高新技术企业": (30, {"港口区": 6, "防城区": 6, "上思县": 6, "东兴市": 6}),
    }
    assert SECOND in first.text and first.responsible == "各县（市、区）"
    assert {q.unit: q.target for q in preview.plan.task("2").indicators[0].quotas}["防城区"] == 35


def category_table(path: Path) -> Path:
    """Units down 县（区）, sorted by a merged 类别 column (城区 / 县), 全市 written in the 类别 column only."""
    book = Workbook()
    sheet = book.active
    sheet.append(["河池市2022年科技创新目标任务分解表"])
    sheet.append(["序号", "类别", "县（区）", "新增高新技术企业（家）", "技术合同成交额（万元）"])
    sheet.append([1, "城区", "金城江区", 8, 6000])
    sheet.append([2, None, "宜州区", 6, 4000])
    sheet.append([3, "县", "南丹县", 4, 2000])
    sheet.append([4, None, "天峨县", 2, 800])
    sheet.append([None, "全市", None, 31, 18000])
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("B5:B6")
    book.save(path)
    return path


def test_the_city_row_named_in_a_merged_category_column_gives_the_totals(store, tmp_path):
    preview = preview_import(store, category_table(tmp_path / "河池.xlsx"))
    indicators = [i for _, i in preview.indicators]
    assert [(i.name, i.target) for i in indicators] == [("新增高新技术企业", 31), ("技术合同成交额", 18000)]
    assert {q.unit: q.target for q in indicators[0].quotas} == {"金城江区": 8, "宜州区": 6, "南丹县": 4, "天峨县": 2}
    assert preview.pending == []
    assert "“类别”列是单位的分类（城区、县），不是指标，未作为指标读取" in preview.notes

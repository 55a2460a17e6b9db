"""A "其中：X" row under a unit gives the part of that unit's figures that is X's: X is named without 其中, its
figures are asked (not added as one more unit), and the 合计 check leaves them out."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from operations.import_table import preview_import


def small_table(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["钦州市2025年科技创新目标任务分解表"])
    sheet.append(["单位", "高新技术企业保有量（家）", "技术合同成交额（万元）"])
    for row in (["合计", 150, 57000], ["钦南区", 70, 30000], ["其中：钦州港经济技术开发区", 40, 20000],
                ["钦北区", 40, 15000], ["灵山县", 40, 12000]):  # fmt: skip
        sheet.append(row)
    book.save(path)
    return path


def test_a_sub_row_does_not_hide_a_small_table_of_three_units(store, tmp_path):
    preview = preview_import(store, small_table(tmp_path / "钦州.xlsx"))
    firms = preview.plan.task("1").indicators[0]
    assert {q.unit: q.target for q in firms.quotas} == {"钦南区": 70, "钦北区": 40, "灵山县": 40}


def table(path: Path, sub: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["钦州市2025年科技创新目标任务分解表"])
    sheet.append(["单位", "高新技术企业保有量（家）", "技术合同成交额（万元）", "科技特派员（人次）"])
    sheet.append(["合计", 180, 72000, 120])
    sheet.append(["钦南区", 70, 30000, 30])
    sheet.append([sub, 40, 20000, 10])
    sheet.append(["钦北区", 40, 15000, 30])
    sheet.append(["灵山县", 40, 12000, 30])
    sheet.append(["浦北县", 30, 15000, 30])
    book.save(path)
    return path


@pytest.mark.parametrize("sub", ["  其中：钦州港经济技术开发区", "（其中钦州港经济技术开发区）", "其中:钦州港经济技术开发区"])
def test_a_part_of_the_unit_above_is_asked_under_its_own_name_and_not_added_up(store, tmp_path, sub):
    preview = preview_import(store, table(tmp_path / "钦州.xlsx", sub))
    asked = {(p.name, p.value) for p in preview.pending}
    assert asked == {("钦州港经济技术开发区", 40), ("钦州港经济技术开发区", 20000), ("钦州港经济技术开发区", 10)}
    assert all("是上一行“钦南区”的其中数" in p.reason for p in preview.pending)
    firms = preview.plan.task("1").indicators[0]
    assert {q.unit: q.target for q in firms.quotas} == {"钦南区": 70, "钦北区": 40, "灵山县": 40, "浦北县": 30}
    assert not any("与“合计”不符" in w for w in preview.warnings)

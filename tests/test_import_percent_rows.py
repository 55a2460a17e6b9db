"""A row that says its figures are in % (计量单位 “%”, or a heading ending “（%）”) is read in %: a bare 0.8
there is 0.8 %, not asked as “80% 还是 0.8%”. Where % is only implied by the name (强度), 0.8 is still asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from operations.import_table import preview_import

TITLE = "梧州市2023年科技创新目标任务分解表"
UNITS = ["万秀区", "长洲区", "龙圩区", "苍梧县"]


def matrix(path: Path, name: str, measure: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["序号", "指标", "计量单位", "全市目标", *UNITS])
    sheet.append([1, "新增高新技术企业", "家", 40, 10, 10, 10, 10])
    sheet.append([2, name, measure, 1.2, 1.5, 1.3, 0.9, 0.8])
    book.save(path)
    return path


def unit_rows(path: Path, heading: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["序号", "县（市、区）", "新增高新技术企业（家）", heading])
    for number, (unit, share) in enumerate(zip(UNITS, (1.5, 1.3, 0.9, 0.8), strict=True), start=1):
        sheet.append([number, unit, 10, share])
    sheet.append([None, "全市", 40, 1.2])
    book.save(path)
    return path


def targets(preview, seq: str) -> dict[str, float]:
    return {q.unit: q.target for q in preview.plan.task(seq).indicators[0].quotas}


@pytest.mark.parametrize(("name", "measure"), [("研发经费投入强度", "%"), ("研发经费投入强度", " ％ "),
                                               ("研发经费投入强度（%）", ""), ("高新技术企业营收占比（%）", "")])  # fmt: skip
def test_a_row_that_says_percent_reads_a_bare_fraction_as_percent(store, tmp_path, name, measure):
    preview = preview_import(store, matrix(tmp_path / "梧州.xlsx", name, measure))
    indicator = preview.plan.task("2").indicators[0]
    assert indicator.measure == "%" and indicator.target == 1.2
    assert targets(preview, "2") == {"万秀区": 1.5, "长洲区": 1.3, "龙圩区": 0.9, "苍梧县": 0.8}
    assert preview.pending == []


def test_percent_implied_only_by_the_name_still_asks_about_a_bare_fraction(store, tmp_path):
    preview = preview_import(store, matrix(tmp_path / "梧州.xlsx", "研发经费投入强度", ""))
    asked = {p.unit: p.reason for p in preview.pending}
    assert asked["苍梧县"] == "单元格是 0.8，没有设为百分比格式：是 80% 还是 0.8%？"


def test_a_unit_rows_heading_in_percent_reads_bare_fractions_as_percent(store, tmp_path):
    preview = preview_import(store, unit_rows(tmp_path / "梧州.xlsx", "研发经费投入强度（%）"))
    indicator = preview.plan.task("2").indicators[0]
    assert indicator.measure == "%" and indicator.target == 1.2 and preview.pending == []
    assert targets(preview, "2") == {"万秀区": 1.5, "长洲区": 1.3, "龙圩区": 0.9, "苍梧县": 0.8}


def test_a_bare_fraction_among_cells_with_a_percent_format_is_still_asked(store, tmp_path):
    path = matrix(tmp_path / "梧州.xlsx", "研发经费投入强度", "%")
    from openpyxl import load_workbook

    book = load_workbook(path)
    for column in "DEFG":  # the writer stored fractions shown in %: 0.012 → 1.2%
        cell = book.active[f"{column}4"]
        cell.value, cell.number_format = cell.value / 100, "0.0%"
    book.save(path)
    preview = preview_import(store, path)
    assert {p.unit: p.reason for p in preview.pending} == {"苍梧县": "单元格是 0.8，没有设为百分比格式：是 80% 还是 0.8%？"}


def test_percent_said_but_every_figure_a_fraction_is_still_asked(store, tmp_path):
    path = matrix(tmp_path / "梧州.xlsx", "研发经费投入增长率", "%")
    from openpyxl import load_workbook

    book = load_workbook(path)
    for column, value in zip("DEFGH", (0.15, 0.2, 0.15, 0.1, 0.12), strict=True):
        book.active[f"{column}4"] = value  # 15 % or 0.15 %? nothing in the row tells
    book.save(path)
    preview = preview_import(store, path)
    assert len([p for p in preview.pending if p.unit]) == 4


"""Matrix cells that are no target in the row's own measure: a bare "10%" in a row counted in 家 is a share of the
city total (asked, with what it comes to offered, the row stays 家), and "1.5" in a row counted in 个 is asked."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from operations.import_table import preview_import

TITLE = "来宾市2024年科技创新目标任务分解表"
UNITS = ["兴宾区", "忻城县", "象州县", "武宣县"]


def matrix(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["序号", "指标", "计量单位", "全市目标", *UNITS])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_percent_cells_in_a_row_counted_in_家_are_shares_offered_as_counts(store, tmp_path):
    path = matrix(tmp_path / "来宾.xlsx", [[1, "新增高新技术企业", "家", 40, "35%", "10%", "15%", "15%"]])
    preview = preview_import(store, path)
    indicator = preview.plan.task("1").indicators[0]
    assert indicator.measure == "家" and indicator.target == 40
    assert [q.unit for q in indicator.quotas if q.unit in UNITS] == []  # no county's share stored as certain
    asked = {p.unit: p for p in preview.pending}
    assert {u: a.value for u, a in asked.items()} == {"兴宾区": 14, "忻城县": 4, "象州县": 6, "武宣县": 6}
    assert asked["忻城县"].reason == "“10%”是占全市目标的比例，不是忻城自己的百分比；按全市目标40家计为4家，请确认"


def test_a_share_that_comes_to_a_fraction_of_a_count_offers_nothing(store, tmp_path):
    path = matrix(tmp_path / "来宾.xlsx", [[1, "新增高新技术企业", "家", 45, "20%", "15%", "15%", "50%"]])
    asked = {p.unit: p for p in preview_import(store, path).pending}
    assert asked["忻城县"].value is None
    assert "为6.75家，不是整数" in asked["忻城县"].reason


def test_growth_written_in_percent_under_an_amount_is_still_a_growth_target(store, tmp_path):
    path = matrix(tmp_path / "来宾.xlsx", [[1, "技术合同成交额", "亿元", "增长15%", "增长15%", "增长10%", "增长12%", "增长20%"]])
    preview = preview_import(store, path)
    indicator = preview.plan.task("1").indicators[0]
    assert indicator.measure == "%"
    assert {q.unit: q.target for q in indicator.quotas} == {"兴宾区": 15, "忻城县": 10, "象州县": 12, "武宣县": 20}


def test_a_decimal_under_a_count_is_asked_not_stored(store, tmp_path):
    path = matrix(tmp_path / "来宾.xlsx", [[1, "新增自治区级以上创新平台", "个", 6, 2, 1.5, 2, 0.5]])
    preview = preview_import(store, path)
    stored = {q.unit: q.target for q in preview.plan.task("1").indicators[0].quotas if q.target is not None}
    assert stored == {"兴宾区": 2, "象州县": 2}
    asked = {p.unit: p.reason for p in preview.pending}
    assert asked == {"忻城县": "“1.5”不是整数，本指标按个计数：请确认目标",
                     "武宣县": "“0.5”不是整数，本指标按个计数：请确认目标"}  # fmt: skip


def test_a_decimal_under_an_amount_or_an_area_is_a_figure(store, tmp_path):
    path = matrix(tmp_path / "来宾.xlsx", [[1, "技术合同成交额", "亿元", 6.5, 2.5, 1.5, 2, 0.5]])
    preview = preview_import(store, path)
    assert {q.unit: q.target for q in preview.plan.task("1").indicators[0].quotas} == {
        "兴宾区": 2.5, "忻城县": 1.5, "象州县": 2, "武宣县": 0.5}  # fmt: skip
    assert preview.pending == []

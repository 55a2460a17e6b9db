"""A header over three rows: 高新技术企业 → 保有量 → 基数 / 目标. The path names a stock counted in 家, not an
increment without a measure (completion would otherwise be counted cumulatively)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from domain.plans import IndicatorKind
from operations.import_table import preview_import


def baise(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["2023年百色市科技创新主要指标任务分解表"])
    sheet.append(["序号", "县（市、区）", "高新技术企业", None, None, "技术合同成交额（万元）"])
    sheet.append([None, None, "保有量", None, "新增", None])
    sheet.append([None, None, "基数", "目标", None, None])
    sheet.append([1, "右江区", 20, 26, 6, 15000])
    sheet.append([2, "田阳区", 6, 8, 2, 3000])
    sheet.append([3, "田东县", 8, 10, 2, 4000])
    sheet.append([None, "全市", 34, 44, 10, 22000])
    for cells in ("A2:A4", "B2:B4", "F2:F4", "C2:E2", "C3:D3", "E3:E4"):
        sheet.merge_cells(cells)
    book.save(path)
    return path


def test_a_stock_under_a_group_heading_is_a_stock_in_jia(store, tmp_path):
    preview = preview_import(store, baise(tmp_path / "百色.xlsx"))
    found = {i.name: i for _, i in preview.indicators}
    stock = found["高新技术企业保有量"]
    assert (stock.kind, stock.measure, stock.target) == (IndicatorKind.STOCK, "家", 44)
    assert {q.unit: (q.baseline, q.target) for q in stock.quotas} == {
        "右江区": (20, 26), "田阳区": (6, 8), "田东县": (8, 10)
    }
    added = found["高新技术企业新增"]
    assert (added.kind, added.measure, added.target) == (IndicatorKind.INCREMENT, "家", 10)
    assert found["技术合同成交额"].measure == "万元" and preview.pending == []

"""A 备注 that exempts one figure ("技术合同成交额不考核", "那坡县本年度不考核") asks about that figure instead of
storing it as a target; the row's other figures stand."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from operations.import_table import preview_import


def unit_rows(path: Path, remark: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["百色市2025年科技创新主要指标分解表"])
    sheet.append(["县（市、区）", "高新技术企业保有量（家）", "技术合同成交额（万元）", "科技特派员（人次）", "备注"])
    sheet.append(["全市", 40, 100000, 130])
    sheet.append(["右江区", 24, 60000, 40])
    sheet.append(["田阳区", 10, 37000, 40])
    sheet.append(["那坡县", 6, 3000, 50, remark])
    book.save(path)
    return path


def indicator_rows(path: Path, remark: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["百色市2025年科技创新指标分解表"])
    sheet.append(["序号", "指标名称", "全市目标", "右江区", "田阳区", "那坡县", "备注"])
    sheet.append([1, "技术合同成交额（万元）", 100000, 60000, 37000, 3000, remark])
    sheet.append([2, "高新技术企业保有量（家）", 40, 24, 10, 6, None])
    book.save(path)
    return path


def stored(preview, seq: str) -> dict[str, float]:
    return {q.unit: q.target for q in preview.plan.task(seq).indicators[0].quotas if q.target is not None}


def test_a_units_note_exempting_one_indicator_asks_that_figure_only(store, tmp_path):
    preview = preview_import(store, unit_rows(tmp_path / "百色.xlsx", "技术合同成交额不考核"))
    assert [(p.unit, p.value) for p in preview.pending] == [("那坡县", 3000)]
    assert "备注写明“技术合同成交额不考核”" in preview.pending[0].reason
    assert stored(preview, "1")["那坡县"] == 6 and stored(preview, "3")["那坡县"] == 50
    assert "那坡县" not in stored(preview, "2")


def test_a_units_note_exempting_the_unit_asks_its_every_figure(store, tmp_path):
    preview = preview_import(store, unit_rows(tmp_path / "百色.xlsx", "本年度暂不考核"))
    assert sorted(p.value for p in preview.pending if p.unit == "那坡县") == [6, 50, 3000]


def test_an_indicators_note_exempting_one_unit_asks_that_units_figure(store, tmp_path):
    preview = preview_import(store, indicator_rows(tmp_path / "百色.xlsx", "那坡县本年度不考核"))
    assert [(p.unit, p.value) for p in preview.pending] == [("那坡县", 3000)]
    assert preview.plan.task("1").indicators[0].target == 100000
    assert {u: t for u, t in stored(preview, "1").items() if u != "百色市"} == {"右江区": 60000, "田阳区": 37000}
    assert stored(preview, "2")["那坡县"] == 6


def test_a_note_that_exempts_nobody_changes_nothing(store, tmp_path):
    preview = preview_import(store, indicator_rows(tmp_path / "百色.xlsx", "按季度考核"))
    assert preview.pending == [] and stored(preview, "1")["那坡县"] == 3000


def test_a_note_explaining_a_mark_exempts_nothing(store, tmp_path):
    preview = preview_import(store, indicator_rows(tmp_path / "百色.xlsx", "“—”表示本年度不分解"))
    assert preview.pending == [] and stored(preview, "1")["那坡县"] == 3000

"""Units as rows with "2025年基数（万元） | 2026年目标（万元） | 增幅（%）" under one indicator: one indicator, its 增幅 a
check on the 基数 and 目标 — a unit whose three figures disagree is asked, never stored as two indicators."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from operations.import_table import preview_import


def table(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["北海市2026年全社会研发经费投入目标任务分解表"])
    sheet.append(["县（区）", "全社会R&D经费投入", None, None, "科技型中小企业入库（家）"])
    sheet.append([None, "2025年基数（万元）", "2026年目标（万元）", "增幅（%）", None])
    sheet.merge_cells("B2:D2")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("E2:E3")
    sheet.append(["海城区", 60000, 69000, 15, 80])
    sheet.append(["银海区", 20000, 23000, 12, 45])  # 23000 on 20000 is +15 %, not 12
    sheet.append(["铁山港区", 40000, 46000, 15, 30])
    book.save(path)
    return path


def test_base_target_and_growth_are_one_indicator_and_a_disagreement_is_asked(store, tmp_path):
    preview = preview_import(store, table(tmp_path / "北海.xlsx"))
    names = [i.name for t in preview.plan.tasks for i in t.indicators]
    assert names.count("全社会R&D经费投入") == 1
    research = next(i for t in preview.plan.tasks for i in t.indicators if i.name == "全社会R&D经费投入")
    stored = {q.unit: (q.target, q.baseline) for q in research.quotas}
    assert stored["海城区"] == (69000, 60000) and stored["铁山港区"] == (46000, 40000)
    assert "银海区" not in stored or stored["银海区"][0] is None
    [asked] = [p for p in preview.pending if p.unit == "银海区"]
    assert "与增幅 12% 对不上" in asked.reason

"""A 说明 row directly under the header ("说明：…“—”表示该单位无此项任务") says how to read the table: the table
goes on below it (it was refused as an empty template), and the note is shown with the table's notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from operations.import_table import preview_import

UNITS = ["万秀区", "长洲区", "龙圩区", "苍梧县"]
NOTE = "说明：各县（市、区）分解数为约束性指标；“—”表示该单位无此项任务。"


def table(path: Path, note: str, merged: bool) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "表1"
    sheet.append(["表1  梧州市2025年科技创新主要指标分解表"])
    sheet.append(["序号", "指标名称", "计量单位", "全市目标", *UNITS, "备注"])
    sheet.append([note])
    if merged:
        sheet.merge_cells("A3:I3")
    sheet.append([1, "高新技术企业保有量", "家", 130, 40, 45, 20, 25, None])
    sheet.append([2, "技术合同成交额", "亿元", 14, 5, 5, "—", 4, None])
    book.save(path)
    return path


@pytest.mark.parametrize("merged", [True, False])
@pytest.mark.parametrize("note", [NOTE, "注：金额单位为亿元。", "（填报说明：数字为年度目标）"])
def test_a_note_under_the_header_is_read_as_a_note_and_the_table_below_it(store, tmp_path, note, merged):
    preview = preview_import(store, table(tmp_path / "梧州.xlsx", note, merged))
    firms = preview.plan.task("1").indicators[0]
    assert {q.unit: q.target for q in firms.quotas if q.unit in UNITS} == {
        "万秀区": 40, "长洲区": 45, "龙圩区": 20, "苍梧县": 25}  # fmt: skip
    contracts = preview.plan.task("2").indicators[0]
    assert {q.unit: q.target for q in contracts.quotas if q.unit in UNITS} == {"万秀区": 5, "长洲区": 5, "苍梧县": 4}
    assert preview.pending == []
    assert preview.plan.title == "梧州市2025年科技创新主要指标分解表"  # the 表1 label is no part of the title
    assert any(note.strip("（）") in n or n in note for n in preview.table_notes)

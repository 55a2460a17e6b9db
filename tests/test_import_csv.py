"""A breakdown table exported as CSV by WPS or Excel (GBK or UTF-8 with a BOM, comma or tab) is read as one sheet
of text, with a notice; a binary file named .csv is refused in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.file_safety import TableFileError
from operations.import_table import preview_import

ROWS = [
    ["河池市2025年科技创新指标分解表"],
    ["县（市、区）", "高新技术企业保有量（家）", "科技型中小企业（家）"],
    ["全市", "60", "90"],
    ["金城江区", "30", "40"],
    ["宜州区", "20", "30"],
    ["南丹县", "10", "1,20"],
]


@pytest.mark.parametrize(("encoding", "delimiter"), [("gbk", ","), ("utf-8-sig", ","), ("gb18030", "\t")])
def test_a_csv_table_is_read_with_a_notice(store, tmp_path: Path, encoding, delimiter):
    lines = [delimiter.join(f'"{v}"' if "," in v else v for v in row) for row in ROWS]
    path = tmp_path / "河池.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    preview = preview_import(store, path)
    firms = preview.plan.task("1").indicators[0]
    assert firms.target == 60
    assert {q.unit: q.target for q in firms.quotas} == {"金城江区": 30, "宜州区": 20, "南丹县": 10}
    assert any("是 CSV 文本表格" in w for w in preview.warnings)
    # "1,20" is no number as written: asked, never read as 120 or 1.2
    assert [(p.unit, p.indicator) for p in preview.pending] == [("南丹县", "科技型中小企业")]


def test_a_binary_file_named_csv_is_refused(store, tmp_path: Path):
    path = tmp_path / "河池.csv"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(TableFileError) as refused:
        preview_import(store, path)
    assert "不是 Excel 表格（.xlsx、.xls）或 CSV 文本表格" in str(refused.value)

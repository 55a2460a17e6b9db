"""What the import says about a table, in words a county clerk follows: why a 合计 is short, an odd measure."""

from __future__ import annotations

from openpyxl import Workbook

from operations.import_table import preview_import

TITLE = "梧州市2023年科技创新目标任务分解表"
UNITS = ["万秀区", "长洲区", "龙圩区", "苍梧县"]


def targets(preview, seq: str) -> dict[str, float]:
    return {q.unit: q.target for q in preview.plan.task(seq).indicators[0].quotas}


def test_a_sum_short_by_the_figures_typed_as_text_says_why(store, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(["序号", "指标", "计量单位", "全市目标", *UNITS, "合计"])
    sheet.append([1, "新增高新技术企业", "家", 40, 10, "12", 10, 8, "=SUM(E3:H3)"])
    sheet.append([2, "新增科技型中小企业", "件 \n次", 40, 10, 10, 10, 10, None])
    sheet["I3"] = 28  # the cached result Excel shows: the text 12 is left out of SUM
    book.save(tmp_path / "t.xlsx")
    preview = preview_import(store, tmp_path / "t.xlsx")
    assert targets(preview, "1")["长洲区"] == 12
    assert "第 3 行：序号 1 的“合计”为 28家，各单位分解数相加为 40家：相差的 12家 正是表中存为文本的数（长洲区 12），" \
           "Excel 的求和公式不计文本，合计因此偏小；各单位的数已按表中所写读取，请核对合计" in preview.warnings
    assert "第 4 行：任务 (2)“新增科技型中小企业”的计量单位写作“件次”，不是常用的计量单位，按原样保留" in preview.warnings


def test_a_sheet_label_is_written_as_the_grid_shows_serials():
    from domain.plans import display_seq
    from importers.table_sheets import sheet_label

    label = sheet_label("分解表（第二批）")
    assert label == "分解表第二批" and display_seq(f"{label}-1") == "分解表第二批-1"
    assert sheet_label("表2 重点任务") == "表2"

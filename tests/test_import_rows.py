"""Rows and cells decided by what they hold: a row without 序号, a 序号 written twice, a row its 备注 calls
cancelled, a figure merged across two units, and another year's figure in brackets after a target."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from importers.table_cells import read_cell
from importers.table_rows import Serials

REGISTRY = builtin_registry()
HEADER = ["序号", "考核指标", "计量单位", "全市目标", "右江区", "田东县", "德保县", "备注"]


def quotas(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def sheet(path: Path, rows: list[list], merges: tuple[str, ...] = (), city: str = "百色市") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append([f"{city}2022年度县（市、区）科技创新考核指标分解表"])
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def test_a_cancelled_row_between_numbered_rows_is_left_out_and_refuses_nothing(tmp_path: Path):
    rows = [HEADER, [1, "高新技术企业保有量", "家", 30, 20, 6, 4, ""],
            [None, "科技企业孵化器", "个", 3, 1, 1, 1, "已取消"],
            [2, "新增高新技术企业", "家", 10, 6, 2, 2, ""],
            [None, "众创空间（调整至表2）", "个", 3, 1, 1, 1, ""]]  # fmt: skip
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    assert preview.errors == [] and [t.seq for t in preview.plan.tasks] == ["1", "2"]
    assert "第 4 行：“科技企业孵化器”注明“已取消”，不是本年的任务，未导入" in preview.warnings
    assert "第 6 行：“众创空间（调整至表2）”注明“调整至表2”，不是本年的任务，未导入" in preview.warnings


def test_a_serial_written_twice_is_kept_under_its_own_number_and_its_figures_asked(tmp_path: Path):
    rows = [HEADER, [1, "高新技术企业保有量", "家", 30, 20, 6, 4, ""], [1, "技术合同成交额", "万元", 900, 500, 300, 100, ""]]
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    assert preview.errors == []
    assert [(t.seq, t.indicators[0].name) for t in preview.plan.tasks] == [("1", "高新技术企业保有量"), ("1-2", "技术合同成交额")]
    assert "第 4 行：序号 1 与第 3 行重复：这一行（“技术合同成交额”）按序号 1-2 导入，其数字列为待确认" in preview.warnings
    assert not [q for q in preview.quotas if q.seq == "1-2"]
    asked = [(p.id, p.unit, p.value) for p in preview.pending]
    assert asked == [("1-2/1", "右江区", 500), ("1-2/2", "田东县", 300), ("1-2/3", "德保县", 100)]
    assert preview.pending[0].reason.startswith("序号 1 与第 3 行重复，这一行按序号 1-2 导入")


def test_a_row_without_serial_and_without_figures_is_a_heading(tmp_path: Path):
    rows = [HEADER, ["", "创新主体", "", "", "", "", "", ""], [1, "高新技术企业保有量", "家", 30, 20, 6, 4, ""]]
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    assert [(t.seq, t.topic) for t in preview.plan.tasks] == [("1", "创新主体")]


@given(st.lists(st.sampled_from(["", "1", "2", "3", "2-1"]), max_size=12))
def test_every_row_gets_a_serial_of_its_own_and_a_written_one_is_kept_first(written: list[str]):
    messages: list[str] = []
    layout = SimpleNamespace(column=lambda name: None, header_last=0, grid=SimpleNamespace(rows=[]))
    ctx = SimpleNamespace(layout=layout, warn=lambda r, t: messages.append(t), note=lambda r, t: messages.append(t))
    serials = Serials(ctx)
    serials.written = {w for w in written if w}
    taken = [serials.take(row, text, "指标") for row, text in enumerate(written)]
    assert len({seq for seq, _ in taken}) == len(taken)
    first: set[str] = set()
    for text, (seq, asked) in zip(written, taken, strict=True):
        if text and text not in first:
            assert (seq, asked) == (text, "")  # the first row to write a 序号 keeps it
            first.add(text)
        elif text:
            assert asked and seq.startswith(f"{text}-")  # written again: its own number, its figures asked
        else:
            assert not asked


def test_one_figure_merged_across_two_units_is_asked_for_each(tmp_path: Path):
    rows = [["地区", "科技型中小企业入库（家）", "技术合同成交额（万元）"],
            ["钦南区", 60, 8000], ["钦北区", 40, None], ["灵山县", 35, 3000], ["全市", 135, 11000]]
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows, ("C3:C4",), city="钦州市"), REGISTRY)
    assert ("2", "钦南区") not in quotas(preview) and ("2", "钦北区") not in quotas(preview)
    assert quotas(preview)[("2", "灵山县")] == (3000, None)
    asked = [(p.unit, p.value) for p in preview.pending]
    assert asked == [("钦南区", None), ("钦北区", None)]
    assert preview.pending[0].reason == ("“8000”写在钦南区、钦北区合并的一个单元格里，是它们共同的数，"
                                         "不能分别登记为 8000：请确认各自的分解数")  # fmt: skip


def test_one_figure_merged_across_two_unit_columns_is_asked_for_each(tmp_path: Path):
    rows = [HEADER, [1, "技术合同成交额", "万元", 900, 500, None, 100, ""]]
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows, ("E3:F3",)), REGISTRY)
    assert quotas(preview) == {("1", "德保县"): (100, None)}
    assert [(p.unit, p.value) for p in preview.pending] == [("右江区", None), ("田东县", None)]


def test_another_years_figure_in_brackets_is_asked_as_the_baseline(tmp_path: Path):
    rows = [HEADER, [1, "科技型中小企业入库数", "家", 260, "80（2021年：66）", "40(2021年基数30)", 20, ""]]
    preview = read_breakdown_table(sheet(tmp_path / "t.xlsx", rows), REGISTRY)
    assert quotas(preview)[("1", "右江区")] == (80, None)
    assert quotas(preview)[("1", "田东县")] == (40, 30)  # it says 基数: read as the 基数
    [item] = preview.pending
    assert (item.unit, item.value, item.baseline, item.part) == ("右江区", None, 66, "baseline")
    assert item.reason == "“2021年:66”是往年的数，可能是基数：请确认是否登记为基数"


def test_a_cell_with_a_bracketed_note_keeps_its_figure():
    cell = read_cell("30\n（含驻邕高校）", "项")
    assert cell.figure is not None and cell.figure.value == 30 and cell.past is None

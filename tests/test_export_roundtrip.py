"""The city reads a return back and notices figures changed by hand."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporters import return_layout
from exporters.progress_return import write_progress_return
from exporters.return_layout import COLUMN_INDEX as COL
from importers.returns import ReturnError, read_progress_return
from storage.plans import load_plan
from storage.units import get_unit
from tests.test_export_support import EXPORTED_AT, OCTOBER, PROFILE, beiliu_rows, open_xlsx, seed_beiliu


@pytest.fixture
def exported(store, yulin_plan_id, tmp_path):
    seed_beiliu(store, yulin_plan_id)
    plan = load_plan(store, yulin_plan_id)
    path = tmp_path / "北流市_2022年10月.xlsx"
    checksum = write_progress_return(
        plan, get_unit(store, "北流市"), OCTOBER, beiliu_rows(store, yulin_plan_id), PROFILE, path,
        final=True, exported_at=EXPORTED_AT,
    )  # fmt: skip
    return plan, path, checksum


def row_of(ws, seq: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=COL["seq"]).value == seq)


def test_an_untouched_return_reads_back_whole(exported):
    plan, path, checksum = exported
    reading = read_progress_return(path)
    assert reading.intact and reading.problems == []
    assert (reading.plan_id, reading.plan_key, reading.plan_title) == (plan.id, plan.key, plan.title)
    assert reading.unit == "北流市" and reading.period == OCTOBER and reading.final
    assert reading.exported_at == EXPORTED_AT and reading.checksum == checksum == reading.computed_checksum
    from version import __version__

    assert reading.app_version == __version__
    figures = reading.figures()
    assert figures[("(237)", "高新技术企业保有量")] == (18, 12)
    assert figures[("(250)", "组织参加技术经纪人培训")] == (None, "已完成")
    first = reading.lines[0]
    assert first.row == 4 and first.status == "滞后" and first.deadline == "2022年12月31日"


def test_a_figure_changed_by_hand_is_named(exported, tmp_path):
    _, path, _ = exported
    wb = open_xlsx(path)
    ws = wb["完成情况表"]
    row = row_of(ws, "(237)")
    ws.cell(row=row, column=COL["actual"]).value = 18  # someone "improves" 12 to 18
    ws.cell(row=row, column=COL["status"]).value = "已完成"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    reading = read_progress_return(edited)
    assert not reading.intact and reading.meta_intact
    assert [(c.row, c.seq, c.field, c.exported, c.found) for c in reading.changed] == [
        (row, "(237)", "完成值", 12, 18),
        (row, "(237)", "状态", "滞后", "已完成"),
    ]
    assert reading.problems[0] == "第 4 行（序号 1，(237) 高新技术企业保有量）的完成值：导出时为“12家”，现为“18家”"
    assert reading.figures()[("(237)", "高新技术企业保有量")] == (18, 18)  # the file's figure, flagged


def test_a_changed_target_and_a_deleted_line_are_noticed(exported, tmp_path):
    _, path, _ = exported
    wb = open_xlsx(path)
    ws = wb["完成情况表"]
    ws.cell(row=row_of(ws, "(238)"), column=COL["target"]).value = 20
    ws.delete_rows(row_of(ws, "(245)"))
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    messages = read_progress_return(edited).problems
    assert any("(238)" in m and "目标值" in m and "“40家”" in m and "“20家”" in m for m in messages)
    assert any("(245)" in m and "已被删除" in m for m in messages)


def test_changed_rates_read_as_percentages_and_amounts_with_their_unit(exported, tmp_path):
    _, path, _ = exported
    wb = open_xlsx(path)
    ws = wb["完成情况表"]
    ws.cell(row=row_of(ws, "(237)"), column=COL["rate"]).value = 0.9  # 完成率
    ws.cell(row=row_of(ws, "(252)"), column=COL["actual"]).value = 5300  # a growth indicator's actual: an amount in 万元
    ws.cell(row=row_of(ws, "(251)"), column=COL["actual"]).value = 1.2  # a share, in per cent
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    messages = read_progress_return(edited).problems
    assert any(m.endswith("的完成率：导出时为“66.7%”，现为“90.0%”") for m in messages)
    assert any("(252)" in m and m.endswith("的完成值：导出时为“5200万元”，现为“5300万元”") for m in messages)
    assert any("(251)" in m and m.endswith("的完成值：导出时为“0.8%”，现为“1.2%”") for m in messages)


def test_text_edits_do_not_count_as_changed_figures(exported, tmp_path):
    _, path, _ = exported
    wb = open_xlsx(path)
    ws = wb["完成情况表"]
    ws.cell(row=row_of(ws, "(237)"), column=COL["progress"]).value = "补充：已上报认定材料"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    reading = read_progress_return(edited)
    assert reading.intact and reading.lines[0].progress == "补充：已上报认定材料"


def test_a_tampered_hidden_sheet_is_noticed(exported, tmp_path):
    _, path, _ = exported
    wb = open_xlsx(path)
    meta = wb["校验信息"]
    meta.protection.sheet = False
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(row=r, column=3).value == "(237)")
    meta.cell(row=row, column=7).value = 18
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    reading = read_progress_return(edited)
    assert not reading.meta_intact and not reading.intact
    assert reading.problems[0] == "校验信息表已被改动，无法确认导出时的数字"


def test_files_that_are_not_returns_are_refused_in_chinese(store, yulin_plan_id, tmp_path):
    from exporters.breakdown_table import write_breakdown_table

    table = write_breakdown_table(load_plan(store, yulin_plan_id), tmp_path / "分工表.xlsx")
    with pytest.raises(ReturnError, match="不是本程序导出的完成情况表"):
        read_progress_return(table)
    text = tmp_path / "报表.xlsx"
    text.write_text("不是表格", encoding="utf-8")
    with pytest.raises(ReturnError, match="不是有效的 Excel"):
        read_progress_return(text)
    broken = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "x")
    with pytest.raises(ReturnError):
        read_progress_return(broken)
    with pytest.raises(ReturnError, match="文件不存在"):
        read_progress_return(tmp_path / "无.xlsx")
    old = tmp_path / "旧.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReturnError, match=".xls"):
        read_progress_return(old)


figure = st.one_of(
    st.none(), st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=8),
)  # fmt: skip


@given(st.lists(st.lists(figure, min_size=6, max_size=6), max_size=5), st.text(max_size=6))
def test_the_checksum_depends_on_every_figure_and_the_identity(lines, unit):
    """One rule (domain/return_checksum.py) for the writer and the reader."""
    from domain.return_checksum import canonical, figures_checksum

    canon = [[canonical(v) for v in line] for line in lines]
    digest = figures_checksum("k", unit, OCTOBER.code, canon)
    assert digest == return_layout.figures_checksum("k", unit, OCTOBER, canon)
    assert digest != figures_checksum("k", unit + "x", OCTOBER.code, canon)
    if canon:
        changed = [list(line) for line in canon]
        changed[0][3] = changed[0][3] + "1"
        assert digest != figures_checksum("k", unit, OCTOBER.code, changed)

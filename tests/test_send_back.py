"""Send-back (退回) through the operations, on real stores and real files.

The city collects real returns exported by the app, sends 北流市's back with comments; the 退回意见 file is
read back with calamine and openpyxl; the county imports it (the period unlocks, audited), fixes,
resubmits (the return says it answers), and the city collects the new return with the history kept.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from domain.send_back import MAX_COMMENT, ItemComment, SendBackError, checked_comments
from exporters.safe_write import ExportError
from importers.send_back import answered_token, read_send_back
from operations.collect import collect_returns
from operations.send_back import receive_send_back, send_back_history, send_back_return
from storage.audit import audit_entries
from storage.dump import dump_store
from storage.send_backs import Side, open_comments
from storage.submissions import is_locked, submissions
from tests.collect_support import OCTOBER, edit_cell, make_city, make_counties

COMMENTS = [
    ItemComment("237", "高新技术企业保有量", "高企保有量与备案名单不符，请核实后重报", reported="12", target="18"),
    ItemComment("238", "国家科技型中小企业入库数", "   ", reported="41"),  # blank: dropped
]


@pytest.fixture
def cycle(tmp_path):
    counties = make_counties(tmp_path / "counties")
    city = make_city(tmp_path / "city")
    collect_returns(city, [counties.returns["北流市"], counties.returns["容县"], counties.returns["兴业县"]], "赵明")
    yield counties, city, tmp_path
    counties.store.close()
    city.close()


def fix_and_resubmit(counties, unit: str, figures: dict, name: str) -> Path:
    """The county, its period unlocked by the send-back, corrects figures and submits again (a newer export)."""
    time.sleep(1.05)  # export times have second resolution: the new return must be the newer one
    counties.record(unit, figures)
    return counties.export(unit, name)


def send(city, plan_id, folder: Path, **kw):
    return send_back_return(city, plan_id, "北流市", OCTOBER, kw.pop("items", COMMENTS),
                            kw.pop("general", "请补充佐证材料"), "赵明", folder / "北流市_退回意见.xlsx",
                            now=datetime(2022, 11, 2, 9, 30), **kw)  # fmt: skip


def test_the_send_back_file_is_one_printable_sheet_with_hidden_metadata(cycle):
    counties, city, folder = cycle
    sent = send(city, counties.plan_id, folder)
    assert sent.send_back.count == 2  # one item (the blank one dropped) and the general comment
    book = CalamineWorkbook.from_path(str(sent.path))
    assert book.sheet_names == ["退回意见"]
    rows = book.get_sheet_by_name("退回意见").to_python()
    assert rows[0][0] == "关于退回北流市2022年10月完成情况表的意见"
    assert rows[3][0] == "总体意见：请补充佐证材料"
    assert rows[4][:6] == ["序号", "细化任务序号", "任务 / 指标", "目标值", "报表中的完成值", "退回意见"]
    assert rows[5][:6] == [1.0, "(237)", "高新技术企业保有量", "18", "12", "高企保有量与备案名单不符，请核实后重报"]
    ws = openpyxl.load_workbook(sent.path)["退回意见"]
    hidden = {col for dim in ws.column_dimensions.values() if dim.hidden for col in range(dim.min, dim.max + 1)}
    assert {8, 9} <= hidden  # H and I
    meta = {ws.cell(row=r, column=8).value: ws.cell(row=r, column=9).value for r in range(1, ws.max_row + 1)}
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=8).value == "格式")
    assert first > 7 and ws.row_dimensions[first].hidden  # below the footer, outside the print area
    printed_to = int(ws.print_area.rsplit("$", 1)[1])  # '退回意见'!$A$1:$F$8
    assert printed_to < first
    assert meta["填报单位"] == "北流市" and meta["填报期"] == "2022-10" and meta["市"] == "玉林市"
    assert len(meta["报表校验码"]) == 64 and meta["报表文件"] == counties.returns["北流市"].name
    assert int(ws.page_setup.paperSize) == 9 and ws.print_area  # A4


def test_the_county_imports_fixes_resubmits_and_the_city_keeps_the_history(cycle):
    counties, city, folder = cycle
    plan_id = counties.plan_id
    sent = send(city, plan_id, folder)
    assert is_locked(counties.store, plan_id, "北流市", OCTOBER)

    received = receive_send_back(counties.store, sent.path, "北流市填报员", own_unit="北流市")
    assert received.unlocked and not is_locked(counties.store, plan_id, "北流市", OCTOBER)
    assert "已解锁（原因：市里退回）" in received.message and "高企保有量与备案名单不符" in received.message
    last = submissions(counties.store, plan_id)
    assert [s.unlock_reason for s in last if s.unit == "北流市"] == ["市里退回"]
    unlocks = audit_entries(counties.store, f"方案{plan_id}/北流市/2022-10")
    assert any(e.action == "解锁" and "市里退回" in (e.new or "") for e in unlocks)
    assert open_comments(counties.store, plan_id, "北流市", OCTOBER) == {
        ("237", "高新技术企业保有量"): ["高企保有量与备案名单不符，请核实后重报"]
    }

    with pytest.raises(SendBackError, match="已于 .* 导入，无需重复导入"):
        receive_send_back(counties.store, sent.path, "北流市填报员")

    new_return = fix_and_resubmit(counties, "北流市", {"237": 14}, "北流市_重报.xlsx")
    assert answered_token(new_return) == sent.send_back.token
    sheet = CalamineWorkbook.from_path(str(new_return)).get_sheet_by_name("完成情况表").to_python()
    assert sheet[-1][0] == "本表答复玉林市2022年11月2日退回意见（共2条），已按意见修改。"
    assert open_comments(counties.store, plan_id, "北流市", OCTOBER) == {}  # answered on 报送

    report = collect_returns(city, [new_return], "赵明")
    (item,) = report.files
    assert item.stored and any("本报表答复了" in n and "退回意见" in n for n in item.notes)
    history = send_back_history(city, plan_id, "北流市", OCTOBER)
    assert [(h.side, h.answer) for h in history] == [(Side.SENT, "北流市_重报.xlsx")]
    assert history[0].send_back.return_name == counties.returns["北流市"].name  # the old return is remembered
    assert any(e.action == "收取报表" for e in audit_entries(city, f"方案{plan_id}/北流市/2022-10"))


def test_a_return_that_does_not_say_it_answers_is_collected_with_a_note(cycle):
    counties, city, folder = cycle
    send(city, counties.plan_id, folder)
    # The county never imported the send-back, but unlocked and resubmitted on its own.
    newer = counties.resubmit("北流市", {"237": 15}, "北流市_自行重报.xlsx")
    (item,) = collect_returns(city, [newer], "赵明").files
    assert any("本报表未注明答复该退回意见" in n for n in item.notes)


def test_nothing_to_say_or_nothing_collected_is_refused_and_nothing_is_written(cycle):
    counties, city, folder = cycle
    before = dump_store(city)
    with pytest.raises(SendBackError, match="请至少填写一条退回意见"):
        send(city, counties.plan_id, folder, items=[ItemComment("237", "高新技术企业保有量", " ")], general="")
    with pytest.raises(SendBackError, match="尚未收到玉州区2022年10月的报表"):
        send_back_return(city, counties.plan_id, "玉州区", OCTOBER, COMMENTS, "", "赵明", folder / "x.xlsx")
    with pytest.raises(ExportError, match="不存在"):
        send(city, counties.plan_id, folder / "没有这个文件夹")
    assert dump_store(city) == before
    assert send_back_history(city, counties.plan_id) == []
    assert not list(folder.glob("*.xlsx"))


def test_the_county_refuses_a_file_for_another_unit_or_not_a_send_back(cycle):
    counties, city, folder = cycle
    sent = send(city, counties.plan_id, folder)
    before = dump_store(counties.store)
    with pytest.raises(SendBackError, match="是退给北流市的意见，本机填报单位是容县"):
        receive_send_back(counties.store, sent.path, "容县填报员", own_unit="容县")
    with pytest.raises(SendBackError, match="不是退回意见"):
        receive_send_back(counties.store, counties.returns["容县"], "容县填报员")
    bogus = folder / "假的.xlsx"
    bogus.write_bytes(b"not a workbook")
    with pytest.raises(SendBackError, match="假的.xlsx"):
        receive_send_back(counties.store, bogus, "容县填报员")
    assert dump_store(counties.store) == before


def test_a_comment_edited_in_excel_is_read_as_it_stands_with_a_warning(cycle):
    counties, city, folder = cycle
    sent = send(city, counties.plan_id, folder)
    wb = openpyxl.load_workbook(sent.path)
    wb["退回意见"].cell(row=6, column=6).value = "请附认定证书"
    edited = folder / "改过的退回意见.xlsx"
    wb.save(edited)
    reading = read_send_back(edited)
    assert reading.send_back.items[0].comment == "请附认定证书"
    assert reading.warnings and "校验码不符" in reading.warnings[0]


def test_a_hand_edited_return_can_be_sent_back_naming_the_figure(cycle, tmp_path):
    counties, city, folder = cycle
    changed = tmp_path / "北流市_改过.xlsx"
    edit_cell(counties.returns["北流市"], changed, "237", "完成值", 20)
    collect_returns(city, [changed], "赵明")
    sent = send(city, counties.plan_id, folder, general="第 237 项完成值被手工改动，请用程序重新导出")
    assert sent.send_back.return_name == "北流市_改过.xlsx"


@given(st.lists(st.text(max_size=MAX_COMMENT + 20), max_size=6), st.text(max_size=MAX_COMMENT + 20))
def test_checked_comments_keep_every_word_said_or_refuse(texts, general):
    items = [ItemComment(str(200 + i), "指标", t) for i, t in enumerate(texts)]
    try:
        kept, overall = checked_comments(items, general)
    except SendBackError as exc:
        too_long = any(len(t.strip()) > MAX_COMMENT for t in [*texts, general])
        silent = not any(t.strip() for t in [*texts, general])
        assert too_long or silent, str(exc)
        return
    assert [k.comment for k in kept] == [t.replace("\r\n", "\n").replace("\r", "\n").strip() for t in texts
                                         if t.replace("\r\n", "\n").replace("\r", "\n").strip()]  # fmt: skip
    assert all(k.comment and len(k.comment) <= MAX_COMMENT for k in kept)
    assert overall == general.replace("\r\n", "\n").replace("\r", "\n").strip()


def test_a_send_back_file_with_a_comment_row_deleted_is_refused(cycle):
    counties, city, folder = cycle
    items = [*COMMENTS, ItemComment("245", "组织申报自治区级及以上创新平台", "请附申报材料")]
    sent = send(city, counties.plan_id, folder, items=items)
    wb = openpyxl.load_workbook(sent.path)
    wb["退回意见"].delete_rows(7)  # the second comment's row, deleted by hand
    damaged = folder / "删了一行.xlsx"
    wb.save(damaged)
    with pytest.raises(SendBackError, match="意见行数（1）与导出时（2）不同"):
        read_send_back(damaged)


def test_report_states_rank_a_pending_send_back_first():
    from domain.city_reports import ReportState, report_state

    for final in (None, True, False):
        for figures in (True, False):
            assert report_state(final, figures, True) is ReportState.SENT_BACK
    assert report_state(True, True, False) is ReportState.FINAL
    assert report_state(False, True, False) is ReportState.DRAFT
    assert report_state(None, True, False) is ReportState.TYPED
    assert report_state(None, False, False) is ReportState.NONE

"""The city's 汇总表: units × indicators with 全市合计 and who has reported, read back by two readers and printed."""

from __future__ import annotations

import re

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from domain.progress import Status
from exporters.safe_write import ExportError
from exporters.text_fit import lines_needed
from operations.collect import collect_returns, consolidation_rows, export_consolidation
from storage.achievements import AchievementKey, record_achievement
from storage.db import StoreError
from storage.dump import dump_store
from tests.collect_support import OCTOBER, edit_cell, make_city, make_counties

UNITS = ("玉州区", "福绵区", "容县", "陆川县", "博白县", "兴业县", "北流市", "玉东新区", "玉柴工业园", "龙潭产业园",
         "玉林健康产业园")  # fmt: skip
TOTAL_COL = 4 + 3 * len(UNITS)  # 序号, 指标, 计量单位, then 目标 / 完成 / 完成率 per unit


def first_col(unit: str) -> int:
    return 4 + 3 * UNITS.index(unit)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A city store holding 北流市 (hand-edited: 245 from 1 to 2), 容县, 兴业县 (报送) and 玉州区 (草稿)."""
    folder = tmp_path_factory.mktemp("collect")
    counties = make_counties(folder / "counties")
    city = make_city(folder / "city")
    edited = folder / "北流市_2022年10月（改）.xlsx"
    edit_cell(counties.returns["北流市"], edited, "245", "完成值", 2)
    files = [edited, *(counties.returns[u] for u in ("容县", "兴业县", "玉州区"))]
    collect_returns(city, files, "赵明")
    # 福绵区 phoned its 高企 figure in: typed at the city, no return.
    record_achievement(city, AchievementKey(counties.plan_id, "237", "", "福绵区", OCTOBER), {"actual": 5}, "赵明")
    yield city, counties.plan_id, folder
    counties.store.close()
    city.close()


@pytest.fixture(scope="module")
def workbook(collected):
    city, plan_id, folder = collected
    result = export_consolidation(city, plan_id, OCTOBER, folder / "玉林市_2022年10月_汇总表.xlsx")
    return result


def line_of(consolidation, seq):
    return next(line for line in consolidation.lines if line.seq == f"({seq})")


def test_stock_and_increment_add_up_growth_and_ratio_do_not(collected):
    city, plan_id, _ = collected
    c = consolidation_rows(city, plan_id, OCTOBER)
    assert c.units == UNITS and c.city == "玉林市" and c.as_of.isoformat() == "2022-10-31"
    stock = line_of(c, "237")
    assert (stock.total.target, stock.total.actual) == (102, 12 + 15 + 6 + 17 + 5)  # quotas add to 102, not 101
    # Six units with quotas have not reported: the rate stands but is not judged 滞后 on missing figures.
    assert stock.total.rate == pytest.approx(55 / 102) and stock.total.status is Status.NOT_REPORTED
    assert stock.city_target == 101 and stock.reported == 5
    increment = line_of(c, "238")
    assert (increment.total.target, increment.total.actual) == (242, 41 + 30 + 12 + 35)
    platforms = line_of(c, "245")
    assert (platforms.total.target, platforms.total.actual) == (11, 2 + 0 + 2)  # 北流's hand-edited 2
    assert line_of(c, "251").total is None and line_of(c, "252").total is None
    xingye = line_of(c, "252").figures[UNITS.index("兴业县")]
    assert xingye.baseline == 800 and xingye.rate == pytest.approx((1100 - 800) / 800 * 100 / 35)
    beiliu = line_of(c, "252").figures[UNITS.index("北流市")]
    assert beiliu.actual == 5200 and beiliu.rate is None  # no baseline: no growth rate
    # Not the zones' task: no figure at all (printed —).
    assert line_of(c, "251").figures[UNITS.index("玉东新区")] is None
    # A city-level indicator without quotas is measured against the city's own target.
    assert line_of(c, "240").total.target == 3
    assert [line.seq for line in c.lines] == ["(237)", "(238)", "(240)", "(242)", "(244)", "(245)", "(251)", "(252)",
                                              "(253)", "(254)"]  # fmt: skip


def test_who_has_reported(collected):
    city, plan_id, _ = collected
    reports = {r.unit: r for r in consolidation_rows(city, plan_id, OCTOBER).reports}
    assert [reports[u].state for u in ("北流市", "容县", "兴业县", "玉州区", "陆川县")] == [
        "已报送", "已报送", "已报送", "草稿", "未报送"]  # fmt: skip
    assert reports["北流市"].check == "手工改动 1 处" and reports["北流市"].file == "北流市_2022年10月（改）.xlsx"
    assert reports["容县"].check == "一致" and reports["容县"].exported_at is not None
    assert reports["陆川县"].check == "" and reports["陆川县"].file == ""
    assert reports["福绵区"].state == "未报送" and reports["福绵区"].notes == ("表中数字为市级录入，未收到报表",)


def blocks_by_seq(rows: list[list[object]]) -> dict[str, dict[str, list[object]]]:
    """The A4 汇总表's blocks: 序号 → unit (or 全市合计) → its row, as calamine reads them."""
    blocks: dict[str, dict[str, list[object]]] = {}
    current = ""
    for row in rows[3:]:
        if isinstance(row[0], str) and row[0].startswith("("):
            current = row[0]
            blocks[current] = {"": row}
        if current and isinstance(row[3], str) and row[3]:
            blocks[current][row[3]] = row
    return blocks


def test_on_a4_each_indicator_is_a_block_with_units_as_rows(workbook):
    rows = CalamineWorkbook.from_path(str(workbook.path)).get_sheet_by_name("汇总表").to_python(skip_empty_area=False)
    assert rows[0][0] == "2022年玉林市优化营商环境创新创业专项实施方案指标任务完成情况汇总表"
    assert rows[1][0] == "汇总单位（盖章）：玉林市"
    # Each part of the line under the title on one line where it fits, else on two, never broken inside a date.
    assert "已收到 4 个单位的报表（共 11 个）" in [str(v).replace("\n", "") for v in rows[1]]
    assert "截至日期：2022年10月31日" in [line for v in rows[1] for line in str(v).split("\n")]
    assert rows[2] == ["序号", "指标", "计量\n单位", "单位", "目标", "完成", "完成率", "状态", "备注"]
    blocks = blocks_by_seq(rows)
    assert list(blocks) == ["(237)", "(238)", "(240)", "(242)", "(244)", "(245)", "(251)", "(252)", "(253)", "(254)"]
    stock = blocks["(237)"]
    assert stock[""][1] == "高新技术企业保有量\n市目标：101家" and stock[""][2] == "家"
    assert list(stock)[1:] == [*UNITS, "全市合计"]
    assert stock["北流市"][4:9] == [18, 12, pytest.approx(0.6667, abs=1e-4), "滞后", "手工改动1处"]
    assert stock["玉州区"][8] == "草稿" and stock["陆川县"][4:9] == [11, "", "", "未填报", "未报送"]
    assert stock["全市合计"][4:8] == [102, 55, pytest.approx(0.5392, abs=1e-4), "未报齐"]  # 7 units still to report
    assert blocks["(251)"]["全市合计"][4:8] == ["—", "—", "—", ""]
    assert blocks["(252)"]["北流市"][4:8] == [35, 5200, "缺基数", "缺基数"]
    assert blocks["(251)"]["玉东新区"][4:8] == ["—", "—", "—", ""]  # not the zone's task
    assert any(str(r[0]).startswith("说明：1. 每项指标") for r in rows)
    at = next(i for i, r in enumerate(rows) if str(r[0]).startswith("单位负责人"))
    footer = [v for r in rows[at : at + 2] for v in r]  # on a narrow page: signatures, then phone and date
    assert footer[0] == "单位负责人：王建华" and "汇总人：赵明" in footer and "联系电话：0775-2682345" in footer


@pytest.fixture(scope="module")
def workbook_a3(collected):
    city, plan_id, folder = collected
    return export_consolidation(city, plan_id, OCTOBER, folder / "玉林市_2022年10月_汇总表（A3）.xlsx", paper="A3")


def test_on_a3_units_are_columns_with_the_rate_said_with_its_status(workbook_a3):
    rows = (
        CalamineWorkbook.from_path(str(workbook_a3.path)).get_sheet_by_name("汇总表").to_python(skip_empty_area=False)
    )
    header, sub = rows[2], rows[3]
    assert header[:3] == ["序号", "指标", "计量\n单位"]
    assert header[first_col("容县") - 1] == "容县" and header[first_col("玉州区") - 1] == "玉州区\n（草稿）"
    assert header[first_col("北流市") - 1] == "北流市\n（手工改动1处）"
    assert header[first_col("陆川县") - 1] == "陆川县\n（未报送）" and header[TOTAL_COL - 1] == "全市合计"
    assert sub[first_col("容县") - 1 : first_col("容县") + 2] == ["目标", "完成", "完成率"]
    by_seq = {r[0]: r for r in rows[4:] if isinstance(r[0], str) and r[0].startswith("(")}
    c = first_col("北流市") - 1
    assert by_seq["(237)"][c : c + 3] == [18, 12, pytest.approx(0.6667, abs=1e-4)]
    assert by_seq["(237)"][TOTAL_COL - 1 : TOTAL_COL + 2] == [102, 55, pytest.approx(0.5392, abs=1e-4)]
    assert by_seq["(251)"][TOTAL_COL - 1 : TOTAL_COL + 2] == ["—", "—", "—"]
    assert by_seq["(252)"][c : c + 3] == [35, 5200, "缺基数"]
    lu = first_col("陆川县") - 1
    assert by_seq["(237)"][lu : lu + 3] == [11, "", "未填报"]  # a quota, nothing reported: the word, no rate
    ws = openpyxl.load_workbook(workbook_a3.path)["汇总表"]
    rate = ws.cell(row=5, column=first_col("北流市") + 2)
    assert rate.number_format == '0.0%" 滞后"' and rate.fill.fgColor.rgb.endswith("DD9013")
    assert int(ws.page_setup.paperSize) == 8 and ws.page_setup.orientation == "landscape"  # A3
    assert int(ws.page_setup.scale or 100) == 100 and ws.print_title_cols == "$A:$C"  # every page repeats 序号, 指标
    assert ws.print_title_rows == "$3:$4" and ws.page_setup.pageOrder == "overThenDown"
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks and all((b - 3) % 3 == 0 for b in breaks)  # pages break between units, never inside one
    # a serial prints on one line: "(237)", never "(237" over ")"
    assert lines_needed("(237)", ws.column_dimensions["A"].width, 10.5) == 1


def test_the_status_sheet_lists_every_unit(workbook):
    rows = CalamineWorkbook.from_path(str(workbook.path)).get_sheet_by_name("报送情况").to_python()
    assert rows[0][0] == "玉林市各单位2022年10月完成情况表报送情况"
    assert "已报送 3 个，草稿 1 个，未报送 7 个（共 11 个单位）" in rows[1][0]
    assert rows[2] == ["序号", "单位", "是否报送", "报送时间", "文件", "校验", "收取时间", "备注"]
    table = {r[1]: r for r in rows[3:]}
    assert list(table) == list(UNITS)
    beiliu = table["北流市"]
    assert beiliu[2] == "已报送" and beiliu[4] == "北流市_2022年10月（改）.xlsx" and beiliu[5] == "手工改动 1 处"
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d", beiliu[3])
    assert beiliu[7].startswith("手工改动：第 ") and "(245)" in beiliu[7] and "导出时为“1家”，现为“2家”" in beiliu[7]
    assert table["容县"][5] == "一致" and table["玉州区"][2] == "草稿" and table["玉州区"][7].startswith("草稿")
    assert table["博白县"][2:6] == ["未报送", "", "", ""]


def test_the_workbook_is_print_ready_in_the_returns_style(workbook):
    wb = openpyxl.load_workbook(workbook.path)
    # and a very hidden sheet saying what the workbook is, so an import refuses it whatever its layout
    assert wb.sheetnames == ["汇总表", "报送情况", "汇总信息"] and wb["汇总信息"].sheet_state == "veryHidden"
    assert wb["汇总信息"]["B1"].value == "科技指标任务台账·汇总表"
    ws = wb["汇总表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:A15", "B4:B15", "C4:C15"} <= merged  # (237)'s 序号, 指标, 计量单位 down its 12 rows
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes == "A4"
    # Full size on A4 portrait: body text prints at 10.5 pt.
    assert ws.page_setup.orientation == "portrait" and int(ws.page_setup.paperSize) == 9
    assert int(ws.page_setup.scale or 100) == 100 and not ws.sheet_properties.pageSetUpPr.fitToPage
    status = wb["报送情况"]
    assert status.page_setup.orientation == "landscape" and int(status.page_setup.scale or 100) >= 86
    assert status.print_title_rows == "$3:$3"
    for sheet in (ws, status):
        assert sheet.oddFooter.right.text == "— &P —　" and sheet.evenFooter.left.text == "　— &P —"
    title, body = ws["A1"].font, ws["D5"].font
    assert title.name in ("方正小标宋简体", "黑体") and title.sz == 22
    assert body.name in ("仿宋_GB2312", "仿宋") and body.sz == 10.5
    assert ws["D15"].value == "全市合计" and ws["E15"].font.b  # 全市合计 in bold
    beiliu = next(r for r in range(4, 16) if ws.cell(row=r, column=4).value == "北流市")
    assert ws.cell(row=beiliu, column=7).number_format == "0.0%"
    assert ws.cell(row=beiliu, column=8).value == "滞后"
    assert ws.cell(row=beiliu, column=8).fill.fgColor.rgb.endswith("DD9013")
    assert ws.cell(row=beiliu, column=5).alignment.horizontal == "right"


def test_exporting_changes_nothing_and_says_where(collected, tmp_path):
    city, plan_id, _ = collected
    before = dump_store(city)
    result = export_consolidation(city, plan_id, "2022-10", tmp_path / "汇总.xlsx")
    assert dump_store(city) == before
    assert result.message == f"已导出2022年10月汇总表（已收到 4 个单位的报表，共 11 个）；文件保存在：{result.path}"
    with pytest.raises(StoreError, match="不在方案年度"):
        export_consolidation(city, plan_id, "2023-01", tmp_path / "2023.xlsx")
    with pytest.raises(ExportError, match="不存在"):
        export_consolidation(city, plan_id, OCTOBER, tmp_path / "无此文件夹" / "汇总.xlsx")
    assert not (tmp_path / "2023.xlsx").exists()


def test_a_city_with_no_returns_yet_prints_an_empty_consolidation(store, yulin_plan_id, tmp_path):
    result = export_consolidation(store, yulin_plan_id, "2022Q3", tmp_path / "空.xlsx")
    c = result.consolidation
    assert c.reported_count == 0 and all(line.reported == 0 for line in c.lines)
    assert line_of(c, "237").total.actual is None and line_of(c, "237").total.status is Status.NOT_REPORTED
    rows = CalamineWorkbook.from_path(str(result.path)).get_sheet_by_name("报送情况").to_python()
    assert "已报送 0 个，草稿 0 个，未报送 11 个" in rows[1][0]


def test_the_city_total_is_judged_only_once_every_unit_with_a_quota_has_reported(store, yulin_plan_id):
    from datetime import date

    from exporters.consolidation_layout import UnitFigure
    from operations.consolidate import _total
    from storage.plans import load_plan

    plan = load_plan(store, yulin_plan_id)
    task = next(t for t in plan.tasks if t.seq == "237")
    indicator = task.indicators[0]
    oct31 = date(2022, 10, 31)
    all_in = (UnitFigure(18, 9, 0.5, Status.BEHIND), UnitFigure(14, 7, 0.5, Status.BEHIND), None)
    assert _total(plan, task, indicator, all_in, oct31).status is Status.BEHIND  # 50 % against 序时 83 %
    done = (UnitFigure(18, 18, 1.0, Status.DONE), UnitFigure(14, 14, 1.0, Status.DONE))
    assert _total(plan, task, indicator, done, oct31).status is Status.DONE
    one_missing = (UnitFigure(18, 18, 1.0, Status.DONE), UnitFigure(14, None, None, Status.NOT_REPORTED))
    total = _total(plan, task, indicator, one_missing, oct31)
    assert (total.actual, total.status) == (18, Status.NOT_REPORTED) and total.rate == pytest.approx(18 / 32)


def test_a_rate_is_rounded_once_where_it_is_printed():
    # 6 of 11 is 54.5 %: stored as 0.5455 and shown to one decimal it printed 54.6 %.
    from domain.plans import Direction, IndicatorKind
    from exporters.consolidation_layout import ConsolidationLine, UnitFigure, figure_cells

    figure = UnitFigure(11, 6, 6 / 11, Status.BEHIND)
    line = ConsolidationLine(1, "", "表2-1", "创新平台", IndicatorKind.INCREMENT, Direction.AT_LEAST, "家", 10,
                             (figure,), figure, 1)  # fmt: skip
    rate = figure_cells(line, figure).rate
    assert f"{rate:.1%}" == "54.5%"


def test_a_rate_with_its_status_word_is_measured_as_printed():
    from exporters.return_layout import PERCENT_FORMAT, shown

    # The A3 column is as wide as this text: measured as "1.04 已完成" it printed "104.0% 已完" / "成".
    assert shown(1.04, f'{PERCENT_FORMAT}" 已完成"') == "104.0% 已完成"

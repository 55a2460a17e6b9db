"""The progress return (完成情况表) as the city opens it: read back with python-calamine and openpyxl."""

from __future__ import annotations

from datetime import date

import pytest

from domain.plans import display_seq, task_concerns_unit
from exporters.progress_return import META_SHEET, RETURN_SHEET, write_progress_return
from exporters.return_layout import COLUMN_INDEX as COL
from exporters.return_layout import RETURN_COLUMNS
from exporters.xlsx_style import FontSet, choose_fonts
from storage.plans import load_plan
from storage.units import get_unit
from tests.test_export_support import (
    EXPORTED_AT,
    INJECTIONS,
    OCTOBER,
    PROFILE,
    beiliu_rows,
    calamine_rows,
    calamine_sheets,
    merged,
    open_xlsx,
    seed_beiliu,
    sheet_xml,
)

# Printed at full size: the units are in the figures and the line above the table (no 计量单位 column), and a
# sub-task's 细化任务序号 is its serial in the city's table (no 对应市任务分解表序号 column).
HEADERS = [
    "序号", "细化任务序号", "任务 / 指标", "目标值", "完成值", "完成率", "序时进度", "状态", "工作进展",
    "存在问题", "下一步计划", "佐证材料", "责任单位", "完成时限",
]  # fmt: skip
KEYS = [c.key for c in RETURN_COLUMNS]


def values(row: list[object], *keys: str) -> list[object]:
    """A calamine row's cells of these columns."""
    return [row[KEYS.index(key)] for key in keys]


@pytest.fixture
def exported(store, yulin_plan_id, tmp_path):
    """北流市's October return with figures, written as a draft and as a final copy."""
    seed_beiliu(store, yulin_plan_id)
    plan = load_plan(store, yulin_plan_id)
    unit = get_unit(store, "北流市")
    rows = beiliu_rows(store, yulin_plan_id)
    paths = {}
    for final in (False, True):
        path = tmp_path / f"北流市_2022年10月_{'报送' if final else '草稿'}.xlsx"
        checksum = write_progress_return(plan, unit, OCTOBER, rows, PROFILE, path, final=final, exported_at=EXPORTED_AT)
        paths[final] = (path, checksum)
    return plan, unit, paths


def line_of(rows: list[list[object]], seq: str) -> list[object]:
    return next(r for r in rows if len(r) > 1 and r[1] == display_seq(seq))


def test_title_heading_columns_and_footer_as_the_city_reads_them(exported):
    plan, unit, paths = exported
    path, _ = paths[False]
    rows = calamine_rows(path)
    assert rows[0][0] == "北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》指标任务完成情况表"
    heading = " ".join(str(v) for v in rows[1] if v)
    assert "填报单位（盖章）：北流市" in heading
    assert "截至日期：2022年10月31日" in heading and "填报期：2022年10月" in heading
    assert "计量单位：" in heading and "家" in heading and "万元" in heading and "%" in heading
    assert rows[2] == HEADERS
    footer = [str(v) for v in rows[-1] if v]
    assert footer == [
        "单位负责人：陈建国", "审核人：李梅", "填报人：黄小玲", "联系电话：0775-6212345", "填报日期：2022年11月3日",
    ]  # fmt: skip


def test_only_the_units_tasks_are_listed_in_the_tables_order(exported):
    plan, unit, paths = exported
    rows = calamine_rows(paths[False][0])
    lines = [r for r in rows[3:-1] if isinstance(r[0], (int, float))]  # notes (说明) have no 序号
    listed = [r[1] for r in lines]
    expected = [
        display_seq(t.seq)
        for t in plan.tasks
        if task_concerns_unit(t, unit.name, unit.kind, unit.short_name)
        for _ in t.indicators
    ]
    assert listed == expected
    assert "(237)" in listed and "(248)" not in listed and "(249)" not in listed
    assert [r[0] for r in lines] == list(range(1, len(expected) + 1))


def test_figures_rates_and_status_are_the_ones_on_screen(exported):
    _, _, paths = exported
    rows = calamine_rows(paths[False][0])
    hitech = line_of(rows, "237")
    assert values(hitech, "task") == ["高新技术企业保有量不低于101家，其中北流不低于18家"]
    figures = ["target", "actual", "rate", "time_progress", "status"]
    assert values(hitech, *figures) == [18, 12, pytest.approx(0.6667, abs=1e-4), pytest.approx(0.8324, abs=1e-4), "滞后"]
    assert hitech[KEYS.index("progress")].startswith("新认定高新技术企业3家")
    assert values(hitech, "deadline") == ["2022年12月31日"]
    assert values(line_of(rows, "238"), *figures) == [40, 41, pytest.approx(1.025), pytest.approx(0.8324, abs=1e-4),
                                                     "已完成"]  # fmt: skip
    assert values(line_of(rows, "250"), "actual", "rate", "status") == ["已完成", "", "已完成"]
    # (240) is a task of 北流's with no quota for it: "—" and 未分解, never 未填报.
    assert values(line_of(rows, "240"), "target", "actual", "status") == ["—", "", "未分解"]
    assert values(line_of(rows, "251"), "target", "actual", "rate") == [1, 0.8, pytest.approx(0.8)]


def test_numbers_percentages_and_status_colours_are_formatted(exported):
    _, _, paths = exported
    ws = open_xlsx(paths[False][0])[RETURN_SHEET]
    by_seq = {ws.cell(row=r, column=COL["seq"]).value: r for r in range(4, ws.max_row)}
    row = by_seq["(237)"]
    assert ws.cell(row=row, column=COL["rate"]).number_format == "0.0%"
    assert ws.cell(row=row, column=COL["time_progress"]).number_format == "0.0%"
    # Amounts with their unit, right-aligned (GB/T 9704 tables): 18家, 5200万元, 增长35%, 0.8%.
    assert ws.cell(row=row, column=COL["target"]).number_format == '0"家"'
    assert ws.cell(row=row, column=COL["actual"]).alignment.horizontal == "right"
    assert ws.cell(row=by_seq["(252)"], column=COL["target"]).number_format == '"增长"0"%"'
    assert ws.cell(row=by_seq["(252)"], column=COL["actual"]).number_format == '0"万元"'
    assert ws.cell(row=by_seq["(251)"], column=COL["actual"]).number_format == '0.0"%"'
    assert ws.cell(row=row, column=COL["status"]).fill.fgColor.rgb.endswith("DD9013")  # 滞后: amber, the word in bold
    assert ws.cell(row=row, column=COL["status"]).font.b
    assert ws.cell(row=by_seq["(238)"], column=COL["status"]).fill.fgColor.rgb.endswith("A9D18E")  # 已完成: green
    assert ws.cell(row=by_seq["(240)"], column=COL["status"]).fill.fill_type is None  # 未分解: nothing to judge


def test_fonts_of_official_documents_with_fallback(exported, tmp_path, store, yulin_plan_id):
    plan, unit, paths = exported
    ws = open_xlsx(paths[False][0])[RETURN_SHEET]
    assert ws["A1"].font.name in ("方正小标宋简体", "黑体") and ws["A1"].font.sz == 22
    assert ws["A3"].font.name == "黑体"
    assert ws["D4"].font.name in ("仿宋_GB2312", "仿宋") and ws["D4"].font.sz == 10.5
    assert choose_fonts(installed=set()) == FontSet(title="黑体", body="仿宋")
    official = choose_fonts(installed={"方正小标宋简体", "仿宋_GB2312", "宋体"})
    assert (official.title, official.body) == ("方正小标宋简体", "仿宋_GB2312")
    path = tmp_path / "official.xlsx"
    write_progress_return(plan, unit, OCTOBER, beiliu_rows(store, yulin_plan_id), PROFILE, path, final=False,
                          fonts=official)  # fmt: skip
    ws = open_xlsx(path)[RETURN_SHEET]
    assert ws["A1"].font.name == "方正小标宋简体" and ws["D4"].font.name == "仿宋_GB2312"


def test_print_setup_a4_landscape_fixed_scale_titles_page_numbers(exported):
    _, _, paths = exported
    ws = open_xlsx(paths[True][0])[RETURN_SHEET]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    # A fixed scale, at which every column fits across the page (exporters.paper measures it).
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 60 <= int(ws.page_setup.scale or 100) <= 100
    assert ws.print_title_rows == "$3:$3"
    assert ws.freeze_panes == "A4"
    # GB/T 9704: "— 1 —" at the outer edge, odd pages right and even pages left, in 4号 宋体 once scaled.
    assert ws.HeaderFooter.differentOddEven
    assert ws.oddFooter.right.text == "— &P —　" and ws.evenFooter.left.text == "　— &P —"
    assert ws.oddFooter.right.font == "宋体,常规"
    assert ws.oddFooter.right.size * int(ws.page_setup.scale or 100) / 100 == pytest.approx(14, abs=0.1)
    assert not ws.oddHeader.right.text  # the final return carries no 草稿 mark
    assert f"A1:{chr(ord('A') + len(RETURN_COLUMNS) - 1)}1" in merged(ws)
    assert ws.page_setup.scale is None  # 100 %: the body prints at 10.5 pt


def test_draft_is_marked_on_every_page(exported):
    _, _, paths = exported
    ws = open_xlsx(paths[False][0])[RETURN_SHEET]
    assert ws.oddHeader.right.text == "草稿（未报送）"
    assert ws.evenHeader.right.text == "草稿（未报送）"


def test_cells_have_borders_wrap_and_rows_tall_enough_for_their_text(exported):
    _, _, paths = exported
    ws = open_xlsx(paths[False][0])[RETURN_SHEET]
    for col in range(1, len(RETURN_COLUMNS) + 1):
        cell = ws.cell(row=4, column=col)
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
        assert cell.alignment.wrap_text
    heights = {ws.cell(row=r, column=COL["seq"]).value: ws.row_dimensions[r].height for r in range(4, ws.max_row)}
    # (243) is several lines of text in its column; (250) is one short line.
    assert heights["(243)"] >= 5 * 10.5 * 1.3
    assert heights["(250)"] < heights["(243)"]
    assert all(h and h >= 24 for seq, h in heights.items() if seq)  # a line and its padding at least


def test_text_users_typed_is_never_a_formula(exported):
    _, _, paths = exported
    path = paths[False][0]
    wb = open_xlsx(path)
    ws = wb[RETURN_SHEET]
    row = next(r for r in range(4, ws.max_row) if ws.cell(row=r, column=COL["seq"]).value == "(252)")
    texts = [COL[key] for key in ("progress", "problems", "next_steps", "evidence")]
    typed = [ws.cell(row=row, column=c).value for c in texts]
    assert typed == list(INJECTIONS.values())
    assert all(ws.cell(row=row, column=c).data_type == "s" for c in texts)
    assert all(ws.cell(row=row, column=c).quotePrefix for c in texts)
    assert "<f>" not in sheet_xml(path) and "<f " not in sheet_xml(path)
    assert values(line_of(calamine_rows(path), "252"), "progress", "problems", "next_steps", "evidence") == list(
        INJECTIONS.values()
    )


def test_hidden_protected_sheet_carries_identity_and_checksum(exported):
    plan, _, paths = exported
    path, checksum = paths[True]
    assert calamine_sheets(path) == [RETURN_SHEET, META_SHEET]
    ws = open_xlsx(path)[META_SHEET]
    assert ws.sheet_state == "veryHidden"
    assert ws.protection.sheet is True
    meta = {r[0]: r[1] for r in calamine_rows(path, META_SHEET) if r and r[0]}
    from version import __version__

    assert meta["方案键"] == plan.key and meta["方案编号"] == plan.id
    assert meta["填报单位"] == "北流市" and meta["填报期"] == "2022-10"
    assert meta["导出时间"] == "2022-11-03T09:30:00" and meta["程序版本"] == __version__
    assert meta["导出类型"] == "报送" and meta["校验码"] == checksum and len(checksum) == 64


def test_report_date_moves_the_cut_off_and_time_progress(store, yulin_plan_id, tmp_path):
    from domain.progress import progress_rows
    from storage.achievements import achievement_history

    seed_beiliu(store, yulin_plan_id)
    plan = load_plan(store, yulin_plan_id)
    unit = get_unit(store, "北流市")
    day = date(2022, 10, 15)
    rows = progress_rows(plan, unit.name, unit.kind, OCTOBER, achievement_history(store, yulin_plan_id, unit.name),
                         unit_short=unit.short_name, report_date=day)  # fmt: skip
    path = tmp_path / "mid.xlsx"
    write_progress_return(plan, unit, OCTOBER, rows, PROFILE, path, final=False, report_date=day)
    table = calamine_rows(path)
    assert "截至日期：2022年10月15日" in " ".join(str(v) for v in table[1])
    expected = round((day - date(2022, 1, 1)).days / 364, 4)
    assert values(line_of(table, "237"), "time_progress") == [pytest.approx(expected, abs=1e-4)]


def test_a_unit_without_tasks_gets_a_return_that_says_so(store, tmp_path):
    from domain.progress import progress_rows
    from storage.plans import find_plan

    plan = find_plan(store, "百色市科技创新")
    unit = get_unit(store, "北流市")
    rows = progress_rows(plan, unit.name, unit.kind, OCTOBER, {}, unit_short=unit.short_name)
    assert rows == []
    path = tmp_path / "empty.xlsx"
    write_progress_return(plan, unit, OCTOBER, rows, PROFILE, path, final=False)
    table = calamine_rows(path)
    assert table[3][0] == "本单位在该方案中没有需要填报的任务"

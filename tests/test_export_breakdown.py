"""The breakdown table (任务分工表) in the layout of the city's attachment, read back by two readers."""

from __future__ import annotations

import pytest

from domain.plans import display_seq, task_concerns_unit
from exporters.breakdown_table import BREAKDOWN_SHEET, write_breakdown_table
from exporters.quota_wording import unit_task_text
from exporters.safe_write import ExportError
from storage.plans import find_plan, load_plan
from storage.units import get_unit, unit_registry
from tests.test_export_support import calamine_rows, merged, open_xlsx, sheet_xml

COLUMNS = [
    "对应市任务分解表序号", "指标名称", "自治区目标", "自治区具体任务", "我市相应的目标任务", "细化任务序号",
    "细化任务", "责任单位", "完成时限", "牵头单位", "配合单位",
]  # fmt: skip


@pytest.fixture
def city_table(store, yulin_plan_id, tmp_path):
    plan = load_plan(store, yulin_plan_id)
    path = write_breakdown_table(plan, tmp_path / "分工表.xlsx")
    return plan, path


@pytest.fixture
def beiliu_table(store, yulin_plan_id, tmp_path):
    plan = load_plan(store, yulin_plan_id)
    path = write_breakdown_table(plan, tmp_path / "北流分工表.xlsx", "北流", unit_registry(store))
    return plan, path


def rows_by_seq(rows: list[list[object]]) -> dict[str, list[object]]:
    return {r[5]: r for r in rows[3:] if r[5]}


def test_city_table_has_the_attachments_label_title_and_eleven_columns(city_table):
    plan, path = city_table
    rows = calamine_rows(path)
    assert rows[0][0] == "附件"
    assert rows[1][0] == "2022年玉林市优化营商环境创新创业指标任务分工表"
    assert rows[2] == COLUMNS
    assert list(rows_by_seq(rows)) == [display_seq(t.seq) for t in plan.tasks]
    first = rows[3]
    assert first[:6] == ["164", "创新创业", "加大创新创业主体培育力度", plan.tasks[0].region_task,
                         plan.tasks[0].city_goal, "(237)"]  # fmt: skip
    assert "北流不低于18家，容县不低于14家" in first[6]
    assert first[8] == "2022年12月31日" and first[9] == "市科技局"


def test_one_city_row_spans_its_sub_tasks_by_merged_cells(city_table):
    _, path = city_table
    ws = open_xlsx(path)[BREAKDOWN_SHEET]
    ranges = merged(ws)
    # 164 over (237)(238) in rows 4–5; 166 over (240)(241) in rows 7–8; 175 over (251)–(255) in rows 18–22,
    # which at full size is taller than a page: it goes on over the page break, its 序号 said again there.
    for col in "ABCDE":
        assert f"{col}4:{col}5" in ranges
        assert f"{col}7:{col}8" in ranges
        assert f"{col}18:{col}21" in ranges
    assert ws["A22"].value == "175" and 21 in [b.id for b in ws.row_breaks.brk]
    assert "I4:I5" in ranges and "J4:J5" in ranges and "K4:K5" in ranges  # same deadline, lead, partners
    assert "H15:H16" not in ranges  # (248) and (249) name different responsible offices
    assert "J15:J16" in ranges
    assert "F4:F5" not in ranges and "G4:G5" not in ranges  # each sub-task keeps its own row
    rows = calamine_rows(path)
    assert rows[4][0] == "" and rows[4][5] == "(238)"  # calamine sees the merge: the value only on top
    assert ws["A6"].value == "165"


def test_county_table_keeps_its_tasks_with_its_quotas_written_in(beiliu_table, store):
    plan, path = beiliu_table
    unit = get_unit(store, "北流市")
    rows = calamine_rows(path)
    assert rows[1][0] == "2022年玉林市优化营商环境创新创业指标任务分工表（北流市）"
    by_seq = rows_by_seq(rows)
    expected = [display_seq(t.seq) for t in plan.tasks if task_concerns_unit(t, unit.name, unit.kind, unit.short_name)]
    assert list(by_seq) == expected
    assert "(248)" not in by_seq
    assert by_seq["(237)"][6] == "高新技术企业保有量不低于101家，其中北流不低于18家"
    assert by_seq["(238)"][6] == "国家科技型中小企业入库数不低于242家，其中北流40家"
    assert by_seq["(245)"][6] == "组织申报自治区级及以上创新平台不低于10家，其中北流1家"
    assert by_seq["(252)"][6].endswith("（北流：较上年增长35%以上）")
    assert "容县" not in by_seq["(237)"][6]
    assert by_seq["(239)"][6] == plan.task("239").text  # no quota: the city's words stand


def test_quota_wording_for_units_without_alias_and_with_baselines(store, yulin_plan_id):
    plan = load_plan(store, yulin_plan_id)
    assert unit_task_text(plan.task("237"), "容县") == "高新技术企业保有量不低于101家，其中容县不低于14家"
    xingye = get_unit(store, "兴业县")
    text = unit_task_text(plan.task("252"), xingye.name, (xingye.short_name,))
    assert text.endswith("（兴业：较上年增长35%以上，基础数800万元）")
    zone = get_unit(store, "玉柴工业园")
    assert unit_task_text(plan.task("238"), zone.name, zone.aliases) == (
        "国家科技型中小企业入库数不低于242家，其中玉柴工业园10家"
    )


def test_zone_table_lists_zone_tasks(store, yulin_plan_id, tmp_path):
    plan = load_plan(store, yulin_plan_id)
    path = write_breakdown_table(plan, tmp_path / "玉东.xlsx", get_unit(store, "玉东新区"))
    by_seq = rows_by_seq(calamine_rows(path))
    assert by_seq["(237)"][6] == "高新技术企业保有量不低于101家，其中玉东不低于9家"
    assert "基础数1000万元" in by_seq["(252)"][6]


def test_fonts_print_setup_and_no_formulas(city_table):
    _, path = city_table
    ws = open_xlsx(path)[BREAKDOWN_SHEET]
    assert ws["A1"].font.name == "黑体" and ws["A1"].font.sz == 16  # 附件: 3号黑体
    assert ws["A2"].font.name in ("方正小标宋简体", "黑体") and ws["A2"].font.sz == 22  # 2号
    assert ws["G4"].font.name in ("仿宋_GB2312", "仿宋")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 60 <= int(ws.page_setup.scale or 100) <= 100
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes == "A4"
    assert ws.oddFooter.right.text == "— &P —　" and ws.evenFooter.left.text == "　— &P —"
    assert not ws.oddHeader.right.text
    assert "A2:K2" in merged(ws)
    assert ws["G4"].alignment.wrap_text and ws["G4"].border.top.style == "thin"
    assert ws.row_dimensions[4].height > 24  # (237)'s long sentence needs several lines
    assert "<f>" not in sheet_xml(path)


def test_other_plans_without_city_rows_have_no_merges(store, tmp_path):
    plan = find_plan(store, "高新技术产业开发区")
    path = write_breakdown_table(plan, tmp_path / "高新区.xlsx")
    ws = open_xlsx(path)[BREAKDOWN_SHEET]
    assert merged(ws) == {"A1:B1", "A2:K2"}  # only the 附件 label and the title
    rows = calamine_rows(path)
    assert len(rows_by_seq(rows)) == 21
    assert rows[1][0] == plan.table_title


def test_unknown_unit_is_refused_and_nothing_written(store, yulin_plan_id, tmp_path):
    plan = load_plan(store, yulin_plan_id)
    with pytest.raises(ExportError, match="找不到单位“火星”"):
        write_breakdown_table(plan, tmp_path / "x.xlsx", "火星", unit_registry(store))
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".*tmp"))


def test_text_continued_on_the_annex_is_imported_whole(store, yulin_plan_id, tmp_path):
    """A county importing a table whose long texts went on to the 附页 reads them whole, and no 附页 row as a task."""
    import copy

    from operations.import_table import preview_import
    from tests.test_export_paper import long_text

    plan = copy.deepcopy(load_plan(store, yulin_plan_id))
    for task in plan.tasks:
        if task.city_seq == "164":
            task.city_goal = long_text(f"目标{task.seq}")
            task.text = task.text + long_text(f"细化{task.seq}", 800)
    path = write_breakdown_table(plan, tmp_path / "长文字分工表.xlsx")
    ws = open_xlsx(path)[BREAKDOWN_SHEET]
    assert any(c.value == "附页" for c in ws["A"]) and str(ws["G4"].value).endswith("）")
    read = preview_import(store, path).plan
    assert [t.seq for t in read.tasks] == [t.seq for t in plan.tasks]
    for seq in ("237", "238"):  # a city row's words are its first sub-task's (merged), on every page it spans
        assert read.task(seq).text == plan.task(seq).text and read.task(seq).city_goal == plan.task("237").city_goal
    assert [q.unit for q in read.task("237").indicators[0].quotas][:2] == ["北流市", "容县"]

"""Importing the long task list of seed 000: quotas inside sub-task text, city rows merged over sub-tasks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.plans import Direction, IndicatorKind
from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from tests.import_tables import (
    GOAL_164,
    SEED_QUOTAS,
    SEED_ROWS,
    SEED_TITLE,
    TEXT_238,
    convert_to_xls,
    write_long_table,
)

REGISTRY = builtin_registry()


def quota_map(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def assert_seed_plan(preview) -> None:
    """What seed 000's attachment holds, exactly: every quota, total, kind, city row and deadline."""
    plan = preview.plan
    assert preview.shape == "任务清单"
    assert plan.title == SEED_TITLE and plan.table_title == SEED_TITLE
    assert plan.year == 2022 and plan.city == "玉林市"
    assert [t.seq for t in plan.tasks] == ["237", "238", "239", "245", "251", "252", "254"]
    assert quota_map(preview) == {key: (float(t), b if b is None else float(b)) for key, (t, b) in SEED_QUOTAS.items()}
    indicators = {seq: ind for seq, ind in preview.indicators}
    expected = {
        "237": ("高新技术企业保有量", "家", IndicatorKind.STOCK, 101),
        "238": ("国家科技型中小企业入库数", "家", IndicatorKind.INCREMENT, 242),
        "239": (None, "", IndicatorKind.QUALITATIVE, None),
        "245": ("组织申报自治区级及以上创新平台", "家", IndicatorKind.INCREMENT, 10),
        "251": ("科技支出占一般公共预算支出比重", "%", IndicatorKind.RATIO, 2),
        # Every county's rate; the words give no city target (a county scope's 35 % is not the 全市 total).
        "252": ("规上工业R&D经费支出增长率", "万元", IndicatorKind.GROWTH, None),
        "254": ("工业企业R&D经费内部支出", "亿元", IndicatorKind.INCREMENT, 11.5),
    }
    for seq, (name, measure, kind, target) in expected.items():
        ind = indicators[seq]
        assert (ind.measure, ind.kind, ind.target) == (measure, kind, target), seq
        assert ind.direction is Direction.AT_LEAST
        if name:
            assert ind.name == name
    # The city row (164) spans (237) and (238): its cells reach both sub-tasks.
    t237, t238 = plan.task("237"), plan.task("238")
    for task in (t237, t238):
        assert task.city_seq == "164" and task.topic == "创新创业" and task.city_goal == GOAL_164
        assert task.region_goal == "加大创新创业主体培育力度"
        assert task.deadline == date(2022, 12, 31) and task.lead == "市科技局"
    assert plan.task("239").deadline == date(2022, 11, 30)
    assert plan.task("252").city_seq == plan.task("254").city_seq == "175"
    sources = {(q.seq, q.unit): q.source for q in preview.quotas}
    assert sources[("237", "北流市")] == "北流不低于18家"
    assert sources[("238", "玉林健康产业园")] == "玉林健康产业园3家"
    assert "基础数分别为800万元、1000万元" in sources[("252", "兴业县")]
    assert preview.errors == [] and preview.warnings == [] and preview.unresolved == []
    # (237) hands out 102 against 101 and (245) 11 against 10: allowed under 不低于, so notes, not warnings.
    assert len(preview.notes) == 2
    assert "任务 (237)" in preview.notes[0] and "102家" in preview.notes[0]
    assert "任务 (245)" in preview.notes[1] and "11家" in preview.notes[1]


def test_seed_table_every_quota(tmp_path: Path):
    preview = read_breakdown_table(write_long_table(tmp_path / "分工表.xlsx"), REGISTRY)
    assert_seed_plan(preview)
    assert preview.file == "分工表.xlsx" and preview.sheet == "Sheet1"
    assert preview.task_rows["237"] == 4 and preview.task_rows["238"] == 5


def test_city_rows_without_merged_cells_carry_down(tmp_path: Path):
    preview = read_breakdown_table(write_long_table(tmp_path / "t.xlsx", merged=False), REGISTRY)
    assert_seed_plan(preview)


def test_two_row_header_and_a_sub_task_cut_by_a_page_break(tmp_path: Path):
    path = write_long_table(tmp_path / "t.xlsx", two_row_header=True, split_238=True)
    preview = read_breakdown_table(path, REGISTRY)
    assert_seed_plan(preview)
    assert preview.plan.task("238").text == TEXT_238
    assert preview.plan.task("237").region_task == "持续增加国家高新技术企业、国家科技型中小企业入库数。"


def test_xls_copy_made_by_libreoffice_reads_the_same(tmp_path: Path):
    xlsx = write_long_table(tmp_path / "分工表.xlsx", two_row_header=True)
    xls = convert_to_xls(xlsx, tmp_path)
    from_xls = read_breakdown_table(xls, REGISTRY)
    assert_seed_plan(from_xls)
    from_xlsx = read_breakdown_table(xlsx, REGISTRY)
    for key in ("tasks", "indicators", "quotas", "notes", "warnings"):
        assert from_xls.report()[key] == from_xlsx.report()[key]


def test_other_wordings_notes_and_a_sheet_without_the_table(tmp_path: Path):
    wb = Workbook()
    info = wb.active
    info.title = "填报说明"
    info["A1"] = "请各县（市、区）于每季度末报送完成情况。"
    hidden = wb.create_sheet("旧表")
    hidden.append(["序号", "任务内容", "责任单位"])
    hidden.append([1, "旧任务：北流99家", "市科技局"])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("任务表")
    ws.append(["附件1：2023年玉林市科技创新重点任务分解表"])
    ws.append(["序 号", "工作任务", "责任部门", "时限", "牵头部门", "配合部门", "备注"])
    ws.append(["1", "新增国家科技型中小企业50家以上：北流十二家、容县10家、陆川8家", "各县（市、区）人民政府",
               "2023年底", "市科技局", "市财政局", ""])  # fmt: skip
    ws.append(["序 号", "工作任务", "责任部门", "时限", "牵头部门", "配合部门", "备注"])  # repeated on page 2
    ws.append([2, "组织开展科技活动周", "市科技局", "9月底", "市科技局", "", "每年一次"])
    ws.append([3, "技术合同成交额1亿元", "市科技局", "长期", "市科技局", "", ""])
    ws.append(["填表人：", "", "联系电话："])
    ws.append([4, "这一行在表外", "", "", "", "", ""])
    path = tmp_path / "2023.xlsx"
    wb.save(path)
    preview = read_breakdown_table(path, REGISTRY)
    plan = preview.plan
    assert preview.sheet == "任务表"
    assert plan.title == "2023年玉林市科技创新重点任务分解表" and plan.year == 2023 and plan.city == "玉林市"
    assert [t.seq for t in plan.tasks] == ["1", "2", "3"]
    t1, t2, t3 = plan.tasks
    assert (t1.responsible, t1.lead, t1.partners) == ("各县（市、区）人民政府", "市科技局", "市财政局")
    assert t1.deadline == date(2023, 12, 31) and t2.deadline == date(2023, 9, 30) and t3.deadline is None
    assert t2.note == "每年一次"
    assert quota_map(preview) == {("1", "北流市"): (12, None), ("1", "容县"): (10, None), ("1", "陆川县"): (8, None)}
    assert t1.indicators[0].target == 50
    assert t3.indicators[0].target == 1 and t3.indicators[0].measure == "亿元"
    assert t2.indicators[0].kind is IndicatorKind.QUALITATIVE
    assert preview.warnings == [
        "第 3 行：任务 (1)：各单位分解数合计 30家，低于总目标 50家（新增国家科技型中小企业50家以上）"
    ]


def test_names_not_in_the_registry_are_pending_with_their_row(tmp_path: Path):
    rows = [("175", "创新创业", "加大研发投入", "", "", [
        ("(253)", "玉柴工业园规上工业企业中有 医药健康产业园1家以上、 潭产产业园区3家以上。", "各开发园区管委",
         "2022年12月31日", "市科技局", ""),
    ])]  # fmt: skip
    preview = read_breakdown_table(write_long_table(tmp_path / "t.xlsx", rows=rows), REGISTRY)
    assert quota_map(preview) == {("253", "玉林健康产业园"): (1, None)}
    assert preview.unresolved == ["潭产产业园区"] and preview.warnings == []
    [item] = preview.pending
    assert (item.id, item.name, item.unit, item.row) == ("253/1", "潭产产业园区", "", 4)
    assert "登记" in item.reason and "潭产产业园区" in item.source


def test_a_repeated_serial_refuses_nothing_its_row_is_kept_and_its_figures_asked(tmp_path: Path):
    rows = [(*SEED_ROWS[0][:5], [SEED_ROWS[0][5][0], SEED_ROWS[0][5][0]])]
    preview = read_breakdown_table(write_long_table(tmp_path / "dup.xlsx", rows=rows), REGISTRY)
    assert preview.errors == []
    assert [t.seq for t in preview.plan.tasks] == ["237", "237-2"]
    assert "第 5 行：细化任务序号 (237) 与第 4 行重复：这一行按序号 237-2 导入，其分解指标列为待确认" in preview.warnings
    first, again = preview.plan.tasks
    assert len(first.indicators[0].quotas) == 11 and again.indicators[0].quotas == []
    asked = [p for p in preview.pending if p.seq == "237-2"]
    assert len(asked) == 11 and {p.value for p in asked if p.unit == "北流市"} == {18}
    assert all(p.reason.startswith("序号 (237) 与第 4 行重复") and p.row == 5 for p in asked)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2022年12月31日", date(2022, 12, 31)), ("2022.6.30", date(2022, 6, 30)), ("2022-03-31", date(2022, 3, 31)),
     ("6月底", date(2022, 6, 30)), ("2022年底", date(2022, 12, 31)), ("2022年11月", date(2022, 11, 30)),
     ("12月31日前", date(2022, 12, 31)), ("长期", None), ("持续推进", None), ("11月", date(2022, 11, 30)),
     ("12月", date(2022, 12, 31)), ("2月份", date(2022, 2, 28))],
)  # fmt: skip
def test_deadline_wordings(cell, expected):
    from importers.row_serials import parse_deadline

    assert parse_deadline(cell, 2022) == (expected, "")


def test_an_unreadable_deadline_is_a_warning(tmp_path: Path):
    from importers.row_serials import parse_deadline

    assert parse_deadline("下半年择机", 2022) == (None, "完成时限“下半年择机”无法识别，按方案年底计")

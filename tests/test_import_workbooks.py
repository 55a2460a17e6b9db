"""A workbook of several sheets: every sheet that holds a table handing out targets is read into one plan
(serials prefixed by the sheet where they clash), and every other sheet is named with the reason."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from cli import main
from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from storage.plans import list_plans, load_plan

REGISTRY = builtin_registry()


def laibin(path: Path, *, hide_second: bool = False) -> Path:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["B3"] = "来宾市科学技术局"
    cover["B5"] = "来宾市2022年科技创新目标任务分解"
    first = wb.create_sheet("表1 主要指标")
    first.append(["来宾市2022年科技创新主要指标分解表"])
    first.append(["序号", "指标", "单位", "2021年完成", "2022年全市目标", "兴宾区", "忻城县", "象州县"])
    first.append([1, "高新技术企业保有量", "家", 80, 95, 45, 8, 12])
    first.append([2, "技术合同成交额", "万元", 8000, 10000, 5000, 800, 1000])
    second = wb.create_sheet("表2 重点任务")
    second.append(["来宾市2022年科技创新重点任务分解表"])
    second.append(["序号", "重点任务", "责任单位", "完成时限"])
    second.append([1, "兴宾区新增高新技术企业10家，忻城县、象州县分别新增3家、4家。", "各县（市、区）人民政府", "2022年12月"])
    second.append([2, "组织开展科技活动周活动。", "市科技局", "2022年9月"])
    if hide_second:
        second.sheet_state = "hidden"
    template = wb.create_sheet("完成情况（模板）")
    template.append(["序号", "指标", "目标", "完成值", "完成率"])
    wb.save(path)
    return path


def test_every_sheet_with_a_table_is_read_into_one_plan(tmp_path: Path):
    preview = read_breakdown_table(laibin(tmp_path / "来宾.xlsx"), REGISTRY)
    assert preview.sheet == "表1 主要指标、表2 重点任务"
    assert preview.plan.title == "来宾市2022年科技创新主要指标分解表"
    assert [t.seq for t in preview.plan.tasks] == ["1", "2", "表2-1", "表2-2"]
    assert [i.target for _, i in preview.indicators][:2] == [95, 10000]
    found = {(q.seq, q.unit): q.target for q in preview.quotas}
    assert found[("表2-1", "兴宾区")] == 10 and found[("表2-1", "象州县")] == 4
    assert preview.task_rows["1"] == 3 and preview.task_rows["表2-1"] == 3
    notes = preview.notes
    assert "工作表“表2 重点任务”的序号与前面的工作表重复，本表的任务序号前加“表2-”（如 表2-1）" in notes
    assert any(n.startswith("工作表“封面”前 40 行没有表格") and n.endswith("未读取") for n in notes)
    assert "工作表“完成情况（模板）”第 1 行是表头，但下面没有内容（空白模板），未读取" in notes
    assert "工作表“表1 主要指标”“2021年完成”列是完成数（实际数），不是目标，未读取" in notes


def test_a_hidden_sheet_is_named_not_read(tmp_path: Path):
    preview = read_breakdown_table(laibin(tmp_path / "来宾.xlsx", hide_second=True), REGISTRY)
    assert [t.seq for t in preview.plan.tasks] == ["1", "2"]
    assert "工作表“表2 重点任务”是隐藏的工作表，未读取" in preview.notes


def test_a_second_sheet_is_imported_with_the_first(tmp_path: Path):
    db = tmp_path / "l.sqlite3"
    assert main(["import", str(laibin(tmp_path / "来宾.xlsx")), "--db", str(db), "--accept-all-certain"]) == 0
    from storage.db import open_store

    with open_store(db) as store:
        [summary] = [p for p in list_plans(store) if p.title.startswith("来宾市")]
        plan = load_plan(store, summary.id)
    assert [t.seq for t in plan.tasks] == ["1", "2", "表2-1", "表2-2"]
    assert plan.task("表2-1").indicators[0].quota_for("忻城县").target == 3

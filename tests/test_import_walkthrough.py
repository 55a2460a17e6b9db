"""The user walkthrough of importing the city's breakdown tables, step by step as the user did it."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from cli import main
from exporters.breakdown_table import write_breakdown_table
from storage.plans import load_plan
from storage.units import unit_registry

ADDED = "北京不低于3家，陆州不低于2家，"


def exported_table_with_unknown_names(store, plan_id: int, path: Path) -> Path:
    """The app's own 分工表 with 北京 and 陆州 typed into (237)'s list of county quotas, as the user did."""
    write_breakdown_table(load_plan(store, plan_id), path, registry=unit_registry(store))
    book = openpyxl.load_workbook(path)
    sheet = book.active
    (cell,) = [
        c for row in sheet.iter_rows() for c in row if str(c.value).startswith("高新技术企业保有量不低于101家：")
    ]
    cell.value = cell.value.replace("容县不低于14家，", "容县不低于14家，" + ADDED)
    book.save(path)
    return path


def test_unknown_names_typed_into_a_quota_list_are_warned_by_row_sequence_and_name(
    store, yulin_plan_id: int, tmp_path: Path, capsys
):
    path = exported_table_with_unknown_names(store, yulin_plan_id, tmp_path / "t.xlsx")
    fresh = tmp_path / "fresh.sqlite3"
    assert main(["import", str(path), "--db", str(fresh), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "警告：第 4 行：任务 (237)：“北京”不是登记表中玉林市的单位，这一项没有读取，请核对" in out
    assert "警告：第 4 行：任务 (237)：“陆州”不是登记表中玉林市的单位，这一项没有读取，请核对" in out
    assert main(["import", str(path), "--db", str(fresh), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unresolved"][:2] == ["北京", "陆州"]
    assert [w for w in report["warnings"] if "任务 (237)" in w] == [
        "第 4 行：任务 (237)：“北京”不是登记表中玉林市的单位，这一项没有读取，请核对",
        "第 4 行：任务 (237)：“陆州”不是登记表中玉林市的单位，这一项没有读取，请核对",
    ]
    quotas_237 = {q["unit"]: q["target"] for q in report["quotas"] if q["seq"] == "237"}
    assert len(quotas_237) == 11 and quotas_237["容县"] == 14 and "北京" not in str(quotas_237)

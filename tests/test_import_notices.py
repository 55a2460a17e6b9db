"""Files that deserve a word even when readable, and what --json, --resolve, --map and --add-zone do."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl

from cli import main
from operations.import_table import preview_import
from storage.audit import audit_count
from storage.db import open_store
from storage.dump import dump_store
from storage.plans import find_plan
from storage.units import list_units
from tests.import_tables import write_long_table, write_matrix_table

UNITS = ["玉州区", "福绵区", "北流市", "龙潭园区", "玉林经开区"]
ROWS = [(1, "高新技术企业保有量", "家", 60, [17, 9, "约十几家", 3, 5])]


def rezip(path: Path, extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> None:
    """Rewrite the .xlsx with parts added or replaced, as another program would have saved it."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = (replace or {}).get(item.filename, old.read(item.filename))
            new.writestr(item, data)
        for name, data in extra.items():
            new.writestr(name, data)
    shutil.move(tmp, path)


def test_a_macro_workbook_renamed_xlsx_imports_with_a_warning_naming_it(store, tmp_path: Path):
    path = write_long_table(tmp_path / "分工表.xlsx")
    with zipfile.ZipFile(path) as book:
        types = book.read("[Content_Types].xml")
    types = types.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
    rezip(path, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 60}, {"[Content_Types].xml": types})
    preview = preview_import(store, path)
    assert preview.errors == [] and len(preview.quotas) == 48
    assert "文件 分工表.xlsx 是含宏的工作簿（.xlsm）改名为 .xlsx ；程序不运行其中的宏，只读取单元格内容" in (
        preview.warnings
    )


def test_formulas_linking_other_workbooks_are_named(store, tmp_path: Path):
    path = write_matrix_table(tmp_path / "矩阵.xlsx")
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'externalLinkPath" Target="file:///D:/科技局/2022年各县汇总.xlsx" TargetMode="External"/></Relationships>'
    ).encode()
    link = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>'
        b"</externalLink>"
    )
    rezip(path, {"xl/externalLinks/externalLink1.xml": link, "xl/externalLinks/_rels/externalLink1.xml.rels": rels})
    preview = preview_import(store, path)
    assert any(
        w.startswith("文件 矩阵.xlsx 中有公式引用其他工作簿（“2022年各县汇总.xlsx”）；程序只读取保存时的计算结果")
        for w in preview.warnings
    )
    assert {q.unit for q in preview.quotas} >= {"北流市", "兴业县"}


def test_a_cell_over_2000_characters_is_named_by_sheet_and_cell(store, tmp_path: Path):
    path = write_long_table(tmp_path / "长文字.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["G7"] = sheet["G7"].value + "（具体措施：" + "加强组织领导，落实工作责任。" * 160 + "）"
    book.save(path)
    preview = preview_import(store, path)
    [warning] = [w for w in preview.warnings if "超过 2000 字" in w]
    assert warning.startswith("文件 长文字.xlsx 工作表“Sheet1”G7 单元格有 ")
    assert preview.errors == []


def test_json_lists_pending_items_by_id_and_decisions_store_exactly_them(store, db_path, tmp_path, capsys):
    path = write_matrix_table(tmp_path / "分解表.xlsx", rows=ROWS, units=UNITS)
    before = dump_store(store), audit_count(store)
    assert main(["import", str(path), "--db", str(db_path), "--json", "--dry-run"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(p["id"], p["name"], p["unit"], p["value"]) for p in report["pending"]] == [
        ("1/1", "北流", "北流市", None), ("1/2", "龙潭园区", None, 3), ("1/3", "玉林经开区", None, 5),
    ]  # fmt: skip
    assert report["pending"][1]["row"] == 6 and "龙潭园区" in report["pending"][1]["reason"]
    # A decision that cannot apply is refused, naming what is wrong; nothing is written.
    for argv, said in (
        (["--resolve", "9/9=3"], "没有编号为“9/9”的待确认项"),
        (["--resolve", "1/1=十几"], "“十几”不是数字"),
        (["--map", "龙潭园区=桃源县"], "“桃源县”不是登记表中的单位"),
        (["--map", "龙潭园区=北流市", "--resolve", "1/1=16", "--add-zone", "玉林经开区"], "北流市在任务 1"),
        (["--add-zone", "龙潭产业园"], "“龙潭产业园”已是登记表中的单位"),
        (["--resolve", "1/1=16"], "表中有 2 项待确认，未导入任何数据"),
    ):
        assert main(["import", str(path), "--db", str(db_path), *argv]) == 2, argv
        assert said in capsys.readouterr().err, argv
    assert (dump_store(store), audit_count(store)) == before
    argv = ["--resolve", "1/1=16", "--map", "龙潭园区=龙潭产业园", "--add-zone", "玉林经开区"]
    assert main(["import", str(path), "--db", str(db_path), *argv, "--who", "李四"]) == 0
    assert "新增开发区：玉林经开区（玉林市）" in capsys.readouterr().out
    store.close()
    with open_store(db_path) as reopened:
        quotas = find_plan(reopened, "科技创新主要指标任务分解表").task("1").indicators[0].quotas
        assert {q.unit: q.target for q in quotas} == {
            "玉州区": 17, "福绵区": 9, "北流市": 16, "龙潭产业园": 3, "玉林经开区": 5,
        }  # fmt: skip
        assert any(u.name == "玉林经开区" and u.kind == "zone" for u in list_units(reopened))
        who = reopened.query("SELECT who FROM audit WHERE action = '新增开发区'")
        assert [r["who"] for r in who] == ["李四"]

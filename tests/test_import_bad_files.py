"""Bad files: each gets one clear Chinese message naming the file (and sheet or row), exit 2, store untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from cli import main
from operations.import_table import TableFileError, preview_import
from storage.audit import audit_count
from storage.dump import dump_store
from tests.bad_files import BILLION_LAUGHS, XXE, rezip, truncated, with_doctype, word_document, zip_bomb
from tests.import_tables import write_long_table

DATA = Path(__file__).parent / "data" / "import"


SHEET = "xl/worksheets/sheet1.xml"


def make_bad(kind: str, folder: Path) -> Path:
    good = write_long_table(folder / "好表.xlsx")
    if kind == "not_spreadsheet":
        path = folder / "通知.xlsx"
        path.write_text("各县（市、区）科技局：现将任务分工表印发给你们。", encoding="utf-8")
    elif kind == "html_as_xls":
        path = folder / "系统导出.xls"
        path.write_text("<html><body><table><tr><td>序号</td><td>细化任务</td></tr></table></body></html>")
    elif kind == "empty":
        path = folder / "空文件.xlsx"
        path.write_bytes(b"")
    elif kind == "word_document":
        path = word_document(folder / "方案.xlsx")
    elif kind == "truncated_xlsx":
        path = truncated(good, folder / "截断.xlsx")
    elif kind == "truncated_xls":
        path = folder / "截断.xls"
        path.write_bytes((DATA / "protected_1234.xls").read_bytes()[:5000])
    elif kind == "damaged_xml":
        path = rezip(good, folder / "损坏.xlsx", replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})
    elif kind == "protected_xlsx":
        path = DATA / "protected_1234.xlsx"
    elif kind == "protected_xls":
        path = DATA / "protected_1234.xls"
    elif kind == "zip_bomb":
        path = zip_bomb(good, folder / "炸弹.xlsx")
    elif kind == "billion_laughs":
        path = rezip(good, folder / "实体.xlsx", replace={SHEET: with_doctype(good, BILLION_LAUGHS)})
    elif kind == "external_entity":
        path = rezip(good, folder / "外部实体.xlsx", replace={SHEET: with_doctype(good, XXE)})
    elif kind == "utf16_doctype":
        xml = with_doctype(good, XXE).decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        path = rezip(good, folder / "utf16.xlsx", replace={SHEET: xml.encode("utf-16")})
    elif kind == "oversized":
        path = folder / "超大.xlsx"
        with open(path, "wb") as fh:
            fh.write(b"PK\x03\x04")
            fh.truncate(31 * 1024 * 1024)
    elif kind == "too_many_rows":
        wb = Workbook()
        wb.active.append(["序号", "细化任务", "责任单位"])
        wb.active.cell(row=6000, column=2).value = "很远的一行"
        path = folder / "行数过多.xlsx"
        wb.save(path)
    elif kind == "no_table":
        wb = Workbook()
        ws = wb.active
        ws.title = "通知"
        ws["A1"] = "关于报送2022年科技工作总结的通知"
        ws["A3"] = "各县（市、区）科技局：请于12月10日前报送。"
        path = folder / "通知表.xlsx"
        wb.save(path)
    elif kind == "wrong_header":
        wb = Workbook()
        ws = wb.active
        ws.title = "经费"
        ws.append(["2022年科技经费安排表"])
        ws.append(["项目", "金额", "用途"])
        ws.append(["科技特派员补助", 30, "差旅"])
        path = folder / "经费.xlsx"
        wb.save(path)
    elif kind == "header_only":
        wb = Workbook()
        wb.active.title = "分工表"
        wb.active.append(["序号", "细化任务", "责任单位", "完成时限"])
        path = folder / "空表.xlsx"
        wb.save(path)
    elif kind == "missing":
        path = folder / "不存在.xlsx"
    else:
        raise AssertionError(kind)
    return path


CASES = {
    "not_spreadsheet": "不是 Excel 表格",
    "html_as_xls": "网页（HTML/XML）格式",
    "empty": "是空的",
    "word_document": "这是 Word 文档",
    "truncated_xlsx": "已损坏或不完整",
    "truncated_xls": "已损坏或不完整",
    "damaged_xml": "已损坏",
    "protected_xlsx": "受密码保护",
    "protected_xls": "受密码保护",
    "zip_bomb": "压缩炸弹",
    "billion_laughs": "DOCTYPE/ENTITY",
    "external_entity": "DOCTYPE/ENTITY",
    "utf16_doctype": "DOCTYPE/ENTITY",
    "oversized": "超过 30 MB 上限",
    "too_many_rows": "工作表“Sheet”第 6000 行仍有内容，超过 5000 行上限",
    "no_table": "找不到任务分工表：工作表“通知”前 40 行没有表格（只有 2 个单元格有字，像封面或说明）",
    "header_only": "找不到任务分工表：工作表“分工表”第 1 行是表头，但下面没有内容（空白模板）",
    "wrong_header": "工作表“经费”试过第 2 行（“项目”、“金额”、“用途”），不像表头：没有认出任务、指标列",
    "missing": "不存在",
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_file_is_refused_with_a_message_naming_it(kind, store, tmp_path: Path):
    path = make_bad(kind, tmp_path)
    with pytest.raises(TableFileError) as caught:
        preview_import(store, path)
    message = str(caught.value)
    assert path.name in message and CASES[kind] in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_file_on_the_command_line_exits_2_and_leaves_the_store_as_it_was(kind, store, db_path, tmp_path, capsys):
    path = make_bad(kind, tmp_path)
    dump, audit = dump_store(store), audit_count(store)
    status = main(["import", str(path), "--db", str(db_path)])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.startswith("错误：") and path.name in err and CASES[kind] in err
    assert len(err.strip().splitlines()) == 1
    assert dump_store(store) == dump and audit_count(store) == audit


def test_formulas_are_read_as_their_saved_values_never_evaluated(store, tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "细化任务", "责任单位"])
    ws.append([1, "新增科技型中小企业：北流10家", "市科技局"])
    # openpyxl saves no computed value: a reader that evaluated formulas would see 北流99家 here.
    ws.append([2, '=CONCATENATE("北流","99家")', "市科技局"])
    path = tmp_path / "公式.xlsx"
    wb.save(path)
    preview = preview_import(store, path)
    assert [(q.seq, q.unit, q.target) for q in preview.quotas] == [("1", "北流市", 10)]
    assert [t.seq for t in preview.plan.tasks] == ["1"]
    assert "第 3 行：序号 (2) 没有任务内容，已跳过" in preview.warnings

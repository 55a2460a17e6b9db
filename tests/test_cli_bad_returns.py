"""Bad files given to `collect`: one Chinese message naming the file, no English, exit 2, nothing written.

The same safety checks as importing a breakdown table (importers.file_safety), with the words of
collecting (收取), plus what only a return must be: an .xlsx named .xlsx. Each case is a real file in
tmp_path, tried through collect_returns and through the command line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from importers.returns import ReturnError, read_progress_return
from operations.collect import CollectError, collect_returns
from storage.audit import audit_count
from storage.db import open_store
from storage.dump import dump_store
from tests.bad_files import XXE, first_sheet, rezip, truncated, with_doctype, word_document, zip_bomb
from tests.collect_support import make_city, make_counties

ROOT = Path(__file__).resolve().parent.parent
PROTECTED = ROOT / "tests" / "data" / "import"
# Words a Chinese message may carry: formats and product names, never a library's English sentence.
ALLOWED = {"excel", "wps", "xlsx", "xls", "html", "xml", "doctype", "entity", "word", "powerpoint", "txt", "mb"}


def make_bad(kind: str, good: Path, folder: Path) -> Path:
    """A bad file of the given kind, made from a real return `good` where that is what a user would have."""
    if kind == "text_as_xlsx":
        path = folder / "会议通知.xlsx"
        path.write_text("各县（市、区）科技局：请于月底前报送完成情况。", encoding="utf-8")
    elif kind == "text_file":
        path = folder / "说明.txt"
        path.write_text("hello", encoding="utf-8")
    elif kind == "return_renamed_txt":
        path = folder / "北流市报表.txt"
        shutil.copy(good, path)
    elif kind == "return_without_suffix":
        path = folder / "北流市报表"
        shutil.copy(good, path)
    elif kind == "old_xls":
        path = folder / "北流市.xls"
        shutil.copy(PROTECTED / "protected_1234.xls", path)
    elif kind == "html_as_xls":
        path = folder / "系统导出.xls"
        path.write_text("<html><body><table><tr><td>序号</td></tr></table></body></html>", encoding="utf-8")
    elif kind == "empty":
        path = folder / "空文件.xlsx"
        path.write_bytes(b"")
    elif kind == "word_document":
        path = word_document(folder / "总结.xlsx")
    elif kind == "truncated":
        path = truncated(good, folder / "截断.xlsx")
    elif kind == "damaged_sheet":
        path = rezip(good, folder / "损坏.xlsx", replace={first_sheet(good): b"<worksheet><sheetData><row"})
    elif kind == "password_protected":
        path = folder / "加密.xlsx"
        shutil.copy(PROTECTED / "protected_1234.xlsx", path)
    elif kind == "zip_bomb":
        path = zip_bomb(good, folder / "炸弹.xlsx")
    elif kind == "entities":
        path = rezip(good, folder / "实体.xlsx", replace={first_sheet(good): with_doctype(good, XXE)})
    elif kind == "folder":
        path = folder / "报表.xlsx"
        path.mkdir()
    elif kind == "missing":
        path = folder / "不存在.xlsx"
    else:
        raise AssertionError(kind)
    return path


CASES = {
    "text_as_xlsx": "不是有效的 Excel 表格，无法收取",
    "text_file": "不是有效的 Excel 表格，无法收取",
    "return_renamed_txt": "扩展名是 .txt，不是 .xlsx",
    "return_without_suffix": "没有扩展名",
    "old_xls": "旧版 Excel 97-2003（.xls）格式",
    "html_as_xls": "网页（HTML/XML）格式",
    "empty": "是空的",
    "word_document": "这是 Word 文档",
    "truncated": "已损坏或不完整",
    "damaged_sheet": "已损坏",
    "password_protected": "受密码保护",
    "zip_bomb": "压缩炸弹",
    "entities": "DOCTYPE/ENTITY",
    "folder": "是文件夹",
    "missing": "文件不存在",
}


def english(message: str, path: Path) -> set[str]:
    """Latin words in `message` other than the file's name, its parts' names and the format names users know."""
    text = message.replace(str(path), "").replace(path.name, "")
    text = re.sub(r"部件 [^\s，（）]+", "", text)  # a part of the zip is named as it is, e.g. xl/media/image1.png
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in ALLOWED}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    counties = make_counties(tmp_path_factory.mktemp("counties"))
    counties.store.close()
    return counties.returns["北流市"]


@pytest.fixture
def city(tmp_path):
    store = make_city(tmp_path / "city")
    yield store
    store.close()


@pytest.mark.parametrize("kind", sorted(CASES))
def test_collect_returns_refuses_a_bad_file_in_chinese_naming_it(kind, good, city, tmp_path):
    path = make_bad(kind, good, tmp_path)
    before, audits = dump_store(city), audit_count(city)
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [good, path], "赵明")
    [message] = caught.value.errors
    assert path.name in message and CASES[kind] in message
    assert not english(message, path), message
    assert "\n" not in message and "Traceback" not in message
    assert dump_store(city) == before and audit_count(city) == audits


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_command_line_exits_2_names_the_file_and_writes_nothing(kind, good, tmp_path, capsys):
    db = tmp_path / "市台账.sqlite3"
    assert main(["dump", "--db", str(db)]) == 0
    capsys.readouterr()
    with open_store(db) as store:
        before = dump_store(store)
    path = make_bad(kind, good, tmp_path)
    assert main(["collect", str(good), str(path), "--db", str(db)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith("错误：") and path.name in err[0] and CASES[kind] in err[0]
    assert err[1] == "错误：1 处错误，未收取任何报表"
    assert not english(err[0], path), err[0]
    with open_store(db) as store:
        assert dump_store(store) == before


def test_a_bad_file_creates_no_store_and_json_lists_the_error(good, tmp_path, capsys):
    path = make_bad("text_as_xlsx", good, tmp_path)
    db = tmp_path / "市台账.sqlite3"
    assert main(["collect", str(path), "--db", str(db), "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "dry_run": False,
        "files": [],
        "errors": [f"文件 {path.name} {CASES['text_as_xlsx']}；完成情况表须为本程序导出的 .xlsx 文件"],
    }
    assert err.startswith("错误：文件 会议通知.xlsx 不是有效的 Excel 表格")
    assert not db.exists()


@pytest.mark.parametrize("kind", ["text_as_xlsx", "text_file"])
def test_the_walkthrough_files_as_the_user_typed_them(kind, good, tmp_path):
    """`python main.py collect fake.xlsx --db city.sqlite3` once answered in English ("File is not a zip file")."""
    path = make_bad(kind, good, tmp_path)
    db = tmp_path / "city.sqlite3"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "collect", path.name, "--db", db.name], capture_output=True,
        text=True, encoding="utf-8", cwd=tmp_path, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"错误：文件 {path.name} 不是有效的 Excel 表格，无法收取；完成情况表须为本程序导出的 .xlsx 文件",
        "错误：1 处错误，未收取任何报表",
    ]
    assert done.stdout == "" and not db.exists()


def test_the_reader_itself_says_the_same(good, tmp_path):
    path = make_bad("return_renamed_txt", good, tmp_path)
    with pytest.raises(ReturnError, match=r"北流市报表.txt 扩展名是 \.txt.*请把扩展名改为 \.xlsx"):
        read_progress_return(path)
    assert read_progress_return(good).intact  # the good return still reads

"""`main.py selftest` as a user (or CI, on the frozen bundle) runs it: one line per check, honest exit status."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def selftest(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run the verb in a fresh process, with HOME and the XDG folders moved so we can see what it touches."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    env.pop("LEDGER_SELFTEST_TRACE", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "selftest", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=home, timeout=300,
    )  # fmt: skip


def test_every_check_passes_and_each_says_so_on_its_own_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = selftest(home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("科技指标任务台账 ") and lines[0].endswith("自检")
    checks = lines[1:-1]
    assert checks and all(line.startswith("✓ ") for line in checks), result.stdout
    for name in ("新建数据库并载入内置数据", "填报完成情况", "导出任务分工表（全表）", "导出任务分工表（北流市）",
                 "导出完成情况表（草稿）并读回", "导出完成情况表（报送）并读回", "导出汇总表并读回",
                 "导入本程序导出的任务分工表（.xlsx）", "导入任务分工表样例（.xls）", "市级收取完成情况表",
                 "打印完成情况表为 PDF", "打开并关闭主窗口", "打开旧版本数据库并升级"):  # fmt: skip
        assert any(line.startswith(f"✓ {name}：") for line in checks), name
    # What was imported and collected, as the user reads it.
    assert "19 项任务、50 个分解指标与导出的一致，(237) 北流市 18家" in result.stdout
    assert "分工表样例.xls（玉林市）读入新库，3 项任务：(237) 北流市 18家、(237) 容县 14家" in result.stdout
    assert "北流市_2022-10_完成情况表.xlsx 收入市级新库，4 项完成情况与填报一致" in result.stdout
    assert lines[-1] == f"自检通过：{len(checks)} 项全部正常"
    # It left nothing behind in the user's folders: no database, no window settings.
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_a_failed_check_is_named_with_its_reason_and_the_exit_status_says_so(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    keep = tmp_path / "kept"
    (keep / "自检台账.sqlite3").mkdir(parents=True)  # a folder where the store should go: it cannot be created
    result = selftest("--keep", str(keep), home=home)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("✗ 新建数据库并载入内置数据：") and "是文件夹，不是数据库文件" in lines[1]
    assert any(line.startswith("✗ 填报完成情况：未执行") for line in lines)
    failed = sum(line.startswith("✗ ") for line in lines)
    assert lines[-2] == f"自检未通过：{len(lines) - 3} 项中 {failed} 项失败"
    assert lines[-1] == f"自检文件保留在：{keep.resolve()}"


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> Path:
    """The files of one `selftest --keep` run: the returns and the PDF a user would open."""
    home = tmp_path_factory.mktemp("home")
    keep = tmp_path_factory.mktemp("kept")
    result = selftest("--keep", str(keep), home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    return keep


def test_kept_files_are_the_returns_a_user_can_open(kept):
    names = {p.name for p in kept.iterdir()}
    assert {"任务分工表_全表.xlsx", "任务分工表_北流市.xlsx", "北流市_2022-10_完成情况表（草稿）.xlsx",
            "北流市_2022-10_完成情况表.xlsx", "玉林市_2022-10_完成情况汇总表.xlsx", "完成情况表.pdf"} <= names  # fmt: skip
    assert any(re.fullmatch(r"旧版本台账-\d{8}-\d{6}-升级前\.sqlite3", p.name) for p in (kept / "备份").iterdir())


# --- the PDF check reads what a user would read ----------------------------------------------------------

WANTED = ["北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》指标任务完成情况表",
          "填报单位（盖章）：北流市", "新认定高新技术企业3家", "66.7%"]  # fmt: skip


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is the reference reader")
def test_the_text_layer_reader_reads_each_page_as_pdftotext_does(kept):
    from cli.pdf_text import read_pdf_text, searchable

    pdf = kept / "完成情况表.pdf"
    layer = read_pdf_text(pdf.read_bytes())
    poppler = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    pages = poppler.stdout.decode("utf-8").split("\f")[: len(layer.pages)]
    assert len(layer.pages) == len(pages) >= 2
    for ours, theirs in zip(layer.pages, pages, strict=True):  # the same characters, in drawing order
        assert Counter(searchable(ours)) == Counter(searchable(theirs))
    assert any(font.startswith("NotoSansCJK") for font in layer.fonts)


def test_the_pdf_check_finds_the_returns_text_with_either_reader(kept):
    from cli.selftest import missing_from_pdf

    pdf = kept / "完成情况表.pdf"
    assert missing_from_pdf(pdf, WANTED, use_pdftotext=False) == ([], "文字层")
    if shutil.which("pdftotext"):
        assert missing_from_pdf(pdf, WANTED) == ([], "pdftotext")
    assert missing_from_pdf(pdf, ["容县不低于14家"], use_pdftotext=False)[0] == ["容县不低于14家"]


def test_the_pdf_check_fails_when_the_text_is_drawn_without_a_font(qapp, tmp_path):
    """What Qt's offscreen platform does on Windows: shapes on the page, no font, nothing a reader finds."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPainterPath, QPdfWriter

    from cli.pdf_text import read_pdf_text
    from cli.selftest import missing_from_pdf

    pdf = tmp_path / "无字.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    outline = QPainterPath()
    outline.addText(QPointF(200, 400), QFont("Noto Sans CJK SC", 24), WANTED[0][:20])
    painter.fillPath(outline, painter.pen().color())
    painter.end()
    assert read_pdf_text(pdf.read_bytes()).fonts == []
    assert missing_from_pdf(pdf, WANTED, use_pdftotext=False)[0] == WANTED
    if shutil.which("pdftotext"):
        assert missing_from_pdf(pdf, WANTED)[0] == WANTED


def test_the_text_layer_reader_refuses_what_is_not_a_pdf(tmp_path):
    from cli.pdf_text import PdfTextError, read_pdf_text

    for data in (b"PK\x03\x04 not a pdf", b"%PDF-1.4\n% nothing else\n"):
        with pytest.raises(PdfTextError):
            read_pdf_text(data)


# --- the checks of what comes in: breakdown tables imported, returns collected ----------------------------


@pytest.fixture
def context(tmp_path):
    """A selftest context over a store with the built-in data, as the first checks leave it."""
    from cli.selftest import PLAN, Context
    from operations.bootstrap import open_with_builtin
    from storage.plans import find_plan

    store = open_with_builtin(tmp_path / "自检台账.sqlite3")
    yield Context(tmp_path, store=store, plan_id=find_plan(store, PLAN).id)
    store.close()


def test_the_shipped_xls_is_the_table_the_script_writes_and_the_bundle_carries():
    from python_calamine import CalamineWorkbook

    from cli.selftest_tables import sample_table
    from tools.make_selftest_table import SAMPLE, sample_cells

    assert sample_table() == SAMPLE and SAMPLE.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # OLE2: .xls
    read = CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_index(0).to_python()

    def plain(value):
        return int(value) if isinstance(value, float) and value.is_integer() else value

    assert [[plain(v) for v in row if v != ""] for row in read] == [
        [v for v in row if v is not None] for row in sample_cells()
    ]


def test_the_sample_check_names_the_quota_it_did_not_find(tmp_path):
    from cli.selftest import CheckFailed
    from cli.selftest_tables import import_sample
    from tools.make_selftest_table import ROWS, write_xlsx

    city_seq, topic, goal, task, city_goal, subs = ROWS[0]
    seq, text, deadline = subs[0]
    changed = [(city_seq, topic, goal, task, city_goal, [(seq, text.replace("北流不低于18家", "北流不低于20家"), deadline),
               *subs[1:]]), *ROWS[1:]]  # fmt: skip
    table = write_xlsx(tmp_path / "改过的样例.xlsx", changed)
    with pytest.raises(CheckFailed, match=r"^\(237\) 北流市 的分解指标为 20家，应为 18家$"):
        import_sample(table, tmp_path / "a.sqlite3")
    with pytest.raises(CheckFailed, match="^读入的任务为 237、238，应为 237、238、245$"):
        import_sample(write_xlsx(tmp_path / "少一项.xlsx", ROWS[:1]), tmp_path / "b.sqlite3")
    with pytest.raises(CheckFailed, match="^程序中缺少自检用的样例表 "):
        import_sample(tmp_path / "没有.xls", tmp_path / "c.sqlite3")


def test_the_import_check_fails_when_the_table_read_back_differs_from_the_plan_exported(context):
    from cli.selftest import CheckFailed
    from cli.selftest_tables import check_import_exported, sample_table

    with pytest.raises(CheckFailed, match="^未执行：导出任务分工表（全表）未能完成$"):
        check_import_exported(context)
    context.files["breakdown"] = sample_table()  # another table than the one the plan exports
    with pytest.raises(CheckFailed, match=r"^\d+ 个分解指标与导出的不同：\(2"):
        check_import_exported(context)


def test_the_collect_check_fails_on_a_return_changed_by_hand(context, tmp_path):
    from cli.selftest import FIGURES, CheckFailed, check_progress_final, check_record
    from cli.selftest_tables import check_collect
    from tests.collect_support import edit_cell

    check_record(context)
    check_progress_final(context)
    assert check_collect(context).endswith(f"{len(FIGURES)} 项完成情况与填报一致，校验码相符，该期已锁定")
    edited = tmp_path / "改过的完成情况表.xlsx"
    edit_cell(context.files["final"], edited, "237", "完成值", 18)
    context.files["final"] = edited
    with pytest.raises(CheckFailed, match="^校验不一致："):
        check_collect(context)
    edited.write_text("不是报表", encoding="utf-8")
    with pytest.raises(CheckFailed, match="改过的完成情况表.xlsx"):
        check_collect(context)

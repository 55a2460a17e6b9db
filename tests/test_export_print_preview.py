"""The return through Qt's print support: a PDF with pages, and a preview dialog that shows them."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from exporters.xlsx_style import STATUS_FILLS
from gui.print_preview import print_to_pdf, return_page, show_print_preview
from storage.plans import load_plan
from storage.units import get_unit
from tests.test_export_support import INJECTIONS, OCTOBER, PROFILE, beiliu_rows, seed_beiliu


@pytest.fixture
def beiliu(store, yulin_plan_id):
    seed_beiliu(store, yulin_plan_id)
    return load_plan(store, yulin_plan_id), get_unit(store, "北流市"), beiliu_rows(store, yulin_plan_id)


def pdf_pages(pdf) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def test_print_to_pdf_writes_landscape_pages_with_numbers(qtbot, beiliu, tmp_path):
    plan, unit, rows = beiliu
    pdf = print_to_pdf(plan, unit, OCTOBER, rows, PROFILE, tmp_path / "北流.pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils (pdfinfo) is not installed: the PDF exists but its pages cannot be counted")
    pages = pdf_pages(pdf)
    assert pages >= 2
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = re.sub(r"\s", "", last)
    assert f"—{pages}—" in flat and "草稿" in flat
    assert "完成值" in flat  # the header row is repeated on the last page too
    assert "联系电话：0775-6212345" in flat  # the footer (names may come out as CJK radicals)


def test_final_pdf_has_no_draft_mark(qtbot, beiliu, tmp_path):
    plan, unit, rows = beiliu
    pdf = print_to_pdf(plan, unit, OCTOBER, rows, PROFILE, tmp_path / "final.pdf", draft=False)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    assert "草稿" not in text and "北流市落实" in text


def test_the_page_says_what_the_excel_return_says(beiliu):
    plan, unit, rows = beiliu
    page = return_page(plan, unit, OCTOBER, rows, PROFILE)
    assert page.title == "北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》指标任务完成情况表"
    titles = [c.title for c in page.columns]
    assert "完成率" in titles and "完成时限" in titles
    first = {c.key: cell for c, cell in zip(page.columns, page.rows[0], strict=True)}
    assert first["rate"].text == "66.7%" and first["deadline"].text == "2022年12月31日"
    assert "高新技术企业保有量不低于101家，其中北流不低于18家" in first["task"].text
    # 滞后 in amber, as on the Excel return (fills apart in grayscale)
    assert first["status"].text == "滞后" and first["status"].fill == STATUS_FILLS["滞后"]
    assert any(cell.text == "增长35%" for row in page.rows for cell in row)
    assert first["target"].text == "18家" and first["actual"].text == "12家"  # figures with their unit
    assert INJECTIONS["progress"] in [cell.text for row in page.rows for cell in row]  # printed as typed, never run
    assert page.footer[-1][0].startswith("填报日期：")


def page_texts(pdf) -> list[str]:
    """Each page's text as a reader sees it (pdftotext gives 月 and 日 as CJK radicals: NFKC folds them)."""
    pages = pdf_pages(pdf)
    return [unicodedata.normalize("NFKC", subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"], capture_output=True, text=True,
        check=True).stdout) for n in range(1, pages + 1)]  # fmt: skip


def test_rows_are_never_split_across_pages_and_dates_and_status_words_stay_on_one_line(qtbot, beiliu, tmp_path):
    # The tester's October return: page 2 began with the "日" left over from a row of page 1 and row 10 was
    # cut at the bottom of page 2. Now every row is whole on one page: its 序号 and its 完成时限 together.
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    plan, unit, rows = beiliu
    pages = page_texts(print_to_pdf(plan, unit, OCTOBER, rows, PROFILE, tmp_path / "北流.pdf"))
    seen = []
    for text in pages:
        seqs = re.findall(r"\((2\d\d)\)", text)
        table = text.split("完成时限", 1)[-1].split("单位负责人", 1)[0]  # below the header, above the names
        dates = re.findall(r"20\d\d年\d{1,2}月\d{1,2}日", table)
        assert len(dates) == len(seqs), text  # every row of the page has its whole date, on one line
        statuses = re.findall(r"未填报|未分解|滞后|正常|已完成|缺基数|无目标|逾期", text)
        assert len(statuses) >= len(seqs)  # status words never broken (未填/报)
        assert "完成时限" in text  # the header on every page
        seen += seqs
    assert seen == [r.task.seq for r in rows]  # each row once, in order
    assert "联系电话:0775-6212345" in pages[-1]  # the names under the table, each on one line (NFKC: ：is :)


def test_a_row_taller_than_a_page_is_continued_with_its_seq(qtbot, store, yulin_plan_id, tmp_path):
    from storage.achievements import AchievementKey, record_achievement

    seed_beiliu(store, yulin_plan_id)
    long = "巡访企业组织申报辅导，" * 181 + "完。"  # 1,993 characters: about the most a cell takes
    record_achievement(store, AchievementKey(yulin_plan_id, "238", "", "北流市", OCTOBER), {"progress": long}, "张三")
    plan, unit, rows = load_plan(store, yulin_plan_id), get_unit(store, "北流市"), beiliu_rows(store, yulin_plan_id)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed")
    pages = page_texts(print_to_pdf(plan, unit, OCTOBER, rows, PROFILE, tmp_path / "长.pdf"))
    holding = [n for n, text in enumerate(pages) if "巡" in text]
    assert len(holding) > 2 and holding == list(range(holding[0], holding[-1] + 1))  # consecutive pages
    for n in holding[1:]:
        assert "(238)" in pages[n] and "续" in pages[n]  # a continued piece says which row it is
    assert "完。" in pages[holding[-1]]  # nothing lost at the cuts
    assert sum(text.count("巡") for text in pages) == 181  # every piece of it printed once
    assert sum(text.count("(239)") for text in pages) == 1  # the next row whole, after it


def test_preview_dialog_lays_out_the_pages(qtbot, beiliu):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    plan, unit, rows = beiliu
    dialog = show_print_preview(None, plan, unit, OCTOBER, rows, PROFILE, modal=False)
    qtbot.addWidget(dialog)
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pageCount() >= 2, timeout=10000)
    assert dialog.windowTitle().startswith("打印预览")
    dialog.close()

"""The return through Qt's print support: a PDF with pages, and a preview dialog that shows them."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from gui.print_preview import print_to_pdf, return_html, show_print_preview
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
    page = return_html(plan, unit, OCTOBER, rows, PROFILE)
    assert "北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》指标任务完成情况表" in page
    assert "<thead>" in page and "完成率" in page and "66.7%" in page and "增长35%" in page
    assert "高新技术企业保有量不低于101家，其中北流不低于18家" in page
    assert 'bgcolor="#DD9013"><b>滞后</b>' in page  # 滞后 in amber, the word in bold, as on the Excel return
    assert "&quot;http://example.invalid/&quot;" in page and INJECTIONS["progress"] not in page  # escaped


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

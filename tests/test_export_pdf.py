"""Each kind of return printed: LibreOffice renders the .xlsx to PDF, Qt prints the preview to PDF.

The page counts are those of the built-in 玉林 plan with 北流市's October figures, on A4 landscape.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from exporters.breakdown_table import write_breakdown_table
from exporters.progress_return import write_progress_return
from operations.bootstrap import open_with_builtin
from storage.plans import find_plan
from storage.units import get_unit
from tests.test_export_support import EXPORTED_AT, OCTOBER, PROFILE, beiliu_rows, seed_beiliu

needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils (pdfinfo) is not installed")
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
A4_LANDSCAPE = (841.9, 595.3)
# What each return fills when printed (fit to width, A4 landscape).
EXPECTED_PAGES = {"breakdown_city": 2, "breakdown_beiliu": 2, "progress_draft": 2, "progress_final": 2}


def pdf_info(pdf: Path) -> tuple[int, tuple[float, float]]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M).groups()
    return pages, (float(w), float(h))


def pdf_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@pytest.fixture(scope="module")
def returns(tmp_path_factory) -> dict[str, Path]:
    """The four files the office prints: the city's table, 北流's table, 北流's return as draft and final."""
    folder = tmp_path_factory.mktemp("returns")
    store = open_with_builtin(folder / "ledger.sqlite3")
    try:
        plan = find_plan(store, "优化营商环境创新创业")
        seed_beiliu(store, plan.id)
        unit = get_unit(store, "北流市")
        rows = beiliu_rows(store, plan.id)
        files = {
            "breakdown_city": write_breakdown_table(plan, folder / "breakdown_city.xlsx"),
            "breakdown_beiliu": write_breakdown_table(plan, folder / "breakdown_beiliu.xlsx", unit),
        }
        for final in (False, True):
            path = folder / f"progress_{'final' if final else 'draft'}.xlsx"
            write_progress_return(plan, unit, OCTOBER, rows, PROFILE, path, final=final, exported_at=EXPORTED_AT)
            files[path.stem] = path
    finally:
        store.close()
    return files


@pytest.fixture(scope="module")
def rendered(returns, tmp_path_factory) -> dict[str, Path]:
    """All four rendered by one LibreOffice run with a profile of its own (parallel runs don't collide)."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp(f"lo_profile_{uuid.uuid4().hex[:8]}")
    command = [
        "soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
        "--outdir", str(out), *(str(p) for p in returns.values()),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, text=True, timeout=300)
    return {name: out / f"{name}.pdf" for name in returns}


@pytest.mark.slow
@needs_soffice
@needs_poppler
@pytest.mark.parametrize("kind", sorted(EXPECTED_PAGES))
def test_each_return_converts_and_fills_the_expected_pages(rendered, kind):
    pdf = rendered[kind]
    assert pdf.exists(), f"LibreOffice did not convert {kind}"
    pages, size = pdf_info(pdf)
    assert pages == EXPECTED_PAGES[kind]
    assert size == pytest.approx(A4_LANDSCAPE, abs=1)


@pytest.mark.slow
@needs_soffice
@needs_poppler
def test_header_row_and_page_number_on_every_page(rendered):
    for kind, pdf in rendered.items():
        pages, _ = pdf_info(pdf)
        for page in range(1, pages + 1):
            text = pdf_text(pdf, page)
            assert f"—{page}—" in re.sub(r"\s", "", text), (kind, page)
            assert ("完成值" if kind.startswith("progress") else "细化任务") in text, (kind, page)


@pytest.mark.slow
@needs_soffice
@needs_poppler
def test_draft_says_so_on_every_page_and_final_does_not(rendered):
    draft, final = rendered["progress_draft"], rendered["progress_final"]
    for page in range(1, pdf_info(draft)[0] + 1):
        assert "草稿" in pdf_text(draft, page)
    assert all("草稿" not in pdf_text(final, p) for p in range(1, pdf_info(final)[0] + 1))
    first = pdf_text(final, 1)
    assert "北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》指标任务完成情况表" in first
    assert "2022年10月31日" in first
    assert "填报人：黄小玲" in pdf_text(final, pdf_info(final)[0])

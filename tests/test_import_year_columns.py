"""A table whose title names no year but whose columns do (2024年完成 / 2025年目标 / 2026年目标): the plan takes
the header's target year with a warning, two different 全市 targets are asked about rather than one taken, and the
totals never become the city's own quota while the counties' figures wait for confirmation."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from operations.import_table import preview_import

UNITS = ["城中区", "鱼峰区", "柳南区"]


def table(path: Path, years: tuple[str, ...]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["柳州市“十四五”后两年科技创新指标分解表"])
    sheet.append(["序号", "单位", "高新技术企业保有量（家）", *[""] * len(years)])
    sheet.append(["", "", "2024年完成", *[f"{y}年目标" for y in years]])
    sheet.merge_cells(start_row=2, start_column=3, end_row=2, end_column=3 + len(years))
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.append(["", "全市", 250, *[300 + 10 * i for i in range(len(years))]])
    for n, unit in enumerate(UNITS, start=1):
        sheet.append([n, unit, 80, *[100 + 5 * i for i in range(len(years))]])
    book.save(path)
    return path


def test_two_target_years_ask_every_figure_and_keep_no_city_total_as_a_quota(store, tmp_path):
    preview = preview_import(store, table(tmp_path / "柳州.xlsx", ("2025", "2026")))
    assert preview.plan.year == 2025
    assert any("按表头中的目标年份 2025 年导入（表头有2025年、2026年的目标）" in w for w in preview.warnings)
    indicator = preview.plan.task("1").indicators[0]
    assert indicator.target is None and indicator.quotas == []  # not 300 as 柳州市本级's own quota
    assert any("全市目标有两处数字（300 与 310）" in w for w in preview.warnings)
    assert sorted(p.unit for p in preview.pending) == sorted(UNITS)


def test_one_target_year_in_the_header_is_the_plans_year(store, tmp_path):
    preview = preview_import(store, table(tmp_path / "柳州.xlsx", ("2025",)))
    assert preview.plan.year == 2025 and preview.pending == []
    indicator = preview.plan.task("1").indicators[0]
    assert indicator.target == 300
    assert {q.unit: q.target for q in indicator.quotas} == dict.fromkeys(UNITS, 100)

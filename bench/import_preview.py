"""Time the import preview of big breakdown tables: python bench/import_preview.py [--rows 300].

Builds a 300-row task list (merged city rows, quotas in sentences for all 11 units of 玉林) and a 300-row
indicator × unit matrix (with % formats), then times reading each into a preview (no store writes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from tests.import_tables import MATRIX_UNITS, SEED_HEADER, SEED_TITLE

UNITS = ["北流", "容县", "陆川", "博白", "兴业", "玉州区", "玉东", "福绵", "玉柴工业园", "玉林健康产业园", "龙潭产业园"]


def long_table(path: Path, rows: int) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["附件"])
    ws.append([SEED_TITLE])
    ws.append(SEED_HEADER)
    for n in range(rows):
        quotas = "，".join(f"{u}不低于{(n + i) % 20 + 1}家" for i, u in enumerate(UNITS))
        text = f"第{n + 1}项指标保有量不低于{sum((n + i) % 20 + 1 for i in range(len(UNITS)))}家：{quotas}。"
        ws.append([100 + n // 3, "创新创业", "目标", "任务", "市目标", f"({n + 1})", text, "市科技局", "2022年12月31日",
                   "市科技局", "各县（市、区）人民政府"])  # fmt: skip
        if n % 3 == 2:
            for column in range(1, 6):
                ws.merge_cells(start_row=ws.max_row - 2, start_column=column, end_row=ws.max_row, end_column=column)
    wb.save(path)
    return path


def matrix_table(path: Path, rows: int) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["2022年玉林市科技创新主要指标任务分解表"])
    ws.append(["序号", "指标名称", "计量单位", "全市目标", *MATRIX_UNITS])
    for n in range(rows):
        percent = n % 4 == 0
        values = [(n + i) % 30 + 1 for i in range(len(MATRIX_UNITS))]
        ws.append([n + 1, f"指标{n + 1}{'增长率' if percent else ''}", "%" if percent else "家", sum(values)] + values)
        if percent:
            for column in range(4, 5 + len(MATRIX_UNITS)):
                cell = ws.cell(ws.max_row, column)
                cell.value, cell.number_format = cell.value / 100, "0%"
    wb.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    args = parser.parse_args()
    registry = builtin_registry()
    with tempfile.TemporaryDirectory() as tmp:
        for make in (long_table, matrix_table):
            path = make(Path(tmp) / f"{make.__name__}.xlsx", args.rows)
            read_breakdown_table(path, registry)  # warm up imports
            start = time.perf_counter()
            preview = read_breakdown_table(path, registry)
            took = time.perf_counter() - start
            print(f"{make.__name__}: {args.rows} 行，{len(preview.quotas)} 条分解指标，预览用时 {took:.3f} s")


if __name__ == "__main__":
    main()

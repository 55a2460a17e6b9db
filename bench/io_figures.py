"""Exports, the import and the collect, each run in a child process, and the floors they are set beside.

Ours call the operations the window's workers call. The floors do the least the same result needs:
xlsxwriter (constant_memory) writing the cells our file holds, unformatted; python-calamine reading a
sheet. Every function takes the JSON arguments the parent passed and ends with measure.report().
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.measure import WHO, peak_rss_mib, report, timed, working_copy
from domain.periods import Period

OCTOBER = Period.parse("2022-10")


def _dump_cells(path: Path, out: Path) -> int:
    """Every sheet's cells as python-calamine reads them (values only), for the xlsxwriter floor."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    out.write_text(json.dumps(sheets, ensure_ascii=False, default=str), encoding="utf-8")
    return sum(1 for rows in sheets.values() for row in rows for v in row if v not in ("", None))


def _export_then_dump(export, args: dict, out: Path) -> None:
    times = timed(lambda i: export(), args["repeats"])
    peak = peak_rss_mib()  # before the read-back below, which is no part of the export
    cells = _dump_cells(out, Path(args["cells"]))
    report(times, peak, cells=cells, bytes=out.stat().st_size)


def export_county_return(args: dict) -> None:
    """北流市's 完成情况表 (draft) for October: operations.export_return.export_progress."""
    from operations.export_return import export_progress
    from storage.db import open_store

    store = open_store(working_copy(Path(args["store"]), Path(args["work"])))
    out = Path(args["work"]) / "北流市_2022年10月_完成情况表（草稿）.xlsx"
    meta = args["meta"]
    _export_then_dump(lambda: export_progress(store, meta["main_plan"], meta["unit"], OCTOBER, out, final=False,
                                              who=WHO), args, out)  # fmt: skip


def export_city_breakdown(args: dict) -> None:
    """The city's whole 任务分工表 (300 sub-tasks): operations.export_return.export_breakdown."""
    from operations.export_return import export_breakdown
    from storage.db import open_store

    store = open_store(working_copy(Path(args["store"]), Path(args["work"])))
    out = Path(args["work"]) / "玉林市_任务分工表.xlsx"
    _export_then_dump(lambda: export_breakdown(store, args["meta"]["table_plan"], None, out), args, out)


def export_region_consolidation(args: dict) -> None:
    """The 汇总表 of 111 units × 200 indicators for October: operations.consolidate.export_consolidation."""
    from operations.consolidate import export_consolidation
    from storage.db import open_store

    store = open_store(working_copy(Path(args["store"]), Path(args["work"])))
    out = Path(args["work"]) / "全区_2022年10月_完成情况汇总表.xlsx"
    _export_then_dump(lambda: export_consolidation(store, args["meta"]["main_plan"], OCTOBER, out), args, out)


def xlsxwriter_floor(args: dict) -> None:
    """The same cells written by xlsxwriter in constant_memory mode, without any formatting."""
    import xlsxwriter

    sheets = json.loads(Path(args["cells"]).read_text(encoding="utf-8"))
    out = Path(args["work"]) / "floor.xlsx"

    def write() -> None:
        book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
        for name, rows in sheets.items():
            sheet = book.add_worksheet(name[:31])
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value not in ("", None):
                        sheet.write(r, c, value)
        book.close()

    report(timed(lambda i: write(), args["repeats"]))


def import_city_table(args: dict) -> None:
    """A county imports the city's 300-row 分工表 into its store (preview read, then one transaction)."""
    from operations.import_table import import_breakdown_table, preview_import
    from storage.db import open_store

    table = Path(args["table"])
    work = Path(args["work"])
    stores = []

    def fresh(i: int) -> None:  # a store that has not seen the table yet, every time
        for s in stores:
            s.close()
        stores[:] = [open_store(working_copy(Path(args["store"]), work / f"run{i + 1}"))]

    changes = []
    times = timed(lambda i: changes.append(import_breakdown_table(stores[0], table, WHO)), args["repeats"], fresh)
    fresh(len(times))
    read = timed(lambda i: preview_import(stores[0], table), max(1, args["repeats"] // 2), warmup=False)
    plan = changes[-1]
    report(times, created=plan.created, read_only_s=sorted(read)[len(read) // 2])


def calamine_floor(args: dict) -> None:
    """python-calamine reading the sheet the import reads (all its cells, as Python values)."""
    from python_calamine import CalamineWorkbook

    table = Path(args["table"])
    rows: list = []
    times = timed(lambda i: rows.append(CalamineWorkbook.from_path(str(table)).get_sheet_by_index(0).to_python()),
                  args["repeats"])  # fmt: skip
    report(times, rows=len(rows[-1]))


def collect_city_returns(args: dict) -> None:
    """The city collects 11 returns made by our exporter (as tests/collect_support.py makes them)."""
    from operations.collect import collect_returns
    from storage.db import open_store

    returns = [Path(p) for p in args["returns"]]
    work = Path(args["work"])
    stores = []

    def fresh(i: int) -> None:  # a city store that has not collected these returns yet
        for s in stores:
            s.close()
        stores[:] = [open_store(working_copy(Path(args["store"]), work / f"run{i + 1}"))]

    reports = []
    times = timed(lambda i: reports.append(collect_returns(stores[0], returns, WHO)), args["repeats"], fresh)
    stored = sum(1 for f in reports[-1].files if f.stored)
    report(times, files=len(returns), stored=stored, changed=sum(f.fields_changed for f in reports[-1].files))


def calamine_returns_floor(args: dict) -> None:
    """python-calamine reading every sheet of the same 11 returns."""
    from python_calamine import CalamineWorkbook

    def read() -> None:
        for path in args["returns"]:
            book = CalamineWorkbook.from_path(path)
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

    report(timed(lambda i: read(), args["repeats"]))


FIGURES = {
    "export_county_return": export_county_return,
    "export_city_breakdown": export_city_breakdown,
    "export_region_consolidation": export_region_consolidation,
    "xlsxwriter_floor": xlsxwriter_floor,
    "import_city_table": import_city_table,
    "calamine_floor": calamine_floor,
    "collect_city_returns": collect_city_returns,
    "calamine_returns_floor": calamine_returns_floor,
}

"""Refusing a 完成情况表 or 汇总表 offered as a breakdown table: it reports achievements and assigns nothing.

Both the app's own (marked by its hidden 校验信息 sheet, or titled as the app titles them) and one retitled
by hand (完成值 / 完成率 columns, no column handing targets out) are refused with a message that says what
the file is and where such a file belongs (collect, for the city).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from domain.return_checksum import SUMMARY_FORMAT
from domain.units import UnitRegistry
from importers.file_safety import TableFileError
from importers.returns import META_FORMAT
from importers.table_find import find_table, progress_title, reports_progress
from importers.table_layout import Layout, label_text
from importers.table_reader import SheetGrid, cell_text, read_sheets

_RETURN_HINT = "市里收取各县报表请用“汇总 → 收取各单位报表”或命令行的 collect 命令"
_SUMMARY_HINT = "汇总表是市里汇总各单位完成情况的结果，用于上报，不能作为任务分工表导入；请选择市里下发的任务分工表"
_TITLE_ROWS = 3


def _refused(file: Path, summary: bool, evidence: str) -> TableFileError:
    if summary:
        return TableFileError(f"“{file.name}”是完成情况汇总表，不是任务分工表（{evidence}）；{_SUMMARY_HINT}")
    return TableFileError(
        f"“{file.name}”是完成情况表（各单位报送的完成情况），不是任务分工表（{evidence}）；{_RETURN_HINT}"
    )


def refuse_returns_by_mark(file: Path, grids: list[SheetGrid]) -> None:
    """A workbook with the hidden 校验信息 sheet of the app's own reports is one of them, whatever else it holds."""
    for grid in grids:
        for row in grid.rows[:_TITLE_ROWS]:
            if any(cell_text(v) == META_FORMAT for v in row):
                raise _refused(file, False, f"含本程序导出报表的“{grid.name}”表")
            if any(cell_text(v) == SUMMARY_FORMAT for v in row):
                raise _refused(file, True, f"含本程序导出汇总表的“{grid.name}”表")


def refuse_progress_table(file: Path, grid: SheetGrid, layout: Layout) -> None:
    """Refuse the sheet the table is read from when it reports achievements and assigns nothing.

    A 完成情况表 or 汇总表 (the app's own, or one retitled by hand) has 完成值 / 完成 and 完成率 columns
    but no sub-task sentences and no city targets. Its title, when it has the form of the app's ("北流市落实
    《…》指标任务完成情况表", "…完成情况汇总表"), names the evidence; the title alone refuses nothing: a city's
    "…指标目标任务及完成情况表" that hands out targets is a breakdown table, and a 分工 in the title excuses
    no progress columns. Other sheets of the workbook (a blank 完成情况统计表 template as 附件2) are not judged.
    """
    if not reports_progress(layout):
        return
    labels = [part for c in layout.columns for part in c.label.split("/")]
    for number, row in enumerate(grid.rows[: layout.header_first]):
        for text in dict.fromkeys(label_text(v) for v in row if cell_text(v)):
            kind = progress_title(text)
            if kind:
                raise _refused(file, kind == "summary", f"工作表“{grid.name}”第 {number + 1} 行标题“{text}”")
    summary = "完成" in labels or any(c.field == "unit" for c in layout.columns)
    where = f"工作表“{grid.name}”第 {layout.header_first + 1} 行的表头有“完成值”“完成率”列"
    if summary:
        where = f"工作表“{grid.name}”第 {layout.header_first + 1} 行的表头按单位列出“目标”“完成”“完成率”"
    raise _refused(file, summary, where)


def refuse_progress_file(path: str | Path, registry: UnitRegistry | None = None) -> None:
    """Refuse a 完成情况表 or 汇总表 before a store is opened for it (TableFileError, as the full read says).

    Cheap for other files: only the workbook's sheet list and document properties are looked at, and
    the sheets are read only when they name a 校验信息 sheet or a 完成情况 title. Without a `registry`
    the built-in one finds the table.
    """
    file = Path(path)
    if not _looks_like_progress_file(file):
        return
    grids = read_sheets(file)
    refuse_returns_by_mark(file, grids)
    if registry is None:
        from importers.builtin import builtin_registry

        registry = builtin_registry()
    try:
        grid, layout = find_table(file, grids, registry)
    except TableFileError:
        return  # the full read says so, with its own message
    refuse_progress_table(file, grid, layout)


def _looks_like_progress_file(file: Path) -> bool:
    try:
        with zipfile.ZipFile(file) as book:
            parts = {i.filename: i.file_size for i in book.infolist()}
            for name, marker in (("xl/workbook.xml", "校验信息"), ("xl/workbook.xml", "汇总信息"),
                                 ("docProps/core.xml", "完成情况")):  # fmt: skip
                if 0 < parts.get(name, 0) <= 1 << 20 and marker.encode() in book.read(name):
                    return True
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    return False

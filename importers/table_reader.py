"""Sheets of an .xlsx or .xls file as plain grids of values, merged cells filled.

.xlsx is read with openpyxl (cached values only: data_only=True, no macros, no external links), .xls with
python-calamine, which is maintained, has no dependencies and never evaluates anything in the file (xlrd
is unmaintained and its .xlsx support was removed). Both come after the checks of file_safety.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from importers.file_safety import FileKind, TableFileError, check_file

MAX_ROWS = 5000
MAX_COLUMNS = 200
Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class ReadCancelled(Exception):
    """The user cancelled while the file was being read."""


@dataclass
class SheetGrid:
    """One sheet's values, row by row, every cell of a merged range holding the range's value.

    `merged` lists the ranges as 0-based inclusive (first row, first column, last row, last column),
    so a reader can tell a value that was merged down from one written twice.
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False

    @property
    def width(self) -> int:
        """The widest row's length (rows may differ: trailing empty cells are not stored)."""
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, column: int) -> Any:
        """The cell's value, None outside the grid."""
        if row >= len(self.rows) or column >= len(self.rows[row]):
            return None
        return self.rows[row][column]

    def merged_range(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        """The merged range that covers the cell, if any."""
        return next((m for m in self.merged if m[0] <= row <= m[2] and m[1] <= column <= m[3]), None)


def read_sheets(
    path: str | Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> list[SheetGrid]:
    """Every worksheet of the file, in workbook order; TableFileError (Chinese, names the file) when unreadable."""
    file = Path(path)
    kind = check_file(file)
    _tick(progress, cancelled, 0, "正在打开文件…")
    grids = _read_xlsx(file, progress, cancelled) if kind is FileKind.XLSX else _read_xls(file, progress, cancelled)
    for grid in grids:
        _fill_merged(grid)
    return grids


def _tick(progress: Progress | None, cancelled: Cancelled | None, done: int, message: str) -> None:
    if cancelled and cancelled():
        raise ReadCancelled()
    if progress:
        progress(done, 100, message)


def _read_xlsx(file: Path, progress: Progress | None, cancelled: Cancelled | None) -> list[SheetGrid]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional formats): not our concern.
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(file, read_only=False, data_only=True, keep_vba=False, keep_links=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, OSError) as exc:
        raise TableFileError(f"文件 {file.name} 已损坏或格式不受支持，无法读取（{type(exc).__name__}）") from None
    except Exception as exc:  # the XML parser's errors have no common base class we can name
        raise TableFileError(f"文件 {file.name} 已损坏，无法读取：{exc}") from None
    grids = []
    try:
        sheets = book.worksheets
        for number, sheet in enumerate(sheets):
            _tick(progress, cancelled, 10 + 40 * number // max(1, len(sheets)), f"正在读取工作表“{sheet.title}”…")
            grids.append(_xlsx_grid(file, sheet))
    finally:
        book.close()
    return grids


def _xlsx_grid(file: Path, sheet: Any) -> SheetGrid:
    # Only the cells the file holds are looked at: walking max_row × max_column would create millions
    # of empty cells for a sheet whose styling runs to row 1048576.
    used = [key for key, cell in sheet._cells.items() if cell.value not in (None, "")]
    last_row = max((r for r, _ in used), default=0)
    if last_row > MAX_ROWS:
        raise TableFileError(
            f"文件 {file.name} 工作表“{sheet.title}”第 {last_row} 行仍有内容，超过 {MAX_ROWS} 行上限，不像任务分工表"
        )
    width = min(max((c for _, c in used), default=0), MAX_COLUMNS)
    rows: list[list[Any]] = [[None] * width for _ in range(last_row)]
    for (r, c), cell in sheet._cells.items():
        if r <= last_row and c <= width:
            rows[r - 1][c - 1] = _xlsx_value(cell)
    merged = [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in sheet.merged_cells.ranges]
    merged = [m for m in merged if m[0] < MAX_ROWS and m[1] < MAX_COLUMNS]
    return SheetGrid(sheet.title, rows, merged, hidden=sheet.sheet_state != "visible")


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    # A cell formatted as a percentage stores 0.35 for what the sheet shows as 35%.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{round(value * 100, 6):g}%"
    return value


def _read_xls(file: Path, progress: Progress | None, cancelled: Cancelled | None) -> list[SheetGrid]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(file))
    except python_calamine.PasswordError:
        raise TableFileError(f"文件 {file.name} 受密码保护，请先在 Excel 或 WPS 中取消密码后再导入") from None
    except BaseException as exc:
        raise TableFileError(f"文件 {file.name} 已损坏或不是有效的 .xls 文件：{_calamine_reason(exc)}") from None
    grids = []
    try:
        metadata = book.sheets_metadata
        for number, meta in enumerate(metadata):
            if str(meta.typ).split(".")[-1] != "WorkSheet":
                continue
            _tick(progress, cancelled, 10 + 40 * number // max(1, len(metadata)), f"正在读取工作表“{meta.name}”…")
            try:
                sheet = book.get_sheet_by_name(meta.name)
                if sheet.total_height > MAX_ROWS or sheet.total_width > MAX_COLUMNS:
                    raise TableFileError(
                        f"文件 {file.name} 工作表“{meta.name}”有 {sheet.total_height} 行、{sheet.total_width} 列，"
                        f"超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列上限，不像任务分工表"
                    )
                rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
                merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            except TableFileError:
                raise
            except BaseException as exc:
                raise TableFileError(
                    f"文件 {file.name} 工作表“{meta.name}”已损坏，无法读取：{_calamine_reason(exc)}"
                ) from None
            hidden = str(meta.visible).split(".")[-1] != "Visible"
            grids.append(SheetGrid(meta.name, [[_xls_value(v) for v in r] for r in rows], merged, hidden))
    finally:
        book.close()
    return grids


def _calamine_reason(exc: BaseException) -> str:
    # The .xls reader signals some damage by aborting (PanicException, a BaseException): treat as damage,
    # but let Ctrl+C and interpreter exit through.
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        raise exc
    return str(exc) or type(exc).__name__


def _xls_value(value: Any) -> Any:
    return None if value == "" else value


def _fill_merged(grid: SheetGrid) -> None:
    """Copy each merged range's value into every cell of the range (the city row down to its sub-tasks)."""
    for first_row, first_col, last_row, last_col in grid.merged:
        last_row = min(last_row, MAX_ROWS - 1)
        last_col = min(last_col, MAX_COLUMNS - 1)
        value = grid.value(first_row, first_col)
        for r in range(first_row, last_row + 1):
            while len(grid.rows) <= r:
                grid.rows.append([])
            row = grid.rows[r]
            while len(row) <= last_col:
                row.append(None)
            for c in range(first_col, last_col + 1):
                row[c] = value


def cell_text(value: Any) -> str:
    """A cell as the text a user sees: 237.0 as "237", dates as 2022-12-31, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()

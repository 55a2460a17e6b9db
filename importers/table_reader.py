"""Sheets of an .xlsx or .xls file as plain grids of values, merged cells filled.

Both kinds are read with python-calamine (cached values only; it is maintained, has no dependencies, never
evaluates anything in the file and is many times faster than openpyxl's merged-cell path). Number formats
calamine does not give (percent cells) come from importers.table_formats. All after the checks of file_safety.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from importers.file_safety import FileKind, TableFileError, check_file
from importers.table_formats import percent_cells, xlsx_notices
from importers.table_hidden import hidden_parts

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
    so a reader can tell a value that was merged down from one written twice. `hidden` is a hidden sheet;
    `hidden_rows` and `hidden_columns` are the 0-based rows and columns hidden in it (what no longer applies).
    `furniture` records the rows emptied as page numbers, repeated headers and 落款 (importers.table_furniture).
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    furniture: Any = None  # importers.table_furniture.Furniture: the rows emptied as page furniture

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


@dataclass
class Workbook:
    """Every worksheet of a file, and what the file carries that the user should hear about."""

    sheets: list[SheetGrid]
    notices: list[str] = field(default_factory=list)


def read_sheets(
    path: str | Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> list[SheetGrid]:
    """Every worksheet of the file, in workbook order; TableFileError (Chinese, names the file) when unreadable."""
    return read_workbook(path, progress, cancelled).sheets


def read_workbook(path: str | Path, progress: Progress | None = None, cancelled: Cancelled | None = None) -> Workbook:
    """The file's sheets (merged ranges filled, percent cells as "25%", hidden rows and columns marked) and its
    notices (macros, links, long cells).

    Both .xlsx and .xls are read with python-calamine, which is fast and never evaluates anything; the
    cells formatted as percentages come from importers.table_formats, because calamine gives 0.25 for a
    cell that shows 25%, and the hidden rows and columns from importers.table_hidden.
    """
    file = Path(path)
    kind = check_file(file)
    _tick(progress, cancelled, 0, "正在打开文件…")
    if kind is FileKind.CSV:
        from importers.csv_table import read_csv_grid

        notice = f"文件 {file.name} 是 CSV 文本表格：没有合并单元格、隐藏行列和格式，已按文字读取，请核对"
        return Workbook([read_csv_grid(file)], [notice])
    percent = percent_cells(file, kind.value)
    swapped = swapped_extension_notice(file, kind)
    notices = [swapped] if swapped else []
    notices += xlsx_notices(file) if kind is FileKind.XLSX else []
    grids = _read_calamine(file, kind, percent, progress, cancelled)
    hidden = hidden_parts(file, kind.value)
    for grid in grids:
        _fill_merged(grid)
        if grid.name in hidden:
            grid.hidden_rows = {r for r in hidden[grid.name].rows if r < len(grid.rows)}
            grid.hidden_columns = {c for c in hidden[grid.name].columns if c < grid.width}
    notices += _long_cells(file, grids)
    return Workbook(grids, notices)


LONG_CELL = 2000
_EXTENSIONS = {FileKind.XLSX: (".xlsx", ".xlsm"), FileKind.XLS: (".xls",)}


def swapped_extension_notice(file: Path, kind: FileKind) -> str:
    """The notice for a file whose name says one format and whose content is the other ("" when they agree).

    An .xls re-saved under an .xlsx name (or the reverse) is common on office PCs; it is read by its content.
    """
    suffix = file.suffix.lower()
    if suffix not in (".xls", ".xlsx", ".xlsm") or suffix in _EXTENSIONS[kind]:
        return ""
    actual = ".xlsx" if kind is FileKind.XLSX else ".xls"
    return f"文件 {file.name} 的扩展名与内容不符（内容是 {actual} 格式），已按实际格式读取"


def _long_cells(file: Path, grids: list[SheetGrid]) -> list[str]:
    found = []
    for grid in grids:
        seen = set()
        for r, row in enumerate(grid.rows):
            for c, value in enumerate(row):
                if isinstance(value, str) and len(value) > LONG_CELL and (r, c) not in seen:
                    merged = grid.merged_range(r, c)
                    if merged is not None and (merged[0], merged[1]) != (r, c):
                        continue
                    seen.add((r, c))
                    found.append(
                        f"文件 {file.name} 工作表“{grid.name}”{_cell_name(r, c)} 单元格有 {len(value)} 个字，"
                        f"超过 {LONG_CELL} 字，请核对是否把多项内容粘贴进了同一单元格"
                    )
    return found


def _cell_name(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _tick(progress: Progress | None, cancelled: Cancelled | None, done: int, message: str) -> None:
    if cancelled and cancelled():
        raise ReadCancelled()
    if progress:
        progress(done, 100, message)


def _read_calamine(
    file: Path,
    kind: FileKind,
    percent: dict[str, set[tuple[int, int]]],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[SheetGrid]:
    with by_content(file, kind) as readable:
        return _read_sheets(file, readable, kind, percent, progress, cancelled)


def _read_sheets(
    file: Path,
    readable: Path,
    kind: FileKind,
    percent: dict[str, set[tuple[int, int]]],
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[SheetGrid]:
    import python_calamine

    what = ".xlsx" if kind is FileKind.XLSX else ".xls"
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(readable))
    except python_calamine.PasswordError:
        raise TableFileError(f"文件 {file.name} 受密码保护，请先在 Excel 或 WPS 中取消密码后再导入") from None
    except BaseException as exc:
        _reraise_interrupt(exc)
        raise TableFileError(
            f"文件 {file.name} 已损坏或不是有效的 {what} 文件（无法读出其中的工作表），请重新获取原文件"
        ) from None
    grids = []
    try:
        metadata = book.sheets_metadata
        for number, meta in enumerate(metadata):
            if str(meta.typ).split(".")[-1] != "WorkSheet":
                continue
            _tick(progress, cancelled, 10 + 40 * number // max(1, len(metadata)), f"正在读取工作表“{meta.name}”…")
            try:
                sheet = book.get_sheet_by_name(meta.name)
                rows = _trimmed(file, meta.name, sheet.to_python(skip_empty_area=False))
                merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
                merged = [m for m in merged if m[0] < MAX_ROWS and m[1] < MAX_COLUMNS]
            except TableFileError:
                raise
            except BaseException as exc:
                _reraise_interrupt(exc)
                raise TableFileError(
                    f"文件 {file.name} 工作表“{meta.name}”已损坏，无法读取其中的单元格，请重新获取原文件"
                ) from None
            hidden = str(meta.visible).split(".")[-1] != "Visible"
            cells = percent.get(meta.name, set())
            values = [[_value(v, (r, c) in cells) for c, v in enumerate(row)] for r, row in enumerate(rows)]
            grids.append(SheetGrid(meta.name, values, merged, hidden))
    finally:
        book.close()
    return grids


def _trimmed(file: Path, name: str, rows: list[list[Any]]) -> list[list[Any]]:
    """The rows up to the last that holds anything, each cut to the last column holding anything."""
    last = len(rows)
    while last and not any(v not in ("", None) for v in rows[last - 1]):
        last -= 1
    if last > MAX_ROWS:
        raise TableFileError(
            f"文件 {file.name} 工作表“{name}”第 {last} 行仍有内容，超过 {MAX_ROWS} 行上限，不像任务分工表"
        )
    width = max((max((i + 1 for i, v in enumerate(r) if v not in ("", None)), default=0) for r in rows[:last]),
                default=0)  # fmt: skip
    if width > MAX_COLUMNS:
        raise TableFileError(
            f"文件 {file.name} 工作表“{name}”第 {width} 列仍有内容，超过 {MAX_COLUMNS} 列上限，不像任务分工表"
        )
    return [list(r[:width]) for r in rows[:last]]


@contextmanager
def by_content(file: Path, kind: FileKind) -> Iterator[Path]:
    """The file under a name whose extension says what its content is (a copy in a temporary folder when not).

    calamine picks its reader by the extension, and an .xls saved under an .xlsx name (or the reverse) is a
    readable file; its own format detection from bytes misses what the named readers find (a password).
    """
    if not swapped_extension_notice(file, kind):
        yield file
        return
    with tempfile.TemporaryDirectory(prefix="import-", ignore_cleanup_errors=True) as folder:
        copy = Path(folder) / f"table.{kind.value}"
        shutil.copyfile(file, copy)
        yield copy


def _reraise_interrupt(exc: BaseException) -> None:
    # The reader signals some damage by aborting (PanicException, a BaseException): treat as damage, but
    # let Ctrl+C and interpreter exit through. Its own words are English and name its internals: never shown.
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        raise exc


def _value(value: Any, percent: bool) -> Any:
    if value == "":
        return None
    # A cell formatted as a percentage stores 0.35 for what the sheet shows as 35%.
    if percent and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{round(value * 100, 6):g}%"
    return value


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

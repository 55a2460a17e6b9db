"""A breakdown table exported as CSV (WPS and Excel's 另存为 CSV): one sheet of text, no merged cells or formats.

Offices save CSV in GBK (WPS, Excel on a Chinese Windows) or UTF-8 with a BOM; the delimiter is a comma, a tab or
a semicolon. A cell that is a plain number becomes a number, as Excel shows it; every other cell stays the words
typed ("1,200", "增长15%"), which the table reader reads as a table cell typed as text.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from importers.file_safety import TableFileError
from importers.table_reader import SheetGrid

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_ENCODINGS = ("utf-8-sig", "gb18030")


def read_csv_grid(file: Path) -> SheetGrid:
    """The CSV file as one sheet named after the file; TableFileError (Chinese) when it cannot be decoded."""
    data = file.read_bytes()
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableFileError(
            f"文件 {file.name} 不是可识别的文本编码（UTF-8 或 GBK），请用 WPS 或 Excel 另存为 .xlsx 后导入"
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    return SheetGrid(file.stem, rows)


def _cell(value: str) -> object:
    text = value.strip()
    if not text:
        return None
    return float(text) if _NUMBER.match(text) else text

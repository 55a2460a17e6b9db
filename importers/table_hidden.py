"""Which rows and columns of each sheet are hidden (or shrunk to nothing), read from the file's own records.

Officials hide what no longer applies — a 已取消 indicator, last year's actuals, a unit merged away — rather
than delete it. python-calamine gives cell values only, so the hidden state comes from here: the sheet XML's
`<row hidden="1">` and `<col hidden="1">` of an .xlsx (their start tags scanned, not parsed: a sheet holds
thousands of cells), the ROW and COLINFO records of an .xls (BIFF8). Both with the standard library; a part
this reader cannot follow hides nothing.
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from importers.table_formats import _ole_stream, _records, _sheet_parts, _xl_string

# The widest column an .xls or .xlsx can have: 16384 columns; a <col> run past the data is cut to this.
_LAST_COLUMN = 16383


@dataclass
class Hidden:
    """One sheet's hidden rows and columns, 0-based."""

    rows: set[int] = field(default_factory=set)
    columns: set[int] = field(default_factory=set)


def hidden_parts(path: Path, kind: str) -> dict[str, Hidden]:
    """Sheet name → its hidden rows and columns; {} when the file's records cannot be followed."""
    try:
        return _xlsx_hidden(path) if kind == "xlsx" else _xls_hidden(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, struct.error, SyntaxError, IndexError):
        return {}


# ---------------------------------------------------------------- .xlsx


def _xlsx_hidden(path: Path) -> dict[str, Hidden]:
    found: dict[str, Hidden] = {}
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        for sheet, part in _sheet_parts(book).items():
            if part in names:
                found[sheet] = _sheet_hidden(book.read(part))
    return found


# The start tags of <row> and <col> (with or without a namespace prefix), and their attributes: scanned, not
# parsed, since only these tags' attributes matter and a sheet holds thousands of cells.
_TAG = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _sheet_hidden(xml: bytes) -> Hidden:
    hidden = Hidden()
    for match in _TAG.finditer(xml):
        attributes = {
            name.split(b":")[-1].decode(): (double or single).decode()
            for name, double, single in _ATTRIBUTE.findall(match.group(2))
        }  # fmt: skip
        if match.group(1) == b"row" and _hides(attributes, "ht", "customHeight"):
            hidden.rows.add(int(attributes.get("r", "0")) - 1)
        elif match.group(1) == b"col" and _hides(attributes, "width", "customWidth"):
            first = int(attributes.get("min", "1")) - 1
            last = min(int(attributes.get("max", "1")) - 1, _LAST_COLUMN)
            hidden.columns.update(range(first, last + 1))
    hidden.rows.discard(-1)
    return hidden


def _hides(attributes: dict[str, str], size: str, custom: str) -> bool:
    """hidden="1", or a size of zero set by hand (a row dragged shut)."""
    return _is_on(attributes.get("hidden")) or (_zero(attributes.get(size)) and _is_on(attributes.get(custom)))


def _is_on(value: str | None) -> bool:
    return value in ("1", "true")


def _zero(value: str | None) -> bool:
    try:
        return value is not None and float(value) == 0
    except ValueError:
        return False


# ---------------------------------------------------------------- .xls (BIFF8)

_ROW, _COLINFO, _BOUNDSHEET, _EOF = 0x0208, 0x007D, 0x0085, 0x000A
_ROW_HIDDEN = 0x0020  # fDyZero: the row's height is zero
_COLUMN_HIDDEN = 0x0001


def _xls_hidden(path: Path) -> dict[str, Hidden]:
    stream = _ole_stream(path.read_bytes(), ("Workbook", "Book"))
    if stream is None:
        return {}
    sheets: list[tuple[int, str]] = []
    for kind, data, _ in _records(stream, 0):
        if kind == _BOUNDSHEET and len(data) >= 8 and data[5] == 0:
            sheets.append((struct.unpack_from("<I", data)[0], _xl_string(data, 6, 1)))
        elif kind == _EOF:
            break
    found: dict[str, Hidden] = {}
    for offset, name in sheets:
        hidden = Hidden()
        for kind, data, _ in _records(stream, offset):
            if kind == _EOF:
                break
            if kind == _ROW and len(data) >= 16:
                row, flags = struct.unpack_from("<H", data)[0], struct.unpack_from("<H", data, 12)[0]
                if flags & _ROW_HIDDEN:
                    hidden.rows.add(row)
            elif kind == _COLINFO and len(data) >= 10:
                first, last, width, _, flags = struct.unpack_from("<HHHHH", data)
                if flags & _COLUMN_HIDDEN or width == 0:
                    hidden.columns.update(range(first, min(last, _LAST_COLUMN) + 1))
        found[name] = hidden
    return found

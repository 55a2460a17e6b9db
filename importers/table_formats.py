"""Which cells of a workbook are formatted as percentages, and what in the file deserves a word.

The cell reader (python-calamine) gives values only: a cell that shows 25% holds 0.25. Storing 0.25 as
"0.25 %" would be a silently wrong quota, so the percent-formatted cells are found here from the file's
own format records: styles.xml and the sheet XML of an .xlsx, the FORMAT / XF / cell records of an .xls
(BIFF8 inside the OLE compound file). Both are read with the standard library, streaming.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

# Built-in number formats 9 (0%) and 10 (0.00%).
_BUILTIN_PERCENT = {9, 10}
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

Cells = set[tuple[int, int]]


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows the value times 100 with a % sign (quoted or escaped % do not)."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code or "")
    return "%" in bare


def percent_cells(path: Path, kind: str) -> dict[str, Cells]:
    """Sheet name → the 0-based (row, column) of its numeric cells formatted as percentages.

    Best effort: a part this reader cannot follow gives no cells (the importer then asks about bare
    fractions in % columns instead of trusting them).
    """
    try:
        return _xlsx_percent_cells(path) if kind == "xlsx" else _xls_percent_cells(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, struct.error, SyntaxError):
        return {}


# ---------------------------------------------------------------- .xlsx


def _xlsx_percent_cells(path: Path) -> dict[str, Cells]:
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        if "xl/styles.xml" not in names:
            return {}
        styles = _percent_styles(book.read("xl/styles.xml"))
        if not styles:
            return {}
        found: dict[str, Cells] = {}
        for sheet, part in _sheet_parts(book).items():
            if part in names:
                with book.open(part) as stream:
                    found[sheet] = _styled_numbers(stream, styles)
        return found


def _percent_styles(xml: bytes) -> set[int]:
    root = _parse(xml)
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")}
    xfs = root.find(f"{_MAIN}cellXfs")
    styles = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        number = int(xf.get("numFmtId", "0"))
        if number in _BUILTIN_PERCENT or is_percent_format(custom.get(number, "")):
            styles.add(index)
    return styles


def _parse(xml: bytes):
    from xml.etree.ElementTree import fromstring

    return fromstring(xml)


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, through workbook.xml and its relationships."""
    workbook = _parse(book.read("xl/workbook.xml"))
    rels = _parse(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _styled_numbers(stream, styles: set[int]) -> Cells:
    cells: Cells = set()
    for _, element in iterparse(stream):
        if element.tag == f"{_MAIN}c":
            style = element.get("s")
            if style is not None and int(style) in styles and element.get("t") in (None, "n"):
                cells.add(_cell_ref(element.get("r", "")))
            element.clear()
    return cells


def _cell_ref(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if match is None:
        raise ValueError(ref)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1


def xlsx_notices(path: Path) -> list[str]:
    """What an .xlsx carries that a user should hear about: macros, links to other workbooks."""
    try:
        return _xlsx_notices(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        return []


def _xlsx_notices(path: Path) -> list[str]:
    notices = []
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        types = book.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
            renamed = "改名为 .xlsx " if path.suffix.lower() == ".xlsx" else ""
            notices.append(f"文件 {path.name} 是含宏的工作簿（.xlsm）{renamed}；程序不运行其中的宏，只读取单元格内容")
        links = [n for n in names if re.fullmatch(r"xl/externalLinks/externalLink\d+\.xml", n)]
        targets = []
        for link in links:
            rels = link.replace("externalLinks/", "externalLinks/_rels/") + ".rels"
            if rels in names:
                root = _parse(book.read(rels))
                targets += [r.get("Target", "") for r in root.iter(f"{_PKG_REL}Relationship")]
        if links:
            named = "、".join(f"“{_file_part(t)}”" for t in targets if t) or f"{len(links)} 个外部工作簿"
            notices.append(
                f"文件 {path.name} 中有公式引用其他工作簿（{named}）；程序只读取保存时的计算结果，"
                "请核对这些单元格的数字是否为最新"
            )
    return notices


def _file_part(target: str) -> str:
    return re.split(r"[\\/]", target.replace("file:///", ""))[-1] or target


# ---------------------------------------------------------------- .xls (BIFF8 in an OLE compound file)

_END_OF_CHAIN = 0xFFFFFFFE


def _xls_percent_cells(path: Path) -> dict[str, Cells]:
    stream = _ole_stream(path.read_bytes(), ("Workbook", "Book"))
    if stream is None:
        return {}
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    sheets: list[tuple[int, str]] = []
    for kind, data, _ in _records(stream, 0):
        if kind == 0x041E and len(data) >= 5:  # FORMAT
            formats[struct.unpack_from("<H", data)[0]] = _xl_string(data, 2, 2)
        elif kind == 0x00E0 and len(data) >= 4:  # XF
            xf_formats.append(struct.unpack_from("<H", data, 2)[0])
        elif kind == 0x0085 and len(data) >= 8:  # BOUNDSHEET
            offset = struct.unpack_from("<I", data)[0]
            if data[5] == 0:  # a worksheet (not a chart or macro sheet)
                sheets.append((offset, _xl_string(data, 6, 1)))
        elif kind == 0x000A:  # EOF of the workbook globals
            break
    styles = {
        index for index, number in enumerate(xf_formats)
        if number in _BUILTIN_PERCENT or is_percent_format(formats.get(number, ""))
    }  # fmt: skip
    found: dict[str, Cells] = {}
    for offset, name in sheets:
        cells: Cells = set()
        if styles:
            for kind, data, _ in _records(stream, offset):
                if kind == 0x000A:
                    break
                _collect_cells(kind, data, styles, cells)
        found[name] = cells
    return found


def _collect_cells(kind: int, data: bytes, styles: set[int], cells: Cells) -> None:
    if kind in (0x0203, 0x027E, 0x0006) and len(data) >= 6:  # NUMBER, RK, FORMULA
        row, column, xf = struct.unpack_from("<HHH", data)
        if xf in styles:
            cells.add((row, column))
    elif kind == 0x00BD and len(data) >= 6:  # MULRK: row, first column, (xf, rk)…, last column
        row, first = struct.unpack_from("<HH", data)
        count = (len(data) - 6) // 6
        for i in range(count):
            if struct.unpack_from("<H", data, 4 + 6 * i)[0] in styles:
                cells.add((row, first + i))


def _records(stream: bytes, offset: int):
    position = offset
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        yield kind, stream[position + 4 : position + 4 + length], position
        position += 4 + length


def _xl_string(data: bytes, offset: int, length_bytes: int) -> str:
    count = data[offset] if length_bytes == 1 else struct.unpack_from("<H", data, offset)[0]
    flags = data[offset + length_bytes]
    start = offset + length_bytes + 1
    if flags & 0x01:
        return data[start : start + 2 * count].decode("utf-16-le", errors="replace")
    return data[start : start + count].decode("latin-1")


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """One stream of an OLE compound file by name (the .xls workbook), or None."""
    shift = struct.unpack_from("<H", data, 30)[0]
    size = 1 << shift
    mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
    mini_cutoff = struct.unpack_from("<I", data, 56)[0]

    def sector(index: int) -> bytes:
        start = 512 + index * size if shift == 9 else size + index * size
        return data[start : start + size]

    fat_sectors = list(struct.unpack_from("<109I", data, 76))
    difat = struct.unpack_from("<I", data, 68)[0]
    guard = 0
    while difat < 0xFFFFFFFA and guard < 10_000:
        ids = struct.unpack(f"<{size // 4}I", sector(difat))
        fat_sectors.extend(ids[:-1])
        difat, guard = ids[-1], guard + 1
    fat: list[int] = []
    for number in fat_sectors:
        if number < 0xFFFFFFFA:
            fat.extend(struct.unpack(f"<{size // 4}I", sector(number)))

    def chain(first: int, table: list[int]) -> list[int]:
        out, current = [], first
        while current < len(table) and current != _END_OF_CHAIN and len(out) <= len(table):
            out.append(current)
            current = table[current]
        return out

    directory = b"".join(sector(i) for i in chain(struct.unpack_from("<I", data, 48)[0], fat))
    entries = [directory[i : i + 128] for i in range(0, len(directory), 128)]
    root = entries[0]
    for entry in entries:
        length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[: max(0, length - 2)].decode("utf-16-le", errors="replace")
        if name not in names:
            continue
        start, stream_size = struct.unpack_from("<II", entry, 116)
        if stream_size >= mini_cutoff:
            return b"".join(sector(i) for i in chain(start, fat))[:stream_size]
        mini_fat_first = struct.unpack_from("<I", data, 60)[0]
        table = b"".join(sector(i) for i in chain(mini_fat_first, fat))
        mini_fat = list(struct.unpack(f"<{len(table) // 4}I", table))
        mini_stream = b"".join(sector(i) for i in chain(struct.unpack_from("<I", root, 116)[0], fat))
        parts = [mini_stream[i * mini_size : (i + 1) * mini_size] for i in chain(start, mini_fat)]
        return b"".join(parts)[:stream_size]
    return None

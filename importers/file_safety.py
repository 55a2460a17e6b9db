"""Checks made before any spreadsheet library touches a file the city sent.

A file from outside may be something else with an .xls name, damaged in transit, password-protected,
or built to exhaust the machine (a zip bomb, XML entity expansion). These checks read only the file's
bytes and the zip directory, so they are cheap, and they refuse with a Chinese message naming the file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

MAX_FILE_BYTES = 30 * 1024 * 1024
# A real breakdown table is well under 1 MB unpacked; these limits leave room for hundreds of rows
# of styling while keeping openpyxl's memory bounded.
MAX_UNPACKED_BYTES = 80 * 1024 * 1024
MAX_PART_BYTES = 40 * 1024 * 1024
MAX_RATIO = 200
MAX_ZIP_ENTRIES = 5000
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_XML_FORBIDDEN = (b"<!doctype", b"<!entity")
_CHUNK = 1 << 16


class TableFileError(Exception):
    """A file that cannot be read as a table; the message is Chinese and names the file."""


@dataclass(frozen=True)
class Purpose:
    """What the file was chosen for, so each refusal says the right verb and what to do instead."""

    action: str  # 导入, 收取
    what: str  # the table the user meant to give
    not_excel: str  # the end of the message for a file that is no Excel file at all
    html_hint: str  # what to do with a web page saved under a spreadsheet's name
    text_tables: bool = False  # a .csv (as WPS and Excel export one) is read too


FOR_IMPORT = Purpose(
    action="导入",
    what="任务分工表",
    not_excel="不是 Excel 表格（.xlsx、.xls）或 CSV 文本表格，无法导入；请在 Excel 或 WPS 中打开并另存为 .xlsx 再导入",
    html_hint="请用 Excel 或 WPS 打开后另存为 .xlsx 再导入",
    text_tables=True,
)


class FileKind(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"


def check_file(path: Path, purpose: Purpose = FOR_IMPORT) -> FileKind:
    """Which reader may open `path`, after refusing what is not a safe, readable Excel file."""
    name = path.name
    if not path.exists():
        raise TableFileError(f"文件 {name} 不存在")
    if path.is_dir():
        raise TableFileError(f"{name} 是文件夹，不是 Excel 表格")
    size = path.stat().st_size
    if size == 0:
        raise TableFileError(f"文件 {name} 是空的（0 字节），可能未下载完整")
    if size > MAX_FILE_BYTES:
        raise TableFileError(
            f"文件 {name} 有 {size / 1024 / 1024:.0f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限，"
            f"不像{purpose.what}；请确认文件是否正确"
        )
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith(b"PK"):
        check_xlsx(path, purpose)
        return FileKind.XLSX
    if head.startswith(_OLE_MAGIC):
        check_ole(path, purpose)
        return FileKind.XLS
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"<meta")):
        raise TableFileError(f"文件 {name} 是网页（HTML/XML）格式，只是扩展名为表格；{purpose.html_hint}")
    if purpose.text_tables and path.suffix.lower() in (".csv", ".txt") and b"\x00" not in head:
        return FileKind.CSV
    raise TableFileError(f"文件 {name} {purpose.not_excel}")


def check_xlsx(path: Path, purpose: Purpose = FOR_IMPORT) -> None:
    """Refuse a damaged zip, a zip bomb, an encrypted entry, a non-workbook, or XML with DOCTYPE/ENTITY."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise TableFileError(f"文件 {name} 内含 {len(entries)} 个部件，数量异常，拒绝读取")
            names = {e.filename for e in entries}
            if "xl/workbook.xml" not in names:
                raise TableFileError(f"文件 {name} 不是 Excel 工作簿{_what_else(names)}，无法{purpose.action}")
            total = 0
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise TableFileError(f"文件 {name} 受密码保护，请先在 Excel 或 WPS 中取消密码后再{purpose.action}")
                total += entry.file_size
                if entry.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES:
                    raise TableFileError(f"文件 {name} 解压后过大（部件 {entry.filename}），疑似恶意文件，拒绝读取")
                if (
                    entry.compress_size
                    and entry.file_size / entry.compress_size > MAX_RATIO
                    and entry.file_size > 1 << 20
                ):
                    raise TableFileError(f"文件 {name} 的压缩比异常（部件 {entry.filename}），疑似压缩炸弹，拒绝读取")
            for entry in entries:
                if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _check_xml_part(archive, entry, name)
    except zipfile.BadZipFile:
        raise TableFileError(f"文件 {name} 已损坏或不完整（无法解压），请重新获取原文件") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        # The library's own words (English) say nothing a user can act on: the kind of fault, in Chinese.
        raise TableFileError(f"文件 {name} {_zip_fault(exc)}，请重新获取原文件") from None


def _zip_fault(exc: BaseException) -> str:
    """What went wrong opening a zip, as a user can understand it (never the library's English)."""
    if isinstance(exc, NotImplementedError):  # zipfile's word for a compression method it lacks (Deflate64 …)
        return "使用了不支持的压缩方式，无法读取"
    if isinstance(exc, zipfile.LargeZipFile):
        return "过大，无法读取"
    if isinstance(exc, PermissionError):
        return "无法读取（没有权限，或正被其他程序占用）"
    return "已损坏或不完整，无法读取"


def _what_else(names: set[str]) -> str:
    if any(n.startswith("word/") for n in names):
        return "（这是 Word 文档）"
    if any(n.startswith("ppt/") for n in names):
        return "（这是 PowerPoint 演示文稿）"
    return ""


def _check_xml_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, file_name: str) -> None:
    """Stream one XML part and refuse DOCTYPE or ENTITY declarations (billion laughs, external entities)."""
    tail = b""
    read = 0
    with archive.open(entry) as part:
        first = True
        while chunk := part.read(_CHUNK):
            read += len(chunk)
            if read > MAX_PART_BYTES:
                raise TableFileError(f"文件 {file_name} 的部件 {entry.filename} 解压后过大，拒绝读取")
            if first and chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                chunk = chunk.decode("utf-16", errors="ignore").encode("utf-8")
            first = False
            window = (tail + chunk).lower()
            if any(word in window for word in _XML_FORBIDDEN):
                raise TableFileError(
                    f"文件 {file_name} 的部件 {entry.filename} 含有 DOCTYPE/ENTITY 声明，"
                    "正常的 Excel 文件没有这种内容，疑似恶意文件，拒绝读取"
                )
            tail = chunk[-16:]


def check_ole(path: Path, purpose: Purpose = FOR_IMPORT) -> None:
    """An OLE file is an .xls, or an encrypted .xlsx wrapped in OLE (EncryptedPackage): the latter is refused.

    The compound file's sector table is checked against the file's length, because the .xls reader
    aborts the whole program on a truncated file instead of raising an error.
    """
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES)
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        raise TableFileError(
            f"文件 {path.name} 受密码保护（已加密），请先在 Excel 或 WPS 中取消密码后再{purpose.action}"
        )
    if not _sectors_complete(data):
        raise TableFileError(f"文件 {path.name} 已损坏或不完整（文件被截断），请重新获取原文件")


_FREE, _LAST_REGULAR = 0xFFFFFFFF, 0xFFFFFFFA


def _sectors_complete(data: bytes) -> bool:
    """Whether every sector the compound file's allocation table uses lies wholly inside the file."""
    if len(data) < 512:
        return False
    shift = int.from_bytes(data[30:32], "little")
    if shift not in (9, 12):
        return False
    size = 1 << shift
    header = max(512, size)
    count = (len(data) - header) // size

    def sector(index: int) -> bytes | None:
        if index >= count:
            return None
        start = header + index * size
        return data[start : start + size]

    fat_sectors = [int.from_bytes(data[76 + 4 * i : 80 + 4 * i], "little") for i in range(109)]
    difat = int.from_bytes(data[68:72], "little")
    seen = 0
    while difat < _LAST_REGULAR and seen < 10_000:
        block = sector(difat)
        if block is None:
            return False
        ids = [int.from_bytes(block[i : i + 4], "little") for i in range(0, size, 4)]
        fat_sectors.extend(ids[:-1])
        difat, seen = ids[-1], seen + 1
    for number, fat in enumerate(fat_sectors):
        if fat >= _LAST_REGULAR:
            continue
        block = sector(fat)
        if block is None:
            return False
        for i in range(0, size, 4):
            index = (number * size + i) // 4
            entry = int.from_bytes(block[i : i + 4], "little")
            if entry == _FREE:
                continue
            if index >= count or (entry < _LAST_REGULAR and entry >= count):
                return False
    directory = int.from_bytes(data[48:52], "little")
    return directory < count

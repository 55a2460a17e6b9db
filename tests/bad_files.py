"""Damaged and hostile spreadsheet files, made from a real good one, for the import and collect tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

XXE = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
BILLION_LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def rezip(source: Path, target: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None):
    """A copy of an .xlsx with some parts replaced or added, as a hostile or damaged file would be."""
    replace = replace or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return target


def first_sheet(source: Path) -> str:
    """The zip member holding the workbook's first worksheet."""
    with zipfile.ZipFile(source) as src:
        return sorted(n for n in src.namelist() if n.startswith("xl/worksheets/sheet"))[0]


def with_doctype(source: Path, doctype: bytes) -> bytes:
    """The first sheet's XML with a DOCTYPE put in front of its root element."""
    with zipfile.ZipFile(source) as src:
        xml = src.read(first_sheet(source))
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


def word_document(path: Path) -> Path:
    """A Word file given an .xlsx name: a zip, but no workbook in it."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return path


def truncated(good: Path, path: Path) -> Path:
    """The first two thirds of a good file, as an interrupted copy leaves it."""
    data = good.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def zip_bomb(good: Path, path: Path) -> Path:
    """A good file with 8 MB of zeros added, which compress to almost nothing."""
    return rezip(good, path, add={"xl/media/image1.png": b"\0" * (8 << 20)})

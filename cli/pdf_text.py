"""The text layer of a PDF that Qt wrote: what a reader's search or copy would find, page by page.

The self-test uses it to prove that a printed return shows its Chinese text (not boxes or black bars) on a
PC without poppler's pdftotext. Qt's PDF writer (QPdfEngine) embeds each font as a Type0/CIDFontType2 subset
with a /ToUnicode CMap and writes glyphs as `<hex> Tj` in Flate-compressed content streams, listed in a
classic xref table: that is all this reader handles (no object streams, no encryption), and it is enough.
Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field

_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_REF = rb"(\d+)\s+\d+\s+R"
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_TOKEN = re.compile(
    rb"<([0-9A-Fa-f\s]*)>"  # hex string
    rb"|\((?:\\.|[^\\)])*\)"  # literal string (no nested parentheses: Qt writes none in text)
    rb"|\[|\]"  # TJ arrays
    rb"|/[^\s/\[\]()<>{}%]+"  # names
    rb"|[-+]?(?:\d+\.?\d*|\.\d+)"  # numbers
    rb"|[A-Za-z'\"*]+"  # operators
)


@dataclass(frozen=True)
class Font:
    """What decoding a font's strings needs: its ToUnicode map (None: it has none) and bytes per code."""

    cmap: dict[int, str] | None
    width: int


class PdfTextError(ValueError):
    """The file is not a PDF this reader understands (damaged, encrypted, or not from Qt)."""


@dataclass
class PdfText:
    """The text of each page, and the names of the embedded fonts."""

    pages: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def searchable(text: str) -> str:
    """Text as a search compares it: NFKC (CJK fonts map some glyphs to Kangxi radicals), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _objects(data: bytes) -> dict[int, bytes]:
    """Each object's bytes (from after `N G obj`), located through the xref table, else by scanning."""
    offsets: dict[int, int] = {}
    start = data.rfind(b"startxref")
    if start >= 0:
        try:
            at = int(data[start + 9 :].split()[0])
            if data[at : at + 4] == b"xref":
                lines = data[at + 4 :].lstrip()
                first, count = (int(n) for n in lines.split(None, 2)[:2])
                entries = _XREF_ENTRY.findall(lines, 0, 40 + 20 * count + 20 * len(str(count)))
                for index, (offset, _gen, kind) in enumerate(entries[:count]):
                    if kind == b"n":
                        offsets[first + index] = int(offset)
        except (ValueError, IndexError):
            offsets = {}
    if not offsets:
        offsets = {int(m.group(1)): m.start() for m in _OBJECT.finditer(data)}
    objects = {}
    for number, offset in offsets.items():
        match = _OBJECT.match(data, offset)
        if match and int(match.group(1)) == number:
            objects[number] = data[match.end() :]
    if not objects:
        raise PdfTextError("没有找到 PDF 对象")
    return objects


class _Reader:
    def __init__(self, data: bytes) -> None:
        if not data.startswith(b"%PDF"):
            raise PdfTextError("不是 PDF 文件")
        if b"/Encrypt" in data[-4096:]:
            raise PdfTextError("PDF 已加密")
        self.objects = _objects(data)
        self.cmaps: dict[int, dict[int, str]] = {}

    def dictionary(self, number: int) -> bytes:
        """The object's text up to its stream or its end (enough for the keys we read)."""
        body = self.objects[number]
        end = min(i for i in (body.find(b"stream"), body.find(b"endobj"), len(body)) if i >= 0)
        return body[:end]

    def integer(self, number: int) -> int:
        return int(self.dictionary(number).split()[0])

    def stream(self, number: int) -> bytes:
        head = self.dictionary(number)
        body = self.objects[number]
        at = body.find(b"stream", len(head))
        if at < 0:
            raise PdfTextError(f"对象 {number} 没有数据流")
        at += 6
        at += 2 if body[at : at + 2] == b"\r\n" else 1
        length = re.search(rb"/Length\s+" + _REF, head)
        if length:
            size = self.integer(int(length.group(1)))
        else:
            direct = re.search(rb"/Length\s+(\d+)", head)
            size = int(direct.group(1)) if direct else body.index(b"endstream", at) - at
        raw = body[at : at + size]
        if b"/FlateDecode" in head:
            try:
                raw = zlib.decompress(raw)
            except zlib.error as exc:
                raise PdfTextError(f"对象 {number} 的数据流无法解压：{exc}") from exc
        elif b"/Filter" in head:
            raise PdfTextError(f"对象 {number} 用了不支持的压缩方式")
        return raw

    def cmap(self, number: int) -> dict[int, str]:
        """A /ToUnicode CMap: character code → text."""
        if number not in self.cmaps:
            self.cmaps[number] = parse_cmap(self.stream(number))
        return self.cmaps[number]

    def page_fonts(self, page: int) -> dict[bytes, Font]:
        """The page's font resources by name."""
        head = self.dictionary(page)
        resources = re.search(rb"/Resources\s+" + _REF, head)
        text = self.dictionary(int(resources.group(1))) if resources else head
        fonts_ref = re.search(rb"/Font\s+" + _REF, text)
        if fonts_ref:
            text = self.dictionary(int(fonts_ref.group(1)))
        else:
            inline = re.search(rb"/Font\s*<<(.*?)>>", text, re.S)
            text = inline.group(1) if inline else b""
        fonts: dict[bytes, Font] = {}
        for name, ref in re.findall(rb"/([^\s/<>\[\]]+)\s+" + _REF, text):
            font = self.dictionary(int(ref))
            to_unicode = re.search(rb"/ToUnicode\s+" + _REF, font)
            cmap = self.cmap(int(to_unicode.group(1))) if to_unicode else None
            # A composite (Type0) font with Identity-H takes two bytes per glyph; simple fonts one.
            fonts[name] = Font(cmap, 2 if re.search(rb"/Subtype\s*/Type0\b", font) else 1)
        return fonts

    def pages(self) -> list[int]:
        """Page objects in document order (by following /Kids from the catalog's /Pages)."""
        catalog = next((n for n in self.objects if re.search(rb"/Type\s*/Catalog\b", self.dictionary(n))), None)
        if catalog is None:
            raise PdfTextError("没有文档目录（/Catalog）")
        root = re.search(rb"/Pages\s+" + _REF, self.dictionary(catalog))
        if root is None:
            raise PdfTextError("没有页面树（/Pages）")
        out: list[int] = []
        pending = [int(root.group(1))]
        seen: set[int] = set()
        while pending:
            number = pending.pop(0)
            if number in seen or number not in self.objects:
                continue
            seen.add(number)
            head = self.dictionary(number)
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", head)
            if kids:
                pending[:0] = [int(n) for n in re.findall(_REF, kids.group(1))]
            elif re.search(rb"/Type\s*/Page\b", head):
                out.append(number)
        return out

    def contents(self, page: int) -> bytes:
        head = self.dictionary(page)
        array = re.search(rb"/Contents\s*\[([^\]]*)\]", head)
        refs = re.findall(_REF, array.group(1)) if array else re.findall(rb"/Contents\s+" + _REF, head)
        return b"\n".join(self.stream(int(n)) for n in refs)


def parse_cmap(data: bytes) -> dict[int, str]:
    """bfchar and bfrange entries of a ToUnicode CMap (both range forms)."""
    mapping: dict[int, str] = {}

    def text(hex_digits: bytes) -> str:
        raw = bytes.fromhex(hex_digits.decode("ascii"))
        return raw.decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(source, 16)] = text(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            first, last = int(low, 16), int(high, 16)
            if rest.startswith(b"["):
                for offset, target in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", rest)):
                    mapping[first + offset] = text(target)
            else:
                start = bytes.fromhex(rest[1:-1].decode("ascii"))
                for offset in range(last - first + 1):
                    # The last byte counts up (the CMap spec's rule for a range with one destination).
                    code = start[:-1] + bytes([(start[-1] + offset) % 256]) if start else b""
                    mapping[first + offset] = code.decode("utf-16-be", "replace")
    return mapping


def _literal(token: bytes) -> bytes:
    body = token[1:-1]
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    out = bytearray()
    i = 0
    while i < len(body):
        char = body[i : i + 1]
        if char == b"\\" and i + 1 < len(body):
            nxt = body[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            out += escapes.get(nxt, nxt)
            i += 2
        else:
            out += char
            i += 1
    return bytes(out)


def _show(raw: bytes, font: Font | None) -> str:
    if font is None or font.cmap is None:
        return raw.decode("latin-1")
    width = font.width
    return "".join(
        font.cmap.get(int.from_bytes(raw[i : i + width], "big"), "\ufffd") for i in range(0, len(raw), width)
    )


def page_text(content: bytes, fonts: dict[bytes, Font]) -> str:
    """The text a content stream shows: one line per BT…ET block, glyphs decoded through the font's CMap."""
    lines: list[str] = []
    current: list[str] = []
    font: Font | None = None
    operands: list[bytes] = []
    in_array = False
    array: list[bytes] = []
    for match in _TOKEN.finditer(content):
        token = match.group(0)
        if token == b"[":
            in_array, array = True, []
            continue
        if token == b"]":
            in_array = False
            operands.append(b"[" + b"\0".join(array))
            continue
        if token[:1] in (b"<", b"(") or token[:1] == b"/" or re.fullmatch(rb"[-+.\d]+", token):
            (array if in_array else operands).append(token)
            continue
        # an operator
        if token == b"Tf" and len(operands) >= 2 and operands[-2].startswith(b"/"):
            font = fonts.get(operands[-2][1:])
        elif token in (b"Tj", b"'", b'"') and operands:
            current.append(_decode_string(operands[-1], font))
        elif token == b"TJ" and operands and operands[-1].startswith(b"["):
            parts = operands[-1][1:].split(b"\0") if len(operands[-1]) > 1 else []
            current.extend(_decode_string(p, font) for p in parts if p[:1] in (b"<", b"("))
        elif token == b"ET":
            if current:
                lines.append("".join(current))
            current = []
        operands = []
    if current:
        lines.append("".join(current))
    return "\n".join(lines)


def _decode_string(token: bytes, font: Font | None) -> str:
    if token.startswith(b"<"):
        digits = re.sub(rb"\s", b"", token[1:-1])
        if len(digits) % 2:
            digits += b"0"
        raw = bytes.fromhex(digits.decode("ascii"))
    else:
        raw = _literal(token)
    return _show(raw, font)


def read_pdf_text(data: bytes) -> PdfText:
    """Every page's text and the embedded fonts' names; PdfTextError when the file cannot be read."""
    reader = _Reader(data)
    result = PdfText()
    for number in reader.objects:
        head = reader.dictionary(number)
        if re.search(rb"/Type\s*/FontDescriptor\b", head):
            name = re.search(rb"/FontName\s*/([^\s/<>\[\]]+)", head)
            if name and re.search(rb"/FontFile[23]?\s", head):
                result.fonts.append(name.group(1).decode("latin-1").split("+", 1)[-1])
    for page in reader.pages():
        result.pages.append(page_text(reader.contents(page), reader.page_fonts(page)))
    return result

"""Reading a rendered return as the city would: LibreOffice renders, poppler reads words, positions and grays.

Holds no tests itself. `render` runs one LibreOffice for many files, with a profile of its own.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import openpyxl

HAVE_TOOLS = all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdftoppm", "pdfinfo"))
INCH = 72.0
TOP_MARGIN, BOTTOM_MARGIN = 0.7 * INCH, 0.75 * INCH  # exporters.paper's margins


def render(files: list[Path], folder: Path) -> dict[str, Path]:
    """Every file rendered to PDF by one LibreOffice run; stem → PDF."""
    profile = folder / f"lo_profile_{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(folder), *(str(f) for f in files)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return {f.stem: folder / f"{f.stem}.pdf" for f in files}


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]

    def text(self) -> str:
        return "".join(w.text for w in self.words)


def pages(pdf: Path) -> list[Page]:
    """Every page's words with their boxes, in the order the page draws them (a cell's lines together)."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result = []
    for number, match in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S),
                                   start=1):  # fmt: skip
        words = tuple(
            Word(number, float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>',
                match.group(3),
            )
        )
        result.append(Page(number, float(match.group(1)), float(match.group(2)), words))
    return result


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def gray_image(pdf: Path, page: int, dpi: int, out: Path) -> tuple[int, int, bytes]:
    """A page rendered in grayscale (pdftoppm -gray): width, height and one byte per pixel."""
    stem = out / f"gray_{pdf.stem}_{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)  # fmt: skip
    data = Path(f"{stem}.pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(header.group(1)), int(header.group(2))
    return width, height, data[header.end() :]


def fill_gray(image: tuple[int, int, bytes], word: Word, dpi: int) -> int:
    """The gray of the fill behind a word: the commonest level in its box (the glyphs are the fewer pixels)."""
    width, _, pixels = image
    scale = dpi / INCH
    counts: dict[int, int] = {}
    for y in range(int(word.y0 * scale), int(word.y1 * scale)):
        for x in range(int((word.x0 - 1) * scale), int((word.x1 + 1) * scale)):
            level = pixels[y * width + x]
            counts[level] = counts.get(level, 0) + 1
    return max(counts, key=counts.get)


@functools.cache
def sheet_frame(xlsx: Path, sheet: str) -> tuple[float, tuple[float, ...], tuple[int, int]]:
    """A sheet's print scale (a fraction), its row heights (index 0 is row 1) and its repeated header rows."""
    ws = openpyxl.load_workbook(xlsx)[sheet]
    heights = tuple(ws.row_dimensions[r].height or 15.0 for r in range(1, ws.max_row + 1))
    first, last = ws.print_title_rows.replace("$", "").split(":")
    return int(ws.page_setup.scale or 100) / 100, heights, (int(first), int(last))

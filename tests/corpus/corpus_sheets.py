"""How the corpus's tables look: 附件 label and title, bordered header rows in 黑体, body in 仿宋, merged
section rows and notes, the signature line under the table (used by make_corpus and make_corpus_more)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name="仿宋_GB2312", size=11)
_HEAD = Font(name="黑体", size=11)
_TITLE = Font(name="方正小标宋简体", size=18)


def title(ws, attachment: str, title: str, width: int, unit_line: str = "") -> None:
    ws.append([attachment])
    ws["A1"].font = Font(name="黑体", size=14)
    ws.append([title])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws["A2"].font = _TITLE
    ws["A2"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[2].height = 36
    if unit_line:
        ws.append([None] * (width - 2) + [unit_line])
        ws.merge_cells(start_row=3, start_column=width - 1, end_row=3, end_column=width)


def header(ws, rows: list[list], merges: list[tuple[int, int, int, int]]) -> int:
    """Append header rows; merges are (row offset, first column, last row offset, last column), 1-based columns."""
    first = ws.max_row + 1
    for values in rows:
        ws.append(values)
    for r1, c1, r2, c2 in merges:
        ws.merge_cells(start_row=first + r1, start_column=c1, end_row=first + r2, end_column=c2)
    for r in range(first, first + len(rows)):
        for cell in ws[r]:
            cell.font = _HEAD
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return first


def body(ws, first_row: int, widths: dict[int, float]) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=ws.max_row):
        for cell in row:
            if cell.value is not None or cell.coordinate in ws.merged_cells:
                cell.font = _BODY
                cell.border = _BORDER
                cell.alignment = Alignment(vertical="center", wrap_text=True)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width


def section(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.cell(ws.max_row, 1).font = _HEAD


def note(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)


def signature(ws) -> None:
    ws.append(["填报单位（盖章）：", None, None, "填报人：", None, "联系电话："])


def to_xls(xlsx: Path, out: Path) -> Path:
    """An .xls copy made by LibreOffice headless (as WPS and Excel users save one), with its own profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to make the .xls of the corpus")
    profile = out / f"lo_profile_{uuid.uuid4().hex}"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
         "--outdir", str(out), str(xlsx)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(out)},
    )  # fmt: skip
    return out / (xlsx.stem + ".xls")

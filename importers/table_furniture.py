"""Rows that Word and printing leave in a table and that are no part of it: page numbers, the header repeated
at the top of each printed page, the issuing office and date under the table, blank rows between pages.

A table pasted from a Word 附件 or saved from a printed layout carries "— 1 —" and "第1页，共2页" rows, its
header again on page 2, and the 落款 (防城港市科学技术局 / 2024年3月8日) under it. None of them is a task, an
indicator or a unit: they are emptied before the table is read (their merged ranges dropped, so a page number
merged across the table is never "a figure shared by the units"), and the rows left out are counted in a note.
Row numbers stay as they are in the sheet, so every message still points at the right row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.table_layout import Layout, ends_table, label_text
from importers.table_reader import SheetGrid, cell_text

# "— 1 —", "-1-", "－ 2 －", "第 1 页", "第1页，共2页", "第 1 页 / 共 2 页", "共2页 第1页", "Page 1 of 2".
_DASHES = r"[-—–－―~～_·\s]"
PAGE_NUMBER = re.compile(
    rf"^{_DASHES}*[-—–－―~～]{_DASHES}*\d{{1,3}}{_DASHES}*[-—–－―~～]{_DASHES}*$"
    r"|^第\s*\d{1,3}\s*页\s*(?:[，,/、]?\s*共\s*\d{1,3}\s*页)?$"
    r"|^共\s*\d{1,3}\s*页\s*[，,/、]?\s*第\s*\d{1,3}\s*页$"
    r"|^page\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$",
    re.IGNORECASE,
)
# The 落款 under a table: the issuing office (…局, …人民政府, …办公室, …管委会), its seal, and the date.
_ISSUER = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(?:局|委员会|人民政府|政府|办公室|管委会|管理委员会|领导小组|中心)"
    r"(?:[（(](?:盖章|章|印)[)）])?$"
)
_DATE = re.compile(
    r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*(?:[\d一二三四五六七八九十]{1,3}\s*日)?$"
)
_SEAL = re.compile(r"^[（(]?(?:盖章|公章|章)[)）]?$")

PAGE, HEADER, SIGNATURE = "page", "header", "signature"


@dataclass
class Furniture:
    """The rows of one sheet emptied as page furniture, by kind (0-based rows), and one example of each."""

    rows: dict[int, str] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # 说明 rows under the header, read with the notes under the table

    def of(self, kind: str) -> list[int]:
        return sorted(r for r, k in self.rows.items() if k == kind)


def row_texts(values: list[object]) -> list[str]:
    """The distinct texts of a row, spaces removed (a merged cell's text once)."""
    return list(dict.fromkeys(re.sub(r"\s+", "", cell_text(v)) for v in values if cell_text(v)))


def is_page_number(values: list[object]) -> bool:
    """Whether a row holds nothing but a page number ("— 1 —", "第1页，共2页")."""
    texts = row_texts(values)
    return len(texts) == 1 and PAGE_NUMBER.match(texts[0]) is not None


def _signature_part(text: str) -> bool:
    return bool(_ISSUER.match(text) or _DATE.match(text) or _SEAL.match(text) or PAGE_NUMBER.match(text))


def clear_page_furniture(grid: SheetGrid) -> Furniture:
    """Empty the page-number rows anywhere in the sheet and the 落款 block at its foot; what was emptied.

    The 落款 is only the block of rows at the very end holding nothing but an office, a seal, a date or a page
    number: a row like that between the table's rows is left alone.
    """
    found = grid_furniture(grid)
    for row in range(len(grid.rows)):
        if is_page_number(grid.rows[row]):
            found.rows[row] = PAGE
            found.examples.setdefault(PAGE, row_texts(grid.rows[row])[0])
    foot = len(grid.rows) - 1
    block: list[int] = []
    while foot >= 0:
        texts = row_texts(grid.rows[foot])
        if texts and not (len(texts) <= 3 and all(_signature_part(t) for t in texts)):
            break
        if texts and not all(PAGE_NUMBER.match(t) for t in texts):
            block.append(foot)
        foot -= 1
    if any(_ISSUER.match(t) or _DATE.match(t) for r in block for t in row_texts(grid.rows[r])):
        for row in block:
            found.rows[row] = SIGNATURE
        found.examples.setdefault(SIGNATURE, "、".join(t for r in sorted(block) for t in row_texts(grid.rows[r])))
    _empty(grid, [r for r, kind in found.rows.items() if kind in (PAGE, SIGNATURE)])
    return found


def clear_repeated_headers(layout: Layout) -> int:
    """Empty every row under the header that repeats one of its rows (the header printed again on each page).

    A row repeats a header row when each of its labels stands in the same column of that header row and it
    has at least two of them (half the header row's, or more). Returns how many repeats were found (a header
    of two rows repeated once counts once).
    """
    grid = layout.grid
    header = [[label_text(v) for v in grid.rows[r]] for r in range(layout.header_first, layout.header_last + 1)]
    repeats: list[int] = []
    for row in range(layout.header_last + 1, len(grid.rows)):
        labels = [label_text(v) for v in grid.rows[row]]
        if any(_repeats(labels, head) for head in header):
            repeats.append(row)
    furniture = grid_furniture(grid)
    for row in repeats:
        furniture.rows[row] = HEADER
    if repeats:
        furniture.examples.setdefault(HEADER, "、".join(t for t in row_texts(grid.rows[repeats[0]])[:3]))
    _empty(grid, repeats)
    return len([r for r in repeats if r - 1 not in repeats])


def header_note_rows(layout: Layout) -> list[int]:
    """The note rows (说明：…, 注：…) between the header and the table's first row: they say how to read the
    table ("“—”表示该单位无此项任务"), they do not end it."""
    found = []
    for row in range(layout.header_last + 1, len(layout.grid.rows)):
        values = layout.grid.rows[row]
        if not row_texts(values):
            continue
        if not is_note_row(values):
            break
        found.append(row)
    return found


def is_note_row(values: list[object]) -> bool:
    """A row that is a note (说明：…, 注：…, 备注：…) and not the signature line (填报人：…)."""
    texts = row_texts(values)
    return bool(texts) and (ends_table(values) or len(texts) == 1) and bool(_NOTE_HEAD.match(texts[0]))


_NOTE_HEAD = re.compile(r"^[（(]?(?:注|备注|说明|填表说明|填报说明)")


def clear_header_notes(layout: Layout) -> list[str]:
    """Empty the note rows under the header (header_note_rows), keeping their texts for the table's notes."""
    rows = header_note_rows(layout)
    furniture = grid_furniture(layout.grid)
    for row in rows:
        furniture.notes.extend(t for t in row_texts(layout.grid.rows[row]) if t not in furniture.notes)
    _empty(layout.grid, rows)
    return furniture.notes


def _repeats(labels: list[str], head: list[str]) -> bool:
    filled = [i for i, t in enumerate(labels) if t]
    wanted = [t for t in head if t]
    if len(filled) < 2 or len(filled) * 2 < len(wanted):
        return False
    return all(i < len(head) and head[i] == labels[i] for i in filled)


def grid_furniture(grid: SheetGrid) -> Furniture:
    """The furniture record of a sheet (made on first use)."""
    if grid.furniture is None:
        grid.furniture = Furniture()
    return grid.furniture


def _empty(grid: SheetGrid, rows: list[int]) -> None:
    gone = set(rows)
    for row in gone:
        grid.rows[row] = [None] * len(grid.rows[row])
    grid.merged = [m for m in grid.merged if not all(r in gone for r in range(m[0], m[2] + 1))]


def furniture_note(layout: Layout) -> str:
    """The note that counts the rows left out of one table: page numbers, repeated headers, 落款, blank rows
    (those between the header and the table's last row), or "" when there were none."""
    grid = layout.grid
    last_row = layout.header_last
    for row in range(layout.header_last + 1, len(grid.rows)):
        if ends_table(grid.rows[row]):
            break
        if row_texts(grid.rows[row]):
            last_row = row
    furniture = grid_furniture(grid)
    parts = []
    pages = [r for r in furniture.of(PAGE) if r > layout.header_last]
    if pages:
        parts.append(f"页码 {len(pages)} 行（{_rows(pages)}，如“{furniture.examples[PAGE]}”）")
    headers = furniture.of(HEADER)
    if headers:
        starts = [r for r in headers if r - 1 not in headers]
        parts.append(f"每页重复的表头 {len(starts)} 处（{_rows(headers)}）")
    signature = furniture.of(SIGNATURE)
    if signature:
        parts.append(f"落款 {len(signature)} 行（“{furniture.examples[SIGNATURE]}”）")
    blank = [
        r for r in range(layout.header_last + 1, last_row + 1)
        if r not in furniture.rows and not row_texts(grid.rows[r])
    ]  # fmt: skip
    if blank and parts:
        parts.append(f"空行 {len(blank)} 行")
    if not parts:
        return ""
    return f"已跳过 Word 排版和打印留下的{'、'.join(parts)}：这些行不是任务或指标"


def _rows(rows: list[int]) -> str:
    shown = "、".join(str(r + 1) for r in rows[:6])
    return f"第 {shown}{' 等' if len(rows) > 6 else ''} 行"

"""Text continued on a 附页: how a cut cell says so, and how its text is put back together when read.

A cell whose text does not fit the printed row keeps what fits and ends with "（续见附页1）"; the rest is
printed on 附页1 after the table. Exporters write these marks and importers read them, so the rule is here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

ANNEX_TITLE = "附页"
# A city row continued on the next page repeats its cells there, cut to fit and marked so.
CONTINUED_FROM_PAGE = "（接上页）"
_MARK = re.compile(r"（续见附页(\d+)）\s*$")
_LABEL = re.compile(r"^附页(\d+)(?=[　 ：:（]|$)")


def continuation_mark(number: int) -> str:
    """What ends a cut cell: （续见附页1）."""
    return f"（续见附页{number}）"


def annex_label(number: int, where: str) -> str:
    """The heading of a continuation on the 附页: 附页1　序号3（细化任务序号(237)）工作进展（接上表）."""
    return f"{ANNEX_TITLE}{number}　{where}（接上表）"


def split_mark(text: str) -> tuple[str, int | None]:
    """A cell's text without its continuation mark, and the 附页 number it points to (None if none)."""
    found = _MARK.search(text)
    if found is None:
        return text, None
    return text[: found.start()], int(found.group(1))


def label_number(text: str) -> int | None:
    """The number of a 附页 heading (附页1　…), or None when the text is not one."""
    found = _LABEL.match(text.strip())
    return int(found.group(1)) if found else None


def read_annex(first_cells: Sequence[str]) -> dict[int, str]:
    """The continued texts of a 附页, by number, from the first cell of each row after the table.

    Rows between one heading and the next are the pieces of that continuation, joined as written (the
    writer cuts pieces only between two characters that are not spaces, so nothing is lost or added).
    """
    texts: dict[int, list[str]] = {}
    current: int | None = None
    for cell in first_cells:
        number = label_number(cell)
        if number is not None:
            current = number
            texts.setdefault(number, [])
        elif current is not None and cell and cell.strip() != ANNEX_TITLE:
            texts[current].append(cell)
    return {number: "".join(pieces) for number, pieces in texts.items()}


def rejoin(text: str, annex: Mapping[int, str]) -> str:
    """A cell's whole text: the part printed in the table and its continuation on the 附页."""
    head, number = split_mark(text)
    if number is None or number not in annex:
        return text
    return head + annex[number]


def rejoin_rows(rows: list[list[object]]) -> list[list[object]]:
    """A sheet's rows as if no text had been cut: cut cells made whole, repeats on a new page undone, the
    附页 rows emptied.

    For a reader of tables this application printed (a city's breakdown table read at the county): the
    附页 starts at a row whose every filled cell says 附页 (the title merged across the table). Rows keep
    their positions, so merged ranges and row numbers in messages stay right.
    """
    start = next((i for i, row in enumerate(rows) if _is_annex_title(row)), len(rows))
    annex = read_annex([_first_text(row) for row in rows[start + 1 :]])
    whole = [[rejoin(v, annex) if isinstance(v, str) else v for v in row] for row in rows[:start]]
    for index, row in enumerate(whole):
        for column, value in enumerate(row):
            if isinstance(value, str) and value.endswith(CONTINUED_FROM_PAGE) and index:
                # A repeat printed for the reader of the next page: the cell above holds the whole text.
                above = whole[index - 1]
                row[column] = above[column] if column < len(above) else value
    return whole + [[] for _ in rows[start:]]


def _first_text(row: list[object]) -> str:
    return next((v for v in row if isinstance(v, str) and v.strip()), "")


def _is_annex_title(row: list[object]) -> bool:
    filled = [v.strip() for v in row if isinstance(v, str) and v.strip()]
    return (
        bool(filled)
        and all(v == ANNEX_TITLE for v in filled)
        and not any(v is not None and not isinstance(v, str) for v in row)
    )

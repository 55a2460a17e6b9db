"""Two versions of one table in a workbook: the 原表 and its 修订版 copy are never both read.

A city that revises its table often adds the revised copy as a new sheet ("分解表（修订版）") beside the
original and sends the same workbook again. Reading both would store every changed quota twice. Sheets
hold the same table when their names or titles agree once version words are set aside and their header
and row labels agree. When exactly one of them is marked as the newer (修订版, 修改版, 调整后 …), it is
read and the others are named in a notice; when nothing tells which is newer, the read is refused with a
message naming the sheets and how to choose one (`--sheet`, or the window's choice of sheet).
"""

from __future__ import annotations

import re

from importers.file_safety import TableFileError
from importers.table_layout import Layout, label_text
from importers.table_reader import SheetGrid

# Words that mark a sheet or title as the newer version of the same table.
_NEWER = re.compile(
    r"修订版|修订稿|修订后|修改版|修改稿|修改后|调整版|调整稿|调整后|更新版|更新后|最新版?|最终版|终稿|定稿|新版"
)
# Words that mark the older version, or a copy that says nothing about which is newer.
_OLDER = re.compile(r"原表|原版|原稿|修订前|修改前|调整前|旧版|初稿|征求意见稿")
_COPY = re.compile(r"[-_ ]?副本|[-_ ]?复制|[-_ ]?备份|\s*[(（]\d+[)）]$|[-_]\d+$")
_BRACKETS = re.compile(r"[()（）【】\[\]<>《》〈〉\s\-_—·.、]")
# The share of row labels two sheets must have in common to be versions of one table.
_SAME_ROWS = 0.6
_NAMING = {"indicator", "text", "topic", "unit_name", "breakdown", "city_goal"}


class SheetChoiceNeeded(TableFileError):
    """Several sheets hold versions of one table and nothing says which is newer: the user picks one.

    `sheets` are the sheets' names, in workbook order.
    """

    def __init__(self, message: str, sheets: list[str]) -> None:
        super().__init__(message)
        self.sheets = sheets


def _stem(text: str) -> str:
    """The name or title with its version and copy words set aside."""
    text = _COPY.sub("", text.strip())
    text = _OLDER.sub("", _NEWER.sub("", text))
    return _BRACKETS.sub("", text)


def _newer(grid: SheetGrid, layout: Layout) -> bool:
    return bool(_NEWER.search(grid.name) or _NEWER.search(layout.title))


def _labels(layout: Layout) -> tuple[tuple[str, ...], set[str]]:
    """The header's labels and the words of the columns that name each row (indicator, task, unit)."""
    header = tuple(re.sub(r"\s+", "", c.label) for c in layout.columns)
    naming = [c.index for c in layout.columns if c.field in _NAMING]
    words: set[str] = set()
    for values in layout.grid.rows[layout.header_last + 1 :]:
        for index in naming:
            value = values[index] if index < len(values) else None
            text = re.sub(r"\s+", "", label_text(value)) if isinstance(value, str) else ""
            if text:
                words.add(text)
    return header, words


def _same_table(a: tuple[SheetGrid, Layout], b: tuple[SheetGrid, Layout]) -> bool:
    names = {_stem(a[0].name), _stem(a[1].title)} - {""}
    if not names & ({_stem(b[0].name), _stem(b[1].title)} - {""}):
        return False
    if a[1].shape is not b[1].shape:
        return False
    (head_a, words_a), (head_b, words_b) = _labels(a[1]), _labels(b[1])
    if head_a != head_b:
        return False
    if not words_a and not words_b:
        return True
    return len(words_a & words_b) >= _SAME_ROWS * max(len(words_a), len(words_b))


def one_version_each(
    tables: list[tuple[SheetGrid, Layout]], file: str
) -> tuple[list[tuple[SheetGrid, Layout]], list[str]]:
    """The tables to read with only the newest version of each, and a notice for each version left out.

    Raises SheetChoiceNeeded (Chinese, naming file and sheets) when versions of one table are found and
    nothing tells which is the newer.
    """
    groups: list[list[tuple[SheetGrid, Layout]]] = []
    for table in tables:
        group = next((g for g in groups if _same_table(g[0], table)), None)
        if group is None:
            groups.append([table])
        else:
            group.append(table)
    kept: list[tuple[SheetGrid, Layout]] = []
    notices: list[str] = []
    for group in groups:
        if len(group) == 1:
            kept.append(group[0])
            continue
        newer = [t for t in group if _newer(*t)]
        names = "、".join(f"“{g.name}”" for g, _ in group)
        if len(newer) != 1:
            raise SheetChoiceNeeded(
                f"文件 {file} 中工作表{names}是同一张表的不同版本，无法判断哪一个是最新的"
                "（两张都导入会把同一指标登记两遍）。请只选一个工作表导入：命令行加 --sheet 工作表名称"
                f"（如 --sheet {group[-1][0].name}），或在导入窗口中选择工作表",
                [g.name for g, _ in group],
            )
        chosen = newer[0]
        others = "、".join(f"“{g.name}”" for g, _ in group if g is not chosen[0])
        notices.append(
            f"工作表{others}与“{chosen[0].name}”是同一张表，“{chosen[0].name}”标明是修订后的版本，只读取该表；"
            f"{others}未读取（如要导入其他版本，请用 --sheet 或在导入窗口中选择工作表）"
        )
        kept.append(chosen)
    order = {id(t[0]): n for n, t in enumerate(tables)}
    kept.sort(key=lambda t: order[id(t[0])])
    return kept, notices


def only_sheet(grids: list[SheetGrid], sheet: str, file: str) -> list[SheetGrid]:
    """The one sheet the user chose by name (brackets and spaces may be typed either way).

    Raises TableFileError naming the sheets the file has when no sheet has that name.
    """

    def plain(text: str) -> str:
        return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")

    chosen = [g for g in grids if plain(g.name) == plain(sheet)]
    if not chosen:
        names = "、".join(f"“{g.name}”" for g in grids)
        raise TableFileError(f"文件 {file} 中没有名为“{sheet}”的工作表（有：{names}）")
    chosen[0].hidden = False  # chosen by name: read even when it is hidden
    return chosen[:1]


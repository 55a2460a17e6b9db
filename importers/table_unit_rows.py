"""The unit × indicator shape: units down a column, one column (or a 基数 / 目标 pair) per indicator.

The column of units is found by what it holds, not by its header (单位 / 县（市、区） / 地区 / nothing):
names of units of the registry, the city itself (全市, or its own name, 贺州市), a 合计, 市本级, and names
written as places that the registry lacks (平桂管理区, 旺高工业区). Headers of up to three rows name each
indicator by the path to its leaf column (高新技术企业 → 保有量 / 新增 are two indicators), a 基数 / 目标 row
under an indicator saying which figure each column holds.
"""

from __future__ import annotations

import re

from domain.units import UnitRegistry
from importers.table_headers import GROWTH_PART, growth_as_target, part_of, plan_years, without_plan_year
from importers.table_layout import (
    MAX_HEADER_ROWS,
    PART_WORDS,
    SUB_HEADING,
    SUB_SUFFIX,
    Column,
    Layout,
    Shape,
    ends_table,
    field_of,
    is_data_like,
    is_section_row,
    label_text,
    measure_choices,
    title_and_measure,
)
from importers.table_places import Place, place_of
from importers.table_reader import SheetGrid

UNIT_NAME_SCAN = 60
_NOT_UNIT_NAMES = {"responsible", "lead", "partners", "text", "city_goal", "note", "deadline", "breakdown"}
_NOT_INDICATORS = {"seq", "city_seq", "note", "responsible", "lead", "partners", "deadline", "measure"}
_MEASURE_BRACKET = re.compile(r"\(([^()]*)\)$")
_MEASURES = {"家", "项", "个", "人次", "人", "件", "万元", "亿元", "元", "%", "‰", "亩", "平方米", "万人次", "篇", "次"}
_BASELINE = re.compile(r"基础数|基数|基期")
_CATEGORY = re.compile(r"类别|分类|类型|片区|组别|分组|档次")
_NO_VALUE = re.compile(r"[—–\-－/／无空缺]+|暂无|不适用")


def unit_rows_layout(grid: SheetGrid, first: int, registry: UnitRegistry) -> Layout | None:
    """The layout of a unit × indicator table whose header starts at row `first`, if it is one.

    A column is the unit-name column when at least two of its cells below the header are county-level units
    of the registry and nearly all the rest are places too (the city, 合计, 市本级, unregistered zones).
    """
    last = _header_last(grid, first)
    name_column = unit_name_column(grid, last + 1, registry)
    if name_column is None:
        return None
    title, hint = title_and_measure(grid, first)
    all_parts = {index: header_parts(grid, first, last, index, spread=True) for index in range(grid.width)}
    years = plan_years(title, ("/".join(p) for p in all_parts.values()))
    columns: list[Column] = []
    notices: list[str] = []
    for index, parts in all_parts.items():
        if not parts:
            continue
        label = "/".join(parts)
        hidden = index in grid.hidden_columns
        if index == name_column:
            columns.append(Column(index, label, "unit_name", hidden=hidden))
            continue
        name = field_of(parts[0])
        if name in _NOT_INDICATORS or (name == "seq" and len(parts) == 1):
            columns.append(Column(index, label, name, hidden=hidden))
            continue
        part = part_of([without_plan_year(p, years) for p in parts], years)
        if part == "past":
            columns.append(Column(index, label, "past", part=part, hidden=hidden))
            continue
        kinds = categories(grid, last + 1, index, parts[-1], registry)
        if kinds:
            columns.append(Column(index, label, "category", hidden=hidden))
            notices.append(f"“{parts[-1]}”列是单位的分类（{'、'.join(kinds)}），不是指标，未作为指标读取")
            continue
        indicator = indicator_of(parts)
        if not indicator:
            continue
        columns.append(Column(index, label, "indicator_column", part=part, indicator=indicator, hidden=hidden))
    _one_name_per_indicator(columns)
    growth_as_target(columns, lambda c: c.indicator)
    if not any(c.field == "indicator_column" for c in columns):
        return None
    choices = measure_choices(grid, first)
    return Layout(grid, first, last, columns, Shape.UNIT_ROWS, title, hint, years=years, measure_choices=choices,
                  notices=notices)  # fmt: skip


def categories(grid: SheetGrid, data_first: int, index: int, label: str, registry: UnitRegistry) -> list[str]:
    """The kinds of unit a column sorts the rows into (城区 / 县), or [] when the column is no such 类别 column.

    A column is one when its header says so (类别, 分类, 片区 …), or when its cells hold only a few short
    words, repeated, with no figure in any (the city's or a 合计's label may stand among them).
    """
    texts = []
    for row in range(data_first, min(len(grid.rows), data_first + UNIT_NAME_SCAN)):
        if ends_table(grid.rows[row]):
            break
        value = grid.value(row, index)
        text = label_text(value)
        if value is None or not text or is_section_row(grid, row):
            continue
        if isinstance(value, (int, float)) or re.search(r"\d", text):
            return []
        if place_of(text, registry)[0] not in (Place.CITY, Place.SUM):
            texts.append(text)
    kinds = list(dict.fromkeys(texts))
    if not kinds:
        return []
    if _CATEGORY.search(label) or (
        len(kinds) < len(texts) and all(len(k) <= 6 and not _NO_VALUE.fullmatch(k) for k in kinds)
    ):
        return kinds
    return []


def header_parts(grid: SheetGrid, first: int, last: int, index: int, spread: bool = False) -> list[str]:
    """A column's header texts from top to bottom, a text merged down over several rows once.

    With `spread`, a group heading typed in its first column only, not merged across the columns of its
    sub-headings (高新技术企业 over 保有量基数 | 保有量目标 | 新增), heads those columns too.
    """
    parts: list[str] = []
    for row in range(first, last + 1):
        text = label_text(grid.value(row, index))
        if not text and spread and row < last:
            text = _group_heading(grid, row, last, index)
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return parts


def _group_heading(grid: SheetGrid, row: int, last: int, index: int) -> str:
    """The heading left of an empty header cell whose column has a sub-heading, when it heads a group."""
    if not any(label_text(grid.value(r, index)) for r in range(row + 1, last + 1)):
        return ""
    for left in range(index - 1, -1, -1):
        if not label_text(grid.value(row + 1, left)):
            return ""  # a column of full height between: no group spans it
        text = label_text(grid.value(row, left))
        if text:
            return text
    return ""


def _one_name_per_indicator(columns: list[Column]) -> None:
    """Columns of one indicator under one name: "2025年基数（万元） | 2026年目标（万元） | 增幅（%）" name it
    without the measure (基数, 增幅) and with it (目标); all take the name with the measure, so that the 增幅 is
    checked against the 基数 and 目标, never read as a second indicator of its own."""
    measured: dict[str, str] = {}
    for column in columns:
        if column.field == "indicator_column" and column.indicator.endswith(")"):
            measured.setdefault(re.sub(r"\([^()]*\)$", "", column.indicator), column.indicator)
    for column in columns:
        if column.field == "indicator_column" and column.indicator in measured:
            column.indicator = measured[column.indicator]


def indicator_of(parts: list[str]) -> str:
    """The indicator a column belongs to, named by its header path without the 基数 / 目标 sub-heading.

    高新技术企业 / 保有量（家） / 基数 → "高新技术企业保有量(家)", 高新技术企业 / 保有量基数 → "高新技术企业保有量";
    the measure, wherever its bracket was, ends the name, so that importers.breakdown_matrix finds it.
    "" for a column with no indicator words.
    """
    names, measure = [], ""
    for part in parts:
        bracket = _MEASURE_BRACKET.search(part)
        if bracket and bracket.group(1) in _MEASURES and not _BASELINE.search(part) and not GROWTH_PART.match(part):
            measure = bracket.group(1)
        if SUB_HEADING.match(part) or PART_WORDS.match(part) or GROWTH_PART.match(part):
            continue
        if bracket and bracket.group(1) in _MEASURES:
            part = part[: bracket.start()]
        part = SUB_SUFFIX.sub("", part) or part
        if part and part not in names:
            names.append(part)
    if not names:
        return ""
    name = "".join(names)
    return f"{name}({measure})" if measure else name


def _header_last(grid: SheetGrid, first: int) -> int:
    """The header's last row: rows merged down from the first, or 基数 / 目标 sub-headings, up to three rows."""
    last = first
    while last - first + 1 < MAX_HEADER_ROWS and last + 1 < len(grid.rows):
        values = grid.rows[last + 1]
        spans = any(m[0] >= first and m[0] <= last < m[2] for m in grid.merged)
        parts = [label_text(v) for v in values if label_text(v)]
        if is_data_like(values) or not parts or is_section_row(grid, last + 1):
            break
        if not spans and not all(PART_WORDS.match(p) or SUB_HEADING.match(p) or GROWTH_PART.match(p) for p in parts):
            break
        last += 1
    return last


# "其中：X", "（其中X）", "其中X": a row under a unit giving the part of its figures that is X's.
SUB_ROW = re.compile(r"^[（(]?其中[：:，,]?")


def unit_name_column(grid: SheetGrid, data_first: int, registry: UnitRegistry) -> int | None:
    """The column that names a unit on each row, or None: two or more registered units, the rest places."""
    header = [label_text(v) for v in grid.rows[data_first - 1]] if 0 < data_first <= len(grid.rows) else []
    rows = []
    for row in range(data_first, min(len(grid.rows), data_first + UNIT_NAME_SCAN)):
        if ends_table(grid.rows[row]):
            break
        if not is_section_row(grid, row):  # 一、城区 / 二、县（市）: headings of groups of units
            rows.append(grid.rows[row])
    for index in range(grid.width):
        if index < len(header) and field_of(header[index]) in _NOT_UNIT_NAMES:
            continue
        units = places = other = 0
        for values in rows:
            text = SUB_ROW.sub("", label_text(values[index] if index < len(values) else None))
            if not text:
                continue
            place, _ = place_of(text, registry)
            if place is Place.UNIT:
                units += 1
            elif place is not None:
                places += 1
            else:
                other += 1
        if units >= 2 and other * 5 <= units + places:
            return index
    return None

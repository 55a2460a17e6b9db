"""Finding the table in a sheet: its header rows, what each column means, and its shape.

Cities word their columns in many ways (序号 / 细化任务序号, 目标任务 / 我市相应的目标任务, 时限 / 完成时限 …),
put 附件 labels, titles and notes around the table, and split headers over two or three rows with merged
cells. Columns are mapped by meaning; a column headed by a unit's name makes the table a matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.units import UnitRegistry
from importers.table_reader import SheetGrid, cell_text

HEADER_SCAN_ROWS = 40
MAX_HEADER_ROWS = 3

FIELD_LABELS = {
    "city_seq": "对应市任务分解表序号", "seq": "细化任务序号", "topic": "指标名称", "region_goal": "自治区目标",
    "region_task": "自治区具体任务", "city_goal": "我市相应的目标任务", "text": "细化任务", "indicator": "指标",
    "responsible": "责任单位", "deadline": "完成时限", "lead": "牵头单位", "partners": "配合单位", "note": "备注",
    "measure": "计量单位", "baseline": "基础数", "total": "全市目标", "breakdown": "任务分解", "sum": "合计",
}  # fmt: skip

# Order matters: the more specific wording is tried first (自治区具体任务 before 具体任务, 责任单位 before 单位,
# 目标任务及分解 before 目标任务). "sum" is a 合计 / 小计 column: a check on the quotas, never the city's target.
_FIELD_PATTERNS = [
    ("city_seq", r"对应市.*序号|市任务.*序号|市.*分解表序号|市序号"),
    ("seq", r"细化.*序号|任务序号|序号|编号|^序$|^编码$"),
    ("region_goal", r"自治区目标|全区目标"),
    ("region_task", r"自治区.*任务"),
    ("sum", r"^(合计|小计|总计|各县.*合计|县区合计|分解合计)$"),
    ("total", r"^(全市|全区)"),
    (
        "text",
        r"目标任务及(其)?分解|任务及分解|分解任务|任务分解|分解指标|分解情况|细化任务|具体任务|"
        r"任务内容|工作任务|重点任务|主要任务|工作内容|工作措施|主要措施|任务举措|推进措施|重点工作|工作要点|^任务$",
    ),
    ("city_goal", r"我市.*目标|市.*目标|工作目标|年度目标|目标任务|^目标$"),
    ("indicator", r"指标"),
    ("responsible", r"责任单位|责任部门|责任主体|承办单位|主要责任"),
    ("deadline", r"完成时限|时限|完成时间|时间节点|完成期限|截止时间|进度安排|时间安排"),
    ("lead", r"牵头"),
    ("partners", r"配合|协办|协同|参与单位"),
    ("note", r"备注|说明"),
    ("measure", r"计量单位|^单位$|量纲|^计量$"),
    ("baseline", r"基础数|基数|基期"),
    ("sum", r"合计|小计|总计"),
    ("total", r"全市|全区|目标值|目标数|任务数"),
]
_COMPILED = [(name, re.compile(pattern)) for name, pattern in _FIELD_PATTERNS]
_PART_WORDS = re.compile(r"^(目标|目标值|任务数|基础数|基数|基期数|内容|序号|名称|分解任务|分解指标|.*分解.*)$")
_SERIAL = re.compile(r"^[(（]?\d+(\.\d+)*[)）.、]?$|^[①-⑳]$")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*")
_MEASURE_LINE = re.compile(r"^(?:计量)?单位\s*[:：]\s*(万元|亿元|元|家|项|个|人次|人|件|%)")


class Shape(StrEnum):
    LONG = "任务清单"
    MATRIX = "指标×单位矩阵"
    UNIT_ROWS = "单位×指标矩阵"


@dataclass
class Column:
    """One column of the table: what it holds and the label it was recognised by."""

    index: int
    label: str
    field: str | None = None
    unit: str = ""
    part: str = "target"
    indicator: str = ""


@dataclass
class Layout:
    """Where the table sits in a sheet and what its columns mean; rows are 0-based."""

    grid: SheetGrid
    header_first: int
    header_last: int
    columns: list[Column]
    shape: Shape
    title: str = ""
    measure_hint: str = ""
    ignored: list[str] = field(default_factory=list)

    def column(self, name: str) -> Column | None:
        """The column that holds a field (seq, text, deadline …), if the table has one."""
        return next((c for c in self.columns if c.field == name), None)

    @property
    def unit_columns(self) -> list[Column]:
        """The matrix's unit columns, left to right (a unit may have a target and a baseline column)."""
        return [c for c in self.columns if c.field == "unit"]


def label_text(value: object) -> str:
    """A header cell as one run of text: spaces and line breaks removed, brackets made plain."""
    return re.sub(r"\s+", "", cell_text(value)).replace("（", "(").replace("）", ")")


def classify(parts: list[str], registry: UnitRegistry) -> tuple[str | None, str, str]:
    """(field, unit, part) for a column whose header reads `parts` from top to bottom."""
    part = "baseline" if any(re.search(r"基础数|基数|基期", p) for p in parts) else "target"
    for text in reversed(parts):
        bare = re.sub(r"\(.*?\)$", "", text)
        unit = registry.resolve(bare) if bare and not _PART_WORDS.match(bare) else None
        if unit is not None:
            return ("total", "", part) if unit.is_city else ("unit", unit.name, part)
    if len(parts) > 1 and not _PART_WORDS.match(parts[-1]) and _field_of(parts[-1]) is None:
        # An unknown name under a spanning heading (各县（市、区）分解任务 / 高新区) is no field of its own.
        return None, "", part
    candidates = ["".join(parts), *reversed(parts)]
    for text in candidates:
        bare = re.sub(r"\(.*?\)", "", text)
        for name, pattern in _COMPILED:
            if bare and pattern.search(bare):
                if name == "baseline" and len(parts) > 1:
                    continue
                return name, "", part
    return None, "", part


def _field_of(text: str) -> str | None:
    bare = re.sub(r"\(.*?\)", "", text)
    return next((name for name, pattern in _COMPILED if bare and pattern.search(bare)), None)


def _is_data_like(values: list[object]) -> bool:
    for value in values:
        if isinstance(value, (int, float, date)) and not isinstance(value, bool):
            return True
        text = label_text(value)
        if _SERIAL.match(text) or len(text) > 30:
            return True
    return False


def _row_fields(values: list[object], registry: UnitRegistry) -> tuple[set[str], int]:
    fields, units = set(), 0
    for value in values:
        text = label_text(value)
        if not text:
            continue
        name, _, _ = classify([text], registry)
        if name == "unit":
            units += 1
        elif name:
            fields.add(name)
    return fields, units


def find_layout(grid: SheetGrid, registry: UnitRegistry) -> Layout | None:
    """The first table in the sheet, or None when no row looks like its header."""
    for first in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        values = grid.rows[first]
        distinct = {label_text(v) for v in values} - {""}
        if len(distinct) < 2 or _is_data_like(values):
            continue
        transposed = unit_rows_layout(grid, first, registry)
        if transposed is not None:
            return transposed
        fields, units = _row_fields(values, registry)
        content = fields & {"text", "indicator", "city_goal"}
        if len(fields) + (2 if units >= 2 else 0) < 2 or not (content or units >= 2):
            continue
        last = first
        while last - first + 1 < MAX_HEADER_ROWS and last + 1 < len(grid.rows):
            if not _continues_header(grid, first, last + 1, registry):
                break
            last += 1
        layout = _build(grid, first, last, registry)
        if layout is not None:
            return layout
    return None


def header_attempt(grid: SheetGrid, registry: UnitRegistry) -> str:
    """Why no header was found in a sheet, naming the row that came closest, for the refusal message."""
    best, best_labels = -1, []
    for row in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        values = grid.rows[row]
        labels = list(dict.fromkeys(label_text(v) for v in values if label_text(v)))
        if len(labels) > len(best_labels) and not _is_data_like(values):
            best, best_labels = row, labels
    if best < 0 or len(best_labels) < 2:
        filled = sum(1 for r in grid.rows[:HEADER_SCAN_ROWS] for v in r if label_text(v))
        return f"前 {HEADER_SCAN_ROWS} 行没有表格（只有 {filled} 个单元格有字，像封面或说明）"
    shown = "、".join(f"“{t[:12]}”" for t in best_labels[:6])
    return f"试过第 {best + 1} 行（{shown}），不像表头：没有认出任务、指标列，也没有两个以上的单位列"


def _continues_header(grid: SheetGrid, first: int, row: int, registry: UnitRegistry) -> bool:
    values = grid.rows[row]
    if not any(label_text(v) for v in values) or _is_data_like(values):
        return False
    spans_down = any(m[0] >= first and m[0] < row <= m[2] for m in grid.merged)
    spans_across = any(m[0] == row - 1 and m[3] > m[1] for m in grid.merged)
    fields, units = _row_fields(values, registry)
    known = all(_PART_WORDS.match(label_text(v)) or classify([label_text(v)], registry)[0] for v in values if v)
    return spans_down or spans_across or units >= 2 or (known and bool(fields))


def _build(grid: SheetGrid, first: int, last: int, registry: UnitRegistry) -> Layout | None:
    columns: list[Column] = []
    ignored: list[str] = []
    taken: set[str] = set()
    for index in range(grid.width):
        parts: list[str] = []
        for row in range(first, last + 1):
            text = label_text(grid.value(row, index))
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if not parts:
            continue
        name, unit, part = classify(parts, registry)
        label = "/".join(parts)
        if name == "seq" and "seq" in taken and "city_seq" not in taken:
            # Two serial columns: the first was the city's (对应市任务序号), the second the sub-task's.
            first_seq = next(c for c in columns if c.field == "seq")
            first_seq.field = "city_seq"
            taken.add("city_seq")
        elif name == "text" and "text" in taken and "breakdown" not in taken:
            # 重点任务 | 目标任务及分解, 工作任务 | 具体任务: the second holds the detail, with the figures.
            name = "breakdown"
        elif name not in (None, "unit", "total", "baseline") and name in taken:
            ignored.append(label)
            name = None
        if name == "total" and part == "baseline":
            name = "baseline"
        if name and name != "unit":
            taken.add(name)
        columns.append(Column(index, label, name, unit, part))
    units = [c for c in columns if c.field == "unit"]
    if len(units) >= 2:
        shape = Shape.MATRIX
        if not any(c.field in ("indicator", "text", "city_goal") for c in columns):
            # 项目 | 全市 | 北流 | 容县 …: the named column left of the figures names the indicators.
            names = [c for c in columns if c.field is None and c.index < units[0].index]
            if not names:
                return None
            names[0].field = "indicator"
    else:
        shape = Shape.LONG
        if not any(c.field in ("text", "city_goal", "indicator") for c in columns):
            return None
    title, hint = _title_and_measure(grid, first)
    return Layout(grid, first, last, columns, shape, title, hint, ignored)


def _title_and_measure(grid: SheetGrid, header_first: int) -> tuple[str, str]:
    """The table's title (the 附件 label taken off) and a "单位：万元" line's measure, from the rows above."""
    title, hint = "", ""
    for row in range(header_first):
        # A merged title repeats in every cell it covers: each distinct text once.
        texts = list(dict.fromkeys(re.sub(r"\s+", "", cell_text(v)) for v in grid.rows[row] if cell_text(v)))
        for text in texts:
            measure = _MEASURE_LINE.search(text)
            if measure:
                hint = measure.group(1)
                continue
            text = _ATTACHMENT.sub("", text)
            if text and not title:
                title = text
    return title, hint


# Rows naming the city as a whole in a unit × indicator table: the first gives the target, a sum only a check.
CITY_ROW = re.compile(r"^(全市|全区|全市目标|全市合计|市级目标)$")
SUM_ROW = re.compile(r"^(合计|小计|总计|各县.*合计|县区合计)$")
OWN_LEVEL = re.compile(r"^市本级|^市直")
_NOT_UNIT_NAMES = {"responsible", "lead", "partners", "text", "city_goal", "note", "deadline"}
_NOT_INDICATORS = {"seq", "city_seq", "note", "responsible", "lead", "partners", "deadline", "measure"}
UNIT_NAME_SCAN = 60
_SUB_HEADING = re.compile(r"(\d{4}年)?(目标|目标值|基数|基期数?|基础数|任务|任务数)")


def unit_rows_layout(grid: SheetGrid, first: int, registry: UnitRegistry) -> Layout | None:
    """The layout of a unit × indicator table (units as rows) whose header starts at row `first`, if it is one.

    A column is the unit-name column when at least two of its cells below the header are units of the
    registry and most of the rest are the city (全市), a sum (合计) or the city's own level (市本级).
    """
    last = first
    while last - first + 1 < MAX_HEADER_ROWS and last + 1 < len(grid.rows):
        values = grid.rows[last + 1]
        spans = any(m[0] >= first and m[0] <= last < m[2] for m in grid.merged)
        parts = [label_text(v) for v in values if label_text(v)]
        if _is_data_like(values) or not parts:
            break
        if not spans and not all(_PART_WORDS.match(p) or re.search(r"目标|基数|基期|任务", p) for p in parts):
            break
        last += 1
    name_column = _unit_name_column(grid, last + 1, registry)
    if name_column is None:
        return None
    columns: list[Column] = []
    for index in range(grid.width):
        parts: list[str] = []
        for row in range(first, last + 1):
            text = label_text(grid.value(row, index))
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if not parts:
            continue
        label = "/".join(parts)
        if index == name_column:
            columns.append(Column(index, label, "unit_name"))
            continue
        name = _field_of(parts[0])
        if name in _NOT_INDICATORS or (name == "seq" and len(parts) == 1):
            columns.append(Column(index, label, name))
            continue
        head = [p for p in parts if not _PART_WORDS.match(p) and not _SUB_HEADING.fullmatch(p)]
        part = "baseline" if any(re.search(r"基础数|基数|基期", p) for p in parts) else "target"
        if not head:
            continue
        columns.append(Column(index, label, "indicator_column", part=part, indicator=head[0]))
    if not any(c.field == "indicator_column" for c in columns):
        return None
    title, hint = _title_and_measure(grid, first)
    return Layout(grid, first, last, columns, Shape.UNIT_ROWS, title, hint)


def _unit_name_column(grid: SheetGrid, data_first: int, registry: UnitRegistry) -> int | None:
    header = [label_text(v) for v in grid.rows[data_first - 1]] if data_first else []
    rows = grid.rows[data_first : data_first + UNIT_NAME_SCAN]
    for index in range(grid.width):
        if index < len(header) and _field_of(header[index]) in _NOT_UNIT_NAMES:
            continue
        units = other = 0
        for row in rows:
            text = re.sub(r"[（(].*?[)）]$", "", label_text(row[index] if index < len(row) else None))
            if not text:
                continue
            unit = registry.resolve(text)
            if unit is not None and not unit.is_city:
                units += 1
            elif CITY_ROW.match(text) or SUM_ROW.match(text) or OWN_LEVEL.match(text):
                continue
            else:
                other += 1
        if units >= 2 and units >= 2 * other:
            return index
    return None

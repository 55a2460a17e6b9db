"""What a table's columns mean, and the rows around a table: titles, section headings, the rows that end it.

Cities word their columns in many ways (序号 / 细化任务序号, 目标任务 / 我市相应的目标任务, 时限 / 完成时限,
具体目标 / 指标分解 …), put 附件 labels, titles and notes around the table, and split headers over two or
three rows with merged cells. Columns are mapped by meaning here; importers.table_find finds the table and
its shape, importers.table_content checks the meaning against what the columns hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from domain.units import UnitRegistry
from importers.table_headers import GROWTH_PART, part_of, without_plan_year
from importers.table_places import CITY_ROW, OWN_LEVEL
from importers.table_reader import SheetGrid, cell_text

HEADER_SCAN_ROWS = 40
MAX_HEADER_ROWS = 3

FIELD_LABELS = {
    "city_seq": "对应市任务分解表序号", "seq": "细化任务序号", "topic": "指标名称", "region_goal": "自治区目标",
    "region_task": "自治区具体任务", "city_goal": "我市相应的目标任务", "text": "细化任务", "indicator": "指标",
    "responsible": "责任单位", "deadline": "完成时限", "lead": "牵头单位", "partners": "配合单位", "note": "备注",
    "measure": "计量单位", "baseline": "基础数", "total": "全市目标", "breakdown": "任务分解", "sum": "合计",
    "own": "市本级", "past": "完成数",
}  # fmt: skip

# Order matters: the more specific wording is tried first (自治区具体任务 before 具体任务, 责任单位 before 单位,
# 目标任务及分解 before 目标任务, 指标分解 before 指标). "sum" is a 合计 / 小计 column: a check on the quotas, never
# the city's target. "breakdown" is the column that hands the figures out to the units (任务分解 / 指标分解).
_FIELD_PATTERNS = [
    ("city_seq", r"对应市.*序号|市任务.*序号|市.*分解表序号|市序号"),
    ("seq", r"细化.*序号|任务序号|序号|编号|^序$|^编码$"),
    ("region_goal", r"自治区目标|全区目标"),
    ("region_task", r"自治区.*任务"),
    ("sum", r"^(合计|小计|总计|各县.*合计|县区合计|分解合计)$"),
    ("total", r"^(全市|全区)"),
    (
        "breakdown",
        r"(目标|任务|指标)(及其?|和)?分解|分解(任务|指标|目标|情况|数|到)|分(县|区)(目标|任务|指标)|"
        r"^各县.*(目标|任务)$",
    ),
    (
        "text",
        r"细化任务|具体任务|任务内容|工作任务|重点任务|主要任务|工作内容|工作措施|主要措施|任务举措|推进措施|"
        r"重点工作|工作要点|任务名称|工作事项|重点事项|^任务$|^事项$",
    ),
    ("city_goal", r"我市.*目标|市.*目标|工作目标|年度目标|目标任务|主要目标|具体目标|目标要求|预期目标|任务目标|"
                  r"考核目标|目标内容|^目标$"),
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
PART_WORDS = re.compile(r"^(目标|目标值|任务数|基础数|基数|基期数|内容|序号|名称|分解任务|分解指标|.*分解.*)$")
# The end of a header that says which figure a column holds, not which indicator: 目标 / 2023年目标 /
# 增长目标 / 基数 / 2022年基数（万元） / 保有量基数 (of 保有量). SUB_HEADING is a header cell that is only that.
_SUB_WORDS = (
    r"(\d{4}年度?)?(年度|全年|本年|今年|上年|去年|预期|计划)?(增长|增幅|新增)?"
    r"(目标任务|任务目标|目标值|目标数|目标|基数|基期数|基期|基础数|任务数|任务|计划数|计划)(\([^()]*\))?$"
)
SUB_SUFFIX = re.compile(_SUB_WORDS)
SUB_HEADING = re.compile(rf"^{_SUB_WORDS}|^\d{{4}}年度?$")
# A section heading row: 一、… / （一）… / 第一部分 …, or one text merged across the table.
SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部分章节类项])"
)
_SERIAL = re.compile(r"^[(（]?\d+(\.\d+)*[)）.、]?$|^[①-⑳]$")
# The label before a title: 附件1, 附表2, 表1 (never 表彰…: a 表 label has its number).
_ATTACHMENT = re.compile(
    r"^(?:附\s*[件表]\s*[\d一二三四五六七八九十]*|表\s*(?:\d+|[一二三四五六七八九十]+)(?=\s|[:：、.．]|[\u4e00-\u9fff]|$))"
    r"\s*[:：、.．]?\s*"
)
# "单位：万元" naming one measure for the whole table ("单位：家、%、亿元" names none in particular).
_MEASURE_LINE = re.compile(r"^[（(]?(?:计量)?单位\s*[:：]\s*(万元|亿元|元|家|项|个|人次|人|件|%)[)）]?$")


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
    hidden: bool = False


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
    notices: list[str] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    measure_choices: tuple[str, ...] = ()

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


def classify(
    parts: list[str], registry: UnitRegistry, years: set[int] | frozenset[int] = frozenset()
) -> tuple[str | None, str, str]:
    """(field, unit, part) for a column whose header reads `parts` from top to bottom.

    `years` are the plan's: "2022年全市目标" is the 全市目标 of a 2022 plan. A column of actuals or of
    another year ("2021年全市完成", "上年完成", "2020年研发经费") is "past": no target, whatever it names.
    `part` says which figure of an indicator the column holds: target, baseline or growth (增幅).
    """
    parts = [without_plan_year(p, set(years)) for p in parts]
    part = part_of(parts, set(years))
    if part == "past":
        return "past", "", part
    for text in reversed(parts):
        bare = re.sub(r"\(.*?\)$", "", text)
        if OWN_LEVEL.match(bare):
            return "own", "", part  # 市本级: the city unit's own share
        sub = PART_WORDS.match(bare) or GROWTH_PART.match(text)
        unit = registry.resolve(bare) if bare and not sub else None
        if unit is not None:
            return ("total", "", part) if unit.is_city else ("unit", unit.name, part)
    if len(parts) > 1 and CITY_ROW.match(re.sub(r"\(.*?\)$", "", parts[0])) and SUB_HEADING.match(parts[-1]):
        return ("baseline" if part == "baseline" else "total"), "", part  # 全市 / 本年目标, 全市 / 上年基数
    last = parts[-1]
    if len(parts) > 1 and not PART_WORDS.match(last) and not GROWTH_PART.match(last) and field_of(last) is None:
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


def field_of(text: str) -> str | None:
    bare = re.sub(r"\(.*?\)", "", text)
    return next((name for name, pattern in _COMPILED if bare and pattern.search(bare)), None)


def is_data_like(values: list[object]) -> bool:
    for value in values:
        if isinstance(value, (int, float, date)) and not isinstance(value, bool):
            return True
        text = label_text(value)
        if _SERIAL.match(text) or len(text) > 30:
            return True
    return False


def row_fields(values: list[object], registry: UnitRegistry) -> tuple[set[str], int]:
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


def title_and_measure(grid: SheetGrid, header_first: int) -> tuple[str, str]:
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




_ONE_MEASURE = r"(?:万元|亿元|元|家|项|个|人次|人|件|%|‰)"
_MEASURE_LIST = re.compile(rf"^[（(]?(?:计量)?单位\s*[:：]\s*({_ONE_MEASURE}(?:[、，,/]{_ONE_MEASURE})+)[)）]?$")


def measure_choices(grid: SheetGrid, header_first: int) -> tuple[str, ...]:
    """The measures a "单位：家、%、亿元、项" line above the table lists (each indicator takes the one it fits)."""
    for row in range(header_first):
        for value in grid.rows[row]:
            match = _MEASURE_LIST.search(re.sub(r"\s+", "", cell_text(value)))
            if match:
                return tuple(re.split(r"[、，,/]", match.group(1)))
    return ()


def is_section_row(grid: SheetGrid, row: int) -> bool:
    """Whether a row is a section heading (一、主要目标任务 / （一）… / one text merged across the table).

    Such a row is never part of the header, even directly under it: its text names a group of tasks.
    """
    values = grid.rows[row] if row < len(grid.rows) else []
    if len({v for v in values if v is not None and v != ""}) != 1:
        return False  # most rows: several values (or none), no heading
    texts = [label_text(v) for v in values]
    distinct = list(dict.fromkeys(t for t in texts if t))
    if len(distinct) != 1:
        return False
    text = distinct[0]
    if SECTION_NUMBER.match(text):
        return True
    merged = grid.merged_range(row, texts.index(text))
    return merged is not None and merged[0] == merged[2] and merged[3] - merged[1] + 1 >= max(3, grid.width - 1)


_END_OF_TABLE = re.compile(
    r"^(注|备注|说明|填表人|填报人|联系人|审核人|单位负责人|联系电话|制表)\s*[:：0-9１-９一-九、.]"
)
# The signature line under a table (单位负责人：  审核人：  填报人：  联系电话：  填报日期：): never a task.
_SIGNATURE = re.compile(
    r"^(单位负责人|分管领导|负责人|填报人|填表人|审核人|联系人|联系电话|电话|填报日期|填表日期|报送日期|制表人|制表日期|制表)"
    r"(?:[:：]|$)"
)


def ends_table(values: list[object]) -> bool:
    """A note (注：…) or the signature line under the table: the table ends above it."""
    texts = [cell_text(v) for v in values if cell_text(v)]
    if not texts:
        return False
    if _SIGNATURE.match(re.sub(r"\s+", "", texts[0])):
        return True
    return len(set(texts)) <= 2 and bool(_END_OF_TABLE.match(texts[0]))

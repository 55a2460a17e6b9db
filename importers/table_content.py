"""What a task list's text columns hold: the column that hands figures to the units is found by its cells.

Headers vary without end (具体目标, 指标分解, 目标及分解, 主要目标 …), so a header alone must not decide
where the quotas are. A cell that names units (海城区, 各县（区）, 其余县, 旺高工业区) and holds a figure
("4家", "15%", "二千万元") is a figures cell; the text column with the most of them is the figures column,
whatever its header says. A table read with no quota although such cells exist is told loudly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from domain.units import UnitRegistry
from importers.table_layout import Column, Layout, ends_table, is_section_row
from importers.table_places import ZONE_NAME
from importers.table_reader import cell_text

# Columns whose cells may hold the figures; the others (serials, offices, deadlines) never do.
_TEXT_FIELDS = (None, "text", "city_goal", "breakdown", "indicator", "topic", "note", "region_task", "total")
_NEVER_FIGURES = ("seq", "city_seq", "deadline")
# Where the reader looks for figures: the breakdown column, else the task text and the city target column.
_SOURCES = ("breakdown", "text", "city_goal")
_SCOPES = re.compile(r"各县|县[(（]市|县[(（]区|县区|其余|其他县|每个县|每县|市本级|各开发区|各园区|各(区|市)")
_FIGURE = re.compile(
    r"[\d０-９]|[零〇一二两三四五六七八九十百千万]+(?:家|项|个|人次|人|件|万元|亿元|元|%|个百分点|所|座|篇)"
)
# Dates are no figures: "到2025年", "12月底", "第四季度".
_DATES = re.compile(r"[\d０-９]{2,4}年度?|[\d０-９]{1,2}月[\d０-９]{0,2}日?|[\d０-９]{1,2}日|第[一二三四]季度")
_ZONE_IN_TEXT = re.compile(r"[\u4e00-\u9fff]{2,8}" + ZONE_NAME.pattern)
_SAMPLE = 30


@dataclass
class FiguresCells:
    """A column's count of cells that name units and hold figures, and the first such cell."""

    column: Column
    count: int
    sample: str


def names_units_with_figures(text: str, registry: UnitRegistry) -> bool:
    """Whether a text names county-level units (or a scope of them) and holds a figure."""
    plain = re.sub(r"\s+", "", text or "")
    if not plain or not _FIGURE.search(_DATES.sub("", plain)):
        return False
    if _SCOPES.search(plain) or _ZONE_IN_TEXT.search(plain):
        return True
    return _unit_names(registry).search(plain) is not None


@lru_cache(maxsize=8)
def _names_of(units: tuple[tuple[str, ...], ...]) -> re.Pattern[str]:
    names = sorted({n for names in units for n in names if len(n) >= 2}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)) or "(?!)")


def _unit_names(registry: UnitRegistry) -> re.Pattern[str]:
    return _names_of(tuple((u.name, *u.aliases) for u in registry if not u.is_city))


def figures_cells(
    layout: Layout, registry: UnitRegistry, every_column: bool = False, rows: list[int] | None = None
) -> list[FiguresCells]:
    """Each text column of a task list with its figures cells counted, most first (only columns that have any).

    With `every_column`, the offices' columns (责任单位, 配合单位 …) are counted too, serials and dates not.
    """
    found = []
    rows = _body_rows(layout) if rows is None else rows
    for column in layout.columns:
        if column.field in _NEVER_FIGURES or not (every_column or column.field in _TEXT_FIELDS):
            continue
        count, sample = 0, ""
        for text in _cells(layout, column, rows):
            if names_units_with_figures(text, registry):
                count += 1
                sample = sample or text
        if count:
            found.append(FiguresCells(column, count, sample[:_SAMPLE] + ("…" if len(sample) > _SAMPLE else "")))
    return sorted(found, key=lambda f: (-f.count, f.column.index))


def choose_figures_column(layout: Layout, registry: UnitRegistry) -> str:
    """Make the column whose cells hand figures to units the one the reader takes quotas from; a note, or "".

    The task list reader takes quotas from the 任务分解 ("breakdown") column, else from the task text and
    the 目标任务 column. When the figures stand in a column none of those is (an unnamed column, 备注, a
    second 指标 column), or in the text while a breakdown column holds fewer, that column becomes the
    breakdown column and the one it displaces keeps the task's title. A 目标任务 column without figures
    beside a breakdown column and no task text column names the tasks.
    """
    rows = _body_rows(layout)
    ranked = figures_cells(layout, registry, rows=rows)
    counts = {f.column.index: f.count for f in ranked}
    note = ""
    if ranked:
        best = ranked[0]
        column, breakdown = best.column, layout.column("breakdown")
        settled = column.field == "breakdown" or (breakdown is None and column.field in ("text", "city_goal"))
        if column.field == "indicator" and not any(layout.column(f) for f in _SOURCES):
            settled = True  # the only text column: the reader takes the task's text, and its figures, from it
        if breakdown is not None and column.field in ("text", "city_goal") and counts.get(breakdown.index, 0):
            settled = True  # both hold figures: the breakdown column, as its header says
        if not settled:
            was = column.field
            if breakdown is not None:
                fallback = "text" if layout.column("text") is None else None
                breakdown.field = was if was in ("text", "city_goal") else fallback
            column.field = "breakdown"
            header = column.label.split("/")[-1]
            note = f"“{header}”列有 {best.count} 处写有单位名称和数字（如“{best.sample}”），按分解指标列读取"
    goal = layout.column("city_goal")
    titles_only = goal is not None and not any(_FIGURE.search(_DATES.sub("", t)) for t in _cells(layout, goal, rows))
    if layout.column("breakdown") and layout.column("text") is None and goal is not None and titles_only:
        goal.field = "text"
    return note


def _cells(layout: Layout, column: Column, rows: list[int] | None = None) -> list[str]:
    """The column's texts from the header down to the end of the table, section headings left out."""
    grid = layout.grid
    found = []
    for row in _body_rows(layout) if rows is None else rows:
        values = grid.rows[row]
        found.append(re.sub(r"\s+", "", cell_text(values[column.index]) if column.index < len(values) else ""))
    return found


def _body_rows(layout: Layout) -> list[int]:
    """The rows under the header up to the table's end, without section headings."""
    grid, rows = layout.grid, []
    for row in range(layout.header_last + 1, len(grid.rows)):
        if ends_table(grid.rows[row]):
            break
        if not is_section_row(grid, row):
            rows.append(row)
    return rows


def unread_figures_warning(layout: Layout, registry: UnitRegistry) -> str:
    """The loud warning for a table read with no quota at all while some column names units with figures."""
    ranked = figures_cells(layout, registry, every_column=True)
    if not ranked:
        return ""
    best = ranked[0]
    header = best.column.label.split("/")[-1]
    return (
        f"注意：表中没有读出任何分解指标，但“{header}”列有 {best.count} 处写有单位名称和数字"
        f"（如“{best.sample}”）：请核对这一列，分解指标可能没有读到；不要按全部定性导入"
    )

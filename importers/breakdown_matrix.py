"""The two matrix shapes of a breakdown table: indicators × units and units × indicators.

Each cell is read by importers.table_cells: a certain figure is a quota, a doubtful cell or a column /
row whose name the registry does not know becomes a 待确认 item. The city's target is the 全市 column
(or row), never a 合计: a 合计 only checks the quotas.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.figures import AMOUNT_FACTORS
from domain.plans import MEASURES, Indicator, Task
from importers.breakdown_figures import Figures, finish_indicator, take_cell, written_measure
from importers.breakdown_rows import (
    clean_seq,
    ends_table,
    is_header_repeat,
    parse_deadline,
    row_values,
    section_heading,
    sections_restart,
)
from importers.table_cells import read_cell
from importers.table_layout import Column
from importers.table_reader import cell_text

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

PERCENT_NAME = re.compile(r"增长率|增幅|增速|比重|强度|占比|比例|覆盖率|[（(]%[)）]")
MEASURE_IN_NAME = re.compile(r"[（(]([^()（）]+)[)）]$")
# Fields of the cells that hold figures in the indicator × unit shape.
_FIGURE_FIELDS = ("unit", "total", "sum", "own")


def matrix_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the indicator × unit shape: one row per indicator, one column (or target/baseline pair) per unit."""
    layout = ctx.layout
    rows = layout.grid.rows
    name_column = (layout.column("indicator") or layout.column("text") or layout.column("city_goal")
                   or layout.column("breakdown"))  # fmt: skip
    unknown = _unknown_unit_columns(ctx)
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    topic, section = "", 0
    prefix = sections_restart(ctx)
    for row in range(layout.header_last + 1, len(rows)):
        ctx.tick(row, len(rows))
        if ends_table(rows[row]):
            break
        values = row_values(ctx, row)
        texts = {name: cell_text(v) for name, v in values.items() if name not in (*_FIGURE_FIELDS, "baseline")}
        name = texts.get(name_column.field, "") if name_column else ""
        heading = section_heading(ctx, row, [name_column.index] if name_column else [])
        if heading and (_single_text(rows[row]) or not _has_figures(ctx, row)):
            topic, section = heading, section + 1
            continue
        if not name or is_header_repeat(ctx, row):
            continue
        seq = clean_seq(texts.get("seq", "")) or str(len(tasks) + 1)
        if prefix and section:
            seq = f"{section}.{seq}"
        if seq in seen:
            ctx.error(row, "序号", f"序号 {seq} 与第 {seen[seq] + 1} 行重复")
            continue
        seen[seq] = row
        task = Task(seq=seq, text=texts.get("text") or name, topic=topic)
        for field_name in ("city_seq", "topic", "city_goal", "responsible", "lead", "partners", "note"):
            if texts.get(field_name):
                setattr(task, field_name, texts[field_name])
        task.deadline, problem = parse_deadline(values.get("deadline"), ctx.year)
        if problem:
            ctx.warn(row, f"序号 {seq} 的{problem}")
        task.indicators = [_row_indicator(ctx, row, seq, name, texts.get("measure", ""), unknown)]
        tasks.append(task)
        ctx.preview.task_rows[seq] = row + 1
    return tasks


def _single_text(values: list) -> bool:
    return len({cell_text(v) for v in values} - {""}) == 1


def _has_figures(ctx: ReadContext, row: int) -> bool:
    values = ctx.layout.grid.rows[row]
    for column in ctx.layout.columns:
        if column.field in (*_FIGURE_FIELDS, "baseline") or column.field is None:
            value = values[column.index] if column.index < len(values) else None
            if cell_text(value) not in ("", "-", "—", "/"):
                return True
    return False


def _unknown_unit_columns(ctx: ReadContext) -> list[Column]:
    """Columns among the unit columns whose heading is no registered unit: their cells are asked about.

    They are the unnamed columns among the unit columns and in the runs beside them (南宁高新区 after
    横州市), up to the first column that means something else (备注, 全市, 合计).
    """
    columns = sorted(ctx.layout.columns, key=lambda c: c.index)
    positions = [n for n, c in enumerate(columns) if c.field == "unit"]
    if not positions:
        return []
    # Between the first and the last unit column every unnamed column is one (浦比县 between 灵山县 and a zone).
    found = [c for c in columns[positions[0] : positions[-1] + 1] if c.field is None and c.label]
    for step, start in ((1, positions[-1] + 1), (-1, positions[0] - 1)):
        n = start
        while 0 <= n < len(columns) and columns[n].field in (None, "own") and columns[n].label:
            if columns[n].field is None:
                found.append(columns[n])
            n += step
    return sorted(found, key=lambda c: c.index)


def indicator_measure(written: str, name: str, hint: str) -> str:
    """The indicator's measure: its 计量单位 cell, the bracket after its name "(家)", or the table's 单位 line."""
    for text in (written, *re.findall(r"[（(]([^()（）]+)[)）]", name), hint):
        cleaned = re.sub(r"\s+", "", text or "")
        if cleaned in MEASURES and cleaned or cleaned in AMOUNT_FACTORS:
            return cleaned
    return ""




def _row_indicator(
    ctx: ReadContext, row: int, seq: str, name: str, measure_cell: str, unknown: list[Column]
) -> Indicator:
    layout = ctx.layout
    values = layout.grid.rows[row]
    measure = indicator_measure(measure_cell, name, layout.measure_hint)
    if measure_cell and not measure:
        ctx.warn(row, f"序号 {seq} 的计量单位“{measure_cell}”不常见，按原样保留")
        measure = measure_cell
    bare_name = MEASURE_IN_NAME.sub("", name) if measure else name
    percent = measure == "%" or bool(PERCENT_NAME.search(name)) or any(
        cell_text(values[c.index]).endswith("%") for c in layout.columns
        if c.field in ("unit", "total") and c.index < len(values)
    )  # fmt: skip
    if percent and (not measure or _percent_targets(layout, values)):
        measure = "%"
    if not measure:
        measure = written_measure([values[c.index] for c in layout.columns if c.index < len(values)
                                   and c.part == "target" and (c.field in _FIGURE_FIELDS or c in unknown)])  # fmt: skip
    figures = Figures(measure=measure, baseline_measure="万元" if measure == "%" else "")
    for column in layout.columns:
        if column.field not in _FIGURE_FIELDS and column not in unknown:
            continue
        value = values[column.index] if column.index < len(values) else None
        where = f"第 {row + 1} 行“{column.label}”列"
        wanted = "万元" if column.part == "baseline" and measure == "%" else measure
        cell = read_cell(value, wanted, percent and column.part == "target")
        written = column.label.split("/")[-1]
        if column.field == "unit":
            written = column.unit
        elif column.field == "total":
            written = "全市"
        elif column.field == "sum":
            written = "合计"
        take_cell(ctx, row, column.label, written, column.part, cell, figures, where)
    return finish_indicator(ctx, row, seq, bare_name, figures)


def _percent_targets(layout, values: list) -> bool:
    """Whether the row's target cells are written as percentages (the 单位 line may name 万元 for the 基数)."""
    cells = [cell_text(values[c.index]) for c in layout.columns
             if c.field in ("unit", "total") and c.part == "target" and c.index < len(values)]  # fmt: skip
    written = [c for c in cells if c]
    return bool(written) and sum(c.endswith("%") for c in written) * 2 > len(written)

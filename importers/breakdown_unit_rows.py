"""Tasks of the unit × indicator shape: one row per unit, one column (or 基数 / 目标 pair) per indicator.

A column is a percentage when its header says so (增长率, 强度, （%）, 增长目标) or when its other cells
show a % (a % number format, or "20%" typed): a bare 0.3 among them is then asked (30 % or 0.3 %?).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.plans import Task
from importers.breakdown_figures import Figures, finish_indicator, take_cell, written_measure
from importers.breakdown_matrix import MEASURE_IN_NAME, PERCENT_NAME, indicator_measure
from importers.breakdown_rows import ends_table, is_header_repeat
from importers.table_cells import read_cell
from importers.table_layout import Column, Layout, is_section_row
from importers.table_reader import cell_text

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

# A sub-heading of a target column that makes it a rate: 2023年增长目标, 增幅.
_GROWTH_LABEL = re.compile(r"增长|增幅|增速")


def unit_row_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the unit × indicator shape: one row per unit, one column (or target/baseline pair) per indicator."""
    layout = ctx.layout
    name_column = layout.column("unit_name")
    groups: dict[str, list[Column]] = {}
    for column in layout.columns:
        if column.field == "indicator_column":
            groups.setdefault(column.indicator, []).append(column)
    rows = _data_rows(ctx, name_column) if name_column is not None else []
    tasks = []
    for number, (header, columns) in enumerate(groups.items(), start=1):
        seq = str(number)
        measure = indicator_measure("", header, layout.measure_hint)
        name = MEASURE_IN_NAME.sub("", header) if measure else header
        if measure in ("", "%") and _is_percent(layout, header, columns, rows):
            measure = "%"
        if not measure:
            measure = written_measure([layout.grid.value(row, c.index) for row, _ in rows for c in columns
                                       if c.part == "target"])  # fmt: skip
        figures = Figures(measure=measure, baseline_measure="万元" if measure == "%" else "")
        for row, written in rows:
            values = layout.grid.rows[row]
            hidden = _hidden_name(layout, row, name_column) if name_column is not None else ""
            for column in columns:
                value = values[column.index] if column.index < len(values) else None
                where = f"第 {row + 1} 行“{written}”的“{column.label}”列"
                wanted = "万元" if column.part == "baseline" and measure == "%" else measure
                cell = read_cell(value, wanted, measure == "%" and column.part == "target")
                take_cell(ctx, row, column.label, written, column.part, cell, figures, where, hidden)
        task = Task(seq=seq, text=name)
        ctx.preview.task_rows[seq] = layout.header_first + 1
        labels = " ".join(c.label for c in columns)
        task.indicators = [finish_indicator(ctx, layout.header_first, seq, name, figures, labels)]
        tasks.append(task)
    return tasks


def _data_rows(ctx: ReadContext, name_column: Column) -> list[tuple[int, str]]:
    """(row, unit name as written) of every row under the header that names something, up to the table's end."""
    layout = ctx.layout
    found = []
    for row in range(layout.header_last + 1, len(layout.grid.rows)):
        ctx.tick(row, len(layout.grid.rows))
        values = layout.grid.rows[row]
        if ends_table(values):
            break
        if is_section_row(layout.grid, row):
            continue  # 一、城区: a heading over a group of units
        written = re.sub(r"\s+", "", cell_text(values[name_column.index] if name_column.index < len(values) else None))
        if written and not is_header_repeat(ctx, row):
            found.append((row, written))
    return found


def _is_percent(layout: Layout, header: str, columns: list[Column], rows: list[tuple[int, str]]) -> bool:
    """Whether an indicator's targets are percentages: by its header, or by what its target cells show."""
    targets = [c for c in columns if c.part == "target"]
    if PERCENT_NAME.search(header) or any(_GROWTH_LABEL.search(c.label.split("/")[-1]) for c in targets):
        return True
    for column in targets:
        for row, _ in rows:
            values = layout.grid.rows[row]
            if column.index < len(values) and cell_text(values[column.index]).endswith("%"):
                return True
    return False


def _hidden_name(layout: Layout, row: int, name_column: Column) -> str:
    """Why a row's unit cannot be known when its name cell is merged with the header's (it shows the header)."""
    merged = layout.grid.merged_range(row, name_column.index)
    if merged is None or merged[0] > layout.header_last:
        return ""
    return (f"第 {row + 1} 行的名称单元格与表头“{name_column.label.split('/')[-1]}”合并在一起，"
            "看不出是哪个单位（或全市）：请确认这一行的数字属于谁")  # fmt: skip

"""Tasks of the unit × indicator shape: one row per unit, one column (or 基数 / 目标 pair) per indicator.

A column is a percentage when its header says so (增长率, 强度, （%）, 增长目标) or when its other cells
show a % (a % number format, or "20%" typed): a bare 0.3 among them is then asked (30 % or 0.3 %?) — unless
the header ends in “（%）” and the figures are written as numbers of % (1.5 beside it): 0.3 is then 0.3 %.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.plans import Task
from importers.breakdown_figures import Figures, baseline_measure_of, finish_indicator, take_cell, written_measure
from importers.breakdown_matrix import (
    MEASURE_IN_NAME,
    PERCENT_NAME,
    declares_percent,
    indicator_measure,
    written_in_percent,
)
from importers.breakdown_rows import ends_table, is_header_repeat
from importers.table_cells import read_cell
from importers.table_layout import Column, Layout, is_section_row
from importers.table_places import Place, place_of
from importers.table_reader import cell_text
from importers.table_rows import cancelled_words, exempt_reason, hidden_note, joint_doubt

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

# A sub-heading of a target column that makes it a rate: 2023年增长目标, 增幅.
_GROWTH_LABEL = re.compile(r"增长|增幅|增速")


def unit_row_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the unit × indicator shape: one row per unit, one column (or target/baseline pair) per indicator.

    A hidden indicator column is left out (said once for the column); a hidden unit's row is the only place
    its figures stand, so they are asked about; a hidden 全市 or 合计 row is left out with a note.
    """
    layout = ctx.layout
    name_column = layout.column("unit_name")
    groups: dict[str, list[Column]] = {}
    for column in layout.columns:
        if column.field == "indicator_column" and not column.hidden:
            groups.setdefault(column.indicator, []).append(column)
    rows = _data_rows(ctx, name_column) if name_column is not None else []
    tasks = []
    for number, (header, columns) in enumerate(groups.items(), start=1):
        seq = str(number)
        measure = indicator_measure("", header, layout.measure_hint, layout.measure_choices)
        name = MEASURE_IN_NAME.sub("", header) if measure else header
        if measure in ("", "%") and _is_percent(layout, header, columns, rows):
            measure = "%"
        if not measure:
            measure = written_measure([layout.grid.value(row, c.index) for row, _ in rows for c in columns
                                       if c.part == "target"])  # fmt: skip
        # A heading ending in （%） says the figures are in %, when they are written so (breakdown_matrix).
        declared = measure == "%" and declares_percent("", header) and written_in_percent(
            [layout.grid.value(row, c.index) for row, _ in rows for c in columns if c.part == "target"]
        )
        baselines = tuple(c.label for c in columns if c.part == "baseline")
        figures = Figures(measure=measure, baseline_measure=baseline_measure_of(name, measure, baselines))
        names = [MEASURE_IN_NAME.sub("", h) for h in groups]
        for row, written in rows:
            values = layout.grid.rows[row]
            hidden = _hidden_name(layout, row, name_column) if name_column is not None else ""
            hidden = hidden or _hidden_row(layout, row, written)
            note = layout.column("note")
            remark = cell_text(values[note.index]) if note is not None and note.index < len(values) else ""
            hidden = hidden or exempt_reason(remark, [name], names)
            for column in columns:
                value = values[column.index] if column.index < len(values) else None
                where = f"第 {row + 1} 行“{written}”的“{column.label}”列"
                wanted = figures.baseline_measure or measure if column.part == "baseline" else measure
                if column.part == "growth":
                    wanted = "%"
                asks = measure == "%" and column.part == "target" and not declared
                cell = read_cell(value, wanted, asks or column.part == "growth")
                cell = joint_doubt(ctx, row, column, cell, _joint_names) or cell
                take_cell(ctx, row, column.label, written, column.part, cell, figures, where, hidden, value)
        task = Task(seq=seq, text=name)
        ctx.preview.task_rows[seq] = layout.header_first + 1
        labels = " ".join(c.label for c in columns)
        task.indicators = [finish_indicator(ctx, layout.header_first, seq, name, figures, labels)]
        tasks.append(task)
    return tasks


def _hidden_row(layout: Layout, row: int, written: str) -> str:
    """Why a hidden unit's row is asked about ("" for a visible row, or a 全市 / 合计 row, which is left out)."""
    if row not in layout.grid.hidden_rows:
        return ""
    return f"第 {row + 1} 行“{written}”在表中被隐藏（可能已不适用）：请确认是否登记"


def _joint_names(ctx: ReadContext, row: int, column: Column, merged: tuple[int, int, int, int]) -> list[str]:
    """The units (or, across the columns, the indicators) a merged figure cell spans in the unit × indicator shape."""
    layout = ctx.layout
    name_column = layout.column("unit_name")
    names = []
    if merged[0] < merged[2] and name_column is not None:
        names = [re.sub(r"\s+", "", cell_text(layout.grid.value(r, name_column.index)))
                 for r in range(merged[0], merged[2] + 1)]  # fmt: skip
    if merged[1] < merged[3] and len([n for n in names if n]) < 2:
        names = [c.indicator for c in layout.columns if merged[1] <= c.index <= merged[3] and c.indicator]
    return [n for n in dict.fromkeys(names) if n]


def _data_rows(ctx: ReadContext, name_column: Column) -> list[tuple[int, str]]:
    """(row, unit name as written) of every row under the header that names something, up to the table's end.

    A hidden 全市 or 合计 row, and a row its 备注 calls cancelled, are left out with a note.
    """
    layout = ctx.layout
    note = layout.column("note")
    found = []
    for row in range(layout.header_last + 1, len(layout.grid.rows)):
        ctx.tick(row, len(layout.grid.rows))
        values = layout.grid.rows[row]
        if ends_table(values):
            break
        if is_section_row(layout.grid, row):
            continue  # 一、城区: a heading over a group of units
        written = re.sub(r"\s+", "", cell_text(values[name_column.index] if name_column.index < len(values) else None))
        written = written or _city_label(ctx, values)
        if not written or is_header_repeat(ctx, row):
            continue
        remark = cell_text(values[note.index]) if note is not None and note.index < len(values) else ""
        if cancelled_words("", remark):
            ctx.warn(row, f"“{written}”注明“{remark}”，这一行未导入")
            continue
        if row in layout.grid.hidden_rows and place_of(written, ctx.registry)[0] in (Place.CITY, Place.SUM):
            hidden_note(ctx, row, written)
            continue
        found.append((row, written))
    return found


def _city_label(ctx: ReadContext, values: list) -> str:
    """全市 (or 合计) written in another label column of a row whose unit cell is empty: a merged 类别 or 序号
    column holds it as Word lays such a table out. "" when the row has none."""
    for column in ctx.layout.columns:
        if column.field in ("category", "seq", None) and column.index < len(values):
            text = re.sub(r"\s+", "", cell_text(values[column.index]))
            if text and place_of(text, ctx.registry)[0] in (Place.CITY, Place.SUM):
                return text
    return ""


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

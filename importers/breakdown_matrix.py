"""The two matrix shapes of a breakdown table: indicators × units and units × indicators.

Each cell is read by importers.table_cells: a certain figure is a quota, a doubtful cell or a column /
row whose name the registry does not know becomes a 待确认 item. The city's target is the 全市 column
(or row), never a 合计: a 合计 only checks the quotas.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.figures import AMOUNT_FACTORS
from domain.measure_words import PERCENT_MEASURES
from domain.plans import MEASURES, Indicator, Task
from importers.breakdown_figures import (
    Figures,
    baseline_measure_of,
    finish_indicator,
    take_cell,
    written_measure,
)
from importers.breakdown_rows import ends_table, is_header_repeat, row_values, sections_restart
from importers.row_serials import clean_seq, parse_deadline, section_heading
from importers.table_cells import read_cell
from importers.table_layout import Column
from importers.table_notes import note_measure
from importers.table_reader import cell_text
from importers.table_rows import Serials, ask_all, exempt_reason, in_measure, joint_doubt, skipped_row

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

PERCENT_NAME = re.compile(r"增长率|增幅|增速|比重|强度|占比|比例|覆盖率|[（(]%[)）]")
MEASURE_IN_NAME = re.compile(r"[（(]([^()（）]+)[)）]$")
# Fields of the cells that hold figures in the indicator × unit shape.
_FIGURE_FIELDS = ("unit", "total", "sum", "own")


def matrix_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the indicator × unit shape: one row per indicator, one column (or target/baseline pair) per unit.

    A hidden row, or one its own words call cancelled (已取消 / 调整至表2), is no live indicator: left out with a
    note. A row without 序号 among numbered rows is an indicator of its own when it holds figures (numbered
    after the row above it), else a heading; a 序号 written twice is kept, its figures asked about.
    """
    layout = ctx.layout
    rows = layout.grid.rows
    name_column = (layout.column("indicator") or layout.column("text") or layout.column("city_goal")
                   or layout.column("breakdown"))  # fmt: skip
    unknown = _unknown_unit_columns(ctx)
    tasks: list[Task] = []
    serials = Serials(ctx)
    topic, section = "", 0
    prefix = sections_restart(ctx)
    for row in range(layout.header_last + 1, len(rows)):
        ctx.tick(row, len(rows))
        if ends_table(rows[row]):
            break
        values = row_values(ctx, row)
        texts = {name: cell_text(v) for name, v in values.items() if name not in (*_FIGURE_FIELDS, "baseline")}
        name = texts.get(name_column.field, "") if name_column else ""
        if skipped_row(ctx, row, name, texts):
            continue
        heading = section_heading(ctx, row, [name_column.index] if name_column else [])
        if heading and (_single_text(rows[row]) or not _has_figures(ctx, row)):
            topic, section = heading, section + 1
            continue
        if not name or is_header_repeat(ctx, row):
            continue
        written = clean_seq(texts.get("seq", ""))
        if not written and serials.numbered and not _has_figures(ctx, row):
            topic = name  # no 序号, no figure: a heading over the indicators below
            continue
        if written and prefix and section:
            written = f"{section}.{written}"
        seq, twice = serials.take(row, written, name)
        task = Task(seq=seq, text=texts.get("text") or name, topic=topic)
        for field_name in ("city_seq", "topic", "city_goal", "responsible", "lead", "partners", "note"):
            if texts.get(field_name):
                setattr(task, field_name, texts[field_name])
        task.deadline, problem = parse_deadline(values.get("deadline"), ctx.year)
        if problem:
            ctx.warn(row, f"序号 {seq} 的{problem}")
        start = len(ctx.preview.pending)
        task.indicators = [_row_indicator(ctx, row, seq, name, texts.get("measure", ""), unknown)]
        if twice:
            ask_all(ctx, row, task, twice, start, rule="repeated_serial")
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
    横州市, past a 县域小计), up to the first column that means something else (备注, 全市).
    """
    columns = sorted(ctx.layout.columns, key=lambda c: c.index)
    positions = [n for n, c in enumerate(columns) if c.field == "unit"]
    if not positions:
        return []
    # Between the first and the last unit column every unnamed column is one (浦比县 between 灵山县 and a zone).
    found = [c for c in columns[positions[0] : positions[-1] + 1] if c.field is None and c.label]
    for step, start in ((1, positions[-1] + 1), (-1, positions[0] - 1)):
        n = start
        while 0 <= n < len(columns) and columns[n].field in (None, "own", "past", "sum") and columns[n].label:
            if columns[n].field is None:
                found.append(columns[n])
            n += step
    return sorted(found, key=lambda c: c.index)


def indicator_measure(written: str, name: str, hint: str, choices: tuple[str, ...] = ()) -> str:
    """The indicator's measure: its 计量单位 cell, the bracket after its name "(家)", the table's 单位 line, or
    the one of the measures a "单位：家、%、亿元" line lists that the name's words fit (none when two fit)."""
    for text in (written, *re.findall(r"[（(]([^()（）]+)[)）]", name), hint):
        cleaned = re.sub(r"\s+", "", text or "").replace("％", "%")
        if cleaned in MEASURES and cleaned or cleaned in AMOUNT_FACTORS:
            return cleaned
    for measures, words in _MEASURE_WORDS:
        fitting = [m for m in choices if m in measures]
        if fitting and re.search(words, name):
            return fitting[0] if len(fitting) == 1 else ""
    return ""


_PERCENT_BRACKET = re.compile(r"[（(]\s*[%％]\s*[)）]")


def declares_percent(measure_cell: str, heading: str) -> bool:
    """Whether a row's 计量单位 cell is “%” or its heading ends in “（%）”: its bare figures are then in %.

    A bare 0.8 there is 0.8 %, not a fraction that lost its % format (which is asked where % is only implied
    by the indicator's name, 强度 / 增长率).
    """
    return re.sub(r"\s+", "", measure_cell or "") in ("%", "％") or bool(_PERCENT_BRACKET.search(heading))


def written_in_percent(cells: list) -> bool:
    """Whether figures said to be in % are written as numbers of % (1.5, 0.8), not as fractions (0.015).

    So when none shows a % (a % format, "增长1%以上": a bare fraction among them is a doubt) and one at least
    is a plain number of 1 or more (a fraction-writer would have written 0.01 for it).
    """
    texts = [cell_text(v) for v in cells]
    if any("%" in t or "％" in t for t in texts):
        return False
    for text in texts:
        try:
            if abs(float(text.replace(",", ""))) >= 1:
                return True
        except ValueError:
            continue
    return False


# What an indicator's name says of its measure, for a table that lists several measures on one line; the
# first group the name fits decides (研发经费 of 规上工业企业 is an amount, not a count of 企业).
_MEASURE_WORDS = (
    (("%", "‰"), PERCENT_NAME.pattern),
    (("万元", "亿元", "元"), r"经费|金额|成交额|支出|收入|资金|产值"),
    (("项", "件"), r"成果|项目|技术合同登记|专利"),
    (("人次", "人"), r"特派员|人才|人员"),
    (("家", "个"), r"企业|机构|孵化器|众创空间|星创天地|基地|载体|平台|中心"),
)


def _row_indicator(
    ctx: ReadContext, row: int, seq: str, name: str, measure_cell: str, unknown: list[Column]
) -> Indicator:
    layout = ctx.layout
    values = layout.grid.rows[row]
    measure = indicator_measure(measure_cell, name, layout.measure_hint, layout.measure_choices)
    if measure_cell and not measure:
        measure = re.sub(r"\s+", "", measure_cell)  # "计量⏎单位": a line break typed in the cell is no part of it
        ctx.warn(row, f"任务 ({seq})“{name}”的计量单位写作“{measure}”，不是常用的计量单位，按原样保留")
    bare_name = MEASURE_IN_NAME.sub("", name) if measure else name
    percent = measure == "%" or bool(PERCENT_NAME.search(name)) or any(
        cell_text(values[c.index]).endswith("%") for c in layout.columns
        if c.field in ("unit", "total") and c.part == "target" and c.index < len(values)
    )  # fmt: skip
    # A 计量单位 cell of 家 or 万元 over bare "10%" cells: shares of the city total, asked (table_cells), the row
    # stays a count. "增长15%" under 亿元 is a growth target, read in %.
    shares = bool(measure_cell) and measure not in ("", *PERCENT_MEASURES) and _bare_percents(layout, values)
    if percent and (not measure or _percent_targets(layout, values)) and not shares:
        measure = "%"
    if not measure:
        measure = written_measure([values[c.index] for c in layout.columns if c.index < len(values)
                                   and c.part == "target" and (c.field in _FIGURE_FIELDS or c in unknown)])  # fmt: skip
    units_measure = note_measure(ctx, bare_name, measure)
    # A row whose 计量单位 cell or heading says % writes its figures in %: 0.8 is 0.8 %, nothing to ask.
    declared = measure == "%" and declares_percent(measure_cell, name) and written_in_percent(
        [values[c.index] for c in layout.columns if c.field in _FIGURE_FIELDS and c.part == "target"
         and c.index < len(values)]
    )  # fmt: skip
    baselines = tuple(c.label for c in layout.columns if c.part == "baseline")
    figures = Figures(measure=measure, baseline_measure=baseline_measure_of(bare_name, measure, baselines))
    note = layout.column("note")
    remark = cell_text(values[note.index]) if note is not None and note.index < len(values) else ""
    every_unit = [n for c in layout.columns if c.field == "unit" for n in _names_of(ctx, c.unit)] if remark else []
    for column in layout.columns:
        if column.field not in _FIGURE_FIELDS and column not in unknown:
            continue
        if column.hidden and column.field in ("total", "sum"):
            continue  # said once for the column (importers.table_sheets)
        value = values[column.index] if column.index < len(values) else None
        where = f"第 {row + 1} 行“{column.label}”列"
        written = column.label.split("/")[-1]
        if column.field == "unit":
            written = column.unit
        elif column.field == "total":
            written = "全市"
        elif column.field == "sum":
            written = "合计"
        wanted = figures.baseline_measure or measure if column.part == "baseline" else measure
        if column.part == "growth":
            wanted = "%"
        elif column.field in ("unit", "own") or column in unknown:
            wanted = units_measure or wanted
        asks = percent and column.part == "target" and not declared
        cell = read_cell(value, wanted, asks or column.part == "growth")
        if wanted != measure and column.part == "target" and cell.figure is not None:
            cell = in_measure(cell, measure)
        doubt = joint_doubt(ctx, row, column, cell, _joint_names)
        if doubt:
            cell = doubt
        hidden = ""
        if column.hidden and column.field != "sum" and (cell.figure is not None or cell.doubt):
            hidden = f"“{column.label.split('/')[-1]}”列在表中被隐藏（可能已不适用）：请确认是否登记"
        if column.field == "unit" and remark:
            hidden = hidden or exempt_reason(remark, _names_of(ctx, column.unit), every_unit)
        take_cell(ctx, row, column.label, written, column.part, cell, figures, where, hidden, value)
    return finish_indicator(ctx, row, seq, bare_name, figures)


def _joint_names(ctx: ReadContext, row: int, column: Column, merged: tuple[int, int, int, int]) -> list[str]:
    """The units (or, down the rows, the indicators) a merged figure cell spans in the indicator × unit shape."""
    names = []
    if merged[1] < merged[3]:
        for other in ctx.layout.columns:
            if merged[1] <= other.index <= merged[3] and other.field in ("unit", "own", None) and other.label:
                names.append(other.unit or other.label.split("/")[-1])
    if merged[0] < merged[2] and len(names) < 2:
        name_column = ctx.layout.column("indicator") or ctx.layout.column("text")
        names = [cell_text(ctx.layout.grid.value(r, name_column.index)) for r in range(merged[0], merged[2] + 1)
                 if name_column is not None]  # fmt: skip
    return [n for n in dict.fromkeys(names) if n]


def _names_of(ctx: ReadContext, written: str) -> list[str]:
    """A unit as written in the header and as the registry knows it (那坡 / 那坡县)."""
    unit = ctx.registry.resolve(written) if written else None
    return [n for n in dict.fromkeys((written, *((unit.name, unit.short_name) if unit else ()))) if n]


def _bare_percents(layout, values: list) -> bool:
    """Whether the row's unit and city target cells hold percentages with no words of growth ("10%", "15%以上")."""
    cells = [cell_text(values[c.index]) for c in layout.columns
             if c.field in ("unit", "total") and c.part == "target" and c.index < len(values)]  # fmt: skip
    percents = [c for c in cells if c.endswith(("%", "%以上", "%左右"))]
    return bool(percents) and all(_BARE_PERCENT.match(c) for c in percents)


_BARE_PERCENT = re.compile(r"^(?:不低于|不少于)?\d+(?:\.\d+)?%(?:以上|左右)?$")


def _percent_targets(layout, values: list) -> bool:
    """Whether the row's target cells are written as percentages (the 单位 line may name 万元 for the 基数)."""
    cells = [cell_text(values[c.index]) for c in layout.columns
             if c.field in ("unit", "total") and c.part == "target" and c.index < len(values)]  # fmt: skip
    written = [c for c in cells if c]
    return bool(written) and sum(c.endswith("%") for c in written) * 2 > len(written)

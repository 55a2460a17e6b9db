"""The two matrix shapes of a breakdown table: indicators × units and units × indicators.

Each cell is read by importers.table_cells: a certain figure is a quota, a doubtful cell or a column /
row whose name the registry does not know becomes a 待确认 item. The city's target is the 全市 column
(or row), never a 合计: a 合计 only checks the quotas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.figures import AMOUNT_FACTORS, direction_of
from domain.plans import MEASURES, Direction, Indicator, IndicatorKind, Quota, Task
from domain.quota_text import QuotaReading, TextQuota, check_sum, guess_kind
from importers.breakdown_rows import (
    clean_seq,
    ends_table,
    growth_measure,
    is_header_repeat,
    parse_deadline,
    report_reading,
    row_values,
    section_heading,
    sections_restart,
)
from importers.table_cells import read_cell
from importers.table_layout import CITY_ROW, OWN_LEVEL, SUM_ROW, Column
from importers.table_reader import cell_text

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

_PERCENT_NAME = re.compile(r"增长率|增幅|增速|比重|强度|占比|比例|覆盖率|[（(]%[)）]")
_MEASURE_IN_NAME = re.compile(r"[（(]([^()（）]+)[)）]$")


@dataclass
class _Figures:
    """What one indicator's cells gave: quotas per unit, the city target, a 合计, and directions seen."""

    quotas: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    total: float | None = None
    total_source: str = ""
    sums: list[float] = field(default_factory=list)
    directions: list[Direction] = field(default_factory=list)
    measure: str = ""


def matrix_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the indicator × unit shape: one row per indicator, one column (or target/baseline pair) per unit."""
    layout = ctx.layout
    rows = layout.grid.rows
    name_column = layout.column("indicator") or layout.column("text") or layout.column("city_goal")
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
        texts = {name: cell_text(v) for name, v in values.items() if name not in ("unit", "baseline", "sum", "total")}
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
        if column.field in ("unit", "total", "sum", "baseline") or column.field is None:
            value = values[column.index] if column.index < len(values) else None
            if cell_text(value) not in ("", "-", "—", "/"):
                return True
    return False


def _unknown_unit_columns(ctx: ReadContext) -> list[Column]:
    """Columns among the unit columns whose heading is no registered unit: their cells are asked about.

    They are the unnamed columns in the run of unit columns (南宁高新区 after 横州市), up to the first
    column that means something else (备注, 全市, 合计).
    """
    columns = sorted(ctx.layout.columns, key=lambda c: c.index)
    positions = [n for n, c in enumerate(columns) if c.field == "unit"]
    if not positions:
        return []
    found = []
    for step, start in ((1, positions[-1] + 1), (-1, positions[0] - 1)):
        n = start
        while 0 <= n < len(columns) and columns[n].field is None and columns[n].label:
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
    ctx: ReadContext, row: int, seq: str, name: str, written_measure: str, unknown: list[Column]
) -> Indicator:
    layout = ctx.layout
    values = layout.grid.rows[row]
    measure = indicator_measure(written_measure, name, layout.measure_hint)
    if written_measure and not measure:
        ctx.warn(row, f"序号 {seq} 的计量单位“{written_measure}”不常见，按原样保留")
        measure = written_measure
    bare_name = _MEASURE_IN_NAME.sub("", name) if measure else name
    percent = measure == "%" or bool(_PERCENT_NAME.search(name)) or any(
        cell_text(values[c.index]).endswith("%") for c in layout.columns
        if c.field in ("unit", "total") and c.index < len(values)
    )  # fmt: skip
    if percent and (not measure or _percent_targets(layout, values)):
        measure = "%"
    figures = _Figures(measure=measure)
    asks: list[tuple[str, str, float | None, str, str]] = []
    for column in layout.columns:
        if column.field not in ("unit", "total", "sum") and column not in unknown:
            continue
        value = values[column.index] if column.index < len(values) else None
        where = f"第 {row + 1} 行“{column.label}”列"
        wanted = "万元" if column.part == "baseline" and measure == "%" else measure
        cell = read_cell(value, wanted, percent and column.part == "target")
        if column in unknown:
            if cell.figure or cell.doubt:
                name_written = column.label.split("/")[-1]
                reason = _unknown_reason(ctx, name_written) + (f"；{cell.doubt}" if cell.doubt else "")
                value_read = cell.figure.value if cell.figure else None
                asks.append((name_written, "", value_read, f"{where}：“{cell.written}”", reason))
            continue
        _take(ctx, row, column, cell, figures, asks, where)
    return _finish_indicator(ctx, row, seq, bare_name, figures, asks)


def _percent_targets(layout, values: list) -> bool:
    """Whether the row's target cells are written as percentages (the 单位 line may name 万元 for the 基数)."""
    cells = [cell_text(values[c.index]) for c in layout.columns
             if c.field in ("unit", "total") and c.part == "target" and c.index < len(values)]  # fmt: skip
    written = [c for c in cells if c]
    return bool(written) and sum(c.endswith("%") for c in written) * 2 > len(written)


def _unknown_reason(ctx: ReadContext, name: str) -> str:
    where = f"{ctx.city}的" if ctx.city else ""
    return f"“{name}”不是登记表中{where}单位：请对应到已有单位，或新增为开发区"


def _take(ctx, row, column, cell, figures: _Figures, asks: list, where: str, unit: str = "") -> None:
    """Put one cell's reading where it belongs: a quota, the city target, a sum, or a question."""
    unit = unit or column.unit
    if cell.doubt:
        if column.field == "unit" or unit:
            short = ctx.registry.resolve(unit).short_name if ctx.registry.resolve(unit) else unit
            asks.append((short, unit, None, f"{where}：“{cell.written}”", cell.doubt))
        else:
            ctx.warn(
                row, f"{where}的{'全市目标' if column.field == 'total' else '合计'}无法确定（{cell.doubt}），未读取"
            )
        return
    figure = cell.figure
    if figure is None:
        return
    if figure.value < 0 and column.part == "baseline":
        ctx.error(row, column.label, f"基础数不能为负数（{figure.value:g}）")
        return
    if column.part == "target" and not figures.measure:
        figures.measure = figure.measure
    if figure.direction:
        figures.directions.append(figure.direction)
    if column.field == "total":
        if column.part == "target" and figures.total is None:
            figures.total, figures.total_source = figure.value, f"全市 {figure.value:g}"
        return
    if column.field == "sum":
        if column.part == "target":
            figures.sums.append(figure.value)
        return
    registered = ctx.registry.resolve(unit)
    if ctx.city and registered is not None and registered.city != ctx.city:
        reason = f"{registered.name}属于{registered.city}，不是{ctx.city}的单位：请确认这一列（行）是否写错"
        asks.append((registered.short_name, "", figure.value, f"{where}：“{cell.written}”", reason))
        return
    earlier = figures.quotas.get(unit, {}).get(column.part)
    if earlier is not None and earlier != figure.value:
        # The same unit twice (北流市 and 北流 columns) with different figures: which one is meant is asked.
        figures.quotas[unit].pop(column.part)
        short = registered.short_name if registered else unit
        reason = f"{unit}有两处数字（{earlier:g} 与 {figure.value:g}），不知以哪个为准"
        asks.append((short, unit, None, f"{figures.sources[unit]}；{where}：“{cell.written}”", reason))
        return
    figures.quotas.setdefault(unit, {})[column.part] = figure.value
    figures.sources[unit] = where


def _finish_indicator(ctx, row: int, seq: str, name: str, figures: _Figures, asks: list) -> Indicator:
    measure = figures.measure
    direction = direction_of(*re.findall(r"不高于|不超过|以下|以内|控制在", name))
    if figures.directions and all(d is Direction.AT_MOST for d in figures.directions):
        direction = Direction.AT_MOST
    quotas = [
        TextQuota(unit, unit, f.get("target"), f.get("baseline"), measure, direction, figures.sources[unit])
        for unit, f in figures.quotas.items()
        if f.get("target") is not None or f.get("baseline") is not None
    ]
    total = figures.total
    reading = QuotaReading(quotas=quotas, total=total, total_source=figures.total_source or "",
                           measure=measure, direction=direction, percent=measure == "%")  # fmt: skip
    check_sum(reading)
    report_reading(ctx, row, seq, reading)
    _check_sums(ctx, row, seq, figures, quotas, measure)
    has_figures = bool(quotas) or total is not None or bool(asks)
    kind = guess_kind(name, name, measure) if has_figures else IndicatorKind.QUALITATIVE
    if measure == "%" and any(q.baseline is not None for q in quotas):
        kind = IndicatorKind.GROWTH  # a % target measured against a 基数 amount
    if kind is IndicatorKind.QUALITATIVE and has_figures:
        kind = IndicatorKind.INCREMENT
    if not has_figures:
        return Indicator(name)
    stored = [Quota(q.unit, q.target, q.baseline, q.source) for q in quotas]
    stored_measure = measure
    if kind is IndicatorKind.GROWTH:
        has_baseline = any(q.baseline is not None for q in quotas)
        stored_measure = "万元" if has_baseline else growth_measure(name)
    for written, unit, value, source, reason in asks:
        ctx.ask(row, seq, name, written, unit, value, None, measure, source, reason, "单元格")
    return Indicator(name, stored_measure, kind, direction, total, stored)


def _check_sums(ctx, row: int, seq: str, figures: _Figures, quotas: list[TextQuota], measure: str) -> None:
    if not figures.sums:
        return
    written = figures.sums[0]
    added = sum(q.target for q in quotas if q.target is not None)
    if quotas and abs(added - written) > 1e-6 * max(1.0, abs(written)):
        ctx.warn(row, f"序号 {seq} 的“合计”为 {written:g}{measure}，各单位分解数相加为 {added:g}{measure}，请核对")
    if figures.total is None:
        ctx.note(
            row, f"序号 {seq} 只有“合计”（{written:g}{measure}），没有“全市”目标列：全市目标未登记，合计只用于核对"
        )


def unit_row_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the unit × indicator shape: one row per unit, one column (or target/baseline pair) per indicator."""
    layout = ctx.layout
    rows = layout.grid.rows
    name_column = layout.column("unit_name")
    groups: dict[str, list[Column]] = {}
    for column in layout.columns:
        if column.field == "indicator_column":
            groups.setdefault(column.indicator, []).append(column)
    tasks = []
    for number, (header, columns) in enumerate(groups.items(), start=1):
        seq = str(number)
        measure = indicator_measure("", header, layout.measure_hint)
        name = _MEASURE_IN_NAME.sub("", header) if measure else header
        percent = measure == "%" or bool(_PERCENT_NAME.search(header))
        if percent and not measure:
            measure = "%"
        figures = _Figures(measure=measure)
        asks: list = []
        first_row = layout.header_last + 1
        for row in range(first_row, len(rows)):
            ctx.tick(row, len(rows))
            if ends_table(rows[row]):
                break
            written = re.sub(
                r"\s+", "", cell_text(rows[row][name_column.index] if name_column.index < len(rows[row]) else None)
            )
            if not written or is_header_repeat(ctx, row):
                continue
            bare = re.sub(r"[（(].*?[)）]$", "", written)
            for column in columns:
                value = rows[row][column.index] if column.index < len(rows[row]) else None
                where = f"第 {row + 1} 行“{written}”的“{column.label}”列"
                wanted = "万元" if column.part == "baseline" and measure == "%" else measure
                cell = read_cell(value, wanted, percent and column.part == "target")
                if CITY_ROW.match(bare):
                    _take(
                        ctx,
                        row,
                        Column(column.index, column.label, "total", part=column.part),
                        cell,
                        figures,
                        asks,
                        where,
                    )
                elif SUM_ROW.match(bare):
                    _take(
                        ctx,
                        row,
                        Column(column.index, column.label, "sum", part=column.part),
                        cell,
                        figures,
                        asks,
                        where,
                    )
                elif (unit := ctx.registry.resolve(bare)) is not None and not unit.is_city and _in_city(ctx, unit):
                    _take(ctx, row, Column(column.index, column.label, "unit", unit.name, column.part), cell,
                          figures, asks, where, unit.name)  # fmt: skip
                elif cell.figure or cell.doubt:
                    reason = (
                        f"“{written}”是市本级，不是县级单位：请确认是否登记、登记到哪个单位"
                        if OWN_LEVEL.match(bare) else _unknown_reason(ctx, written)
                    )  # fmt: skip
                    value_read = cell.figure.value if cell.figure else None
                    asks.append((written, "", value_read, f"{where}：“{cell.written}”", reason))
        task = Task(seq=seq, text=header)
        ctx.preview.task_rows[seq] = layout.header_first + 1
        task.indicators = [_finish_indicator(ctx, layout.header_first, seq, name, figures, asks)]
        tasks.append(task)
    return tasks


def _in_city(ctx: ReadContext, unit) -> bool:
    return not ctx.city or unit.city == ctx.city

"""One indicator's cells in either matrix shape, gathered into quotas, the city target, 合计 checks and 待确认.

Each cell is placed by what its row or column names: a unit of the city (its quota), the city as a whole
(全市, or the city's own name: the target), a 合计 (only a check), 市本级 (the city unit's own share), or
anything else (asked about, with what the name seems to be). A cell that is no certain figure is asked
about; a name that is no unit of the city is asked about with its target and 基数 together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.figures import direction_of
from domain.plans import Direction, Indicator, IndicatorKind, Quota
from domain.quota_text import QuotaReading, TextQuota, check_sum, guess_kind
from importers.breakdown_rows import growth_measure, report_reading
from importers.table_cells import CellReading, read_cell
from importers.table_places import Place, place_of, unknown_name_reason
from importers.table_review import plain_number

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

PERCENT_MEASURES = ("%", "‰")


@dataclass
class Ask:
    """A figure (target and / or 基数) to list as 待确认, with the words or cells it came from."""

    name: str
    unit: str
    value: float | None
    baseline: float | None
    sources: list[str]
    reason: str
    part: str = "target"


@dataclass
class Figures:
    """What one indicator's cells gave: quotas per unit, the city target, a 合计, directions seen, and doubts."""

    measure: str = ""
    baseline_measure: str = ""
    quotas: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    total: float | None = None
    total_source: str = ""
    sums: list[tuple[str, float]] = field(default_factory=list)
    directions: list[Direction] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)

    def ask(self, name: str, unit: str, part: str, value: float | None, source: str, reason: str) -> None:
        """Add a doubt; a name that is no unit keeps its target and 基数 in one item (one decision places both)."""
        if not unit:
            for earlier in self.asks:
                if earlier.name == name and not earlier.unit and earlier.reason == reason:
                    if part == "baseline" and earlier.baseline is None and value is not None:
                        earlier.baseline = value
                        earlier.sources.append(source)
                        return
                    if part == "target" and earlier.value is None and earlier.part == "baseline":
                        earlier.value, earlier.part = value, "target"
                        earlier.sources.append(source)
                        return
        target = value if part == "target" else None
        baseline = value if part == "baseline" else None
        self.asks.append(Ask(name, unit, target, baseline, [source], reason, part))


def take_cell(
    ctx: ReadContext, row: int, label: str, written: str, part: str, cell: CellReading, figures: Figures, where: str,
    hidden: str = "",
) -> None:  # fmt: skip
    """Put one cell where its row or column label `written` says it belongs (quota, target, 合计, or a doubt).

    `hidden` is the reason to ask when the row's name cannot be seen (merged with the header's cell).
    """
    if hidden:
        _doubt(figures, written, "", part, cell, where, hidden)
        return
    place, unit = place_of(written, ctx.registry)
    if place is Place.CITY and unit is not None and ctx.city and unit.name != ctx.city:
        place = None  # another city's name: asked about below
    if place is Place.OWN:
        if not ctx.city:
            reason = f"“{written}”是市本级，但看不出是哪个市的表：请确认登记到哪个单位"
            _doubt(figures, written, "", part, cell, where, reason)
            return
        place, unit = Place.UNIT, ctx.registry.resolve(ctx.city)
    if place is Place.CITY:
        _city_cell(ctx, row, part, cell, figures, where)
    elif place is Place.SUM:
        _sum_cell(ctx, row, written, part, cell, figures, where)
    elif place is Place.UNIT and unit is not None and (not ctx.city or unit.city == ctx.city):
        _unit_cell(ctx, row, label, unit.name, part, cell, figures, where)
    else:
        _doubt(figures, written, "", part, cell, where, unknown_name_reason(written, ctx.registry, ctx.city))


def _doubt(figures: Figures, name: str, unit: str, part: str, cell: CellReading, where: str, reason: str) -> None:
    if cell.figure is None and not cell.doubt:
        return  # an empty cell of an unknown name: nothing to ask
    value = cell.figure.value if cell.figure else None
    full = f"{reason}；{cell.doubt}" if cell.doubt else reason
    figures.ask(name, unit, part, value, f"{where}：“{cell.written}”", full)


def _city_cell(ctx, row: int, part: str, cell: CellReading, figures: Figures, where: str) -> None:
    if cell.doubt:
        ctx.preview.warnings.append(f"{where}的全市目标无法确定（{cell.doubt}），未读取")
        return
    if cell.figure is None:
        return
    _note_figure(figures, part, cell)
    if part == "target" and figures.total is None:
        figures.total, figures.total_source = cell.figure.value, f"全市 {plain_number(cell.figure.value)}"


def _sum_cell(ctx, row: int, written: str, part: str, cell: CellReading, figures: Figures, where: str) -> None:
    if cell.doubt:
        ctx.preview.warnings.append(f"{where}的合计无法确定（{cell.doubt}），未读取")
        return
    if cell.figure is not None and part == "target":
        _note_figure(figures, part, cell)
        figures.sums.append((written, cell.figure.value))


def _unit_cell(ctx, row: int, label: str, unit: str, part: str, cell: CellReading, figures: Figures, where: str):
    registered = ctx.registry.resolve(unit)
    short = registered.short_name if registered is not None and not registered.is_city else unit
    if cell.doubt:
        figures.ask(short, unit, part, None, f"{where}：“{cell.written}”", cell.doubt)
        return
    figure = cell.figure
    if figure is None:
        return
    if figure.value < 0 and part == "baseline":
        ctx.error(row, label, f"基础数不能为负数（{plain_number(figure.value)}）")
        return
    _note_figure(figures, part, cell)
    earlier = figures.quotas.get(unit, {}).get(part)
    if earlier is not None and earlier != figure.value:
        # The same unit twice (北流市 and 北流 columns) with different figures: which one is meant is asked.
        figures.quotas[unit].pop(part)
        reason = f"{unit}有两处数字（{plain_number(earlier)} 与 {plain_number(figure.value)}），不知以哪个为准"
        figures.ask(short, unit, part, None, f"{figures.sources[unit]}；{where}：“{cell.written}”", reason)
        return
    figures.quotas.setdefault(unit, {})[part] = figure.value
    figures.sources[unit] = where


def _note_figure(figures: Figures, part: str, cell: CellReading) -> None:
    figure = cell.figure
    if figure is None:
        return
    if part == "target" and not figures.measure:
        figures.measure = figure.measure
    if figure.direction:
        figures.directions.append(figure.direction)


def written_measure(values: list[object]) -> str:
    """The measure the first of these cells writes ("3亿元" → 亿元), for an indicator whose header names none.

    The other cells are then read in it, so "8000万元" beside "0.5亿元" is one amount in one measure.
    """
    for value in values:
        cell = read_cell(value, "")
        if cell.figure is not None and cell.figure.measure:
            return cell.figure.measure
    return ""


def finish_indicator(
    ctx: ReadContext, row: int, seq: str, name: str, figures: Figures, context: str = ""
) -> Indicator:
    """The indicator the cells make, its doubts listed as 待确认 and its 全市 / 合计 checked against the quotas.

    `context` is more of the header's wording than the name keeps (a "2024年增长目标" sub-heading says growth).
    """
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
    _check_figures(ctx, row, seq, figures, quotas, measure, direction)
    has_figures = bool(quotas) or total is not None or bool(figures.asks)
    if not has_figures:
        return Indicator(name)
    kind = guess_kind(name, f"{name} {context}", measure)
    if measure in PERCENT_MEASURES and any(q.baseline is not None for q in quotas):
        kind = IndicatorKind.GROWTH  # a % target measured against a 基数 amount
    if kind is IndicatorKind.QUALITATIVE:
        kind = IndicatorKind.INCREMENT
    stored = [Quota(q.unit, q.target, q.baseline, q.source) for q in quotas]
    stored_measure = measure
    if kind is IndicatorKind.GROWTH:
        has_baseline = any(q.baseline is not None for q in quotas) or any(a.baseline is not None for a in figures.asks)
        stored_measure = (figures.baseline_measure or "万元") if has_baseline else growth_measure(name)
    baseline_measure = figures.baseline_measure or (stored_measure if measure in PERCENT_MEASURES else measure)
    for ask in figures.asks:
        ctx.ask(row, seq, name, ask.name, ask.unit, ask.value, ask.baseline, measure, "；".join(ask.sources),
                ask.reason, "单元格", baseline_measure=baseline_measure, part=ask.part)  # fmt: skip
    return Indicator(name, stored_measure, kind, direction, total, stored)


def _check_figures(ctx, row: int, seq: str, figures: Figures, quotas: list[TextQuota], measure: str, direction) -> None:
    """The 全市 target and the 合计 against the quotas, counting the 待确认 units as such, never as absent."""
    added = round(sum(q.target for q in quotas if q.target is not None), 6)
    asked = [a for a in figures.asks if a.part == "target"]
    written = _grand_total(figures.sums)
    same = written is not None and figures.total is not None and abs(written - figures.total) < 1e-6
    if measure not in PERCENT_MEASURES and figures.total is not None and not same:
        if asked:
            _check_with_doubts(ctx, row, seq, "全市目标", figures.total, added, asked, measure)
        else:
            reading = QuotaReading(quotas=quotas, total=figures.total, total_source=figures.total_source,
                                   measure=measure, direction=direction, percent=False)  # fmt: skip
            check_sum(reading)
            report_reading(ctx, row, seq, reading)
    if written is None:
        return
    if quotas and measure not in PERCENT_MEASURES:
        _check_with_doubts(ctx, row, seq, "“合计”", written, added, asked, measure)
    if figures.total is None:
        ctx.note(row, f"序号 {seq} 只有“合计”（{plain_number(written)}{measure}），没有“全市”目标列："
                      "全市目标未登记，合计只用于核对")  # fmt: skip


def _grand_total(sums: list[tuple[str, float]]) -> float | None:
    """The 合计 that adds up every unit: the only one, else the one that is no 小计 (城区小计 / 县小计 are parts)."""
    if len(sums) == 1:
        return sums[0][1]
    whole = [value for label, value in sums if "小计" not in label]
    return whole[-1] if whole else None


def _check_with_doubts(ctx, row: int, seq: str, what: str, written: float, added: float, asked: list[Ask],
                       measure: str) -> None:  # fmt: skip
    """Say how the quotas add up against a written figure; 待确认 units are counted as such, with what was read."""
    close = abs(added - written) <= 1e-6 * max(1.0, abs(written))
    if not asked:
        if not close:
            ctx.warn(row, f"序号 {seq} 的{what}为 {plain_number(written)}{measure}，"
                          f"各单位分解数相加为 {plain_number(added)}{measure}，请核对")  # fmt: skip
        return
    line = (f"序号 {seq} 的{what}为 {plain_number(written)}{measure}；已确定的分解数相加为 "
            f"{plain_number(added)}{measure}，另有 {len(asked)} 项待确认")  # fmt: skip
    values = [a.value for a in asked if a.value is not None]
    if len(values) == len(asked):
        with_doubts = round(added + sum(values), 6)
        line += f"（读到 {'、'.join(plain_number(v) + measure for v in values)}）"
        if abs(with_doubts - written) <= 1e-6 * max(1.0, abs(written)):
            ctx.note(row, f"{line}，确认后相加为 {plain_number(with_doubts)}{measure}，与{what}相符")
            return
        line += f"，按读到的数确认后相加为 {plain_number(with_doubts)}{measure}，与{what}不符"
    ctx.warn(row, f"{line}，请核对")

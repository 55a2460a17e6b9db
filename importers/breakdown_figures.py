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
from domain.quota_shares import share_of_total
from domain.quota_text import QuotaReading, TextQuota, check_sum, guess_kind
from importers.breakdown_rows import growth_measure, report_reading
from importers.table_cells import CellReading, read_cell
from importers.table_places import Place, place_of, unknown_name_reason
from importers.table_review import plain_number

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

PERCENT_MEASURES = ("%", "‰")
_RATIO_NAME = re.compile(r"强度|比重|占比|比例|覆盖率")
_GROWTH_NAME = re.compile(r"增长|增幅|增速")
_AMOUNT_BRACKET = re.compile(r"[（(](万元|亿元|元|千元)[)）]")


def is_ratio_name(name: str) -> bool:
    """Whether an indicator's name makes it a ratio (强度, 比重, 占比 …), whose 基数 is a % as its target is."""
    return bool(_RATIO_NAME.search(name)) and not _GROWTH_NAME.search(name)


def baseline_measure_of(name: str, measure: str, labels: tuple[str, ...] = ()) -> str:
    """The measure a % indicator's 基数 is written in: a ratio's is its %, a growth's the amount that grows
    (named in a 基数 header's bracket, "2021年基数（万元）", or by the indicator's words); "" for other measures."""
    if measure not in PERCENT_MEASURES:
        return ""
    if is_ratio_name(name):
        return measure
    for label in labels:
        found = _AMOUNT_BRACKET.search(label)
        if found:
            return found.group(1)
    return growth_measure(name)


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
    rule: str = "cell"
    share: float | None = None  # a share of the city total (in %): what it comes to is offered once the total is known


@dataclass
class Figures:
    """What one indicator's cells gave: quotas per unit, the city target, a 合计, directions seen, and doubts."""

    measure: str = ""
    baseline_measure: str = ""
    quotas: dict[str, dict[str, float]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    total: float | None = None
    total_source: str = ""
    total_conflict: bool = False  # two different 全市 targets: neither is taken
    total_row: int | None = None
    sums: list[tuple[str, float]] = field(default_factory=list)
    sum_rows: dict[str, int] = field(default_factory=dict)
    directions: list[Direction] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    growth: dict[str, tuple[CellReading, str]] = field(default_factory=dict)
    text_numbers: dict[str, float] = field(default_factory=dict)  # targets typed as text, by the name written

    def ask(
        self, name: str, unit: str, part: str, value: float | None, source: str, reason: str, rule: str = "cell"
    ) -> None:
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
        self.asks.append(Ask(name, unit, target, baseline, [source], reason, part, rule))


def take_cell(
    ctx: ReadContext, row: int, label: str, written: str, part: str, cell: CellReading, figures: Figures, where: str,
    hidden: str = "", value: object = None,
) -> None:  # fmt: skip
    """Put one cell where its row or column label `written` says it belongs (quota, target, 合计, or a doubt).

    `hidden` is the reason to ask when the row's name cannot be seen (merged with the header's cell). `value`
    is the cell as stored: a figure typed as text is remembered, for it is why Excel's SUM may come out short.
    """
    place, unit = place_of(written, ctx.registry)
    if isinstance(value, str) and part == "target" and cell.figure is not None and place is Place.UNIT:
        figures.text_numbers[written] = cell.figure.value
    if hidden:
        # A hidden unit column or row (or a row whose name cannot be seen): its figures are asked about,
        # under the unit when the name is one of the city's.
        mine = place is Place.UNIT and unit is not None and (not ctx.city or unit.city == ctx.city)
        name, found = (unit.short_name, unit.name) if mine else (written, "")
        _doubt(figures, name, found, part, cell, where, hidden, "hidden")
        return
    if part == "growth":
        # A 增幅 beside 基数 and 目标 is only checked against them; the city's and the sums' are not needed.
        if place is Place.UNIT and unit is not None and (cell.figure is not None or cell.doubt):
            figures.growth[unit.name] = (cell, where)
        return
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
        reason = unknown_name_reason(written, ctx.registry, ctx.city)
        _doubt(figures, written, "", part, cell, where, reason, "unknown_name")


def _doubt(
    figures: Figures, name: str, unit: str, part: str, cell: CellReading, where: str, reason: str, rule: str = "cell"
) -> None:
    if cell.figure is None and not cell.doubt:
        return  # an empty cell of an unknown name: nothing to ask
    value = cell.figure.value if cell.figure else None
    full = f"{reason}；{cell.doubt}" if cell.doubt else reason
    figures.ask(name, unit, part, value, f"{where}：“{cell.written}”", full, rule)


def _city_cell(ctx, row: int, part: str, cell: CellReading, figures: Figures, where: str) -> None:
    if cell.doubt:
        ctx.preview.warnings.append(f"{where}的全市目标无法确定（{cell.doubt}），未读取")
        return
    if cell.figure is None:
        return
    _note_figure(figures, part, cell)
    if part != "target" or figures.total_conflict:
        return
    if figures.total is None:
        figures.total, figures.total_source = cell.figure.value, f"全市 {plain_number(cell.figure.value)}"
        figures.total_row = row
    elif figures.total != cell.figure.value:
        # Two target columns (2025年目标 and 2026年目标): which one is this plan's city target is not known.
        ctx.preview.warnings.append(
            f"{where}：全市目标有两处数字（{plain_number(figures.total)} 与 {plain_number(cell.figure.value)}），"
            "不知以哪个为准，未登记全市目标，请导入后填写"
        )
        figures.total, figures.total_source, figures.total_conflict = None, "", True


def _sum_cell(ctx, row: int, written: str, part: str, cell: CellReading, figures: Figures, where: str) -> None:
    if cell.doubt:
        ctx.preview.warnings.append(f"{where}的合计无法确定（{cell.doubt}），未读取")
        return
    if cell.figure is not None and part == "target":
        _note_figure(figures, part, cell)
        figures.sums.append((written, cell.figure.value))
        figures.sum_rows.setdefault(written, row)


def _unit_cell(ctx, row: int, label: str, unit: str, part: str, cell: CellReading, figures: Figures, where: str):
    registered = ctx.registry.resolve(unit)
    short = registered.short_name if registered is not None and not registered.is_city else unit
    if cell.doubt:
        rule = "cell" if cell.share is None else "share"
        figures.ask(short, unit, part, None, f"{where}：“{cell.written}”", cell.doubt, rule)
        if cell.share is not None:
            figures.asks[-1].share = cell.share
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
    if cell.past is not None and part == "target":
        if "基数" in cell.past_words and "baseline" not in figures.quotas[unit]:
            figures.quotas[unit]["baseline"] = cell.past  # "80（2021年基数66）" says what it is
            return
        # "80（2021年：66）": the bracket's figure is another year's, perhaps the 基数 — asked, never dropped.
        reason = f"“{cell.past_words}”是往年的数，可能是基数：请确认是否登记为基数"
        figures.ask(short, unit, "baseline", cell.past, f"{where}：“{cell.written}”", reason, "past_figure")


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


def _offer_shares(figures: Figures, measure: str) -> None:
    """Each unit's share of the city total asked with what it comes to, once the row's 全市 figure is known."""
    for ask in figures.asks:
        if ask.share is not None and ask.part == "target":
            wording = ask.sources[0].rsplit("“", 1)[-1].rstrip("”")
            ask.value, _, ask.reason = share_of_total(ask.share, figures.total, measure, ask.name, wording)


def finish_indicator(
    ctx: ReadContext, row: int, seq: str, name: str, figures: Figures, context: str = ""
) -> Indicator:
    """The indicator the cells make, its doubts listed as 待确认 and its 全市 / 合计 checked against the quotas.

    `context` is more of the header's wording than the name keeps (a "2024年增长目标" sub-heading says growth).
    """
    measure = figures.measure or counted_measure(name)
    _check_growth(figures, measure)
    _offer_shares(figures, measure)
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
    if measure in PERCENT_MEASURES and any(q.baseline is not None for q in quotas) and not is_ratio_name(name):
        kind = IndicatorKind.GROWTH  # a % target measured against a 基数 amount (a ratio's 基数 is a % too)
    if kind is IndicatorKind.QUALITATIVE:
        kind = IndicatorKind.STOCK if _STOCK_NAME.search(name) else IndicatorKind.INCREMENT
    stored = [Quota(q.unit, q.target, q.baseline, q.source) for q in quotas]
    stored_measure = measure
    if kind is IndicatorKind.GROWTH:
        has_baseline = any(q.baseline is not None for q in quotas) or any(a.baseline is not None for a in figures.asks)
        stored_measure = figures.baseline_measure if has_baseline else growth_measure(name)
    baseline_measure = figures.baseline_measure or (stored_measure if measure in PERCENT_MEASURES else measure)
    for ask in figures.asks:
        ctx.ask(row, seq, name, ask.name, ask.unit, ask.value, ask.baseline, measure, "；".join(ask.sources),
                ask.reason, ask.rule, baseline_measure=baseline_measure, part=ask.part)  # fmt: skip
    return Indicator(name, stored_measure, kind, direction, total, stored)


# A count of companies is in 家 whatever else the table says (its header may name no measure at all); the
# name of a stock says so whether or not a measure is known (高新技术企业 → 保有量 → 基数 / 目标).
_COMPANIES = re.compile(r"企业(?!.*(经费|金额|收入|产值|投入|支出|营收|占比|比重|强度|增长|率))")
_STOCK_NAME = re.compile(r"保有量|存量|总量|总数")


def counted_measure(name: str) -> str:
    """The measure an indicator's name implies beyond doubt ("家" for a count of 企业), else ""."""
    return "家" if _COMPANIES.search(name) else ""


_POINTS = re.compile(r"(?:提高|提升|增加|增长)?\s*(-?[0-9.]+)\s*个?百分点")


def _check_growth(figures: Figures, measure: str) -> None:
    """A 增幅 written beside a unit's 基数 and 目标 is checked against them; one that disagrees asks the target.

    The rate is (目标 − 基数) ÷ 基数 for an amount or a count, the difference in 个百分点 for a ratio; it agrees
    when it is that figure rounded as written (14.3% for 80 over 70).
    """
    for unit, (cell, where) in figures.growth.items():
        parts = figures.quotas.get(unit, {})
        target, baseline = parts.get("target"), parts.get("baseline")
        if target is None or baseline is None:
            continue
        points = _POINTS.search(cell.written)
        if points is not None:
            written, expected = float(points.group(1)), target - baseline
            digits = _decimals(points.group(1))
        elif cell.figure is not None and baseline:
            written = cell.figure.value
            expected = (target - baseline) / baseline * 100
            digits = _decimals(re.sub(r"[^0-9.]", "", cell.written.split("%")[0]))
            if measure in PERCENT_MEASURES and abs(written - (target - baseline)) <= 0.5 * 10**-digits + 1e-9:
                continue  # a ratio's rise written as a plain % of points
        else:
            continue
        if abs(written - expected) <= 0.5 * 10**-digits + 1e-9:
            continue
        parts.pop("target")
        shown = f"{plain_number(written)}个百分点" if points is not None else f"{plain_number(written)}%"
        unit_of_rate = "个百分点" if points is not None else "%"
        reason = (f"基数 {plain_number(baseline)}、目标 {plain_number(target)} 与增幅 {shown} 对不上"
                  f"（按基数和目标算应为 {expected:.1f}{unit_of_rate}）：请确认目标")  # fmt: skip
        source = f"{figures.sources.get(unit, where)}；{where}：“{cell.written}”"
        figures.ask(unit, unit, "target", target, source, reason, "growth_check")


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _check_figures(ctx, row: int, seq: str, figures: Figures, quotas: list[TextQuota], measure: str, direction) -> None:
    """The 全市 target and the 合计 against the quotas, counting the 待确认 units as such, never as absent."""
    added = round(sum(q.target for q in quotas if q.target is not None), 6)
    asked = [a for a in figures.asks if a.part == "target"]
    written, label = _grand_total(figures.sums)
    same = written is not None and figures.total is not None and abs(written - figures.total) < 1e-6
    sum_row = figures.sum_rows.get(label, row)  # the 合计 row of a units-as-rows table, not its header
    total_row = row if figures.total_row is None else figures.total_row
    if measure not in PERCENT_MEASURES and figures.total is not None and not same:
        row = total_row
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
        _check_with_doubts(ctx, sum_row, seq, "“合计”", written, added, asked, measure, figures.text_numbers)
    if figures.total is None:
        ctx.note(sum_row, f"序号 {seq} 只有“合计”（{plain_number(written)}{measure}），没有“全市”目标列："
                      "全市目标未登记，合计只用于核对")  # fmt: skip


def _grand_total(sums: list[tuple[str, float]]) -> tuple[float | None, str]:
    """The 合计 that adds up every unit, and its label: the only one, else the last that is no 小计 (城区小计 /
    县域小计 are parts)."""
    if len(sums) == 1 and "小计" not in sums[0][0]:
        return sums[0][1], sums[0][0]
    whole = [(value, label) for label, value in sums if "小计" not in label]
    return whole[-1] if whole else (None, "")


def _check_with_doubts(ctx, row: int, seq: str, what: str, written: float, added: float, asked: list[Ask],
                       measure: str, texts: dict[str, float] | None = None) -> None:  # fmt: skip
    """Say how the quotas add up against a written figure; 待确认 units are counted as such, with what was read.

    When the figures typed as text (`texts`) make the difference, say so: Excel's SUM leaves text out.
    """
    close = abs(added - written) <= 1e-6 * max(1.0, abs(written))
    if not asked:
        if not close:
            line = (f"序号 {seq} 的{what}为 {plain_number(written)}{measure}，"
                    f"各单位分解数相加为 {plain_number(added)}{measure}")  # fmt: skip
            skipped = sum((texts or {}).values())
            if texts and abs(added - skipped - written) <= 1e-6 * max(1.0, abs(written)):
                names = "、".join(f"{n} {plain_number(v)}" for n, v in texts.items())
                line += (f"：相差的 {plain_number(skipped)}{measure} 正是表中存为文本的数（{names}），"
                         "Excel 的求和公式不计文本，合计因此偏小；各单位的数已按表中所写读取，请核对合计")  # fmt: skip
            ctx.warn(row, f"{line}，请核对" if "请核对" not in line else line)
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

"""The rows of a breakdown table turned into tasks: the long task list and the indicator × unit matrix."""

from __future__ import annotations

import copy
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.achievements import InputError
from domain.figures import AMOUNT_FACTORS, direction_of, normalize_text, parse_figure
from domain.plans import MEASURES, Direction, Indicator, IndicatorKind, Quota, Task, display_seq
from domain.quota_text import QuotaReading, TextQuota, check_sum, guess_kind, read_quotas
from importers.table_layout import Column, label_text
from importers.table_reader import cell_text

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

CITY_FIELDS = ("city_seq", "topic", "region_goal", "region_task", "city_goal", "responsible", "deadline", "lead",
               "partners")  # fmt: skip
_TEXT_FIELDS = ("city_seq", "topic", "region_goal", "region_task", "city_goal", "text", "responsible", "lead",
                "partners", "note")  # fmt: skip
_END_OF_TABLE = re.compile(
    r"^(注|备注|说明|填表人|填报人|联系人|审核人|单位负责人|联系电话|制表)\s*[:：0-9１-９一-九、.]"
)
# The signature line under a table (单位负责人：  审核人：  填报人：  联系电话：  填报日期：): never a task.
_SIGNATURE = re.compile(
    r"^(单位负责人|分管领导|负责人|填报人|填表人|审核人|联系人|联系电话|电话|填报日期|填表日期|报送日期|制表人|制表日期|制表)"
    r"(?:[:：]|$)"
)
_NO_DEADLINE = re.compile(r"^(长期|持续|常态化|全年|按.*要求|—|-|/|无)")


def _row_values(ctx: ReadContext, row: int) -> dict[str, Any]:
    values = ctx.layout.grid.rows[row]
    return {c.field: values[c.index] if c.index < len(values) else None for c in ctx.layout.columns if c.field}


def _ends_table(values: list[Any]) -> bool:
    """A note (注：…) or the signature line under the table: the table ends above it."""
    texts = [cell_text(v) for v in values if cell_text(v)]
    if not texts:
        return False
    if _SIGNATURE.match(re.sub(r"\s+", "", texts[0])):
        return True
    return len(set(texts)) <= 2 and bool(_END_OF_TABLE.match(texts[0]))


def _is_header_repeat(ctx: ReadContext, row: int) -> bool:
    header = ctx.layout.grid.rows[ctx.layout.header_last]
    values = ctx.layout.grid.rows[row]
    same = [label_text(a) == label_text(b) for a, b in zip(header, values, strict=False) if label_text(a)]
    return bool(same) and all(same)


def parse_deadline(value: Any, year: int) -> tuple[date | None, str]:
    """A 完成时限 cell as a date, or (None, why) when it cannot be read; "年底" is 31 December."""
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = re.sub(r"\s+", "", cell_text(value))
    if not text or _NO_DEADLINE.match(text):
        return None, ""
    match = re.search(r"(?:(\d{4})[年.\-/])?(\d{1,2})[月.\-/](\d{1,2})日?", text)
    try:
        if match:
            return date(int(match.group(1) or year), int(match.group(2)), int(match.group(3))), ""
        match = re.search(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(?:底|末)", text) or re.search(r"(\d{4})年(\d{1,2})月$", text)
        if match and (match.group(1) or match.group(2)):
            y = int(match.group(1) or year)
            m = int(match.group(2) or 12)
            following = date(y + (m == 12), m % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1), ""
        match = re.fullmatch(r"(\d{4})年?", text)
        if match:
            return date(int(match.group(1)), 12, 31), ""
    except ValueError:
        pass
    return None, f"完成时限“{text}”无法识别，按方案年底计"


def long_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the long shape (seed 000): quotas are read out of each sub-task's text."""
    layout = ctx.layout
    rows = layout.grid.rows
    seq_column = layout.column("seq")
    has_city_seq = layout.column("city_seq") is not None
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    previous: Task | None = None
    previous_row = -1
    for row in range(layout.header_last + 1, len(rows)):
        ctx.tick(row, len(rows))
        if _ends_table(rows[row]):
            break
        values = _row_values(ctx, row)
        texts = {name: cell_text(v) for name, v in values.items()}
        if "indicator" in texts and "topic" not in texts:
            # In the long shape 指标名称 holds the topic ("创新创业"); the indicator comes from the text.
            texts["topic"] = texts["indicator"]
        if not any(texts.values()) or _is_header_repeat(ctx, row):
            continue
        seq = re.sub(r"[()（）\s]", "", texts.get("seq", "")) if seq_column else str(len(tasks) + 1)
        text = texts.get("text") or texts.get("city_goal") or texts.get("indicator") or ""
        if previous and (not seq or (seq == previous.seq and _merged_with_previous(ctx, row, seq_column))):
            # A sub-task cut by a page break, or written over two rows: its text continues the one above.
            if text and text not in previous.text:
                previous.text += text
            continue
        if not seq:
            seq = str(len(tasks) + 1)
            ctx.warn(row, f"没有细化任务序号，按顺序编为 {seq}")
        if not text:
            ctx.warn(row, f"序号 {display_seq(seq)} 没有任务内容，已跳过")
            continue
        if seq in seen:
            ctx.error(row, seq_column.label if seq_column else "序号",
                      f"细化任务序号 {display_seq(seq)} 与第 {seen[seq] + 1} 行重复")  # fmt: skip
            continue
        seen[seq] = row
        task = Task(seq=seq, text=text)
        for name in _TEXT_FIELDS:
            if name in texts and name != "text":
                setattr(task, name, texts[name])
        task.deadline, problem = parse_deadline(values.get("deadline"), ctx.year)
        if problem:
            ctx.warn(row, f"任务 {display_seq(seq)} 的{problem}")
        if previous and has_city_seq and previous.city_seq and not texts.get("city_seq"):
            _fill_city_row(task, previous, texts)
        if previous is not None:
            _finish(ctx, previous, previous_row)
        tasks.append(task)
        ctx.preview.task_rows[seq] = row + 1
        previous, previous_row = task, row
    if previous is not None:
        _finish(ctx, previous, previous_row)
    return tasks


def _merged_with_previous(ctx: ReadContext, row: int, column: Column | None) -> bool:
    merged = ctx.layout.grid.merged_range(row, column.index) if column else None
    return merged is not None and merged[0] < row


def _fill_city_row(task: Task, previous: Task, texts: dict[str, str]) -> None:
    """Without merged cells, a blank city serial means "same city row as above": its fields carry down."""
    for name in CITY_FIELDS:
        if name == "deadline":
            if task.deadline is None:
                task.deadline = previous.deadline
        elif not texts.get(name):
            setattr(task, name, getattr(previous, name))


def damaged_builtin_texts(city: str) -> dict[tuple[str, str], tuple[str, Task]]:
    """(serial, text without spaces) → (plan title, task) for the built-in plans' sub-tasks marked 原文缺损.

    The seed text is cut in places; the built-in plan keeps the cut words and records by hand what they
    are taken to mean (see each task's note). This application writes those words into the tables it
    exports, so a table carrying them word for word is recognised and read as the built-in plan reads it.
    """
    from importers.builtin import builtin_plans

    return {
        (task.seq, _bare(task.text)): (plan.title, task)
        for plan in builtin_plans()
        if city and plan.city == city
        for task in plan.tasks
        if task.note.startswith(_DAMAGED)
    }


_DAMAGED = "原文缺损"


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _finish(ctx: ReadContext, task: Task, row: int) -> None:
    """Read the task's indicator out of its text once the text is complete."""
    known = ctx.damaged.get((task.seq, _bare(task.text)))
    if known is not None:
        _as_builtin(ctx, task, row, *known)
        return
    check = not ctx.single_unit
    reading = read_quotas(task.text, ctx.registry, measure=ctx.layout.measure_hint, city=ctx.city, check_total=check)
    if reading.total is None and reading.quotas and task.city_goal:
        goal = read_quotas(task.city_goal, ctx.registry, city=ctx.city)
        if goal.total is not None and goal.measure == reading.measure:
            reading.total, reading.total_source = goal.total, goal.total_source
            reading.name, reading.direction = goal.name, goal.direction
            reading.notes.clear()
            reading.warnings = [w for w in reading.warnings if "合计" not in w]
            if check:
                check_sum(reading)
    task.indicators = [_indicator(task.text, reading)]
    ctx.total_sources[task.seq] = reading.total_source
    _report(ctx, row, task.seq, reading)


def _as_builtin(ctx: ReadContext, task: Task, row: int, plan_title: str, known: Task) -> None:
    """A damaged sub-task in the built-in plan's exact words: its indicators as the built-in plan records them.

    Said in a note, with the built-in plan's reason, when its figures differ from what the words alone give
    (a name read from cut words, "…内部支出反", is simply replaced by the built-in one).
    """
    indicators = copy.deepcopy(known.indicators)
    if ctx.single_unit:
        for indicator in indicators:
            indicator.quotas = [q for q in indicator.quotas if q.unit == ctx.single_unit]
    task.indicators = indicators
    task.note = task.note or known.note
    reading = read_quotas(task.text, ctx.registry, measure=ctx.layout.measure_hint, city=ctx.city)
    if [_figures(i)[1:] for i in indicators] == [_figures(_indicator(task.text, reading))[1:]]:
        return
    shown = "；".join(_shown(i) for i in indicators)
    ctx.note(row, f"任务 {display_seq(task.seq)}：文字与内置方案《{plan_title}》的这一细化任务逐字相同，"
                  f"{known.note}；按内置方案登记为{shown}")  # fmt: skip


def _figures(indicator: Indicator) -> tuple:
    quotas = sorted((q.unit, q.target, q.baseline) for q in indicator.quotas)
    return indicator.name, indicator.measure, indicator.kind, indicator.direction, indicator.target, quotas


def _shown(indicator: Indicator) -> str:
    """“开发园区规上工业企业数（原文缺损）”（保有量）：龙潭产业园 3家（原文“潭产产业园区3家以上”）."""
    measure = indicator.measure if indicator.kind.is_numeric else ""
    head = f"“{indicator.name}”（{indicator.kind.label}"
    if indicator.target is not None:
        head += f"，{indicator.direction.label}{indicator.target:g}{measure}"
    head += "）"
    quotas = "、".join(
        f"{q.unit} {q.target:g}{measure}（原文“{q.source}”）" for q in indicator.quotas if q.target is not None
    )
    return f"{head}：{quotas}" if quotas else head


def _indicator(text: str, reading: QuotaReading) -> Indicator:
    name = reading.name or _name_from_text(text)
    has_figures = reading.total is not None or bool(reading.quotas)
    if not has_figures:
        return Indicator(name=name)
    measure = "%" if reading.percent else reading.measure
    kind = guess_kind(name, text, measure)
    if kind is IndicatorKind.GROWTH:
        amount = re.search(r"\d(万元|亿元)", text)
        measure = amount.group(1) if amount else growth_measure(text)
    quotas = [Quota(q.unit, q.target, q.baseline, q.source) for q in reading.quotas]
    return Indicator(name, measure, kind, reading.direction, reading.total, quotas)


def growth_measure(text: str) -> str:
    """A growth target is a %; the indicator's measure is that of the amount that grows (its baseline)."""
    return "万元" if re.search(r"经费|金额|支出|投入|收入|产值|贷款|成交额|资金", text) else ""


def _name_from_text(text: str) -> str:
    head = re.split(r"[，,。；;：:（(]", normalize_text(text).strip(), maxsplit=1)[0]
    head = re.sub(r"^(将|要|并)", "", head)
    return (head or text)[:40]


def _report(ctx: ReadContext, row: int, seq: str, reading: QuotaReading) -> None:
    label = f"任务 {display_seq(seq)}"
    for name in reading.unresolved:
        where = f"{ctx.city}的" if ctx.city else ""
        ctx.warn(row, f"{label}：“{name}”不是登记表中{where}单位，这一项没有读取，请核对")
        ctx.preview.unresolved.append(name)
    for line in reading.warnings:
        ctx.warn(row, f"{label}：{line}")
    for line in reading.notes:
        ctx.note(row, f"{label}：{line}")


def matrix_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the matrix shape: one row per indicator, one column (or target/baseline pair) per unit."""
    layout = ctx.layout
    rows = layout.grid.rows
    name_column = layout.column("indicator") or layout.column("text") or layout.column("city_goal")
    _warn_unknown_unit_columns(ctx)
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    for row in range(layout.header_last + 1, len(rows)):
        ctx.tick(row, len(rows))
        if _ends_table(rows[row]):
            break
        values = _row_values(ctx, row)
        texts = {name: cell_text(v) for name, v in values.items() if name not in ("unit", "baseline")}
        name = texts.get(name_column.field, "") if name_column else ""
        if not name or _is_header_repeat(ctx, row):
            continue
        seq = re.sub(r"[()（）\s]", "", texts.get("seq", "")) or str(len(tasks) + 1)
        if seq in seen:
            ctx.error(row, "序号", f"序号 {seq} 与第 {seen[seq] + 1} 行重复")
            continue
        seen[seq] = row
        task = Task(seq=seq, text=texts.get("text") or name)
        for field_name in ("city_seq", "topic", "city_goal", "responsible", "lead", "partners", "note"):
            if texts.get(field_name):
                setattr(task, field_name, texts[field_name])
        task.deadline, problem = parse_deadline(values.get("deadline"), ctx.year)
        if problem:
            ctx.warn(row, f"序号 {seq} 的{problem}")
        task.indicators = [_matrix_indicator(ctx, row, seq, name, texts.get("measure", ""))]
        tasks.append(task)
        ctx.preview.task_rows[seq] = row + 1
    return tasks


def _matrix_indicator(ctx: ReadContext, row: int, seq: str, name: str, written_measure: str) -> Indicator:
    layout = ctx.layout
    values = layout.grid.rows[row]
    measure = _measure(written_measure, name, layout.measure_hint)
    if written_measure and not measure:
        ctx.warn(row, f"序号 {seq} 的计量单位“{written_measure}”不常见，按原样保留")
        measure = written_measure
    bare_name = re.sub(r"[（(](万元|亿元|元|家|项|个|人次|人|件|%)[)）]$", "", name)
    figures: dict[str, dict[str, float]] = {}
    directions: list[Direction] = []
    total = None
    for column in layout.columns:
        if column.field not in ("unit", "total"):
            continue
        value = values[column.index] if column.index < len(values) else None
        # Next to a % target, a baseline is an amount (基础数 5200 万元), converted to 万元.
        wanted = "万元" if column.part == "baseline" and measure == "%" else measure
        try:
            figure = parse_figure(value, wanted)
        except InputError as exc:
            ctx.error(row, column.label, f"{exc}，这里应填数字（序号 {seq}“{bare_name}”）")
            continue
        if figure is None:
            continue
        if figure.value < 0 and column.part == "baseline":
            ctx.error(row, column.label, f"基础数不能为负数（{figure.value:g}）")
            continue
        if column.part == "target":
            measure = measure or figure.measure
        if figure.direction:
            directions.append(figure.direction)
        if column.field == "total":
            if column.part == "target":
                total = figure.value
            continue
        figures.setdefault(column.unit, {})[column.part] = figure.value
    direction = direction_of(*re.findall(r"不高于|不超过|以下|以内|控制在", bare_name))
    if directions and all(d is Direction.AT_MOST for d in directions):
        direction = Direction.AT_MOST
    quotas = [
        TextQuota(unit, unit, f.get("target"), f.get("baseline"), measure, direction, _cell_source(ctx, row, unit))
        for unit, f in figures.items()
    ]
    reading = QuotaReading(quotas=quotas, total=total, total_source=f"全市 {total:g}" if total is not None else "",
                           measure=measure, direction=direction, percent=measure == "%")  # fmt: skip
    check_sum(reading)
    _report(ctx, row, seq, reading)
    kind = guess_kind(bare_name, bare_name, measure) if (quotas or total is not None) else IndicatorKind.QUALITATIVE
    if kind is IndicatorKind.QUALITATIVE:
        return Indicator(bare_name)
    stored = [Quota(q.unit, q.target, q.baseline, q.source) for q in quotas]
    if kind is IndicatorKind.GROWTH:
        has_baseline = any(q.baseline is not None for q in quotas)
        measure = "万元" if has_baseline else growth_measure(bare_name)
    return Indicator(bare_name, measure, kind, direction, total, stored)


def _measure(written: str, name: str, hint: str) -> str:
    for text in (written, *re.findall(r"[（(]([^()（）]+)[)）]", name), hint):
        cleaned = re.sub(r"\s+", "", text or "")
        if cleaned in MEASURES and cleaned or cleaned in AMOUNT_FACTORS:
            return cleaned
    return ""


def _cell_source(ctx: ReadContext, row: int, unit: str) -> str:
    """The cell a matrix quota came from, as a user finds it: 第 7 行“北流市”列."""
    labels = "、".join(f"“{c.label}”" for c in ctx.layout.unit_columns if c.unit == unit)
    return f"第 {row + 1} 行{labels or unit}列"


def _warn_unknown_unit_columns(ctx: ReadContext) -> None:
    """A column among the unit columns whose heading is not a known unit is reported, not dropped silently."""
    units = ctx.layout.unit_columns
    first, last = units[0].index, units[-1].index
    for column in ctx.layout.columns:
        if column.field is None and first < column.index < last + 2 and column.label:
            name = column.label.split("/")[-1]
            ctx.preview.warnings.append(f"“{column.label}”列不是登记表中的单位，该列没有读取，请核对")
            ctx.preview.unresolved.append(name)

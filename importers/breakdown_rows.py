"""The rows of a breakdown table turned into tasks: the long task list (quotas inside sentences), and the
row helpers the matrix shapes share (end of table, section headings, serials, deadlines)."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from domain.figures import normalize_text, number_text
from domain.plans import Indicator, IndicatorKind, Quota, Task, display_seq
from domain.quota_segments import same_indicator
from domain.quota_text import QuotaReading, check_sum, guess_kind, read_indicators, read_quotas
from importers.row_serials import clean_seq, parse_deadline, section_heading
from importers.table_layout import Column, ends_table, label_text
from importers.table_reader import cell_text
from importers.table_rows import ask_all, cancelled_words, skipped_row

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

CITY_FIELDS = ("city_seq", "topic", "region_goal", "region_task", "city_goal", "responsible", "deadline", "lead",
               "partners")  # fmt: skip
_TEXT_FIELDS = ("city_seq", "topic", "region_goal", "region_task", "city_goal", "text", "responsible", "lead",
                "partners", "note")  # fmt: skip


def row_values(ctx: ReadContext, row: int) -> dict[str, Any]:
    values = ctx.layout.grid.rows[row]
    return {c.field: values[c.index] if c.index < len(values) else None for c in ctx.layout.columns if c.field}


def is_header_repeat(ctx: ReadContext, row: int) -> bool:
    header = ctx.layout.grid.rows[ctx.layout.header_last]
    values = ctx.layout.grid.rows[row]
    same = [label_text(a) == label_text(b) for a, b in zip(header, values, strict=False) if label_text(a)]
    return bool(same) and all(same)



def long_tasks(ctx: ReadContext) -> list[Task]:
    """Tasks of the long shape (seed 000): quotas are read out of each sub-task's text."""
    layout = ctx.layout
    rows = layout.grid.rows
    seq_column = layout.column("seq")
    has_city_seq = layout.column("city_seq") is not None
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    repeated: dict[str, str] = {}
    previous: Task | None = None
    previous_row = -1
    topic, section = "", 0
    prefix = sections_restart(ctx)
    for row in range(layout.header_last + 1, len(rows)):
        ctx.tick(row, len(rows))
        if ends_table(rows[row]):
            break
        heading = section_heading(ctx, row, [])
        if heading:
            topic, section = heading, section + 1
            if previous is not None:
                _finish(ctx, previous, previous_row)
                previous = None
            continue
        values = row_values(ctx, row)
        texts = {name: cell_text(v) for name, v in values.items()}
        if row in layout.grid.hidden_rows or cancelled_words("", texts.get("note", "")):
            skipped_row(ctx, row, _row_title(texts), {"note": texts.get("note", "")})
            continue
        if "indicator" in texts and "topic" not in texts:
            # In the long shape 指标名称 holds the topic ("创新创业"); the indicator comes from the text.
            texts["topic"] = texts["indicator"]
        if not any(texts.values()) or is_header_repeat(ctx, row):
            continue
        seq = clean_seq(texts.get("seq", "")) if seq_column else str(len(tasks) + 1)
        if seq and prefix and section:
            seq = f"{section}.{seq}"
        text = texts.get("text") or texts.get("city_goal") or texts.get("indicator") or ""
        detail = texts.get("breakdown", "")
        if previous and (not seq or (seq == previous.seq and _merged_with_previous(ctx, row, seq_column))):
            # A sub-task cut by a page break, or written over two rows (Word merges 序号 / 工作任务 / 责任单位
            # over sub-rows that each hold figures): its text continues the one above, figures and all.
            _continue_task(ctx, previous, detail or text)
            continue
        if detail:
            # The figures are in the 任务分解 / 具体任务 column: read from there, name the task by its title.
            ctx.quota_texts[seq] = detail
            text = f"{text}：{detail}" if text and text != detail else detail
        if texts.get("text") or texts.get("indicator"):
            ctx.titles.setdefault(seq, _title_of(ctx, texts))
        goal_column = layout.column("city_goal")
        if goal_column is not None and texts.get("city_goal") and not has_city_seq:
            # Without a city-row serial, a 目标任务 cell of one row only is that task's own city target.
            merged = layout.grid.merged_range(row, goal_column.index)
            if merged is None or merged[0] == merged[2]:
                ctx.own_goals.add(seq)
        if not seq:
            seq = str(len(tasks) + 1)
            ctx.warn(row, f"没有细化任务序号，按顺序编为 {seq}")
        if not text:
            ctx.warn(row, f"序号 {display_seq(seq)} 没有任务内容，已跳过")
            continue
        if seq in seen:
            # Kept under a serial of its own, its figures asked about: a repeated 序号 refuses nothing.
            again = next(f"{seq}-{n}" for n in range(2, len(seen) + 3) if f"{seq}-{n}" not in seen)
            ctx.warn(row, f"细化任务序号 {display_seq(seq)} 与第 {seen[seq] + 1} 行重复：这一行按序号 {again} 导入，"
                          "其分解指标列为待确认")  # fmt: skip
            repeated[again] = (f"序号 {display_seq(seq)} 与第 {seen[seq] + 1} 行重复，这一行按序号 {again} 导入："
                               "请确认这一行的数字（是否重复录入）")  # fmt: skip
            seq = again
        seen[seq] = row
        task = Task(seq=seq, text=text, topic=topic)
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
    for task in tasks:
        if task.seq in repeated:
            ask_all(ctx, ctx.preview.task_rows[task.seq] - 1, task, repeated[task.seq], rule="repeated_serial")
    return tasks


def _row_title(texts: dict[str, str]) -> str:
    """A row's words to name it by in a message: its task text, else its first text."""
    return texts.get("text") or texts.get("indicator") or texts.get("breakdown") or next(
        (t for t in texts.values() if t), ""
    )


def _title_of(ctx: ReadContext, texts: dict[str, str]) -> str:
    """A task's short name: its 指标名称 when that column names each row's own indicator, else its title."""
    if texts.get("indicator") and ctx.distinct_indicators():
        return texts["indicator"]
    if texts.get("breakdown") and texts.get("text"):
        return texts["text"]
    return ""


def sections_restart(ctx: ReadContext) -> bool:
    """Whether serials start again under each section (一、… 1 2 3, 二、… 1 2): they are then prefixed."""
    column = ctx.layout.column("seq")
    if column is None:
        return False
    seen: set[str] = set()
    for row in range(ctx.layout.header_last + 1, len(ctx.layout.grid.rows)):
        if section_heading(ctx, row, []):
            continue
        values = ctx.layout.grid.rows[row]
        seq = clean_seq(cell_text(values[column.index])) if column.index < len(values) else ""
        if seq and seq in seen and not _merged_with_previous(ctx, row, column):
            return True
        if seq:
            seen.add(seq)
    return False


def _continue_task(ctx: ReadContext, task: Task, text: str) -> None:
    """A row that continues the task above: its words join the task's text and the text its figures come from."""
    if not text or text in task.text:
        return
    task.text += text
    if task.seq in ctx.quota_texts:
        ctx.quota_texts[task.seq] += text


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
    """Read the task's indicators out of its text once the text is complete: one per indicator the text holds."""
    known = ctx.damaged.get((task.seq, _bare(task.text)))
    if known is not None:
        _as_builtin(ctx, task, row, *known)
        return
    check = not ctx.single_unit
    source = ctx.quota_texts.get(task.seq) or task.text
    # The plan's year tells this year's figures from others' ("2022年达到20%，2023年达到25%"); a year only guessed
    # (no year in the title) is left to the sentence, which takes its first dated target's year.
    year = ctx.year if re.search(rf"{ctx.year}\s*年", ctx.layout.title or "") else None
    readings = read_indicators(source, ctx.registry, measure=ctx.layout.measure_hint, city=ctx.city,
                               check_total=check, year=year)  # fmt: skip
    reading = readings[0]
    own_goal = task.seq in ctx.own_goals
    if task.city_goal and reading.quotas and (reading.total is None or own_goal):
        goal = read_quotas(task.city_goal, ctx.registry, city=ctx.city, year=year)
        differs = reading.total is not None and goal.total is not None and goal.total != reading.total
        if differs and goal.measure == reading.measure:
            # The row's own 目标任务 cell states the city target; a figure in the breakdown words that
            # differs from it ("各县分别按不少于30人次") is no city target.
            stated = f"{number_text(goal.total)}{goal.measure}（{goal.total_source}）"
            ctx.note(row, f"任务 {display_seq(task.seq)}：全市目标取“目标任务”列的 {stated}，"
                          f"分解文字中的 {number_text(reading.total)}{reading.measure} 不作为全市目标")  # fmt: skip
            reading.total = None
        if (
            reading.total is None and goal.total is not None and goal.measure == reading.measure
            and same_indicator(goal.name, reading.name)
        ):  # fmt: skip
            # Not another indicator's goal ("…(R&D)经费投入强度力争达到0.6%" beside every county's growth).
            reading.total, reading.total_source = goal.total, goal.total_source
            reading.name, reading.direction = goal.name, goal.direction
            reading.notes.clear()
            reading.warnings = [w for w in reading.warnings if "合计" not in w]
            if check:
                check_sum(reading)
    if len(readings) == 1 and _no_figures(reading) and task.city_goal and task.city_goal != task.text:
        # 重点任务 describes, 目标任务 holds the figures ("新增高企30家，其中…"): read those.
        goals = read_indicators(task.city_goal, ctx.registry, measure=ctx.layout.measure_hint, city=ctx.city,
                                check_total=check, year=year)  # fmt: skip
        if not all(_no_figures(g) for g in goals):
            readings = goals
    indicators = [_indicator(r.text or source, r) for r in readings]
    title = ctx.titles.get(task.seq, "")
    if title and len(indicators) == 1 and indicators[0].kind.is_numeric:
        indicators[0].name = re.sub(r"[（(](万元|亿元|元|家|项|个|人次|人|件|%)[)）]$", "", title)
    _distinct_names(indicators, source)
    task.indicators = indicators
    ctx.total_sources[task.seq] = readings[0].total_source
    for indicator, one in zip(indicators, readings, strict=True):
        report_reading(ctx, row, task.seq, one)
        ask_sentence(ctx, row, task.seq, indicator, one, one.text or source)


def _distinct_names(indicators: list[Indicator], text: str) -> None:
    """Every indicator of a task needs a name of its own (the review keys its cells by it)."""
    seen: set[str] = set()
    for number, indicator in enumerate(indicators, 1):
        name = indicator.name or _name_from_text(text)
        while name in seen:
            name = f"{indicator.name or _name_from_text(text)}（{number}）"
            number += 1
        indicator.name = name
        seen.add(name)


def _no_figures(reading: QuotaReading) -> bool:
    return (
        reading.total is None and not reading.quotas and not getattr(reading, "pending", []) and not reading.unresolved
    )


def ask_sentence(ctx: ReadContext, row: int, seq: str, indicator: Indicator, reading: QuotaReading, text: str) -> None:
    """Everything the sentence reader could not place with certainty becomes a 待确认 item of the preview."""
    asked: set[str] = set()
    for item in getattr(reading, "pending", []):
        name = getattr(item, "name", "") or ""
        asked.add(name)
        value = getattr(item, "value", None)
        baseline = value if getattr(item, "part", "target") == "baseline" else None
        target = None if baseline is not None else value
        ctx.ask(
            row, seq, indicator.name, name, getattr(item, "unit", None) or "", target, baseline,
            getattr(item, "measure", "") or indicator.measure, getattr(item, "clause", "") or text,
            getattr(item, "reason", "") or "读不准，请确认", getattr(item, "rule", "") or "",
        )  # fmt: skip
    where = f"{ctx.city}的" if ctx.city else ""
    for name in reading.unresolved:
        if name not in asked:
            reason = f"“{name}”不是登记表中{where}单位，这一项没有读取：请对应到已有单位或新增为开发区，并填写数值"
            ctx.ask(row, seq, indicator.name, name, "", None, None, indicator.measure, text, reason, "unknown_name")


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
        head += f"，{indicator.direction.label}{number_text(indicator.target)}{measure}"
    head += "）"
    quotas = "、".join(
        f"{q.unit} {number_text(q.target)}{measure}（原文“{q.source}”）"
        for q in indicator.quotas
        if q.target is not None
    )
    return f"{head}：{quotas}" if quotas else head


def _indicator(text: str, reading: QuotaReading) -> Indicator:
    name = reading.name or _name_from_text(text)
    pending = getattr(reading, "pending", [])
    has_figures = reading.total is not None or bool(reading.quotas) or bool(pending)
    if not has_figures:
        return Indicator(name=name)
    measure = "%" if reading.percent else reading.measure
    if not measure and pending:
        measure = next((getattr(p, "measure", "") for p in pending if getattr(p, "measure", "")), "")
    kind = guess_kind(name, text, measure)
    if kind is IndicatorKind.QUALITATIVE:
        kind = IndicatorKind.INCREMENT
    if kind is IndicatorKind.GROWTH:
        amount = re.search(r"\d(万元|亿元)", text)
        measure = reading.baseline_measure or (amount.group(1) if amount else growth_measure(text))
    quotas = [Quota(q.unit, q.target, q.baseline, q.source) for q in reading.quotas]
    return Indicator(name, measure, kind, reading.direction, reading.total, quotas)


def growth_measure(text: str) -> str:
    """A growth target is a %; the indicator's measure is that of the amount that grows (its baseline)."""
    return "万元" if re.search(r"经费|金额|支出|投入|收入|产值|贷款|成交额|资金", text) else ""


def _name_from_text(text: str) -> str:
    head = re.split(r"[，,。；;：:（(]", normalize_text(text).strip(), maxsplit=1)[0]
    head = re.sub(r"^(将|要|并)", "", head)
    return (head or text)[:40]


def report_reading(ctx: ReadContext, row: int, seq: str, reading: QuotaReading) -> None:
    label = f"任务 {display_seq(seq)}"
    ctx.preview.unresolved.extend(reading.unresolved)
    for line in reading.warnings:
        ctx.warn(row, f"{label}：{line}")
    for line in reading.notes:
        ctx.note(row, f"{label}：{line}")

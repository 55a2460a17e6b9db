"""A city's breakdown table (任务分工表) read into a Plan, with every quota's source text, before storing.

The whole read gives an ImportPreview: the plan with its tasks, indicators and quotas, plus warnings
(names not in the registry, sums below the total, unreadable deadlines), notes and errors (text where a
number belongs). A file that cannot be read at all raises TableFileError instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from domain.continuation import rejoin_rows
from domain.plan_data import PLAN_DATA_SHEET, read_plan_data, same_words
from domain.plans import Indicator, Plan, Quota, Task, display_seq
from domain.quota_text import read_quotas
from domain.return_checksum import UNIT_KEY_SHEET
from domain.units import UnitRegistry
from importers.file_safety import TableFileError
from importers.progress_refusal import refuse_progress_table, refuse_returns_by_mark
from importers.table_checks import ask_measure_mismatches
from importers.table_content import unread_figures_warning
from importers.table_find import find_table, sheet_tables
from importers.table_furniture import (
    clear_header_notes,
    clear_page_furniture,
    clear_repeated_headers,
    furniture_note,
)
from importers.table_layout import Layout, Shape
from importers.table_notes import apply_scope_notes, notes_under, table_measure
from importers.table_places import ZONE_NAME, Place, bare_name, place_of, unknown_name_reason
from importers.table_reader import Cancelled, Progress, ReadCancelled, SheetGrid, cell_text, read_workbook
from importers.table_review import PendingItem, number_items
from importers.table_sheets import column_notes, prefix_clashing_serials, tables_to_read
from importers.table_versions import one_version_each, only_sheet

__all__ = ["FoundQuota", "ImportPreview", "TableFileError", "read_breakdown_table"]


@dataclass(frozen=True)
class FoundQuota:
    """One unit's quota as the preview lists it, with the words or cell it came from."""

    seq: str
    indicator: str
    unit: str
    target: float | None
    baseline: float | None
    measure: str
    source: str


@dataclass
class ImportPreview:
    """What a breakdown table holds, read but not stored: the plan, and every warning and error.

    Import only when `errors` is empty. `fields` are the task fields the table has columns for (a field
    it lacks says nothing about the stored value). `replaces` is filled in by the import operation when
    a stored plan has the same table title (a revised table of the same plan). `unread` is the loud
    warning (also first among the warnings) of a table read with no quota although a column names units
    with figures: it must not pass as an all-qualitative plan unnoticed. `table_notes` are the notes written
    under the tables (注：…), shown beside the review whether or not the reader could apply them.
    `workbook_sheets` names every sheet of the file, for a choice of sheet.
    """

    file: str
    sheet: str
    shape: str
    plan: Plan
    path: str = ""
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    pending: list[PendingItem] = field(default_factory=list)
    table_notes: list[str] = field(default_factory=list)
    task_rows: dict[str, int] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)
    year_stated: bool = True
    replaces: str = ""
    unread: str = ""
    workbook_sheets: list[str] = field(default_factory=list)
    registry: UnitRegistry | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Whether the table may be imported: no errors (warnings do not stop it)."""
        return not self.errors

    @property
    def indicators(self) -> list[tuple[str, Indicator]]:
        """(task serial, indicator) in table order."""
        return [(t.seq, i) for t in self.plan.tasks for i in t.indicators]

    @property
    def quotas(self) -> list[FoundQuota]:
        """Every quota found, in table order."""
        return [
            FoundQuota(seq, ind.name, q.unit, q.target, q.baseline, ind.measure, q.source)
            for seq, ind in self.indicators
            for q in ind.quotas
        ]

    def report(self) -> dict[str, Any]:
        """The JSON report of `main.py import --json`."""
        plan = self.plan
        return {
            "plan": {
                "title": plan.title, "year": plan.year, "city": plan.city, "file": self.file,
                "sheet": self.sheet, "shape": self.shape, "replaces": self.replaces or None,
            },
            "tasks": [
                {
                    "seq": t.seq, "city_seq": t.city_seq, "text": t.text, "responsible": t.responsible,
                    "deadline": t.deadline.isoformat() if t.deadline else None, "lead": t.lead,
                    "partners": t.partners, "row": self.task_rows.get(t.seq),
                }
                for t in plan.tasks
            ],
            "indicators": [
                {"seq": seq, "name": i.name, "measure": i.measure, "kind": i.kind.value,
                 "direction": i.direction.value, "target": i.target}
                for seq, i in self.indicators
            ],
            "quotas": [
                {"seq": q.seq, "indicator": q.indicator, "unit": q.unit, "target": q.target,
                 "baseline": q.baseline, "source": q.source}
                for q in self.quotas
            ],
            "warnings": list(self.warnings),
            "unread": self.unread or None,
            "notes": list(self.notes),
            "errors": list(self.errors),
            "unresolved": list(self.unresolved),
            "pending": [p.report() for p in self.pending],
            "table_notes": list(self.table_notes),
        }  # fmt: skip


# The rules of a doubt about a name itself (a name the registry lacks, or a word that may be a name).
_NAME_RULES = {"unknown_name", "name_unclear"}


@dataclass
class ReadContext:
    """What the row readers share: where messages point, the registry, the city and the plan's year."""

    preview: ImportPreview
    layout: Layout
    registry: UnitRegistry
    city: str
    year: int
    progress: Progress | None = None
    cancelled: Cancelled | None = None
    total_sources: dict[str, str] = field(default_factory=dict)
    single_unit: str = ""
    damaged: dict[tuple[str, str], tuple[str, Task]] = field(default_factory=dict)
    arabic_serials: bool | None = None
    quota_texts: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    own_goals: set[str] = field(default_factory=set)
    footnotes: list[str] = field(default_factory=list)
    applied_notes: set[str] = field(default_factory=set)
    tasks_read: list[Task] = field(default_factory=list)
    sub_rows: dict[int, str] = field(default_factory=dict)  # a "其中：X" row → the unit above it that X is part of
    _distinct: bool | None = None

    def distinct_indicators(self) -> bool:
        """Whether the 指标名称 column names each task's own indicator (seed 000's holds one topic for all)."""
        if self._distinct is None:
            column = self.layout.column("indicator")
            names = [
                cell_text(r[column.index]) for r in self.layout.grid.rows[self.layout.header_last + 1 :]
                if column is not None and column.index < len(r) and cell_text(r[column.index])
            ]  # fmt: skip
            self._distinct = len(names) >= 2 and len(set(names)) == len(names)
        return self._distinct

    def where(self, row: int, column: str = "") -> str:
        """'文件 X 工作表“Y”第 N 行“列”' for messages; `row` is 0-based."""
        place = f"{self.preview.file} 工作表“{self.layout.grid.name}”第 {row + 1} 行"
        return f"{place}“{column}”列" if column else place

    def error(self, row: int, column: str, text: str) -> None:
        self.preview.errors.append(f"{self.where(row, column)}：{text}")

    def warn(self, row: int, text: str) -> None:
        self.preview.warnings.append(f"第 {row + 1} 行：{text}")

    def note(self, row: int, text: str) -> None:
        self.preview.notes.append(f"第 {row + 1} 行：{text}")

    def ask(
        self, row: int, seq: str, indicator: str, name: str, unit: str, value: float | None,
        baseline: float | None, measure: str, source: str, reason: str, rule: str = "", baseline_measure: str = "",
        part: str = "",
    ) -> None:  # fmt: skip
        """List a figure that could not be placed with certainty as 待确认 (numbered when the read ends).

        A name the registry does not hold as a unit of this city is explained by what it seems to be
        (another city's unit, an unregistered zone, a former name), whoever asked about it.
        """
        if name and (not unit or rule in _NAME_RULES):
            unit, reason = self._name_reason(name, unit, reason, rule)
        part = part or ("baseline" if value is None and baseline is not None else "target")
        item = PendingItem("", seq, indicator, name, unit, value, baseline, measure, source, reason, rule, row + 1,
                           baseline_measure or measure, part, self.layout.grid.name)  # fmt: skip
        self.preview.pending.append(item)
        if name and not unit:
            self.preview.unresolved.append(name)

    def _name_reason(self, name: str, unit: str, reason: str, rule: str) -> tuple[str, str]:
        place, found = place_of(name, self.registry)
        if found is not None and place is Place.UNIT and (not self.city or found.city == self.city):
            return unit, reason  # a unit of this city: the doubt is about the figure
        if found is None and place is None and rule not in _NAME_RULES:
            return unit, reason
        explained = unknown_name_reason(name, self.registry, self.city)
        if reason.startswith(explained):
            return unit, reason  # said already by the matrix reader
        if found is None and not ZONE_NAME.search(bare_name(name)) and rule == "name_unclear":
            return unit, reason  # "北京路…": the grammar's own doubt about a prefix says more
        if rule in _NAME_RULES:
            return "", explained
        return "", f"{explained}；{reason}" if reason else explained

    def tick(self, row: int, total: int) -> None:
        if self.cancelled and self.cancelled():
            raise ReadCancelled()
        if self.progress and row % 10 == 0:
            self.progress(50 + 50 * row // max(1, total), 100, f"正在识别第 {row + 1} 行…")


def read_breakdown_table(
    path: str | Path,
    registry: UnitRegistry,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    sheet: str = "",
) -> ImportPreview:
    """Read every sheet of the file that holds a breakdown table, of any shape, into one plan.

    With `sheet`, only the sheet of that name is read. Of a table and its 修订版 copy only the revised one is
    read; importers.table_versions.SheetChoiceNeeded (a TableFileError) when it is not clear which is newer.

    Raises TableFileError (Chinese, naming file and sheet) for a file that is not a readable table,
    ReadCancelled when `cancelled()` turns true. Row-level problems go into the preview's errors. Each sheet
    left out is named in a note with the reason; tasks of a later sheet whose serials clash with an earlier
    sheet's are prefixed with that sheet's label (表2-1).
    """
    from importers.breakdown_rows import damaged_builtin_texts

    file = Path(path)
    workbook = read_workbook(file, progress, cancelled)
    grids = only_sheet(workbook.sheets, sheet, file.name) if sheet else workbook.sheets
    # The sheets this application hides in its exports carry data, not a table: never read as one.
    grids = [g for g in grids if not (g.hidden and g.name in (PLAN_DATA_SHEET, UNIT_KEY_SHEET))]
    for grid in grids:  # text this application continued on a 附页 is read whole (domain.continuation)
        grid.rows = rejoin_rows(grid.rows)
        clear_page_furniture(grid)
    if not grids:
        raise TableFileError(f"文件 {file.name} 中没有工作表")
    refuse_returns_by_mark(file, grids)
    found, why = sheet_tables(grids, registry)
    grid, layout = found[0] if found else find_table(file, grids, registry)  # find_table says why there is none
    refuse_progress_table(file, grid, layout)
    tables, left_out = tables_to_read(grids, registry, found, why)
    tables, versions = one_version_each(tables, file.name)
    if tables and tables[0][0] is not grid:  # the first table found was the older version
        grid, layout = tables[0]
    for _, table in tables:
        clear_repeated_headers(table)
        clear_header_notes(table)
    city = detect_city(layout, registry) or next(
        (c for c in (detect_city(other, registry) for _, other in tables[1:]) if c), ""
    )
    plan = Plan(title=layout.title or file.stem, year=0, city=city, table_title=layout.title)
    sheets = "、".join(g.name for g, _ in tables)
    shapes = "、".join(dict.fromkeys(lay.shape.value for _, lay in tables))
    preview = ImportPreview(file.name, sheets, shapes, plan, path=str(file), registry=registry)
    preview.workbook_sheets = [g.name for g in workbook.sheets]
    preview.fields = {c.field for _, lay in tables for c in lay.columns if c.field}
    year = _year(layout) or next((_year(lay) for _, lay in tables[1:] if _year(lay)), 0)
    header_years = sorted(layout.years) if not year else []  # "2025年目标" columns under a title without a year
    year = year or (header_years[0] if header_years else 0)
    preview.warnings.extend(workbook.notices + versions)
    if not layout.title:
        preview.warnings.append(f"工作表“{grid.name}”表头上方没有标题，方案名称取自文件名“{file.stem}”")
    if not city:
        preview.warnings.append("无法从标题判断是哪个市的表，单位名称按全区登记表识别")
    preview.notes.extend(left_out)
    if sheet:
        preview.notes.append(f"按所选只读取工作表“{grid.name}”，其他工作表未读取")
    single_unit = _copy_for_unit(layout.title, registry)
    if single_unit:
        preview.notes.append(f"本表是{single_unit}的分表（标题注明），只含本单位的分解指标，不核对各单位合计")
        # The unit's copy is the city's plan: its title (and so its key, which the returns carry back to the city)
        # is the city's, without the "（万秀区）" the copy's title adds.
        plan.title = _without_holder(layout.title) or plan.title
    tasks: list[Task] = []
    contexts: list[ReadContext] = []
    for _, sheet_layout in tables:
        ctx = ReadContext(preview, sheet_layout, registry, city, year or date.today().year, progress, cancelled)
        ctx.single_unit = single_unit
        ctx.damaged = damaged_builtin_texts(city)
        start, rows = len(preview.pending), dict(preview.task_rows)
        read = read_sheet(ctx, several=len(tables) > 1)
        prefix_clashing_serials(ctx, read, {t.seq for t in tasks}, preview.pending[start:], rows)
        tasks += read
        contexts.append(ctx)
    data = _plan_data(workbook.sheets)
    if data:
        _apply_plan_data(preview, tasks, data)
    elif data is not None:  # the hidden sheet is there but was changed (or is a newer format): said, not silent
        preview.notes.append("表中附带的方案数据已被改动或无法识别，全部任务按表中文字读取")
    number_items(preview.pending)
    if not tasks and not preview.errors:
        raise TableFileError(
            f"文件 {file.name} 工作表“{grid.name}”第 {layout.header_last + 1} 行是表头，但下面没有任务行"
        )
    plan.tasks = tasks
    if header_years:
        preview.year_stated = False
        several = f"（表头有{'、'.join(f'{y}年' for y in header_years)}的目标）" if len(header_years) > 1 else ""
        preview.warnings.append(f"标题中没有年份，按表头中的目标年份 {year} 年导入{several}，请核对")
    if not year:
        year = max((t.deadline.year for t in tasks if t.deadline), default=date.today().year)
        preview.year_stated = False
        preview.warnings.append(f"标题中没有年份，按 {year} 年导入（更新库中同名方案时沿用其年份）")
    plan.year = year
    if not preview.quotas and not preview.pending:
        for ctx in contexts:
            if ctx.layout.shape is Shape.LONG and not preview.unread:
                preview.unread = unread_figures_warning(ctx.layout, registry)
        if preview.unread:
            preview.warnings.insert(0, preview.unread)
    for ctx in contexts[1:]:
        contexts[0].total_sources.update(ctx.total_sources)
    _city_own_targets(contexts[0])
    preview.unresolved = list(dict.fromkeys(preview.unresolved))
    if progress:
        progress(100, 100, "识别完成")
    return preview


def read_sheet(ctx: ReadContext, several: bool = False) -> list[Task]:
    """The tasks of one sheet's table, with what its header told (columns not read, notes under the table).

    With `several` sheets read, every message this sheet gives names it.
    """
    from importers.breakdown_matrix import matrix_tasks
    from importers.breakdown_rows import long_tasks
    from importers.breakdown_unit_rows import unit_row_tasks

    preview, layout = ctx.preview, ctx.layout
    marks = (len(preview.warnings), len(preview.notes), len(preview.errors))
    start = len(preview.pending)
    ctx.footnotes = notes_under(layout)
    preview.table_notes += [f"工作表“{layout.grid.name}”：{n}" if several else n for n in ctx.footnotes]
    layout.measure_hint = layout.measure_hint or table_measure(ctx.footnotes)
    unused = [c.label for c in layout.columns if c.field is None and c.label in layout.ignored]
    for label in dict.fromkeys(unused):
        preview.warnings.append(f"“{label}”列与前面的列含义重复，未读取")
    preview.notes.extend(layout.notices)
    preview.notes.extend(column_notes(layout))
    skipped = furniture_note(layout)
    if skipped:
        preview.notes.append(skipped)
    readers = {Shape.MATRIX: matrix_tasks, Shape.UNIT_ROWS: unit_row_tasks, Shape.LONG: long_tasks}
    tasks = readers[layout.shape](ctx)
    ctx.tasks_read = tasks
    apply_scope_notes(ctx, start)
    ask_measure_mismatches(ctx, tasks)
    if several:
        name = f"工作表“{layout.grid.name}”"
        for lines, mark in zip((preview.warnings, preview.notes, preview.errors), marks, strict=True):
            lines[mark:] = [line if name in line else f"{name}{line}" for line in lines[mark:]]
    return tasks


def _city_own_targets(ctx: ReadContext) -> None:
    """A table that breaks nothing down to counties is the city's own list of goals: each total is its quota.

    So a city installation can track them (百色's 工作要点). A table with county quotas anywhere leaves
    its totals as totals.
    """
    plan = ctx.preview.plan
    if not ctx.city or any(i.quotas for t in plan.tasks for i in t.indicators):
        return
    if any(p.unit != ctx.city for p in ctx.preview.pending):
        return  # the counties' figures are there, only waiting for confirmation: the totals stay the city's
    count = 0
    for task in plan.tasks:
        for indicator in task.indicators:
            if indicator.kind.is_numeric and indicator.target is not None:
                source = ctx.total_sources.get(task.seq) or f"全市目标 {indicator.target:g}"
                indicator.quotas.append(Quota(ctx.city, indicator.target, None, source))
                count += 1
    if count:
        ctx.preview.notes.append(f"表中没有分解到各县（市、区）的指标，{count} 项总目标按{ctx.city}本级目标登记")


def detect_city(layout: Layout, registry: UnitRegistry) -> str:
    """The city whose table this is: named in the title, else the one most unit columns or names belong to."""
    title = layout.title
    for city in registry.cities():
        if city.name in title or any(f"{a}市" in title for a in city.aliases):
            return city.name
    cities: Counter[str] = Counter()
    for column in layout.unit_columns:
        unit = registry.resolve(column.unit)
        if unit:
            cities[unit.city] += 1
    names = layout.column("unit_name")
    for row in layout.grid.rows[layout.header_last + 1 :] if names is not None else []:
        place, unit = place_of(cell_text(row[names.index]) if names.index < len(row) else "", registry)
        if unit is not None and place in (Place.UNIT, Place.CITY):
            cities[unit.city] += 1
    if not cities:
        text_columns = [c.index for c in layout.columns if c.field in ("text", "city_goal", "breakdown")]
        for row in layout.grid.rows[layout.header_last + 1 :]:
            for index in text_columns:
                text = cell_text(row[index]) if index < len(row) else ""
                for quota in read_quotas(text, registry).quotas if text else []:
                    unit = registry.resolve(quota.unit)
                    if unit and not unit.is_city:
                        cities[unit.city] += 1
    return cities.most_common(1)[0][0] if cities else ""


def _copy_for_unit(title: str, registry: UnitRegistry) -> str:
    """The unit a title names as the copy's holder: "…任务分工表（北流市）" is 北流市's copy."""
    match = re.search(r"[（(]([^()（）]+)[)）]\s*$", title)
    unit = registry.resolve(match.group(1)) if match else None
    return unit.name if unit is not None and not unit.is_city else ""


def _plan_data(sheets: list[SheetGrid]) -> dict[str, tuple[str, list[Indicator]]] | None:
    """The plan data this application wrote into the table it exported (domain.plan_data): None without the
    sheet, {} when the sheet is there but changed or of an unknown format."""
    grid = next((g for g in sheets if g.hidden and g.name == PLAN_DATA_SHEET), None)
    if grid is None:
        return None
    return read_plan_data(grid.rows) or {}  # {}: there, but not to be trusted


def _apply_plan_data(
    preview: ImportPreview, tasks: list[Task], data: dict[str, tuple[str, list[Indicator]]]
) -> None:
    """Each task whose words are still those exported with the data: its indicators as the exporting ledger
    keeps them (names, kinds, measures, targets, quotas). A task edited by hand keeps its reading of the words.

    The sentences were read all the same (they are what people read); their doubts about the tasks taken from
    the data are answered by it, so they are not asked.
    """
    applied = {t.seq for t in tasks if t.seq in data and same_words(data[t.seq][0], t.text)}
    edited = [t.seq for t in tasks if t.seq in data and t.seq not in applied]
    for task in tasks:
        if task.seq in applied:
            task.indicators = [_as_read(i, task.indicators) for i in data[task.seq][1]]
    if edited:
        preview.notes.append(
            f"任务 {'、'.join(display_seq(s) for s in edited)} 的文字与表中附带的方案数据不同（已改动），按表中文字读取"
        )
    if not applied:
        return
    preview.pending = [p for p in preview.pending if p.seq not in applied]
    preview.notes.append(
        f"本表由本程序导出，附带方案数据：{len(applied)} 项任务的指标名称、类型、计量单位和分解数按方案数据导入，"
        "与导出它的台账一致"
    )


def _as_read(kept: Indicator, read: list[Indicator]) -> Indicator:
    """The data's indicator with its quotas in the order, and with the clauses, the words gave them."""
    words = next((i for i in read if i.name == kept.name), read[0] if len(read) == 1 else None)
    if words is None:
        return kept
    order = {q.unit: n for n, q in enumerate(words.quotas)}
    sources = {q.unit: q.source for q in words.quotas if q.source}
    kept.quotas.sort(key=lambda q: order.get(q.unit, len(order)))
    for quota in kept.quotas:
        quota.source = sources.get(quota.unit, quota.source)
    return kept


def _without_holder(title: str) -> str:
    """A unit copy's title without the holder's name in brackets at its end."""
    return re.sub(r"\s*[（(][^()（）]+[)）]\s*$", "", title).strip()


def _year(layout: Layout) -> int:
    match = re.search(r"(20\d{2})\s*年", layout.title)
    return int(match.group(1)) if match else 0

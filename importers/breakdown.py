"""A city's breakdown table (任务分工表) read into a Plan, with every quota's source text, before storing.

The whole read gives an ImportPreview: the plan with its tasks, indicators and quotas, plus warnings
(names not in the registry, sums below the total, unreadable deadlines), notes and errors (text where a
number belongs). A file that cannot be read at all raises TableFileError instead.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from domain.continuation import rejoin_rows
from domain.plans import Indicator, Plan, Quota, Task
from domain.quota_text import read_quotas
from domain.return_checksum import SUMMARY_FORMAT
from domain.units import UnitRegistry
from importers.file_safety import TableFileError
from importers.returns import META_FORMAT
from importers.table_layout import Layout, Shape, find_layout, header_attempt, label_text
from importers.table_reader import Cancelled, Progress, ReadCancelled, SheetGrid, cell_text, read_sheets, read_workbook
from importers.table_review import PendingItem, number_items

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
    a stored plan has the same table title (a revised table of the same plan).
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
    task_rows: dict[str, int] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)
    year_stated: bool = True
    replaces: str = ""
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
            "notes": list(self.notes),
            "errors": list(self.errors),
            "unresolved": list(self.unresolved),
            "pending": [p.report() for p in self.pending],
        }  # fmt: skip


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
        place = f"{self.preview.file} 工作表“{self.preview.sheet}”第 {row + 1} 行"
        return f"{place}“{column}”列" if column else place

    def error(self, row: int, column: str, text: str) -> None:
        self.preview.errors.append(f"{self.where(row, column)}：{text}")

    def warn(self, row: int, text: str) -> None:
        self.preview.warnings.append(f"第 {row + 1} 行：{text}")

    def note(self, row: int, text: str) -> None:
        self.preview.notes.append(f"第 {row + 1} 行：{text}")

    def ask(
        self, row: int, seq: str, indicator: str, name: str, unit: str, value: float | None,
        baseline: float | None, measure: str, source: str, reason: str, rule: str = "",
    ) -> None:  # fmt: skip
        """List a figure that could not be placed with certainty as 待确认 (numbered when the read ends)."""
        item = PendingItem("", seq, indicator, name, unit, value, baseline, measure, source, reason, rule, row + 1)
        self.preview.pending.append(item)
        if name and not unit:
            self.preview.unresolved.append(name)

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
) -> ImportPreview:
    """Read the first sheet of the file that holds a breakdown table, of either shape.

    Raises TableFileError (Chinese, naming file and sheet) for a file that is not a readable table,
    ReadCancelled when `cancelled()` turns true. Row-level problems go into the preview's errors.
    """
    from importers.breakdown_matrix import matrix_tasks, unit_row_tasks
    from importers.breakdown_rows import damaged_builtin_texts, long_tasks

    file = Path(path)
    workbook = read_workbook(file, progress, cancelled)
    grids = workbook.sheets
    for grid in grids:  # text this application continued on a 附页 is read whole (domain.continuation)
        grid.rows = rejoin_rows(grid.rows)
    if not grids:
        raise TableFileError(f"文件 {file.name} 中没有工作表")
    _refuse_returns_by_mark(file, grids)
    grid, layout = _find_table(file, grids, registry)
    _refuse_progress_table(file, grid, layout)
    city = detect_city(layout, registry)
    plan = Plan(title=layout.title or file.stem, year=0, city=city, table_title=layout.title)
    preview = ImportPreview(file.name, grid.name, layout.shape.value, plan, path=str(file), registry=registry)
    preview.fields = {c.field for c in layout.columns if c.field}
    year = _year(layout)
    ctx = ReadContext(preview, layout, registry, city, year or date.today().year, progress, cancelled)
    preview.warnings.extend(workbook.notices)
    if not layout.title:
        preview.warnings.append(f"工作表“{grid.name}”表头上方没有标题，方案名称取自文件名“{file.stem}”")
    if not city:
        preview.warnings.append("无法从标题判断是哪个市的表，单位名称按全区登记表识别")
    ctx.single_unit = _copy_for_unit(layout.title, registry)
    ctx.damaged = damaged_builtin_texts(city)
    if ctx.single_unit:
        preview.notes.append(f"本表是{ctx.single_unit}的分表（标题注明），只含本单位的分解指标，不核对各单位合计")
    for label in layout.ignored:
        preview.warnings.append(f"“{label}”列与前面的列含义重复，未读取")
    readers = {Shape.MATRIX: matrix_tasks, Shape.UNIT_ROWS: unit_row_tasks, Shape.LONG: long_tasks}
    tasks = readers[layout.shape](ctx)
    number_items(preview.pending)
    if not tasks and not preview.errors:
        raise TableFileError(
            f"文件 {file.name} 工作表“{grid.name}”第 {layout.header_last + 1} 行是表头，但下面没有任务行"
        )
    plan.tasks = tasks
    if not year:
        year = max((t.deadline.year for t in tasks if t.deadline), default=date.today().year)
        preview.year_stated = False
        preview.warnings.append(f"标题中没有年份，按 {year} 年导入（更新库中同名方案时沿用其年份）")
    plan.year = year
    _city_own_targets(ctx)
    preview.unresolved = list(dict.fromkeys(preview.unresolved))
    if progress:
        progress(100, 100, "识别完成")
    return preview


def _city_own_targets(ctx: ReadContext) -> None:
    """A table that breaks nothing down to counties is the city's own list of goals: each total is its quota.

    So a city installation can track them (百色's 工作要点). A table with county quotas anywhere leaves
    its totals as totals.
    """
    plan = ctx.preview.plan
    if not ctx.city or any(i.quotas for t in plan.tasks for i in t.indicators):
        return
    count = 0
    for task in plan.tasks:
        for indicator in task.indicators:
            if indicator.kind.is_numeric and indicator.target is not None:
                source = ctx.total_sources.get(task.seq) or f"全市目标 {indicator.target:g}"
                indicator.quotas.append(Quota(ctx.city, indicator.target, None, source))
                count += 1
    if count:
        ctx.preview.notes.append(f"表中没有分解到各县（市、区）的指标，{count} 项总目标按{ctx.city}本级目标登记")


_RETURN_HINT = "市里收取各县报表请用“汇总 → 收取各单位报表”或 python main.py collect"
_SUMMARY_HINT = "汇总表是市里汇总各单位完成情况的结果，用于上报，不能作为任务分工表导入；请选择市里下发的任务分工表"
_RETURN_TITLE = re.compile(r"完成情况(?:统计)?表$")
_SUMMARY_TITLE = re.compile(r"完成情况汇总表$|完成情况表报送情况$")
_BREAKDOWN_TITLE = re.compile(r"分工|分解")
# The title of the plan a return or 汇总表 reports on ("北流市落实《…分工表》…") says nothing of the table itself.
_QUOTED = re.compile(r"《[^《》]*》")
# Columns that hand targets out: the sub-task sentences and the city's targets (a return or 汇总表 has neither).
_ASSIGNING_FIELDS = {"text", "city_goal"}
_TITLE_ROWS = 3


def _refused(file: Path, summary: bool, evidence: str) -> TableFileError:
    if summary:
        return TableFileError(f"“{file.name}”是完成情况汇总表，不是任务分工表（{evidence}）；{_SUMMARY_HINT}")
    return TableFileError(
        f"“{file.name}”是完成情况表（各单位报送的完成情况），不是任务分工表（{evidence}）；{_RETURN_HINT}"
    )


def _progress_title(text: str) -> str:
    """ "summary" or "return" for a title in the form of the app's 汇总表 or 完成情况表, else ""."""
    if _SUMMARY_TITLE.search(text):
        return "summary"
    return "return" if _RETURN_TITLE.search(text) else ""


def _breakdown_title(text: str) -> bool:
    """Whether a title names a breakdown table (分工 / 分解) itself, not through the plan it quotes or reports on."""
    return not _progress_title(text) and _BREAKDOWN_TITLE.search(_QUOTED.sub("", text)) is not None


def _refuse_returns_by_mark(file: Path, grids: list[SheetGrid]) -> None:
    """A workbook with the hidden 校验信息 sheet of the app's own reports is one of them, whatever else it holds."""
    for grid in grids:
        for row in grid.rows[:_TITLE_ROWS]:
            if any(cell_text(v) == META_FORMAT for v in row):
                raise _refused(file, False, f"含本程序导出报表的“{grid.name}”表")
            if any(cell_text(v) == SUMMARY_FORMAT for v in row):
                raise _refused(file, True, f"含本程序导出汇总表的“{grid.name}”表")


def _refuse_progress_table(file: Path, grid: SheetGrid, layout: Layout) -> None:
    """Refuse the sheet the table is read from when it reports achievements and assigns nothing.

    A 完成情况表 or 汇总表 (the app's own, or one retitled by hand) has 完成值 / 完成 and 完成率 columns
    but no sub-task sentences and no city targets. Its title, when it has the form of the app's ("北流市落实
    《…》指标任务完成情况表", "…完成情况汇总表"), names the evidence; the title alone refuses nothing: a city's
    "…指标目标任务及完成情况表" that hands out targets is a breakdown table, and a 分工 in the title excuses
    no progress columns. Other sheets of the workbook (a blank 完成情况统计表 template as 附件2) are not judged.
    """
    labels = [part for c in layout.columns for part in c.label.split("/")]
    if "完成率" not in labels or not {"完成值", "完成"} & set(labels):
        return
    if {c.field for c in layout.columns} & _ASSIGNING_FIELDS:
        return
    for number, row in enumerate(grid.rows[: layout.header_first]):
        for text in dict.fromkeys(label_text(v) for v in row if cell_text(v)):
            kind = _progress_title(text)
            if kind:
                raise _refused(file, kind == "summary", f"工作表“{grid.name}”第 {number + 1} 行标题“{text}”")
    summary = "完成" in labels or any(c.field == "unit" for c in layout.columns)
    where = f"工作表“{grid.name}”第 {layout.header_first + 1} 行的表头有“完成值”“完成率”列"
    if summary:
        where = f"工作表“{grid.name}”第 {layout.header_first + 1} 行的表头按单位列出“目标”“完成”“完成率”"
    raise _refused(file, summary, where)


def refuse_progress_file(path: str | Path, registry: UnitRegistry | None = None) -> None:
    """Refuse a 完成情况表 or 汇总表 before a store is opened for it (TableFileError, as the full read says).

    Cheap for other files: only the workbook's sheet list and document properties are looked at, and
    the sheets are read only when they name a 校验信息 sheet or a 完成情况 title. Without a `registry`
    the built-in one finds the table.
    """
    file = Path(path)
    if not _looks_like_progress_file(file):
        return
    grids = read_sheets(file)
    _refuse_returns_by_mark(file, grids)
    if registry is None:
        from importers.builtin import builtin_registry

        registry = builtin_registry()
    try:
        grid, layout = _find_table(file, grids, registry)
    except TableFileError:
        return  # the full read says so, with its own message
    _refuse_progress_table(file, grid, layout)


def _looks_like_progress_file(file: Path) -> bool:
    try:
        with zipfile.ZipFile(file) as book:
            parts = {i.filename: i.file_size for i in book.infolist()}
            for name, marker in (("xl/workbook.xml", "校验信息"), ("xl/workbook.xml", "汇总信息"),
                                 ("docProps/core.xml", "完成情况")):  # fmt: skip
                if 0 < parts.get(name, 0) <= 1 << 20 and marker.encode() in book.read(name):
                    return True
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    return False


def _find_table(file: Path, grids: list[SheetGrid], registry: UnitRegistry) -> tuple[SheetGrid, Layout]:
    """The sheet the table is read from: the first titled as a breakdown (分工 / 分解), else the first with a table.

    Cities send 附件1 分工表 and 附件2, a blank 完成情况统计表 template, in one workbook, in either order,
    often behind a 封面 or 填报说明 sheet: a sheet without a header, or a header with nothing under it,
    is skipped. When no sheet has a table, the refusal says for each sheet which row was tried and why.
    """
    ordered = [g for g in grids if not g.hidden] + [g for g in grids if g.hidden]
    found: list[tuple[SheetGrid, Layout]] = []
    why: list[str] = []
    for grid in ordered:
        layout = find_layout(grid, registry)
        if layout is None:
            why.append(f"工作表“{grid.name}”{header_attempt(grid, registry)}")
            continue
        if not _has_rows(layout):
            why.append(f"工作表“{grid.name}”第 {layout.header_first + 1} 行是表头，但下面没有内容（空白模板）")
            continue
        if not grid.hidden and _breakdown_title(layout.title):
            return grid, layout
        found.append((grid, layout))
    if found:
        return found[0]
    raise TableFileError(
        f"文件 {file.name} 中找不到任务分工表："
        + "；".join(why)
        + "。分工表应有“序号”“重点任务（细化任务）”或“指标名称”“责任单位”“完成时限”等列，"
        "或以各县（市、区）为列（或为行）的指标表"
    )


def _has_rows(layout: Layout) -> bool:
    from importers.breakdown_rows import ends_table

    for values in layout.grid.rows[layout.header_last + 1 :]:
        if ends_table(values):
            return False
        if any(cell_text(v) for v in values):
            return True
    return False


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
    if not cities:
        text_columns = [c.index for c in layout.columns if c.field in ("text", "city_goal")]
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


def _year(layout: Layout) -> int:
    match = re.search(r"(20\d{2})\s*年", layout.title)
    return int(match.group(1)) if match else 0

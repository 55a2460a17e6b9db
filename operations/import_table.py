"""Importing the breakdown table a city sends: preview first, then store the plan in one transaction.

A revised table of a plan already in the store (same table title) updates that plan: tasks matched by
serial, quotas by unit, every achievement kept, and what changed listed for the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from domain.plans import Plan, display_seq
from importers.breakdown import ImportPreview, read_breakdown_table
from importers.file_safety import FileKind, TableFileError, check_file
from importers.progress_refusal import refuse_progress_file
from importers.table_reader import ReadCancelled
from importers.table_review import (
    PendingItem,
    Review,
    ReviewError,
    apply_review,
    check_review,
    new_zones,
    plain_number,
)
from operations.unit_keys import keep_table_key
from storage.backups import BackupReason, backup_before
from storage.db import Store
from storage.plans import PlanChanges, list_plans, load_plan, save_plan
from storage.units import add_zone, unit_registry

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

__all__ = [
    "ImportCancelled",
    "ImportNeedsReview",
    "ImportPreview",
    "ImportRefused",
    "PendingItem",
    "Review",
    "ReviewError",
    "TableFileError",
    "check_import_file",
    "import_breakdown_table",
    "preview_import",
]


class ImportCancelled(Exception):
    """The user cancelled; nothing was stored."""

    def __init__(self) -> None:
        super().__init__("导入已取消，未写入任何数据")


class ImportRefused(Exception):
    """The preview has errors, so nothing is stored; the message lists them in Chinese."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("表中有错误，未导入：\n" + "\n".join(errors))
        self.errors = errors


class ImportNeedsReview(Exception):
    """待确认 items nobody decided on: nothing is stored until each is answered (or certain ones accepted)."""

    def __init__(self, pending: list[PendingItem]) -> None:
        lines = [describe_pending(p) for p in pending]
        super().__init__(f"表中有 {len(pending)} 项待确认，未导入任何数据：\n" + "\n".join(lines))
        self.pending = pending


def describe_pending(item: PendingItem) -> str:
    """One line a user reads: [id] task, indicator, name: what was read, why it asks, and the words."""
    read = item.read_text()
    value = f"，{read}" if read else ""
    return (
        f"[{item.id}] 任务 {display_seq(item.seq)}“{item.indicator}” {item.name or '（未写单位）'}{value}："
        f"{item.reason}（原文：{item.source}）"
    )


def describe_decision(item: PendingItem, review: Review) -> str:
    """What the import did with a 待确认 item, as a user reads it after the import (never "待确认" again)."""
    head = f"[{item.id}] 任务 {display_seq(item.seq)}“{item.indicator}” {item.name or '（未写单位）'}"
    if review.drops(item.seq, item.indicator):
        return f"未登记（整行已删除，不导入）：{head}"
    unit = review.unit_of(item)
    measure = item.baseline_measure if item.part == "baseline" and item.value is None else item.measure
    if item.id in review.resolved:
        value = review.resolved[item.id]
        if value is None:
            return f"已确认不登记：{head}"
        place = f"（{unit}）" if unit and not unit.startswith(item.name) else ""
        what = "基数" if item.value is None and (item.baseline is not None or item.part == "baseline") else ""
        return f"已确认：{head}{place}，登记{what} {plain_number(value)}{measure}"
    if item not in review.undecided([item]) and unit:
        how = f"对应到{unit}"
        if item.name in review.zones:
            how = "新增为开发区" if unit == item.name else f"新增为开发区“{unit}”"
        read = item.read_text()
        return f"已确认：{head} {how}，登记{read.removeprefix('读到')}" if read else f"已确认：{head} {how}"
    if review.accept_certain:
        return f"未登记（没有确认）：{head}"
    return f"待确认：{describe_pending(item)}"


def check_import_file(path: str | Path) -> None:
    """Refuse a file that is no safe, readable Excel file (TableFileError), before any store is opened.

    Cheap: it reads the file's first bytes and zip directory (and, for the app's own 完成情况表 or
    汇总表, which it also refuses, their sheets). preview_import makes the same checks.
    """
    if check_file(Path(path)) is FileKind.XLSX:
        refuse_progress_file(path)


def preview_import(
    store: Store,
    path: str | Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    sheet: str = "",
) -> ImportPreview:
    """Read the file into a preview, saying which stored plan it would update; stores nothing.

    With `sheet`, only that sheet is read (the user's choice between versions of one table).

    Raises TableFileError (a bad file, message names file/sheet/row) or ImportCancelled. Safe to call
    in a worker thread with its own store connection.
    """
    registry = unit_registry(store)
    try:
        preview = read_breakdown_table(path, registry, progress, cancelled, sheet=sheet)
    except ReadCancelled:
        raise ImportCancelled() from None
    existing = _matching_plan(store, preview.plan, preview.year_stated)
    if existing is not None:
        preview.replaces = existing.title
    return preview


def import_breakdown_table(
    store: Store,
    path_or_preview: str | Path | ImportPreview,
    who: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    review: Review | None = None,
) -> PlanChanges:
    """Store the plan of a breakdown table (a file, or a preview already shown to the user), as reviewed.

    `review` holds the user's decisions (values, names mapped to units, new zones); without one, a table
    with 待确认 items stores nothing (ImportNeedsReview). All or nothing: ImportRefused when the preview
    has errors, ReviewError for a decision that cannot apply, ImportCancelled before the write starts;
    otherwise new zones and the plan are written in one transaction. Returns what changed.
    """
    if isinstance(path_or_preview, ImportPreview):
        preview = path_or_preview
    else:
        preview = preview_import(store, path_or_preview, progress, cancelled)
    if preview.errors:
        raise ImportRefused(preview.errors)
    review = review or Review()
    city = preview.plan.city
    check_review(review, preview.pending, unit_registry(store), city, preview.plan)
    undecided = review.undecided(preview.pending)
    if undecided and not review.accept_certain:
        raise ImportNeedsReview(undecided)
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    backup_before(store, BackupReason.IMPORT)
    if progress is not None:
        progress(0, 1, "正在写入数据库…")
    plan = apply_review(preview.plan, preview.pending, review)
    plan.id = None
    with store.transaction():
        zones = [add_zone(store, zone.name, city, who, zone.aliases) for zone in new_zones(review, city)]
        existing = _matching_plan(store, plan, preview.year_stated)
        if existing is not None:
            _adopt(plan, existing, preview.fields, preview.year_stated)
        changes = save_plan(store, plan, who)
    keep_table_key(store, preview.path, who, changes)
    for zone in zones:
        changes.add(f"新增开发区：{zone.name}（{zone.city}）")
    for item in undecided:
        changes.add(f"待确认项 {item.id}（{item.name}）未确认，没有登记")
    if existing is not None and not changes.lines:
        changes.add("与库中方案相同，没有变化")
    if progress is not None:
        progress(1, 1, "导入完成")
    return changes


def _same(a: str, b: str) -> bool:
    return bool(a) and re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)


def _matching_plan(store: Store, plan: Plan, year_stated: bool = True) -> Plan | None:
    """The stored plan this table is a version of (a county's copy included), and year if the table says."""
    from operations.plan_match import is_version_of  # here, so this module's imports stay as they were

    registry = unit_registry(store)
    for summary in list_plans(store):
        if year_stated and summary.year != plan.year:
            continue
        stored = load_plan(store, summary.id)
        if is_version_of(plan, stored, registry):
            return stored
    return None


def _adopt(plan: Plan, existing: Plan, fields: set[str], year_stated: bool = True) -> None:
    """Make the imported plan update `existing`: its key and document details, and its indicator names.

    Achievements hang on (task serial, indicator name). A city's revised table words an indicator its
    own way, so where a task has one indicator in both, the stored name is kept (nothing changes in the
    store by that, so it is not listed as a change). Fields the table has no column for keep their
    stored values.
    """
    plan.key = existing.key
    plan.title = existing.title
    if not year_stated:
        plan.year = existing.year
    plan.doc_number = plan.doc_number or existing.doc_number
    plan.issuer = plan.issuer or existing.issuer
    plan.issued = plan.issued or existing.issued
    plan.city = plan.city or existing.city
    for task in plan.tasks:
        old = existing.task(task.seq)
        if old is None:
            continue
        for name in _OPTIONAL_FIELDS:
            if name not in fields and not getattr(task, name):
                setattr(task, name, getattr(old, name))
        if len(old.indicators) == 1 and len(task.indicators) == 1:
            task.indicators[0].name = old.indicators[0].name
    from operations.plan_match import merge_unit_copy

    merge_unit_copy(plan, existing)  # a county's copy updates only its own part of the whole plan


# Task fields a table may lack a column for; "topic" may come from the 指标名称 column, hence "indicator".
_OPTIONAL_FIELDS = ("city_seq", "region_goal", "region_task", "city_goal", "responsible", "deadline", "lead",
                    "partners", "note")  # fmt: skip

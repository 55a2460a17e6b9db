"""Which stored plan an imported 任务分工表 is a version of, and how a unit's copy of it updates that plan.

A city sends one table; this app (and many cities) also hand each county its own copy, titled
"…任务分工表（北流市）", holding only that county's tasks and quotas. Importing either copy updates the plan
already in the store: never a second plan, and a county's copy changes only that county's quotas.
"""

from __future__ import annotations

import copy
import re

from domain.plans import Plan, Task, normalize_seq
from domain.units import UnitRegistry

_COPY_MARK = re.compile(r"[（(]([^()（）]+)[)）]\s*$")
_TABLE_WORDS = re.compile(r"(指标)?任务(分工|分解)表$")


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def copy_unit(title: str, registry: UnitRegistry | None = None) -> str:
    """The unit a title names as its copy's holder ("…分工表（北流市）" → 北流市), or "".

    With a registry the name must be a county-level unit's; without one, any bracketed name at the end.
    """
    match = _COPY_MARK.search(_plain(title))
    if not match:
        return ""
    if registry is None:
        return match.group(1)
    unit = registry.resolve(match.group(1))
    return unit.name if unit is not None and not unit.is_city else ""


def title_key(title: str, registry: UnitRegistry) -> str:
    """A title without spaces, a county copy's （北流市） and the closing 指标任务分工表: what two copies share."""
    text = _plain(title)
    if copy_unit(text, registry):
        text = _COPY_MARK.sub("", text)
    return _TABLE_WORDS.sub("", text)


def is_version_of(plan: Plan, stored: Plan, registry: UnitRegistry) -> bool:
    """Whether an imported table is a version of a stored plan (the year is the caller's to compare).

    Titles match when they are the same once spaces, a county copy's （单位） and the words 指标任务分工表 are
    set aside: the table's title or plan title against the stored plan's table title or title.
    """
    keys = {title_key(t, registry) for t in (plan.table_title, plan.title) if _plain(t)}
    return bool(keys & {title_key(t, registry) for t in (stored.table_title, stored.title) if _plain(t)})


def merge_unit_copy(plan: Plan, existing: Plan) -> None:
    """Turn a county's copy (`plan`) into the whole of `existing` with that county's part updated, in place.

    Every task of `existing` stays with its wording and other units' quotas; a task in the copy updates its
    deadline and the county's quotas (target, 基数, source); a task only in the copy is added. Does nothing
    when `plan` is not a unit's copy of a fuller table.
    """
    marker = copy_unit(plan.table_title or plan.title)
    if not marker or _plain(existing.table_title) == _plain(plan.table_title):
        return
    named = {q.unit for t in plan.tasks for i in t.indicators for q in i.quotas}
    unit = next(iter(named)) if len(named) == 1 else marker
    incoming = {normalize_seq(t.seq): t for t in plan.tasks}
    merged: list[Task] = []
    for old in existing.tasks:
        task = copy.deepcopy(old)
        new = incoming.pop(normalize_seq(old.seq), None)
        if new is not None:
            task.deadline = new.deadline or old.deadline
            _update_quotas(task, new, unit)
        merged.append(task)
    merged.extend(incoming.values())
    plan.tasks = merged
    plan.table_title = existing.table_title


def _update_quotas(task: Task, copy_task: Task, unit: str) -> None:
    for indicator in task.indicators:
        theirs = copy_task.indicator(indicator.name) or (
            copy_task.indicators[0] if len(task.indicators) == len(copy_task.indicators) == 1 else None
        )
        if theirs is None:
            continue
        mine = [q for q in theirs.quotas if q.unit == unit]
        if mine:  # a copy that gives no quota for this indicator leaves the stored one alone
            indicator.quotas = [q for q in indicator.quotas if q.unit != unit] + [copy.deepcopy(q) for q in mine]

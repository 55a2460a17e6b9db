"""Exporting the returns that go upward: the breakdown table, and a unit's progress return (draft or 报送).

A draft changes nothing in the store. A final export (报送) marks the period submitted, with the file
and its checksum, only after the file is safely in place, so a failed save never locks a period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from domain.periods import Period
from domain.plans import unit_outside_plan
from domain.progress import progress_rows
from domain.submit_check import check_return, refuse_unexplained
from exporters.breakdown_table import write_breakdown_table
from exporters.progress_return import write_progress_return
from exporters.safe_write import ExportError
from operations.send_back import answer_on_submit, answer_text
from storage.achievements import achievement_history
from storage.db import Store, StoreError
from storage.plans import load_plan
from storage.settings import load_profile
from storage.submissions import is_locked, submit_period
from storage.units import get_unit, unit_registry

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class ExportCancelled(Exception):
    """The user cancelled before the file was written; nothing was saved or changed."""

    def __init__(self) -> None:
        super().__init__("导出已取消，未生成文件")


@dataclass(frozen=True)
class ExportResult:
    """Where a progress return went, its checksum, and whether the period is now submitted."""

    path: Path
    checksum: str
    final: bool
    unit: str
    period: Period
    lines: int

    @property
    def message(self) -> str:
        """What the user is told: where the file went and, for 报送, that the period is locked."""
        done = f"已报送并锁定{self.unit}{self.period.label}的填报；" if self.final else "已导出草稿（未报送）；"
        return f"{done}文件保存在：{self.path}"


def suggested_return_name(unit: str, period: Period, *, final: bool) -> str:
    """A file name for the save dialog: 北流市_2022年10月_完成情况表（草稿）.xlsx."""
    return f"{unit}_{period.label}_完成情况表{'' if final else '（草稿）'}.xlsx"


def suggested_breakdown_name(plan_title: str, unit: str | None) -> str:
    """A file name for the save dialog: 北流市_任务分工表.xlsx, or the plan's title for the whole table."""
    return f"{unit}_任务分工表.xlsx" if unit else f"{plan_title}_任务分工表.xlsx"


def _step(progress: Progress | None, cancelled: Cancelled | None, done: int, total: int, message: str) -> None:
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    if progress is not None:
        progress(done, total, message)


def export_breakdown(
    store: Store,
    plan_id: int,
    unit: str | None,
    path: str | Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write a plan's breakdown table, whole (unit None or a city) or for one unit; returns the path.

    Raises StoreError (no such plan or unit), ExportError (file not written; the old one stands)
    or ExportCancelled. Changes nothing in the store.
    """
    _step(progress, cancelled, 0, 3, "正在读取方案……")
    plan = load_plan(store, plan_id)
    who = get_unit(store, unit) if unit else None
    if who is not None and (refusal := unit_outside_plan(plan.city, who.name, who.city)):
        raise StoreError(refusal)
    registry = unit_registry(store)
    _step(progress, cancelled, 1, 3, "正在生成任务分工表……")
    written = write_breakdown_table(plan, path, who, registry)
    if progress is not None:
        progress(3, 3, f"已导出：{written}")
    return written


def export_progress(
    store: Store,
    plan_id: int,
    unit: str,
    period: Period | str,
    path: str | Path,
    *,
    final: bool,
    who: str,
    report_date: date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write a unit's progress return for a period; with `final`, submit (报送) and lock the period.

    Raises StoreError (unknown plan or unit, period already submitted), ExportError (file not
    written, old file untouched, nothing locked) or ExportCancelled (before anything was written).
    """
    _step(progress, cancelled, 0, 4, "正在读取方案和完成情况……")
    when = period if isinstance(period, Period) else Period.parse(period)
    plan = load_plan(store, plan_id)
    target_unit = get_unit(store, unit)
    if refusal := unit_outside_plan(plan.city, target_unit.name, target_unit.city):
        raise StoreError(refusal)
    if when.year != plan.year:
        raise ExportError(f"填报期{when.label}不在方案年度（{plan.year}年）内")
    if final and is_locked(store, plan_id, target_unit.name, when):
        raise StoreError(f"{target_unit.name}{when.label}已报送并锁定；如需重新报送，请先解锁并说明原因")
    history = achievement_history(store, plan_id, target_unit.name)
    rows = progress_rows(
        plan, target_unit.name, target_unit.kind, when, history, unit_short=target_unit.short_name,
        report_date=report_date,
    )  # fmt: skip
    if final:  # the window's 报送前检查 for every caller: UnexplainedFigures, nothing written or locked
        refuse_unexplained(check_return(rows))
    profile = load_profile(store)
    _step(progress, cancelled, 1, 4, "正在生成完成情况表……")
    answer = answer_text(store, plan_id, target_unit.name, when)
    checksum = write_progress_return(plan, target_unit, when, rows, profile, path, final=final, report_date=report_date,
                                     answer=answer)  # fmt: skip
    written = Path(path).expanduser().absolute()
    if final:
        if progress is not None:
            progress(3, 4, "正在登记报送……")
        # Only now: the file is in place, so a locked period always has its submitted file.
        with store.transaction() as conn:
            submit_period(store, plan_id, target_unit.name, when, who, str(written), checksum)
            answer_on_submit(conn, plan_id, target_unit.name, when, str(written), who)
    result = ExportResult(written, checksum, final, target_unit.name, when, len(rows))
    if progress is not None:
        progress(4, 4, result.message)
    return result

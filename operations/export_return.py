"""Exporting the returns that go upward: the breakdown table, and a unit's progress return (draft or 报送).

A draft changes nothing in the store. A final export (报送) reads the figures, locks the period and
records the checksum in one transaction, then writes the file; if the file cannot be written, the lock
is released. So a figure recorded at the same time (another window, the command line) is either in the
submitted file or refused as locked, never neither.

A county installation exports returns only for its own unit (a city's for any of its units); every
return says which installation made it, and is signed with the unit's key when the city gave one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from domain.periods import Period
from domain.plans import unit_outside_plan
from domain.progress import progress_rows
from domain.return_checksum import ReturnIdentity
from domain.submit_check import check_return, refuse_unexplained
from domain.units import Unit
from exporters.breakdown_table import write_breakdown_table
from exporters.progress_return import build_return, write_return
from exporters.safe_write import ExportError
from operations.send_back import answer_on_submit, answer_text
from storage.achievements import achievement_history
from storage.db import Store, StoreError
from storage.plans import load_plan
from storage.return_identity import installation_id, issue_unit_key, unit_key
from storage.settings import load_profile
from storage.submissions import is_locked, submit_period, withdraw_submission
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
    *,
    with_key: bool = True,
    who: str = "",
) -> Path:
    """Write a plan's breakdown table, whole (unit None or a city) or for one unit; returns the path.

    A city installation exporting one county-level unit's table gives it that unit's key (made at first
    need, audited) unless `with_key` is False. Raises StoreError (no such plan or unit), ExportError (file
    not written; the old one stands) or ExportCancelled.
    """
    _step(progress, cancelled, 0, 3, "正在读取方案……")
    plan = load_plan(store, plan_id)
    target = get_unit(store, unit) if unit else None
    if target is not None and (refusal := unit_outside_plan(plan.city, target.name, target.city)):
        raise StoreError(refusal)
    registry = unit_registry(store)
    key = None
    if with_key and target is not None and not target.is_city and _installation_unit(store, registry).is_city:
        key = issue_unit_key(store, target.name, who or load_profile(store).operator)
    _step(progress, cancelled, 1, 3, "正在生成任务分工表……")
    written = write_breakdown_table(plan, path, target, registry, unit_key=key)
    if progress is not None:
        progress(3, 3, f"已导出：{written}")
    return written


def _installation_unit(store: Store, registry) -> Unit:
    """The unit this installation is registered to; a county-level nobody when it is not registered yet."""
    own = load_profile(store).unit
    found = registry.resolve(own) if own else None
    return found or Unit("", "", "county")


def refuse_other_unit(store: Store, target: Unit) -> None:
    """A county installation exports only its own unit's return; a city's, any unit of its city's.

    StoreError in Chinese otherwise. An installation not yet registered (no 填报单位 in 本机信息) is not
    refused: its returns say so, and the city checks the installation they come from.
    """
    own = _installation_unit(store, unit_registry(store))
    if not own.name or own.name == target.name:
        return
    if own.is_city and target.city == own.name:
        return
    raise StoreError(
        f"本机登记为{own.name}，只能导出{own.name}的完成情况表；{target.name}的报表须由{target.name}"
        "用本单位的电脑导出（如本机确已改为他用，请先在“本机信息”中更改填报单位）"
    )


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

    Raises StoreError (unknown plan or unit, another unit's return, period already submitted), ExportError
    (file not written, old file untouched, nothing locked) or ExportCancelled (nothing written or locked).
    """
    _step(progress, cancelled, 0, 4, "正在读取方案和完成情况……")
    when = period if isinstance(period, Period) else Period.parse(period)
    plan = load_plan(store, plan_id)
    target = get_unit(store, unit)
    if refusal := unit_outside_plan(plan.city, target.name, target.city):
        raise StoreError(refusal)
    if when.year != plan.year:
        raise ExportError(f"填报期{when.label}不在方案年度（{plan.year}年）内")
    refuse_other_unit(store, target)
    if final and is_locked(store, plan_id, target.name, when):
        raise StoreError(f"{target.name}{when.label}已报送并锁定；如需重新报送，请先解锁并说明原因")
    profile = load_profile(store)
    identity = ReturnIdentity(installation_id(store), profile.city, profile.unit, profile.head, profile.reviewer,
                              profile.filler, profile.phone)  # fmt: skip
    # Only the unit's own installation signs: a return the city exports for a county is the city's, not the unit's.
    key = unit_key(store, target.name) if profile.unit == target.name else None
    _step(progress, cancelled, 1, 4, "正在生成完成情况表……")
    with store.transaction():
        # One transaction from reading the figures to locking the period: a figure recorded meanwhile waits
        # for it, then is refused as locked; so the submitted file holds every figure the store accepted.
        history = achievement_history(store, plan_id, target.name)
        rows = progress_rows(plan, target.name, target.kind, when, history, unit_short=target.short_name,
                             report_date=report_date)  # fmt: skip
        if final:  # the window's 报送前检查 for every caller: UnexplainedFigures, nothing written or locked
            refuse_unexplained(check_return(rows))
        answer = answer_text(store, plan_id, target.name, when)
        content = build_return(plan, target, when, rows, profile, final=final, report_date=report_date,
                               identity=identity, key=key, answer=answer)  # fmt: skip
        written = Path(path).expanduser().absolute()
        if final:
            submit_period(store, plan_id, target.name, when, who, str(written), content.checksum)
    try:
        _step(progress, cancelled, 2, 4, "正在保存文件……")
        write_return(content, written)
    except BaseException as exc:
        if final:
            reason = "已取消" if isinstance(exc, ExportCancelled) else f"文件未能保存：{exc}"
            withdraw_submission(store, plan_id, target.name, when, content.checksum, who, reason)
        raise
    if final:
        # The city's open send-backs are answered by a file that exists: marked once it is written.
        with store.transaction() as conn:
            answer_on_submit(conn, plan_id, target.name, when, str(written), who)
    result = ExportResult(written, content.checksum, final, target.name, when, len(rows))
    if progress is not None:
        progress(4, 4, result.message)
    return result

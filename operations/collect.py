"""The city's consolidation (汇总): collect the counties' progress returns, add them up, print the result.

`collect_returns` reads each return (importers.returns), matches it to a stored plan and a registered unit
of the plan's city, and records its figures as that unit's achievements for the period: every file in one
transaction, so a bad file stores nothing at all. `consolidation_rows` composes units × indicators from
what the store holds; `export_consolidation` writes it as the print-ready 汇总表.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from domain.achievements import InputError
from domain.periods import Period, cn_datetime
from domain.plans import Indicator, Plan, Task, display_seq, task_concerns_unit
from domain.units import Unit, UnitRegistry
from exporters.quota_wording import plain_number
from importers.returns import ReturnError, ReturnLine, ReturnReading, read_progress_return
from operations.collect_report import (
    PC_CHANGE,
    CollectCancelled,
    CollectedFile,
    CollectError,
    CollectReport,
)
from operations.consolidate import consolidation_rows, export_consolidation, suggested_consolidation_name
from operations.return_identity import IdentityCheck, ReturnSources
from operations.send_back import answer_on_collect
from storage.achievements import AchievementKey, record_achievements, validate_changes
from storage.audit import audit_count, write_audit
from storage.backups import BackupReason, backup_before
from storage.collected_returns import CollectedReturn, collected_return, remember_collected_return
from storage.db import Store, StoreError
from storage.plans import list_plans, load_plan
from storage.return_identity import remember_return_source
from storage.settings import load_profile
from storage.submissions import is_locked, submit_period, unlock_period
from storage.units import unit_registry

__all__ = [
    "CollectCancelled",
    "CollectError",
    "CollectReport",
    "CollectedFile",
    "collect_returns",
    "collected_return",
    "consolidation_rows",
    "export_consolidation",
    "suggested_consolidation_name",
]

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


@dataclass
class _Pending:
    """A return read and checked, with the edits that will store it."""

    item: CollectedFile
    reading: ReturnReading
    edits: list[tuple[int, AchievementKey, dict[str, object]]]
    digests: tuple[str, ...]  # what it says (kept), and the file's bytes (how older versions told files apart)
    identity: IdentityCheck | None = None
    superseded: bool = False


@dataclass
class _Batch:
    """What every file of one collection is checked against."""

    store: Store
    plans: dict[str, int]
    titles: dict[str, int]
    registry: UnitRegistry
    sources: ReturnSources
    confirmed: set[str]
    city: str = ""  # the city this installation collects for (本机信息), "" when not set
    loaded: dict[int, Plan] = field(default_factory=dict)

    def plan(self, plan_id: int) -> Plan:
        if plan_id not in self.loaded:
            self.loaded[plan_id] = load_plan(self.store, plan_id)
        return self.loaded[plan_id]


def _step(progress: Progress | None, cancelled: Cancelled | None, done: int, total: int, message: str) -> None:
    if cancelled is not None and cancelled():
        raise CollectCancelled()
    if progress is not None:
        progress(done, total, message)


def collect_returns(
    store: Store,
    paths: Sequence[str | Path],
    who: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    dry_run: bool = False,
    pc_changed: Sequence[str] = (),
) -> CollectReport:
    """Record the figures of county returns as their units' achievements, all files in one transaction.

    Raises CollectError (a file is not a return, is of a plan this store lacks, of an unknown unit or of
    another city, has a figure the rules refuse, or is not what its unit's installation sent: nothing is
    stored), or CollectCancelled. A newer return of a unit and period overwrites the older one's figures
    (the audit shows each change); an older or identical one (also one saved again unchanged by Excel, WPS
    or LibreOffice) is skipped with a note. `pc_changed` names the units whose change of PC the official
    has confirmed (audited). With `dry_run`, everything is checked and counted, then undone.
    """
    # The same file chosen twice (two folders' views of one file, say) is one return.
    files = list({Path(p).absolute(): Path(p) for p in paths}.values())
    if not files:
        raise CollectError(["没有选择要收取的报表文件"])
    total = 2 * len(files) + 1
    summaries = list_plans(store)
    registry = unit_registry(store)
    confirmed = set()
    for name in pc_changed:
        unit = registry.resolve(name)
        if unit is None:
            raise CollectError([f"确认更换电脑的单位“{name}”不在单位登记表中"])
        confirmed.add(unit.name)
    batch = _Batch(store, {p.key: p.id for p in summaries}, {p.title: p.id for p in summaries}, registry,
                   ReturnSources(store), confirmed, load_profile(store).city)  # fmt: skip
    pending: list[_Pending] = []
    errors: list[str] = []
    to_confirm: list[str] = []
    for index, path in enumerate(files):
        _step(progress, cancelled, index, total, f"正在读取 {path.name}……")
        try:
            pending.append(_prepare(batch, path))
        except CollectError as exc:
            errors.extend(exc.errors)
            to_confirm.extend(exc.to_confirm)
    if errors:
        raise CollectError(errors, to_confirm)
    _skip_superseded_in_batch(pending)
    report = CollectReport([p.item for p in pending], dry_run)
    backup_before(store, BackupReason.COLLECT, skip=dry_run)
    try:
        with store.transaction() as conn:
            for index, entry in enumerate(pending):
                _step(progress, cancelled, len(files) + index, total, f"正在记录 {entry.item.unit} 的数字……")
                if entry.superseded:
                    continue
                _store(store, conn, entry, who)
            if dry_run:
                raise _DryRun()
    except _DryRun:
        pass
    if progress is not None:
        progress(total, total, report.message.splitlines()[0])
    return report


class _DryRun(Exception):
    """Raised inside the transaction so that a dry run rolls back exactly what it would have stored."""


def _named(path: Path, message: str) -> str:
    return message if path.name in message else f"“{path.name}”：{message}"


def _prepare(batch: _Batch, path: Path) -> _Pending:
    try:
        reading = read_progress_return(path)
    except ReturnError as exc:
        raise CollectError([_named(path, str(exc))]) from None
    except (ValueError, TypeError, KeyError, IndexError, OSError) as exc:
        # A workbook damaged in ways the reader does not name (a 序号 that is not a number in the hidden
        # sheet, say) is still just a bad file: name it, store nothing, and let the others be checked.
        raise CollectError([_named(path, f"无法读取为完成情况表（{exc}）")]) from None
    if not reading.meta_intact:
        # The hidden sheet says whose return this is; if it was altered, the unit and period themselves are
        # in doubt, and storing the figures could put one county's numbers under another's name.
        raise CollectError(
            [_named(path, "校验信息表已被改动，无法确认报表的单位、填报期和导出时的数字，请该单位重新导出")]
        )
    plan_id = batch.plans.get(reading.plan_key) or batch.titles.get(reading.plan_title)
    if plan_id is None:
        raise CollectError(
            [_named(path, f"是《{reading.plan_title}》的完成情况表，本库中没有该方案；请先导入其任务分工表")]
        )
    plan = batch.plan(plan_id)
    if batch.city and plan.city and plan.city != batch.city:
        # Every ledger carries the built-in plans of two cities: a return of the other city's plan is no return of ours.
        raise CollectError(
            [_named(path, f"是{plan.city}《{plan.title}》的完成情况表（填报单位{reading.unit}），本机所属市为"
                          f"{batch.city}：不收取其他市的报表")]  # fmt: skip
        )
    unit = _unit_of(path, reading, plan, batch.registry)
    identity = batch.sources.check(reading, unit, plan.city, path.name)
    _judge_identity(path, identity, batch.confirmed)
    item = CollectedFile(
        path=path, plan_id=plan_id, plan_title=plan.title, unit=unit.name, period=reading.period, final=reading.final,
        exported_at=reading.exported_at, checksum=reading.checksum, lines=len(reading.lines),
        changed=[c.message for c in reading.changed],
    )  # fmt: skip
    item.notes.extend(identity.notes)
    item.warnings.extend(identity.warnings)
    if identity.doubts:
        item.notes.append("已确认该单位更换了报送电脑：" + "；".join(identity.doubts))
    # Figures changed by hand are collected, not refused: the paper copy the county stamps is printed from
    # this very file, so it is what the county reported; the city sees each change named here, in the audit
    # and as 手工改动 n 处 on the 报送情况 sheet, and can ask the county. Refusing would hold up the whole
    # batch on the deadline day for what is often a deliberate late correction.
    item.warnings.extend(f"手工改动：{m}" for m in item.changed)
    if not reading.final:
        item.notes.append("草稿（未正式报送）：数字已收取，汇总表中该单位标为“草稿”")
    edits, errors = _edits(path, reading, plan, unit, item)
    if errors:
        raise CollectError(errors)
    digests = (reading.content_digest, hashlib.sha256(path.read_bytes()).hexdigest())
    return _Pending(item, reading, edits, digests, identity)


def _judge_identity(path: Path, identity: IdentityCheck, confirmed: set[str]) -> None:
    """Refuse a return that is not what its unit's installation sent, unless a change of PC was confirmed."""
    errors = [_named(path, refusal) for refusal in identity.refusals]
    doubts = [] if identity.unit in confirmed else identity.doubts
    errors.extend(
        f"{PC_CHANGE}“{path.name}”：{doubt}。如确认{identity.unit}已更换报送电脑，请确认后重新收取" for doubt in doubts
    )
    if errors:
        raise CollectError(errors, [identity.unit] if doubts and not identity.refusals else [])


def _unit_of(path: Path, reading: ReturnReading, plan: Plan, registry: UnitRegistry) -> Unit:
    unit = registry.resolve(reading.unit)
    if unit is None:
        raise CollectError([_named(path, f"填报单位“{reading.unit}”不在单位登记表中")])
    if unit.is_city or (plan.city and unit.city != plan.city):
        where = "市本级" if unit.is_city else f"属于{unit.city}"
        raise CollectError([_named(path, f"填报单位{unit.name}{where}，不是{plan.city or '本方案'}所属的县级单位")])
    if reading.period.year != plan.year:
        raise CollectError([_named(path, f"填报期{reading.period.label}不在方案年度（{plan.year}年）内")])
    return unit


def _edits(
    path: Path, reading: ReturnReading, plan: Plan, unit: Unit, item: CollectedFile
) -> tuple[list[tuple[int, AchievementKey, dict[str, object]]], list[str]]:
    """The changes each line stores, checked by the same rules as typing them; errors name file and row."""
    edits: list[tuple[int, AchievementKey, dict[str, object]]] = []
    errors: list[str] = []
    for line in reading.lines:
        where = f"“{path.name}”第 {line.row} 行（{line.seq} {line.indicator}）"
        task = plan.task(line.seq)
        indicator = task.indicator(line.indicator or None) if task else None
        if task is None or indicator is None:
            errors.append(f"{where}：本库方案中没有这项任务或指标")
            continue
        if not task_concerns_unit(task, unit.name, unit.kind, unit.short_name):
            errors.append(f"{where}：本库方案中该任务未分解给{unit.name}")
            continue
        changes = _changes(indicator, line)
        if line.number in reading.baselines and indicator.kind.is_numeric:
            # The 基数 the county stated (set in its window or with set --baseline): a growth rate needs it.
            changes["baseline"] = reading.baselines[line.number]
        try:
            validate_changes(indicator, changes)
        except InputError as exc:
            errors.append(f"{where}：{exc}")
            continue
        mismatch = _target_mismatch(task, indicator, unit, line)
        if mismatch:
            item.warnings.append(f"{where}：{mismatch}")
        edits.append(
            (line.row, AchievementKey(plan.id or 0, task.seq, indicator.name, unit.name, reading.period), changes)
        )
    return edits, errors


def _changes(indicator: Indicator, line: ReturnLine) -> dict[str, object]:
    # The return is the unit's whole statement for the period: blank texts overwrite older ones too.
    figure = {"actual": line.actual} if indicator.kind.is_numeric else {"status": line.actual}
    return {**figure, "progress": line.progress, "problems": line.problems, "next_steps": line.next_steps,
            "evidence": line.evidence}  # fmt: skip


def _target_mismatch(task: Task, indicator: Indicator, unit: Unit, line: ReturnLine) -> str:
    quota = indicator.quota_for(unit.name)
    stored = quota.target if quota else None
    if stored is None and line.target is None:
        return ""
    if stored is not None and line.target is not None and abs(stored - line.target) < 1e-6:
        return ""
    shown = "空" if line.target is None else plain_number(line.target)
    own = "无" if stored is None else plain_number(stored)
    return f"报表中的目标值（{shown}）与本库分解指标（{own}）不一致，汇总按本库分解指标计算"


def _skip_superseded_in_batch(pending: list[_Pending]) -> None:
    """Of several files for one unit and period, only the newest export is collected."""
    newest: dict[tuple[int, str, Period], _Pending] = {}
    for entry in pending:
        key = (entry.item.plan_id, entry.item.unit, entry.item.period)
        best = newest.get(key)
        if best is None or _moment(entry.item.exported_at) >= _moment(best.item.exported_at):
            newest[key] = entry
    for entry in pending:
        best = newest[(entry.item.plan_id, entry.item.unit, entry.item.period)]
        if best is not entry:
            entry.superseded = True
            entry.item.notes.append(f"同批中有该单位同一填报期更新的报表（{best.item.path.name}），本文件未收取")


def _moment(value: datetime | None) -> datetime:
    return value or datetime.min


def _store(store: Store, conn, entry: _Pending, who: str) -> None:
    item, reading = entry.item, entry.reading
    previous = collected_return(store, item.plan_id, item.unit, item.period)
    if previous and previous.sha256 in entry.digests:
        item.notes.append(f"与 {cn_datetime(previous.collected_at)} 已收取的报表相同，未重复收取")
        return
    earlier = previous.exported_at if previous else None
    if earlier and item.exported_at and item.exported_at < earlier:
        item.notes.append(
            f"比已收取的报表（{previous.name}，导出于 {cn_datetime(earlier)}）旧，未收取，以免旧数字覆盖新数字"
        )
        return
    if previous:
        item.notes.append(f"覆盖先前收取的报表（{previous.name}），改动记入修改留痕")
    if is_locked(store, item.plan_id, item.unit, item.period):
        unlock_period(store, item.plan_id, item.unit, item.period, who, f"收取{item.unit}的新报表：{item.path.name}")
    before = audit_count(store)
    for row, key, changes in entry.edits:
        try:
            record_achievements(store, [(key, changes)], who)
        except (InputError, StoreError) as exc:
            raise CollectError(
                [f"“{item.path.name}”第 {row} 行（{display_seq(key.seq)} {key.indicator}）：{exc}"]
            ) from exc
    item.fields_changed = audit_count(store) - before
    if item.final:
        # At the city a collected 报送 return locks the unit's period, as it is locked at the county:
        # the figures are the county's, and changing them here needs an unlock with a reason.
        submit_period(store, item.plan_id, item.unit, item.period, who, str(item.path.absolute()), reading.checksum)
    record = CollectedReturn(
        plan_id=item.plan_id, unit=item.unit, period=item.period, file=str(item.path.absolute()),
        name=item.path.name, sha256=entry.digests[0], exported_at=item.exported_at,
        collected_at=datetime.now().replace(microsecond=0), collected_by=who, final=item.final,
        checksum=reading.checksum, changed=len(item.changed), changes=tuple(item.changed[:50]),
    )  # fmt: skip
    remember_collected_return(conn, record)
    item.notes.extend(answer_on_collect(conn, store, item.plan_id, item.unit, item.period, item.path, who))
    subject = f"方案{item.plan_id}/{item.unit}/{item.period.code}"
    new = f"{item.path.name}（{'报送' if item.final else '草稿'}，校验{item.check}）"
    write_audit(conn, who, "收取报表", subject, "file", previous.name if previous else None, new)
    _remember_source(conn, entry, who)
    item.stored = True


def _remember_source(conn, entry: _Pending, who: str) -> None:
    """Record the installation the unit's return came from; a confirmed change of PC is audited."""
    check = entry.identity
    if check is None or check.source is None:
        return
    if check.doubts:
        before = check.previous.installation if check.previous else None
        write_audit(conn, who, "确认更换电脑", entry.item.unit, "installation", before,
                    f"{check.source.installation}（{'；'.join(check.doubts)}）")  # fmt: skip
    remember_return_source(conn, entry.item.unit, check.source)

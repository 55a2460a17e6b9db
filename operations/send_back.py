"""Send-back (退回) end to end: the city returns a collected return with comments, the county imports them.

City: `send_back_return` writes the 退回意见 file and records the send-back in one transaction.
County: `receive_send_back` records it and unlocks the period (audited, reason 市里退回); the next 报送 carries
`answer_text` and marks it answered (`answer_on_submit`). City again: collecting the new return marks the
city's send-back answered (`answer_on_collect`), so every send-back of a period stays in the history.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from domain.periods import Period, cn_datetime
from domain.plans import display_seq, normalize_seq, period_outside_plan, unit_outside_plan
from domain.send_back import UNLOCK_REASON, ItemComment, SendBack, SendBackError, checked_comments
from exporters.send_back import write_send_back
from importers.send_back import answered_token, read_send_back
from storage.collected_returns import collected_return
from storage.db import Store, StoreError
from storage.plans import list_plans, load_plan
from storage.send_backs import Side, StoredSendBack, mark_answered, record_send_back, send_backs
from storage.submissions import is_locked, submissions, unlock_period
from storage.units import get_unit

__all__ = [
    "ReceivedSendBack",
    "SendBackError",
    "SentBack",
    "answer_on_collect",
    "answer_on_submit",
    "answer_text",
    "receive_send_back",
    "send_back_history",
    "send_back_return",
]


@dataclass(frozen=True)
class SentBack:
    """What the city did: the send-back made and where its file went."""

    send_back: SendBack
    path: Path

    @property
    def message(self) -> str:
        sb = self.send_back
        return (
            f"已退回{sb.unit}{sb.period.label}的报表（意见 {sb.count} 条）；退回意见文件保存在：{self.path}\n"
            f"请把该文件发给{sb.unit}，对方导入后即可修改并重新报送。"
        )


@dataclass
class ReceivedSendBack:
    """What the county's import did: the send-back recorded, whether the period was unlocked, any doubts."""

    send_back: SendBack
    plan_id: int
    unlocked: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        sb = self.send_back
        lines = [f"已导入{sb.city}{cn_datetime(sb.sent_at)}的退回意见（{sb.count} 条）。"]
        if self.unlocked:
            lines.append(f"{sb.unit}{sb.period.label}已解锁（原因：{UNLOCK_REASON}），请按意见修改后重新报送。")
        else:
            lines.append(f"{sb.unit}{sb.period.label}未锁定，可直接按意见修改后报送。")
        if sb.general:
            lines.append(f"总体意见：{sb.general}")
        lines.extend(f"{display_seq(c.seq)} {c.indicator}：{c.comment}" for c in sb.items)
        lines.extend(f"注意：{w}" for w in self.warnings)
        return "\n".join(lines)


def send_back_return(
    store: Store,
    plan_id: int,
    unit: str,
    period: Period,
    items: Sequence[ItemComment],
    general: str,
    who: str,
    path: str | Path,
    city: str = "",
    now: datetime | None = None,
) -> SentBack:
    """The city returns a unit's collected return: write the 退回意见 file and record it, all or nothing.

    Raises SendBackError (no comment, a comment too long, no return collected, an item not in the plan),
    StoreError (unknown plan or unit) or ExportError (file not written; nothing recorded).
    """
    plan = load_plan(store, plan_id)
    target = get_unit(store, unit)
    record = collected_return(store, plan_id, target.name, period)
    if record is None:
        raise SendBackError(f"尚未收到{target.name}{period.label}的报表，无可退回")
    kept, overall = checked_comments(items, general)
    for item in kept:
        task = plan.task(item.seq)
        if task is None or task.indicator(item.indicator or None) is None:
            raise SendBackError(f"{display_seq(item.seq)} {item.indicator}：本方案中没有这项任务或指标")
    send_back = SendBack(
        token=uuid.uuid4().hex, plan_key=plan.key or plan.title, plan_title=plan.title,
        city=city or plan.city or target.city, unit=target.name, period=period,
        sent_at=(now or datetime.now()).replace(microsecond=0), sent_by=who, return_name=record.name,
        return_checksum=record.checksum, general=overall,
        items=tuple(ItemComment(normalize_seq(i.seq), i.indicator, i.comment, i.reported, i.target) for i in kept),
    )  # fmt: skip
    written = Path(path).expanduser().absolute()
    with store.transaction() as conn:
        record_send_back(conn, plan_id, send_back, Side.SENT, str(written), who)
        # Written inside the transaction: a file that cannot be saved leaves no send-back recorded.
        written = write_send_back(send_back, written)
    return SentBack(send_back, written)


def receive_send_back(store: Store, path: str | Path, who: str, own_unit: str = "") -> ReceivedSendBack:
    """The county imports a 退回意见 file: record it and unlock the period, all or nothing.

    `own_unit` is the installation's unit: a file for another unit is refused. Raises SendBackError (not a
    退回意见, damaged, for another unit, already imported) or StoreError (plan not in this store).
    """
    reading = read_send_back(path)
    sb = reading.send_back
    plans = list_plans(store)
    match = [p for p in plans if p.key == sb.plan_key] or [p for p in plans if p.title == sb.plan_title]
    if not match:
        raise SendBackError(f"“{reading.path.name}”是《{sb.plan_title}》的退回意见，本库中没有该方案")
    plan_id = match[0].id
    plan = load_plan(store, plan_id)
    unit = get_unit(store, sb.unit)
    if own_unit and get_unit(store, own_unit).name != unit.name:
        raise SendBackError(f"“{reading.path.name}”是退给{unit.name}的意见，本机填报单位是{own_unit}，不能导入")
    refusal = unit_outside_plan(plan.city, unit.name, unit.city) or period_outside_plan(plan.year, None, sb.period)
    if refusal:
        raise SendBackError(f"“{reading.path.name}”：{refusal}")
    warnings = list(reading.warnings)
    latest = [s for s in submissions(store, plan_id) if s.unit == unit.name and s.period == sb.period]
    if sb.return_checksum and latest and latest[-1].checksum and latest[-1].checksum != sb.return_checksum:
        warnings.append("退回的报表与本机最近一次报送的报表数字不同（可能本机已重新报送过），请核对")
    if sb.return_checksum and not latest:
        warnings.append(f"本机没有{sb.period.label}的报送记录，退回意见对应的报表可能来自其他电脑")
    locked = is_locked(store, plan_id, unit.name, sb.period)
    with store.transaction() as conn:
        try:
            record_send_back(conn, plan_id, sb, Side.RECEIVED, str(reading.path.absolute()), who)
        except StoreError as exc:  # imported before: said with the file's name, nothing changed
            raise SendBackError(f"“{reading.path.name}”：{exc}") from None
        if locked:
            unlock_period(store, plan_id, unit.name, sb.period, who, UNLOCK_REASON)
    return ReceivedSendBack(sb, plan_id, locked, warnings)


def open_received(store: Store, plan_id: int, unit: str, period: Period) -> list[StoredSendBack]:
    """The send-backs a county's next return for the period answers."""
    return send_backs(store, plan_id, unit, period, Side.RECEIVED, open_only=True)


def answer_text(store: Store, plan_id: int, unit: str, period: Period) -> tuple[str, str]:
    """(line for the return, token for its hidden sheet) when the period has open send-backs; else empty.

    With several open send-backs the latest is named; marking on submission answers them all.
    """
    pending = open_received(store, plan_id, unit, period)
    if not pending:
        return "", ""
    latest = pending[-1].send_back
    return latest.answer_line, latest.token


def answer_on_submit(
    conn: sqlite3.Connection, plan_id: int, unit: str, period: Period, file: str, who: str
) -> list[str]:
    """At the county, inside the 报送 transaction: the open send-backs are answered by this file."""
    return mark_answered(conn, plan_id, unit, period, Side.RECEIVED, Path(file).name, who)


def answer_on_collect(
    conn: sqlite3.Connection, store: Store, plan_id: int, unit: str, period: Period, path: Path, who: str
) -> list[str]:
    """At the city, inside the collect transaction: a newer return answers the open send-backs.

    Returns the notes the collect report shows: which send-back it answers, or that it does not say so.
    """
    pending = send_backs(store, plan_id, unit, period, Side.SENT, open_only=True)
    if not pending:
        return []
    token = answered_token(path)
    mark_answered(conn, plan_id, unit, period, Side.SENT, path.name, who)
    notes = []
    for stored in pending:
        when = cn_datetime(stored.send_back.sent_at)
        if stored.send_back.token == token:
            notes.append(f"本报表答复了 {when} 的退回意见")
        else:
            notes.append(f"该期报表曾于 {when} 退回，本报表未注明答复该退回意见，请核对是否已按意见修改")
    return notes


def send_back_history(store: Store, plan_id: int, unit: str | None = None, period: Period | None = None,
                      ) -> list[StoredSendBack]:  # fmt: skip
    """Every send-back of a plan (or of a unit's period), made or received here, oldest first."""
    if unit is not None:
        unit = get_unit(store, unit).name
    return send_backs(store, plan_id, unit, period)

"""Submitting a period (报送) locks it; unlocking needs a reason and is audited."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from domain.periods import Period
from storage.audit import now_text, write_audit
from storage.backups import BackupReason, backup_before
from storage.db import Store, StoreError


@dataclass(frozen=True)
class Submission:
    plan_id: int
    unit: str
    period: Period
    submitted_at: str
    submitted_by: str
    file: str
    checksum: str
    unlocked_at: str | None
    unlock_reason: str | None

    @property
    def locked(self) -> bool:
        return self.unlocked_at is None


def lock_of(conn: sqlite3.Connection, plan_id: int, unit_id: int, period: Period) -> str | None:
    """When the period was submitted, if it is still locked; None when it may be edited."""
    row = conn.execute(
        "SELECT submitted_at FROM submissions WHERE plan_id = ? AND unit_id = ? AND period = ? "
        "AND unlocked_at IS NULL ORDER BY id DESC LIMIT 1",
        (plan_id, unit_id, period.code),
    ).fetchone()
    return row["submitted_at"] if row else None


def _unit_id(conn: sqlite3.Connection, unit: str) -> int:
    row = conn.execute("SELECT id FROM units WHERE name = ?", (unit,)).fetchone()
    if row is None:
        raise StoreError(f"单位“{unit}”不在单位登记表中")
    return row["id"]


def is_locked(store: Store, plan_id: int, unit: str, period: Period) -> bool:
    return lock_of(store.conn, plan_id, _unit_id(store.conn, unit), period) is not None


def submit_period(
    store: Store, plan_id: int, unit: str, period: Period, who: str, file: str = "", checksum: str = ""
) -> None:
    """Mark a unit's period as submitted: its figures become read-only."""
    with store.transaction() as conn:
        unit_id = _unit_id(conn, unit)
        if lock_of(conn, plan_id, unit_id, period):
            raise StoreError(f"{unit} {period.label}已报送，无需重复报送；如需重新报送请先解锁")
        conn.execute(
            "INSERT INTO submissions (plan_id, unit_id, period, submitted_at, submitted_by, file, checksum) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (plan_id, unit_id, period.code, now_text(), who, file, checksum),
        )
        write_audit(conn, who, "报送", f"方案{plan_id}/{unit}/{period.code}", "locked", "否", "是")


def withdraw_submission(
    store: Store, plan_id: int, unit: str, period: Period, checksum: str, who: str, reason: str
) -> None:
    """Undo a 报送 whose file was never written: its lock is released, and the audit says why."""
    with store.transaction() as conn:
        unit_id = _unit_id(conn, unit)
        removed = conn.execute(
            "DELETE FROM submissions WHERE plan_id = ? AND unit_id = ? AND period = ? AND unlocked_at IS NULL "
            "AND checksum = ?",
            (plan_id, unit_id, period.code, checksum),
        ).rowcount
        if removed:
            write_audit(conn, who, "撤销报送", f"方案{plan_id}/{unit}/{period.code}", "locked", "是", f"否（{reason}）")


def unlock_period(store: Store, plan_id: int, unit: str, period: Period, who: str, reason: str) -> None:
    """Reopen a submitted period for editing; the reason is required and audited."""
    if not reason or not reason.strip():
        raise StoreError("解锁须填写原因")
    backup_before(store, BackupReason.UNLOCK)
    with store.transaction() as conn:
        unit_id = _unit_id(conn, unit)
        if not lock_of(conn, plan_id, unit_id, period):
            raise StoreError(f"{unit} {period.label}未报送，无需解锁")
        conn.execute(
            "UPDATE submissions SET unlocked_at = ?, unlocked_by = ?, unlock_reason = ? "
            "WHERE plan_id = ? AND unit_id = ? AND period = ? AND unlocked_at IS NULL",
            (now_text(), who, reason.strip(), plan_id, unit_id, period.code),
        )
        write_audit(conn, who, "解锁", f"方案{plan_id}/{unit}/{period.code}", "locked", "是", f"否（{reason.strip()}）")


def submissions(store: Store, plan_id: int | None = None) -> list[Submission]:
    rows = store.query(
        "SELECT s.*, u.name AS unit FROM submissions s JOIN units u ON u.id = s.unit_id "
        "WHERE (? IS NULL OR s.plan_id = ?) ORDER BY s.id",
        (plan_id, plan_id),
    )
    return [
        Submission(
            r["plan_id"],
            r["unit"],
            Period.parse(r["period"]),
            r["submitted_at"],
            r["submitted_by"],
            r["file"],
            r["checksum"],
            r["unlocked_at"],
            r["unlock_reason"],
        )  # fmt: skip
        for r in rows
    ]

"""The audit trail: who changed which figure when, from what to what."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from domain.audit_trail import AuditEntry
from domain.periods import Period
from storage.db import Store

__all__ = ["AuditEntry", "audit_count", "audit_entries", "audit_for_return", "now_text", "write_audit"]


def now_text() -> str:
    """Local time to the second, as the audit and the returns print it."""
    return datetime.now().isoformat(timespec="seconds")


def write_audit(
    conn: sqlite3.Connection,
    who: str,
    action: str,
    subject: str,
    field: str = "",
    old: object = None,
    new: object = None,
) -> None:
    """Append one audit row; call inside the transaction that makes the change."""
    conn.execute(
        "INSERT INTO audit (at, who, action, subject, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (now_text(), who, action, subject, field, _text(old), _text(new)),
    )


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def audit_entries(store: Store, subject_prefix: str = "", limit: int = 1000) -> list[AuditEntry]:
    """The newest audit rows first, optionally only those whose subject starts with a prefix."""
    rows = store.query(
        "SELECT at, who, action, subject, field, old, new FROM audit WHERE subject LIKE ? ESCAPE '\\' "
        "ORDER BY id DESC LIMIT ?",
        (_like_prefix(subject_prefix), limit),
    )
    return [AuditEntry(*tuple(row)) for row in rows]


def audit_for_return(store: Store, plan_id: int, unit: str, period: Period, limit: int = 5000) -> list[AuditEntry]:
    """Every change behind one unit's return, newest first: its figures and texts for the period, its 基数
    and quotas, the period's 报送 / 解锁 and collection, and changes to the plan itself (title, rule).
    """
    plan = f"方案{plan_id}"
    rows = store.query(
        "SELECT at, who, action, subject, field, old, new FROM audit WHERE subject = ? OR subject = ? "
        "OR (subject LIKE ? ESCAPE '\\' AND (subject LIKE ? ESCAPE '\\' OR subject LIKE ? ESCAPE '\\')) "
        "ORDER BY id DESC LIMIT ?",
        (plan, f"{plan}/{unit}/{period.code}", _like_prefix(f"{plan}/("), _like_suffix(f"/{unit}/{period.code}"),
         _like_suffix(f"/{unit}"), limit),
    )  # fmt: skip
    return [AuditEntry(*tuple(row)) for row in rows]


def _like_suffix(suffix: str) -> str:
    """A LIKE pattern matching exactly the subjects that end with suffix."""
    return "%" + suffix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching exactly the subjects that start with prefix (%, _ and \\ taken literally)."""
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def audit_count(store: Store) -> int:
    return store.one("SELECT count(*) FROM audit")[0]

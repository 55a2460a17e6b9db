"""Baselines (基数) entered or corrected by the county or the city: stored on the unit's quota, audited."""

from __future__ import annotations

import sqlite3

from storage.audit import write_audit


def write_baseline(
    conn: sqlite3.Connection, indicator_id: int, unit_id: int, value: float | None, who: str, subject: str
) -> bool:
    """Set (or, with None, clear) a unit's baseline for an indicator; True when it changed.

    A unit the table gave no quota gets a quota row without a target, so that the base is kept. Call inside
    the transaction of the edit; the change is audited as 修改基数.
    """
    row = conn.execute(
        "SELECT id, baseline FROM quotas WHERE indicator_id = ? AND unit_id = ?", (indicator_id, unit_id)
    ).fetchone()
    old = row["baseline"] if row else None
    if old == value:
        return False
    if row is None:
        conn.execute(
            "INSERT INTO quotas (indicator_id, unit_id, target, baseline, source) VALUES (?, ?, NULL, ?, '')",
            (indicator_id, unit_id, value),
        )
    else:
        conn.execute("UPDATE quotas SET baseline = ? WHERE id = ?", (value, row["id"]))
    write_audit(conn, who, "修改基数", subject, "baseline", old, value)
    return True

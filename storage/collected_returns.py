"""At the city: which return was last collected for a unit and period, and what it said about itself."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from domain.periods import Period
from storage.db import Store, StoreError


@dataclass(frozen=True)
class CollectedReturn:
    """The file a unit's figures for a period came from; `changes` lists figures changed by hand in it."""

    plan_id: int
    unit: str
    period: Period
    file: str
    name: str
    sha256: str
    exported_at: datetime | None
    collected_at: datetime
    collected_by: str
    final: bool
    checksum: str = ""
    changed: int = 0
    changes: tuple[str, ...] = ()


def remember_collected_return(conn: sqlite3.Connection, record: CollectedReturn) -> None:
    """Record (or replace) the return collected for the unit and period; call inside the collect transaction."""
    unit = conn.execute("SELECT id FROM units WHERE name = ?", (record.unit,)).fetchone()
    if unit is None:
        raise StoreError(f"单位“{record.unit}”不在单位登记表中")
    conn.execute(
        """INSERT INTO collected_returns (plan_id, unit_id, period, file, name, sha256, exported_at,
               collected_at, collected_by, final, checksum, changed, changes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (plan_id, unit_id, period) DO UPDATE SET
               file = excluded.file, name = excluded.name, sha256 = excluded.sha256,
               exported_at = excluded.exported_at, collected_at = excluded.collected_at,
               collected_by = excluded.collected_by, final = excluded.final, checksum = excluded.checksum,
               changed = excluded.changed, changes = excluded.changes""",
        (
            record.plan_id, unit["id"], record.period.code, record.file, record.name, record.sha256,
            record.exported_at.isoformat(timespec="seconds") if record.exported_at else None,
            record.collected_at.isoformat(timespec="seconds"), record.collected_by, int(record.final),
            record.checksum, record.changed, json.dumps(list(record.changes), ensure_ascii=False),
        ),
    )  # fmt: skip


def collected_return(store: Store, plan_id: int, unit: str, period: Period) -> CollectedReturn | None:
    """The return last collected for the unit and period, or None when none was."""
    row = store.one(
        """SELECT c.*, u.name AS unit FROM collected_returns c JOIN units u ON u.id = c.unit_id
           WHERE c.plan_id = ? AND u.name = ? AND c.period = ?""",
        (plan_id, unit, period.code),
    )
    if row is None:
        return None
    return CollectedReturn(
        plan_id=row["plan_id"],
        unit=row["unit"],
        period=Period.parse(row["period"]),
        file=row["file"],
        name=row["name"],
        sha256=row["sha256"],
        exported_at=_moment(row["exported_at"]),
        collected_at=datetime.fromisoformat(row["collected_at"]),
        collected_by=row["collected_by"],
        final=bool(row["final"]),
        checksum=row["checksum"],
        changed=row["changed"],
        changes=tuple(json.loads(row["changes"])),
    )


def _moment(text: str | None) -> datetime | None:
    """A stored export time; None when absent or unreadable, so one odd row cannot stop a whole 汇总表."""
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return moment.replace(tzinfo=None) if moment else None

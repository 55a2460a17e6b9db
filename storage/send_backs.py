"""Send-backs (退回) as the store keeps them: made at the city, received at the county, answered by a return.

Rows are only ever added or marked answered, so every send-back of a unit's period stays in the history.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.periods import Period
from domain.send_back import ItemComment, SendBack
from storage.audit import now_text, write_audit
from storage.db import Store, StoreError


class Side(StrEnum):
    SENT = "sent"  # made here, at the city
    RECEIVED = "received"  # imported here, at the county


@dataclass(frozen=True)
class StoredSendBack:
    """A send-back with what the store knows about it: where its file is, when it arrived and was answered."""

    id: int
    plan_id: int
    side: Side
    send_back: SendBack
    file: str
    received_at: datetime | None
    received_by: str
    answered_at: datetime | None
    answer: str

    @property
    def open(self) -> bool:
        """Not yet answered by a newer return."""
        return self.answered_at is None


def _unit_id(conn: sqlite3.Connection, unit: str) -> int:
    row = conn.execute("SELECT id FROM units WHERE name = ?", (unit,)).fetchone()
    if row is None:
        raise StoreError(f"单位“{unit}”不在单位登记表中")
    return row["id"]


def _subject(plan_id: int, unit: str, period: Period) -> str:
    return f"方案{plan_id}/{unit}/{period.code}"


def record_send_back(
    conn: sqlite3.Connection, plan_id: int, send_back: SendBack, side: Side, file: str, who: str
) -> int:
    """Insert a send-back and its comments; call inside the transaction that writes or imports its file.

    Raises StoreError when this store already holds it (the same token on the same side).
    """
    known = conn.execute(
        "SELECT received_at, sent_at FROM send_backs WHERE token = ? AND side = ?", (send_back.token, side.value)
    ).fetchone()
    if known is not None:
        raise StoreError(f"这份退回意见已于 {_shown(known['received_at'] or known['sent_at'])} 导入，无需重复导入")
    received = now_text() if side is Side.RECEIVED else None
    cursor = conn.execute(
        """INSERT INTO send_backs (token, side, plan_id, unit_id, period, city, sent_at, sent_by, return_name,
               return_checksum, general, file, received_at, received_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            send_back.token, side.value, plan_id, _unit_id(conn, send_back.unit), send_back.period.code,
            send_back.city, send_back.sent_at.isoformat(timespec="seconds"), send_back.sent_by,
            send_back.return_name, send_back.return_checksum, send_back.general, file, received,
            who if received else None,
        ),
    )  # fmt: skip
    row_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO send_back_comments (send_back_id, position, seq, indicator, comment, reported, target) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(row_id, i, c.seq, c.indicator, c.comment, c.reported, c.target) for i, c in enumerate(send_back.items)],
    )
    action = "退回报表" if side is Side.SENT else "收到退回意见"
    summary = f"{send_back.count} 条意见" + (f"：{send_back.general}" if send_back.general else "")
    write_audit(conn, who, action, _subject(plan_id, send_back.unit, send_back.period), "send_back", None, summary)
    return row_id


def mark_answered(
    conn: sqlite3.Connection, plan_id: int, unit: str, period: Period, side: Side, answer: str, who: str
) -> list[str]:
    """Mark the open send-backs of a unit's period answered by `answer` (a return's file name).

    Call inside the transaction that submits (county) or collects (city) the answering return. Returns the
    tokens marked; nothing is marked when none is open.
    """
    rows = conn.execute(
        "SELECT id, token, sent_at FROM send_backs WHERE plan_id = ? AND unit_id = ? AND period = ? AND side = ? "
        "AND answered_at IS NULL ORDER BY id",
        (plan_id, _unit_id(conn, unit), period.code, side.value),
    ).fetchall()
    if not rows:
        return []
    at = now_text()
    conn.executemany(
        "UPDATE send_backs SET answered_at = ?, answer = ? WHERE id = ?", [(at, answer, r["id"]) for r in rows]
    )
    for r in rows:
        write_audit(conn, who, "答复退回意见", _subject(plan_id, unit, period), "send_back",
                    f"{_shown(r['sent_at'])}退回", answer)  # fmt: skip
    return [r["token"] for r in rows]


def send_backs(
    store: Store,
    plan_id: int,
    unit: str | None = None,
    period: Period | None = None,
    side: Side | None = None,
    *,
    open_only: bool = False,
) -> list[StoredSendBack]:
    """The send-backs of a plan, oldest first, optionally of one unit, period and side, or only open ones."""
    rows = store.query(
        """SELECT s.*, u.name AS unit, p.key AS plan_key, p.title AS plan_title FROM send_backs s
           JOIN units u ON u.id = s.unit_id JOIN plans p ON p.id = s.plan_id
           WHERE s.plan_id = ? AND (? IS NULL OR u.name = ?) AND (? IS NULL OR s.period = ?)
             AND (? IS NULL OR s.side = ?) AND (? = 0 OR s.answered_at IS NULL)
           ORDER BY s.sent_at, s.id""",
        (
            plan_id, unit, unit, period.code if period else None, period.code if period else None,
            side.value if side else None, side.value if side else None, int(open_only),
        ),
    )  # fmt: skip
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    comments: dict[int, list[ItemComment]] = {}
    for c in store.query(
        f"SELECT * FROM send_back_comments WHERE send_back_id IN ({', '.join('?' * len(ids))}) "
        "ORDER BY send_back_id, position",
        tuple(ids),
    ):
        comments.setdefault(c["send_back_id"], []).append(
            ItemComment(c["seq"], c["indicator"], c["comment"], c["reported"], c["target"])
        )
    return [_stored(r, tuple(comments.get(r["id"], []))) for r in rows]


def _stored(r: sqlite3.Row, items: tuple[ItemComment, ...]) -> StoredSendBack:
    send_back = SendBack(
        token=r["token"], plan_key=r["plan_key"], plan_title=r["plan_title"], city=r["city"], unit=r["unit"],
        period=Period.parse(r["period"]), sent_at=datetime.fromisoformat(r["sent_at"]), sent_by=r["sent_by"],
        return_name=r["return_name"], return_checksum=r["return_checksum"], general=r["general"], items=items,
    )  # fmt: skip
    return StoredSendBack(
        id=r["id"], plan_id=r["plan_id"], side=Side(r["side"]), send_back=send_back, file=r["file"],
        received_at=_moment(r["received_at"]), received_by=r["received_by"] or "",
        answered_at=_moment(r["answered_at"]), answer=r["answer"] or "",
    )  # fmt: skip


def open_comments(
    store: Store, plan_id: int, unit: str, period: Period, side: Side = Side.RECEIVED
) -> dict[tuple[str, str], list[str]]:
    """(task serial, indicator) → the comments of the open send-backs of a unit's period.

    What the county's grid shows beside its rows until the next submission answers them (at the city,
    with side SENT, what it asked the unit to fix).
    """
    found: dict[tuple[str, str], list[str]] = {}
    for stored in send_backs(store, plan_id, unit, period, side, open_only=True):
        for item in stored.send_back.items:
            found.setdefault(item.key, []).append(item.comment)
    return found


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _shown(text: str | None) -> str:
    if not text:
        return ""
    moment = datetime.fromisoformat(text)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"

"""Who is who among installations: this one's id, the units' keys, and which installation reports for a unit.

Kept as settings rows (no schema change): `installation.id`, `unit_key.<unit>` (hex) and, at the city,
`return_source.<unit>` (JSON) — the installation that first reported for the unit and the names its
returns were last signed with.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import uuid
from dataclasses import dataclass, field

from storage.audit import write_audit
from storage.db import Store

_INSTALLATION = "installation.id"
_KEY = "unit_key."
_SOURCE = "return_source."
KEY_BYTES = 32


def _get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row["value"] if row else None


def _set(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def installation_id(store: Store) -> str:
    """This installation's id (made once, at first need): returns carry it so the city knows their PC."""
    current = _get(store.conn, _INSTALLATION)
    if current:
        return current
    with store.transaction() as conn:
        current = _get(conn, _INSTALLATION)  # another process may have made it meanwhile
        if not current:
            current = uuid.uuid4().hex
            _set(conn, _INSTALLATION, current)
    return current


def unit_key(store: Store, unit: str) -> bytes | None:
    """The key this installation holds for a unit (issued here at the city, or kept from the city's table)."""
    value = _get(store.conn, _KEY + unit)
    try:
        return bytes.fromhex(value) if value else None
    except ValueError:
        return None


def issue_unit_key(store: Store, unit: str, who: str) -> bytes:
    """The city's key for a unit, made (and audited) the first time one of its tables carries it."""
    existing = unit_key(store, unit)
    if existing:
        return existing
    key = secrets.token_bytes(KEY_BYTES)
    with store.transaction() as conn:
        _set(conn, _KEY + unit, key.hex())
        write_audit(conn, who, "生成单位密钥", unit, "unit_key", None, "已生成（随任务分工表发出）")
    return key


def keep_unit_key(conn: sqlite3.Connection, unit: str, key: bytes, who: str) -> bool:
    """Keep the key a city's table gave this installation for `unit` (inside the import's transaction).

    Returns whether it changed; a new key replaces the old one and is audited (not the key itself).
    """
    before = _get(conn, _KEY + unit)
    if before == key.hex():
        return False
    _set(conn, _KEY + unit, key.hex())
    write_audit(conn, who, "保存单位密钥", unit, "unit_key", "有" if before else None, "已更新" if before else "已保存")
    return True


@dataclass
class ReturnSource:
    """At the city: the installation a unit's returns come from, since when, and the names they are signed with."""

    installation: str
    since: str
    file: str = ""
    names: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {"installation": self.installation, "since": self.since, "file": self.file, "names": self.names}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


def return_sources(store: Store) -> dict[str, ReturnSource]:
    """Every unit's recorded source; a record that cannot be read is left out (and left in place)."""
    sources: dict[str, ReturnSource] = {}
    for row in store.query("SELECT key, value FROM settings WHERE key LIKE 'return_source.%'"):
        try:
            data = json.loads(row["value"])
            source = ReturnSource(str(data["installation"]), str(data.get("since", "")), str(data.get("file", "")),
                                  {str(k): str(v) for k, v in dict(data.get("names") or {}).items()})  # fmt: skip
        except (ValueError, KeyError, TypeError):
            continue
        sources[row["key"][len(_SOURCE) :]] = source
    return sources


def remember_return_source(conn: sqlite3.Connection, unit: str, source: ReturnSource) -> None:
    """Record where a unit's return came from; call inside the collect transaction."""
    _set(conn, _SOURCE + unit, source.to_json())

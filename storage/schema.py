"""The schema, as forward migrations; `PRAGMA user_version` says how many have run.

Migrations only ever add: a store written by an older version opens in a newer one after a backup
copy is taken (see storage.db.open_store). Never edit a migration that has shipped; append one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime

from domain.periods import Period

UNIT_KINDS_SQL = "'city','district','county','county_city','zone'"
PERIOD_CHECK = (
    "(period GLOB '[12][0-9][0-9][0-9]' OR period GLOB '[12][0-9][0-9][0-9]-[01][0-9]' "
    "OR period GLOB '[12][0-9][0-9][0-9]Q[1-4]' OR period GLOB '[12][0-9][0-9][0-9]H[12]')"
)


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would COMMIT the migration's transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending[:80]}")


def _v1(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        f"""
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            city TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ({UNIT_KINDS_SQL})),
            aliases TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE CHECK (length(key) > 0),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
            doc_number TEXT NOT NULL DEFAULT '',
            issuer TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            issued TEXT CHECK (issued IS NULL OR date(issued, '+0 days') = issued),
            table_title TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            seq TEXT NOT NULL CHECK (length(seq) > 0),
            city_seq TEXT NOT NULL DEFAULT '',
            topic TEXT NOT NULL DEFAULT '',
            region_goal TEXT NOT NULL DEFAULT '',
            region_task TEXT NOT NULL DEFAULT '',
            city_goal TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            responsible TEXT NOT NULL DEFAULT '',
            deadline TEXT CHECK (deadline IS NULL OR date(deadline, '+0 days') = deadline),
            lead TEXT NOT NULL DEFAULT '',
            partners TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (plan_id, seq)
        );
        CREATE TABLE indicators (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            measure TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('stock','increment','growth','ratio','qualitative')),
            direction TEXT NOT NULL DEFAULT 'at_least' CHECK (direction IN ('at_least','at_most')),
            target REAL CHECK (target IS NULL OR kind <> 'qualitative'),
            UNIQUE (task_id, name)
        );
        CREATE TABLE quotas (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            target REAL CHECK (target IS NULL OR target >= -1000),
            baseline REAL CHECK (baseline IS NULL OR baseline >= 0),
            source TEXT NOT NULL DEFAULT '',
            UNIQUE (indicator_id, unit_id)
        );
        CREATE TABLE achievements (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE RESTRICT,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            period TEXT NOT NULL CHECK {PERIOD_CHECK},
            actual REAL CHECK (actual IS NULL OR actual >= 0),
            status TEXT CHECK (status IS NULL OR status IN ('未启动','推进中','已完成')),
            progress TEXT NOT NULL DEFAULT '',
            problems TEXT NOT NULL DEFAULT '',
            next_steps TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL DEFAULT '',
            UNIQUE (indicator_id, unit_id, period)
        );
        CREATE INDEX achievements_by_unit ON achievements(unit_id, period);
        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            period TEXT NOT NULL CHECK {PERIOD_CHECK},
            submitted_at TEXT NOT NULL,
            submitted_by TEXT NOT NULL DEFAULT '',
            file TEXT NOT NULL DEFAULT '',
            checksum TEXT NOT NULL DEFAULT '',
            unlocked_at TEXT,
            unlocked_by TEXT,
            unlock_reason TEXT CHECK (unlocked_at IS NULL OR length(trim(unlock_reason)) > 0)
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            field TEXT NOT NULL DEFAULT '',
            old TEXT,
            new TEXT
        );
        """,
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Indexes for the lookups every edit and every history view makes; additive only.

    - audit(subject COLLATE NOCASE): the history panel filters by a subject prefix with LIKE, which SQLite
      can answer from an index only when the index uses NOCASE (LIKE is case-insensitive by default);
      the audit grows by a row per edited field, so this is the table that gets large.
    - submissions(plan_id, unit_id, period): lock_of() runs before every recorded figure.
    - quotas(unit_id): "does this task give this unit a quota" is asked per edit and per unit view; the
      UNIQUE (indicator_id, unit_id) index cannot serve a lookup by unit alone.
    """
    run_script(
        conn,
        """
        CREATE INDEX IF NOT EXISTS audit_by_subject ON audit(subject COLLATE NOCASE);
        CREATE INDEX IF NOT EXISTS submissions_by_key ON submissions(plan_id, unit_id, period);
        CREATE INDEX IF NOT EXISTS quotas_by_unit ON quotas(unit_id);
        """,
    )


def _v3(conn: sqlite3.Connection) -> None:
    """A table of its own for the returns the city has collected, which v2 kept as `collect.*` settings.

    Each readable settings value (JSON) moves into a row; one whose plan or unit no longer exists, or that
    cannot be read, stays in settings untouched rather than being lost.
    """
    run_script(
        conn,
        f"""
        CREATE TABLE collected_returns (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            period TEXT NOT NULL CHECK {PERIOD_CHECK},
            file TEXT NOT NULL,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            exported_at TEXT,
            collected_at TEXT NOT NULL,
            collected_by TEXT NOT NULL DEFAULT '',
            final INTEGER NOT NULL CHECK (final IN (0, 1)),
            checksum TEXT NOT NULL DEFAULT '',
            changed INTEGER NOT NULL DEFAULT 0 CHECK (changed >= 0),
            changes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
            UNIQUE (plan_id, unit_id, period)
        );
        """,
    )
    moved: dict[tuple[int, str, str], tuple[str, dict]] = {}
    for key, value in conn.execute("SELECT key, value FROM settings WHERE key GLOB 'collect.*'").fetchall():
        record = _readable_collected_setting(key, value)
        if record is None:
            continue  # kept in settings as it was: nothing is dropped that could not be read
        ident = (record["plan_id"], record["unit"], record["period"])
        if ident in moved:  # two keys for one return ("collect.01." and "collect.1."): the newer one stays
            older, newer = sorted([moved[ident], (key, record)], key=lambda kr: kr[1]["exported_at"] or "")
            conn.execute("DELETE FROM settings WHERE key = ?", (older[0],))
            moved[ident] = newer
        else:
            moved[ident] = (key, record)
    for key, record in moved.values():
        cursor = conn.execute(
            """INSERT INTO collected_returns (plan_id, unit_id, period, file, name, sha256, exported_at,
                   collected_at, collected_by, final, checksum, changed, changes)
               SELECT :plan_id, id, :period, :file, :name, :sha256, :exported_at, :collected_at, :collected_by,
                      :final, :checksum, :changed, :changes
               FROM units WHERE name = :unit AND EXISTS (SELECT 1 FROM plans WHERE id = :plan_id)""",
            record,
        )
        if cursor.rowcount == 1:
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))


def _readable_collected_setting(key: str, value: str) -> dict | None:
    """A v2 `collect.{plan}.{unit}.{period}` setting as a collected_returns row, or None if it is not sound.

    Checked here rather than left to SQLite, so that one odd record can never stop a store from opening.
    """
    try:
        plan_text, rest = key[len("collect.") :].split(".", 1)
        unit, period = rest.rsplit(".", 1)
        record = json.loads(value)
        plan_id = int(plan_text)
        if not (isinstance(record, dict) and unit.strip() and Period.parse(period).code == period):
            return None
        texts = {name: record.get(name) or "" for name in ("file", "name", "sha256", "collected_by", "checksum")}
        changes = record.get("changes") or []
        changed = record.get("changed") or 0
        exported_at = _naive_moment(record.get("exported_at"), allow_none=True)
        collected_at = _naive_moment(record.get("collected_at"), allow_none=False)
    except (ValueError, TypeError):
        return None
    sound = (
        all(isinstance(v, str) for v in texts.values())
        and texts["name"].strip() != ""
        and len(texts["sha256"]) == 64
        and isinstance(changes, list)
        and all(isinstance(c, str) for c in changes)
        and isinstance(changed, int)
        and 0 <= changed < 2**31
        and collected_at is not None
    )
    if not sound:
        return None
    return {
        **texts, "plan_id": plan_id, "unit": unit, "period": period, "exported_at": exported_at,
        "collected_at": collected_at, "final": int(bool(record.get("final"))), "changed": changed,
        "changes": json.dumps(changes, ensure_ascii=False),
    }  # fmt: skip


def _naive_moment(value: object, *, allow_none: bool) -> str | None:
    """An ISO local time to the second, as the store keeps times; ValueError if it is not one."""
    if value is None or value == "":
        if allow_none:
            return None
        raise ValueError("missing time")
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        raise ValueError("times in the store are local, without a zone")
    return moment.isoformat(timespec="seconds")


def _v4_county_cycle(conn: sqlite3.Connection) -> None:
    """What the county's monthly cycle keeps per plan and per figure; additive only.

    - plans.report_rule: the reporting rule the user chose (domain.reporting codes such as month/5/next);
      NULL means "as the plan's words say, else the default", worked out when read.
    - plans.archived: a plan hidden from the window but kept with all its figures.
    - achievements.explanation: the one line a user gave for an odd figure before 报送; it goes on the return.
    """
    run_script(
        conn,
        """
        ALTER TABLE plans ADD COLUMN report_rule TEXT
            CHECK (report_rule IS NULL OR report_rule GLOB '*/[0-9]*/*');
        ALTER TABLE plans ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
        ALTER TABLE achievements ADD COLUMN explanation TEXT NOT NULL DEFAULT '';
        """,
    )


def _v5_send_backs(conn: sqlite3.Connection) -> None:
    """Send-backs (退回): the city's comments on a unit's collected return, kept as history at both ends.

    The city records the send-backs it makes (side 'sent'); the county those it imports ('received'). The
    same token names one send-back in both stores. A send-back is answered by the unit's next return:
    `answered_at` and `answer` say when and by which file, and nothing is ever deleted.
    """
    run_script(
        conn,
        f"""
        CREATE TABLE send_backs (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL CHECK (length(token) >= 16),
            side TEXT NOT NULL CHECK (side IN ('sent', 'received')),
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            period TEXT NOT NULL CHECK {PERIOD_CHECK},
            city TEXT NOT NULL DEFAULT '',
            sent_at TEXT NOT NULL,
            sent_by TEXT NOT NULL DEFAULT '',
            return_name TEXT NOT NULL DEFAULT '',
            return_checksum TEXT NOT NULL DEFAULT '',
            general TEXT NOT NULL DEFAULT '',
            file TEXT NOT NULL DEFAULT '',
            received_at TEXT,
            received_by TEXT,
            answered_at TEXT,
            answer TEXT,
            UNIQUE (token, side)
        );
        CREATE INDEX send_backs_by_key ON send_backs(plan_id, unit_id, period);
        CREATE TABLE send_back_comments (
            id INTEGER PRIMARY KEY,
            send_back_id INTEGER NOT NULL REFERENCES send_backs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            seq TEXT NOT NULL CHECK (length(seq) > 0),
            indicator TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL CHECK (length(trim(comment)) > 0),
            reported TEXT NOT NULL DEFAULT '',
            target TEXT NOT NULL DEFAULT '',
            UNIQUE (send_back_id, seq, indicator)
        );
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4_county_cycle, _v5_send_backs]
SCHEMA_VERSION = len(MIGRATIONS)

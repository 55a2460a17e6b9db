"""Installation settings kept in the store, beside the data they sign."""

from __future__ import annotations

from domain.profile import Profile, checked_profile
from storage.audit import write_audit
from storage.db import Store

_PREFIX = "profile."


def load_profile(store: Store) -> Profile:
    """The installation's profile; empty fields where nothing was set."""
    rows = store.query("SELECT key, value FROM settings WHERE key LIKE 'profile.%'")
    values = {row["key"][len(_PREFIX) :]: row["value"] for row in rows}
    return Profile(**{k: v for k, v in values.items() if k in Profile.field_names()})


def save_profile(store: Store, profile: Profile, who: str = "") -> None:
    """Store the profile; each changed field is audited. UnsafeText (a ValueError) for a name that is too
    long or holds a character no return can print: the callers check first and say which field."""
    profile = checked_profile(profile)
    old = load_profile(store)
    with store.transaction() as conn:
        for name in Profile.field_names():
            before, after = getattr(old, name), getattr(profile, name).strip()
            if before == after:
                continue
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (_PREFIX + name, after),
            )
            write_audit(conn, who or profile.operator, "设置", "本机信息", name, before, after)


def get_setting(store: Store, key: str, default: str = "") -> str:
    row = store.one("SELECT value FROM settings WHERE key = ?", (key,))
    return row["value"] if row else default


def set_setting(store: Store, key: str, value: str) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

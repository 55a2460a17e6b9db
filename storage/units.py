"""The registry of cities and county-level units, as the store holds it."""

from __future__ import annotations

import json

from domain.units import Unit, UnitRegistry
from storage.db import Store, StoreError


def load_units(store: Store, registry: UnitRegistry) -> int:
    """Insert the registry's units that the store lacks; returns how many were added."""
    added = 0
    with store.transaction() as conn:
        for position, unit in enumerate(registry):
            cur = conn.execute(
                "INSERT OR IGNORE INTO units (name, city, kind, aliases, position) VALUES (?, ?, ?, ?, ?)",
                (unit.name, unit.city, unit.kind, json.dumps(list(unit.aliases), ensure_ascii=False), position),
            )
            added += cur.rowcount
    return added


def list_units(store: Store) -> list[Unit]:
    rows = store.query("SELECT name, city, kind, aliases FROM units ORDER BY position, id")
    return [Unit(r["name"], r["city"], r["kind"], tuple(json.loads(r["aliases"]))) for r in rows]


def unit_registry(store: Store) -> UnitRegistry:
    return UnitRegistry(list_units(store))


def get_unit(store: Store, name: str) -> Unit:
    """The unit named by full name or alias; StoreError in Chinese when there is none."""
    unit = unit_registry(store).resolve(name)
    if unit is None:
        raise StoreError(f"找不到单位“{name}”：请使用登记表中的名称，如 北流市、玉州区、玉东新区")
    return unit


def unit_id(store: Store, name: str) -> int:
    row = store.one("SELECT id FROM units WHERE name = ?", (get_unit(store, name).name,))
    return row["id"]

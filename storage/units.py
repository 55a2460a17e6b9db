"""The registry of cities and county-level units, as the store holds it."""

from __future__ import annotations

import json

from domain.units import Unit, UnitRegistry
from storage.audit import write_audit
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


def add_zone(store: Store, name: str, city: str, who: str = "", aliases: tuple[str, ...] = ()) -> Unit:
    """Register a development zone (高新区, 经开区, 片区 …) of a city; audited; joins an open transaction.

    StoreError in Chinese when the name is blank, already a unit (by name or alias), or the city unknown.
    The zone is listed after the city's other units.
    """
    name = name.strip()
    if not name:
        raise StoreError("开发区名称不能为空")
    registry = unit_registry(store)
    existing = registry.resolve(name)
    if existing is not None:
        raise StoreError(f"“{name}”已是登记表中的单位（{existing.name}，属{existing.city}），不能重复新增")
    owner = registry.resolve(city)
    if owner is None or not owner.is_city:
        raise StoreError(f"“{city}”不是登记表中的设区市，不能为它新增开发区")
    with store.transaction() as conn:
        row = conn.execute("SELECT max(position) AS p FROM units WHERE city = ?", (owner.name,)).fetchone()
        conn.execute(
            "INSERT INTO units (name, city, kind, aliases, position) VALUES (?, ?, 'zone', ?, ?)",
            (name, owner.name, json.dumps(list(aliases), ensure_ascii=False), row["p"] or 0),
        )
        write_audit(conn, who, "新增开发区", f"单位/{name}", "city", None, owner.name)
    return Unit(name, owner.name, "zone", tuple(aliases))

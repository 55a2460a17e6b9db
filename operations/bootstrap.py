"""First start: a new store gets the registry and the built-in plans."""

from __future__ import annotations

from pathlib import Path

from importers.builtin import builtin_plans, builtin_registry
from storage.db import Store, open_store
from storage.plans import list_plans, save_plan
from storage.units import list_units, load_units

BUILTIN_AUTHOR = "内置数据"


def ensure_builtin(store: Store) -> bool:
    """Load the registry and built-in plans into an empty store; True if anything was loaded.

    A store that already has plans is left alone, so a user's deletions and imports stand.
    """
    loaded = False
    if not list_units(store):
        load_units(store, builtin_registry())
        loaded = True
    if not list_plans(store):
        with store.transaction():
            for plan in builtin_plans():
                save_plan(store, plan, BUILTIN_AUTHOR)
        loaded = True
    return loaded


def open_with_builtin(path: str | Path) -> Store:
    """Open (creating if needed) the store at `path` and make sure it has the built-in data."""
    store = open_store(path)
    ensure_builtin(store)
    return store

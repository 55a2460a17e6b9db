"""First start: a new store gets the registry and the built-in plans."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from importers.builtin import builtin_plans, builtin_registry
from storage.db import Store, StoreError, fault_error, open_store
from storage.plans import list_plans, save_plan
from storage.store_files import publish_new_file
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
    """Open (creating if needed) the store at `path` and make sure it has the built-in data.

    A new store is built complete (schema and built-in data) under a temporary name and then published
    with a rename that never replaces a file: two first starts on one path cannot collide, and a store
    is never seen half-loaded. `store.created` says whether this call made it.
    """
    file = Path(path)
    created = False
    if not file.exists():
        created = _create_with_builtin(file)
    store = open_store(file, create=False)
    try:
        ensure_builtin(store)
    except BaseException:
        store.close()
        raise
    store.created = created
    return store


def _create_with_builtin(file: Path) -> bool:
    temp = file.with_name(f".{file.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.new")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)  # the user data folder, on the very first start
        store = open_store(temp)
        try:
            ensure_builtin(store)
            store.conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to publish
        finally:
            store.close()
        return publish_new_file(temp, file)
    except StoreError as exc:
        raise type(exc)(str(exc).replace(str(temp), str(file))) from exc
    except OSError as exc:
        raise fault_error(exc, f"无法新建数据库 {file}：") from exc
    finally:
        for leftover in (temp, *(temp.with_name(temp.name + s) for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()

"""Keeping the key a city's breakdown table gives a county installation, when the table is imported."""

from __future__ import annotations

from pathlib import Path

from importers.unit_keys import read_unit_key
from storage.db import Store
from storage.plans import PlanChanges
from storage.return_identity import keep_unit_key
from storage.settings import load_profile


def keep_table_key(store: Store, path: str | Path, who: str, changes: PlanChanges) -> None:
    """Keep the unit key an imported table carries, when it is this installation's unit; say so in `changes`.

    A key for another unit is not kept (the table was meant for that unit): the user is told.
    """
    if not path:
        return
    found = read_unit_key(path)
    if found is None:
        return
    own = load_profile(store).unit
    if own and own != found.unit:
        changes.add(f"该分工表附带的是{found.unit}的单位密钥，本机登记为{own}，未保存")
        return
    with store.transaction() as conn:
        kept = keep_unit_key(conn, found.unit, found.key, who)
    if kept:
        changes.add(f"已保存市里发给{found.unit}的单位密钥（编号 {found.key_id}）：此后报送的完成情况表将带签名")

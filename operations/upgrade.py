"""Telling the user, once, that a newer version upgraded their store and where the backup copy is."""

from __future__ import annotations

from storage.db import Store
from storage.settings import get_setting, set_setting


def upgrade_notice(store: Store) -> str | None:
    """The Chinese one-time message about the last schema upgrade of this store, or None.

    storage.db.open_store records each upgrade in the settings table; the first caller that shows the
    message (the window at start-up, or a command-line verb) gets it, and it is marked shown so that
    neither says it again. A store that was never upgraded has nothing to say.
    """
    old = get_setting(store, "upgrade.from")
    if not old or get_setting(store, "upgrade.shown", "1") != "0":
        return None
    new = get_setting(store, "upgrade.to")
    backup = get_setting(store, "upgrade.backup")
    set_setting(store, "upgrade.shown", "1")
    where = f"升级前的备份保存在 {backup}" if backup else "升级前未能保留备份"
    return f"数据库已从版本 {old} 升级到版本 {new}，{where}。如升级后数据有误，可在“文件 → 备份与恢复”中恢复这份备份。"

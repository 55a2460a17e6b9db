"""The user's data folder, as Qt's QStandardPaths AppDataLocation names it, found without Qt.

The command line needs it (the default store, the log file) and should not load Qt for that; the window
gets the same folder from Qt, and a test checks the two agree.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from version import APP_ID, ORGANIZATION

DB_FILE = "ledger.sqlite3"
LOG_FOLDER = "日志"


def user_data_dir() -> Path:
    """%APPDATA%/GuangxiSTLedger/STQuotaLedger on Windows, $XDG_DATA_HOME (~/.local/share)/… on Linux."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORGANIZATION / APP_ID


def default_db_path() -> Path:
    return user_data_dir() / DB_FILE


def log_folder() -> Path:
    """Where the error log lives (帮助 → 打开日志文件夹)."""
    return user_data_dir() / LOG_FOLDER

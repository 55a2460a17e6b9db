"""Where the user's store lives: Qt's per-user application data folder."""

from __future__ import annotations

from pathlib import Path

from version import APP_ID, ORGANIZATION

DB_FILE = "ledger.sqlite3"


def user_data_dir() -> Path:
    """%APPDATA%/GuangxiSTLedger/STQuotaLedger on Windows, ~/.local/share/… on Linux."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_db_path() -> Path:
    return user_data_dir() / DB_FILE

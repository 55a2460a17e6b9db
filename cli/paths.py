"""Where the user's store lives: Qt's per-user application data folder (found without loading Qt)."""

from __future__ import annotations

from storage.app_folder import DB_FILE, default_db_path, user_data_dir

__all__ = ["DB_FILE", "default_db_path", "user_data_dir"]

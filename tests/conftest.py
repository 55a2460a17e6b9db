"""Shared fixtures: real stores in temp folders, offscreen Qt."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings and QStandardPaths write under these: a private folder per test run, so that the user's own
# settings are never touched and two test runs on one machine (two checkouts) do not share last_plan etc.
_HOME = Path(tempfile.mkdtemp(prefix="ledger-tests-"))
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from operations.bootstrap import open_with_builtin  # noqa: E402
from storage.db import Store  # noqa: E402
from tests.fault_support import small_disk  # noqa: E402, F401 - the full-disk fixture, for every test module


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Store:
    """A store on a real SQLite file, loaded with the built-in plans."""
    s = open_with_builtin(db_path)
    yield s
    s.close()


@pytest.fixture
def yulin_plan_id(store: Store) -> int:
    from storage.plans import find_plan

    return find_plan(store, "优化营商环境创新创业").id


@pytest.fixture(autouse=True)
def fresh_settings():
    """Each test starts with empty QSettings: a plan remembered by one test must not choose another's rows."""
    if "PySide6.QtCore" in sys.modules:
        from PySide6.QtCore import QSettings

        settings = QSettings()
        settings.clear()
        settings.sync()
    yield


@pytest.fixture
def picture_path(tmp_path):
    """Where a test saves a picture of the window: a temp folder, or docs/ when LEDGER_PICTURES=docs.

    The README's pictures are refreshed on purpose (`LEDGER_PICTURES=docs python -m pytest -k screenshot`),
    never as a side effect of running the suite, which must leave the checkout as it found it.
    """

    def path(name: str) -> Path:
        folder = ROOT / "docs" if os.environ.get("LEDGER_PICTURES") == "docs" else tmp_path
        folder.mkdir(exist_ok=True)
        return folder / name

    return path

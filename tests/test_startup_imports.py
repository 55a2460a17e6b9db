"""The start to the window imports what its first screen needs and nothing more (issue 16).

A start took several times a bare PySide6 window's time, mostly importing what no first screen shows: every
verb's module (openpyxl, the importers, the quota grammar), sqlite_utils, and the modules behind every
menu entry (the exporters). The speed itself is measured by `python -m bench`; this test keeps the cause
from coming back. A real `main.py --db STORE` runs in a child process, and the modules it holds when the
window's ledger has loaded are compared with those a menu entry, a verb or a first start may import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from domain.profile import Profile
from operations.bootstrap import open_with_builtin
from storage.settings import save_profile

ROOT = Path(__file__).resolve().parent.parent

# Run as `python -c CHILD STORE`: main.py's own start, with an ear on the window's `loaded` signal.
CHILD = r"""
import json, os, sys
sys.path.insert(0, os.getcwd())
import gui.main_window

built = gui.main_window.MainWindow.__init__

def init(self, *args, **kwargs):
    built(self, *args, **kwargs)

    def loaded():
        shown = {"title": self.windowTitle(), "rows": self.model.rowCount(), "modules": sorted(sys.modules)}
        sys.stdout.write("LOADED " + json.dumps(shown, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        os._exit(0)

    self.loaded.connect(loaded)

gui.main_window.MainWindow.__init__ = init
from cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""

# What the first screen of a county's window does not need: imported when a menu entry or verb is used.
NOT_AT_START = {
    "openpyxl": "openpyxl (exports, reading returns)",
    "python_calamine": "python-calamine (imports)",
    "sqlite_utils": "sqlite_utils (Store.db, made on first use)",
    "exporters": "the exporters",
    "importers.breakdown": "the table importer",
    "importers.returns": "the returns reader",
    "domain.quota_tokens": "the quota grammar's tokenizer (its patterns compile on import)",
    "domain.quota_text": "the quota grammar",
    "domain.quota_clauses": "the quota grammar",
    "domain.quota_names": "the quota grammar",
    "operations.import_table": "the import operation",
    "operations.export_return": "the export operation",
    "operations.consolidate": "the consolidation",
    "cli.import_": "the import verb",
    "cli.export": "the export verb",
    "cli.collect": "the collect verb",
    "cli.selftest": "the self-test verb",
    "gui.file_actions": "the file menu's actions",
    "gui.city_view": "the city's 全市汇总 tab",
    "gui.charts": "the charts",
    "PySide6.QtCharts": "QtCharts",
    "PySide6.QtPrintSupport": "printing",
}


def start_window(tmp_path: Path) -> dict:
    """Start `main.py --db STORE` on a county's store (built-in data, profile set) until its ledger loads."""
    db = tmp_path / "ledger.sqlite3"
    with open_with_builtin(db) as store:
        save_profile(store, Profile(city="玉林市", unit="北流市", head="陈志强", filler="黄小玲"))
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8",
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache")}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", CHILD, str(db)], capture_output=True, text=True,
                            encoding="utf-8", env=env, cwd=ROOT, timeout=120)  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, f"the window did not load: {result.stderr[-3000:]}"
    return json.loads(lines[0][len("LOADED ") :])


def offenders(modules: list[str]) -> list[str]:
    return sorted({f"{name} ({why})" for name in modules for prefix, why in NOT_AT_START.items()
                   if name == prefix or name.startswith(prefix + ".")})  # fmt: skip


def test_a_county_window_starts_without_the_verbs_menus_and_exporters(tmp_path):
    shown = start_window(tmp_path)
    assert "北流市" in shown["title"] and shown["rows"] > 0  # the real first screen: the county's ledger
    modules = shown["modules"]
    assert "gui.main_window" in modules and "operations.ledger" in modules
    assert offenders(modules) == []


def test_the_check_sees_what_a_verb_imports():
    """The same check on a process that parsed every verb (as --help does): it finds them all."""
    code = "import json, sys; from cli import build_parser; build_parser(); print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    found = offenders(json.loads(result.stdout))
    for name in ("openpyxl", "exporters", "domain.quota_text", "cli.import_"):
        assert any(line.startswith(name + " ") or line.startswith(name + ".") for line in found), (name, found)


def test_the_window_loads_the_last_plan_shown_once(qtbot, store, monkeypatch):
    """Opening on a plan that is not the first listed loaded the ledger twice (the first load thrown away)."""
    from datetime import date

    from PySide6.QtCore import QSettings

    import gui.main_window
    from gui.workers import wait_for_jobs
    from operations.todo import own_plans

    last = own_plans(store, "玉林市")[-1].id  # the county's plans, as its window lists them
    QSettings().setValue("last_plan", last)
    loads = []
    real_start_job = gui.main_window.start_job

    def counted(work, *args, **kwargs):
        loads.append(work.__qualname__)
        return real_start_job(work, *args, **kwargs)

    monkeypatch.setattr(gui.main_window, "start_job", counted)
    win = gui.main_window.MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    assert win.plan_combo.currentData() == last != win.plan_combo.itemData(0)
    assert loads == ["MainWindow.reload.<locals>.work"]
    wait_for_jobs()


def test_the_stores_sqlite_utils_database_is_made_when_first_asked_for(store):
    """Store.db (sqlite-utils) is not made at opening, and is the same store once asked for."""
    assert "db" not in vars(store)
    database = store.db
    assert {"plans", "units", "achievements", "settings"} <= set(database.table_names())
    assert database["plans"].count == store.one("SELECT COUNT(*) FROM plans")[0] > 0
    assert store.db is database

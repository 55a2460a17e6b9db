"""Start-up: wall time from spawning a process to its window being interactive with the ledger loaded.

From source, bench/launch_app.py starts the app as main.py does and prints LOADED when the window's
`loaded` signal fires. The frozen bundle cannot run our launcher, so it is started as a user starts it
(`STQuotaLedger --db STORE`) and its load is seen from outside: the window saves the shown plan to its
QSettings file when the ledger has loaded (MainWindow.reload's done()), so the file's change marks the
moment; its peak memory is read from /proc (Linux only) and the process is killed. The floor is
bench/launch_bare.py: a bare QMainWindow shown by the same interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import ROOT, peak_rss_mib
from version import APP_ID, ORGANIZATION


def child_env(home: Path) -> dict[str, str]:
    """Offscreen Qt, UTF-8 output, settings folders of the run's own (never the user's), and bytecode kept.

    A start from source after the first finds its modules compiled (__pycache__), as the frozen bundle has
    them: the children write theirs under the run's folder (PYTHONPYCACHEPREFIX; the untimed warm-up run
    fills it), even where PYTHONDONTWRITEBYTECODE is set, which would have every timed start compile every
    module of ours again (~70 ms) while the bare window compiles none.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8", PYTHONPYCACHEPREFIX=str(home / "pycache"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"))  # fmt: skip
    return env


def settings_file(home: Path) -> Path:
    return home / "config" / ORGANIZATION / f"{APP_ID}.conf"


def seed_settings(home: Path, plan_id: int) -> Path:
    """The window opens on the plan last shown: make that the benchmark's main plan."""
    path = settings_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[General]\nlast_plan={plan_id}\n", encoding="utf-8")
    return path


def launch(command: list[str], env: dict[str, str], timeout: float) -> tuple[float, dict]:
    """Seconds from spawn to the child's LOADED line, and what it said (peak memory, title, rows)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    deadline = start + timeout
    try:
        assert process.stdout is not None
        while True:
            line = process.stdout.readline()  # the child writes LOADED and exits at once; no hang here
            elapsed = time.perf_counter() - start
            if line.startswith(b"LOADED "):
                process.wait(timeout=max(1.0, deadline - time.perf_counter()))
                return elapsed, json.loads(line[7:].decode("utf-8"))
            if not line or elapsed > timeout:
                process.kill()
                _, err = process.communicate(timeout=10)
                raise RuntimeError(f"{command[-2:]} did not load: {err.decode('utf-8', 'replace')[-2000:]}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def launch_frozen(exe: Path, store: Path, home: Path, env: dict[str, str], timeout: float) -> tuple[float, dict]:
    """Seconds from spawn to the bundle's settings file being rewritten on load; peak memory from /proc."""
    conf = settings_file(home)
    before = conf.stat().st_mtime_ns
    start = time.perf_counter()
    process = subprocess.Popen([str(exe), "--db", str(store)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env, cwd=exe.parent)  # fmt: skip
    try:
        while conf.stat().st_mtime_ns == before:
            if process.poll() is not None or time.perf_counter() - start > timeout:
                stale = " (dist/ is older than the source: rebuild it)" if bundle_is_stale(exe) else ""
                raise RuntimeError(f"the bundle did not load within {timeout:g} s{stale}")
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
        time.sleep(0.05)  # let the write finish before the kill
        peak = peak_rss_mib(process.pid) if Path(f"/proc/{process.pid}/status").exists() else None
    finally:
        if process.poll() is None:
            process.kill()
    process.wait()
    return elapsed, {"peak_mib": round(peak, 1) if peak else None}


def frozen_bundle() -> Path | None:
    """dist/STQuotaLedger/STQuotaLedger(.exe), the windowed program of the one-folder bundle, if built."""
    exe = ROOT / "dist" / APP_ID / (APP_ID + (".exe" if sys.platform == "win32" else ""))
    return exe if exe.is_file() else None


def bundle_is_stale(exe: Path) -> bool:
    """Whether some of the app's source changed after the bundle was built (it may refuse a newer store)."""
    built = exe.stat().st_mtime
    folders = ("cli", "gui", "operations", "storage", "importers", "exporters", "domain")
    return any(p.stat().st_mtime > built for folder in folders for p in (ROOT / folder).rglob("*.py"))


LAUNCH_TIMEOUT = 120.0  # seconds for one start; a start that needs longer is stuck (a dialog, a refused store)


def start_source(store: Path, plan_id: int, home: Path, repeats: int, timeout: float) -> dict:
    env, timeout = child_env(home), min(timeout, LAUNCH_TIMEOUT)
    seed_settings(home, plan_id)
    command = [sys.executable, str(ROOT / "bench" / "launch_app.py"), str(store)]
    launch(command, env, timeout)  # warm-up: the disk cache, as any start after the first
    runs = [launch(command, env, timeout) for _ in range(repeats)]
    return {"times": [t for t, _ in runs], "peak_mib": max(r["peak_mib"] for _, r in runs),
            "info": {k: v for k, v in runs[-1][1].items() if k != "peak_mib"}}  # fmt: skip


def start_bare(home: Path, repeats: int, timeout: float) -> dict:
    env, timeout = child_env(home), min(timeout, LAUNCH_TIMEOUT)
    command = [sys.executable, str(ROOT / "bench" / "launch_bare.py"), "-"]
    launch(command, env, timeout)
    runs = [launch(command, env, timeout) for _ in range(repeats)]
    return {"times": [t for t, _ in runs], "peak_mib": max(r["peak_mib"] for _, r in runs), "info": {}}


def start_frozen(exe: Path, store: Path, plan_id: int, home: Path, repeats: int, timeout: float) -> dict:
    env, timeout = child_env(home), min(timeout, LAUNCH_TIMEOUT)
    seed_settings(home, plan_id)
    launch_frozen(exe, store, home, env, timeout)
    runs = []
    for _ in range(repeats):
        seed_settings(home, plan_id)
        runs.append(launch_frozen(exe, store, home, env, timeout))
    peaks = [r["peak_mib"] for _, r in runs if r["peak_mib"]]
    return {
        "times": [t for t, _ in runs],
        "peak_mib": max(peaks) if peaks else None,
        "info": {"bundle": str(exe.relative_to(ROOT))},
    }

"""What every measuring child process shares: peak memory, timing a repeated action, reporting back.

A child prints one line `BENCH-RESULT {json}` at the end; the parent (bench.run_bench) reads it. Each
figure runs in a process of its own so that its peak memory is its own and a hang can be killed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

RESULT_MARK = "BENCH-RESULT "
WHO = "基准测试"  # who the audit names for the benchmark's edits
PROFILE_ENV = "BENCH_PROFILE"  # a file: the child writes the cProfile stats of its timed runs there
ROOT = Path(__file__).resolve().parent.parent


def peak_rss_mib(pid: int | str = "self") -> float:
    """A process's peak resident memory so far, in MiB: VmHWM on Linux, PeakWorkingSetSize on Windows.

    Not ru_maxrss on Linux: a child inherits its parent's peak there (it survives fork and exec), so a
    child of a large parent would report the parent's size.
    """
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t), ("QuotaPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t), ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                        ("PagefileUsage", ctypes.c_size_t), ("PeakPagefileUsage", ctypes.c_size_t)]  # fmt: skip

        counters = Counters()
        counters.cb = ctypes.sizeof(counters)
        process = ctypes.windll.kernel32.GetCurrentProcess()
        ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
        return counters.PeakWorkingSetSize / 2**20
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def timed(action: Callable[[int], object], repeats: int, prepare: Callable[[int], object] | None = None,
          warmup: bool = True) -> list[float]:  # fmt: skip
    """Seconds for each of `repeats` runs of action(i); prepare(i) runs before each, untimed.

    One untimed warm-up run first (imports, caches: what a session pays once), unless `warmup` is False.
    """
    times: list[float] = []
    profile_to = os.environ.get(PROFILE_ENV)
    profiler = None
    if profile_to:  # `--profile DIR`: cProfile the timed runs only (the times are then not comparable)
        import cProfile

        profiler = cProfile.Profile()
    for i in range(-1 if warmup else 0, repeats):
        if prepare is not None:
            prepare(i)
        if profiler is not None and i >= 0:
            profiler.enable()
        start = time.perf_counter()
        action(i)
        elapsed = time.perf_counter() - start
        if profiler is not None:
            profiler.disable()
        if i >= 0:
            times.append(elapsed)
    if profiler is not None and profile_to:
        profiler.dump_stats(profile_to)
    return times


def report(times: list[float], peak_mib: float | None = None, **info: object) -> None:
    """Send the result to the parent: the times, the peak memory (now, unless given), anything else."""
    result = {"times": times, "peak_mib": round(peak_rss_mib() if peak_mib is None else peak_mib, 1), "info": info}
    sys.stdout.write(RESULT_MARK + json.dumps(result, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def args_from_argv() -> dict:
    """A child's arguments: one JSON object as its last command-line argument."""
    return json.loads(sys.argv[-1])


def working_copy(cached: Path, folder: Path) -> Path:
    """A private copy of a cached store for one measurement (the cache is never opened for writing)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (cached.name.split("-g", 1)[0] + ".sqlite3")  # region-g1-s3-full.sqlite3 → region.sqlite3
    shutil.copyfile(cached, target)
    return target


def offscreen() -> None:
    """Qt without a screen, as the tests run it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

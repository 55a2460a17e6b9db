"""The figures the benchmark reports: what is measured, against which floor, with which target.

Each figure runs ours in one child process and its floor in another (bench.child), so that each has its
own peak memory and a hang is killed by a timeout; start-up figures spawn the app itself (bench.startup).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import RESULT_MARK, ROOT

MEMORY_TARGET_MIB = 200.0


@dataclass(frozen=True)
class Target:
    """A time target: ours at most `ratio` × the floor's median, or at most `ms` (at the `stat` given)."""

    ratio: float | None = None
    ms: float | None = None
    stat: str = "median"  # or "p95"

    @property
    def text(self) -> str:
        if self.ratio is not None:
            return f"≤ {self.ratio:g}× floor"
        if self.ms is not None:
            return f"{self.stat} < {self.ms:g} ms"
        return "—"


@dataclass(frozen=True)
class Figure:
    name: str  # for --only
    label: str  # the row in BENCHMARKS.md
    store: str | None  # which cached store ours works on
    ours: str  # a bench.child figure, or "start_source" / "start_frozen"
    floor: str
    floor_label: str
    target: Target
    repeats: int
    quick_repeats: int = 3
    cause: str = ""  # what the profile showed when the target was missed, and what a fix would take


# Profiled 2026-12 (issue 16, first round); printed under the table while the figure misses its target.
START = (
    "Start-up imports only what the first screen needs (tests/test_startup_imports.py fails if openpyxl, "
    "sqlite_utils, the quota grammar, the exporters or another verb's module is imported before the window "
    "shows). What remains beyond the bare window, profiled: PySide6 creating the Python types and enums of the "
    "~60 Qt classes the window uses (the `Qt` namespace alone ~13 ms; the bare window touches three classes) "
    "and importing ~100 modules of ours and of the standard library, together ~90 ms; building the window "
    "~30 ms (the grid and its frozen columns, toolbars, menus, 待办); opening the store (the window's connection and "
    "the loading worker's; `PRAGMA quick_check` once per process) and loading the ledger ~15 ms. "
    "Reaching 2× would take fewer Qt classes on the first screen, or a first frame shown before the ledger's "
    "modules are imported."
)
START_FROZEN = START + (
    " The bundle adds ~30 ms over the source interpreter: PyInstaller's bootloader starts the program twice "
    "(the second time with its library path set) and reads the standard library from a zip."
)
EXPORT_WRITE = (
    "Exports are composed in plain Python (`exporters/sheet.py`) and written by xlsxwriter with one Format per "
    "kind of cell (`exporters/xlsx_writer.py`); openpyxl's per-cell styling and merges, 15-22× the floor, are "
    "gone (the README's developer section has the figures). "
)
GRID_PAINT = (
    "Painting: a change repaints a screen of wrapped text, ~1,300 Python calls of `ProgressTableModel.data` "
    "and each cell's text laid out, where the floor's cells are C++ and one line high. Rows are measured only "
    "when they change (`gui/grid_rows.py`), a filter paints once."
)
GRID = (
    "Storing the edit (one SQLite transaction, synchronous FULL) and recomputing its row take ~3 ms, about the "
    "floor's commit; edits that stay on screen take 5-9 ms. The p95 is the edits after which Enter moves to a "
    "row below the visible ones: the grid scrolls, and because the frozen columns lie over its viewport Qt "
    "cannot scroll by copying pixels and repaints the whole screen (~15 ms). " + GRID_PAINT + " Fix: frozen "
    "columns beside the viewport (its margins) instead of over it, or cheaper cells (texts cached per row)."
)


FIGURES = [
    Figure("start_source", "Start to a loaded window, from source (county store)", "county", "start_source",
           "start_bare", "bare PySide6 QMainWindow, same interpreter", Target(ratio=2), 5, cause=START),
    Figure("start_frozen", "Start to a loaded window, frozen bundle (county store)", "county", "start_frozen",
           "start_bare", "bare PySide6 QMainWindow, source interpreter", Target(ratio=2), 5, cause=START_FROZEN),
    Figure("export_return", "Export a county's 完成情况表 (30 rows)", "county", "export_county_return",
           "xlsxwriter_floor", "xlsxwriter constant_memory, same cells unformatted", Target(ratio=3), 5,
           cause=EXPORT_WRITE),
    Figure("export_breakdown", "Export the city's 任务分工表 (300 sub-tasks)", "city", "export_city_breakdown",
           "xlsxwriter_floor", "xlsxwriter constant_memory, same cells unformatted", Target(ratio=3), 5,
           cause=EXPORT_WRITE + "What remains, profiled: row heights and column widths (~50%): "
                 "`exporters/text_fit.py:line_counts` wraps every text cell twice, in LibreOffice's and in "
                 "Excel/WPS's metrics with 禁则, so that no printed row cuts its text, a Python loop per "
                 "character run (`_units`); xlsxwriter's writing ~20%. Reaching 3× would take the wrapping "
                 "done in compiled code (Qt's QTextLayout is not available to exporters/, which must not "
                 "import Qt), or fewer widths tried per column."),
    Figure("export_consolidation", "Export the region's 汇总表 (111 units × 200 indicators)", "region",
           "export_region_consolidation", "xlsxwriter_floor", "xlsxwriter constant_memory, same cells unformatted",
           Target(ratio=3), 3, 2,
           cause=EXPORT_WRITE + "What remains: the printed 汇总表 is blocks of units one A4 page wide, "
                 "each repeating its indicator columns and bordering its empty cells, so xlsxwriter writes "
                 "~177,000 cells where the floor writes the ~60,000 values once (xlsxwriter's own per-cell "
                 "work, ~55%); computing each unit's row (`operations/consolidate.py:_figure` → "
                 "`domain/progress.py:build_row`, 39,000 cells, ~20%). It is within 3× of the floor writing "
                 "the same number of cells; reaching 3× of the bare values would take a layout without "
                 "repeated columns (the A3 option) or xlsxwriter's constant_memory mode, written row by row."),
    Figure("import_table", "Import a 300-row city 分工表 into a county store", "county", "import_city_table",
           "calamine_floor", "python-calamine reading the same sheet", Target(ratio=3), 5,
           cause="The quota grammar reading the table's ~500 sentences (`domain/quota_text.py:read_indicators`, ~80%): "
                 "each clause's members are tried for a unit's name span by span (`domain/quota_names.py:find_name`, "
                 "~95,000 registry lookups, cut to the spans short enough to be a name and ending as a name or an "
                 "office can), and the tokenizer (~15%). The floor only reads the cells; a reader that must "
                 "understand each sentence cannot come within 3× of that. What would take it further: one "
                 "compiled automaton of the registry's names (Aho–Corasick) instead of span lookups, and reading "
                 "a sentence once for all its indicators."),
    Figure("edit_county", "One grid edit, key press to committed row (county grid)", "county", "grid_edit",
           "floor_edit", "QTableView + QStandardItemModel, one SQLite commit", Target(ms=10, stat="p95"), 30, 10,
           cause=GRID),
    Figure("edit_region", "One grid edit, key press to committed row (region grid, 200 rows)", "region",
           "grid_edit", "floor_edit", "QTableView + QStandardItemModel, one SQLite commit",
           Target(ms=10, stat="p95"), 30, 10, cause=GRID),
    Figure("paste_region", "Paste 100 cells (Ctrl+V, 25 × 4 notes) on the region grid", "region", "grid_paste",
           "floor_paste", "QStandardItemModel setText + one SQLite transaction", Target(), 10, 3,
           cause="Storing the 100 figures (`storage/achievements.py:record_achievements` locates and checks each "
                 "cell with queries of its own, ~40%) and measuring the 25 changed rows' heights (wrapped notes, "
                 "~45%)."),
    Figure("filter_region", "Filter the region grid (filter text → laid out and painted)", "region",
           "grid_filter", "floor_filter", "QSortFilterProxyModel over QStandardItemModel, default QTableView",
           Target(ms=50), 10, 4, cause=GRID_PAINT),
    Figure("scroll_region", "Scroll the region grid to its last row (→ painted)", "region", "grid_scroll",
           "floor_scroll", "default QTableView over QStandardItemModel", Target(ms=50), 10, 4, cause=GRID_PAINT),
    Figure("collect", "Collect 11 returns at the city", "city", "collect_city_returns", "calamine_returns_floor",
           "python-calamine reading every sheet of the 11 files", Target(), 3, 2,
           cause="Returns are read with python-calamine (`importers/returns.py`, ~20%). The rest is the safety "
                 "the city needs: the backup taken before a collect (`storage/backups.py`, ~25%) and storing "
                 "each figure with its checks and audit row (`storage/achievements.py:record_achievements`, "
                 "~35%), all in one transaction."),
]  # fmt: skip
BY_NAME = {f.name: f for f in FIGURES}


@dataclass
class Run:
    """One side (ours or floor) of a figure: times in seconds, peak memory, or why it failed."""

    times: list[float] = field(default_factory=list)
    peak_mib: float | None = None
    info: dict = field(default_factory=dict)
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def p95(self) -> float | None:
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    def stat(self, name: str) -> float | None:
        return self.p95 if name == "p95" else self.median


@dataclass
class Result:
    figure: Figure
    ours: Run
    floor: Run

    @property
    def ratio(self) -> float | None:
        if self.ours.median is None or not self.floor.median:
            return None
        return self.ours.median / self.floor.median

    @property
    def time_met(self) -> bool | None:
        target = self.figure.target
        if target.ratio is not None:
            return None if self.ratio is None else self.ratio <= target.ratio
        if target.ms is not None:
            value = self.ours.stat(target.stat)
            return None if value is None else value * 1000 < target.ms
        return None

    @property
    def memory_met(self) -> bool | None:
        peaks = [p for p in (self.ours.peak_mib, self.floor.peak_mib) if p is not None]
        return None if self.ours.peak_mib is None else max(peaks) < MEMORY_TARGET_MIB

    @property
    def verdict(self) -> str:
        if self.ours.error.startswith("not built"):
            return "not built"
        if self.ours.error:
            return "failed"
        missed = [what for what, met in (("time", self.time_met), ("memory", self.memory_met)) if met is False]
        if missed:
            return "missed (" + ", ".join(missed) + ")"
        if self.time_met is None:  # no time target: only the memory is judged
            return "memory met" if self.memory_met else "—"
        return "met"


def run_child(name: str, args: dict, env: dict[str, str], timeout: float, work: Path) -> Run:
    """Run bench.child FIGURE in a process of its own; a timeout or a crash becomes the Run's error."""
    args_file = work / f"{name}-{time.monotonic_ns()}.json"
    args_file.write_text(json.dumps(args, ensure_ascii=False), encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "bench.child", name, str(args_file)], cwd=ROOT, env=env,
                              capture_output=True, timeout=timeout)  # fmt: skip
    except subprocess.TimeoutExpired:
        return Run(error=f"timed out after {timeout:g} s")
    out = done.stdout.decode("utf-8", "replace")
    line = next((x for x in reversed(out.splitlines()) if x.startswith(RESULT_MARK)), None)
    if done.returncode or line is None:
        tail = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        return Run(error=f"exit {done.returncode}: {tail[:300]}")
    result = json.loads(line[len(RESULT_MARK) :])
    return Run(result["times"], result["peak_mib"], result["info"])

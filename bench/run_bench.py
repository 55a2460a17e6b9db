"""Speed and memory of what users wait for, each beside a floor: `python -m bench [--quick] [--only NAME]`.

Not a test: it never fails on time. It builds (or takes from its cache) realistic stores, measures every
figure in child processes, prints one line per figure and writes BENCHMARKS.md at the repository root
(a full run only; a run with --only prints its rows, and writes them where --out says).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):  # `python bench/run_bench.py` as well as `python -m bench`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import startup
from bench.figures import BY_NAME, FIGURES, Figure, Result, Run, run_child
from bench.inputs import cached_inputs
from bench.measure import PROFILE_ENV, ROOT
from bench.report import table, write_report
from bench.stores import cached_store

CACHE = ROOT / "bench" / ".cache"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a few minutes instead of many)")
    parser.add_argument("--only", default="", help="comma-separated figure names: " + ", ".join(BY_NAME))
    parser.add_argument("--repeats", type=int, help="repeats for every figure (overrides the defaults)")
    parser.add_argument("--scale", choices=("full", "tiny"), default="full",
                        help="store sizes: full (the issue's) or tiny (for the smoke test)")  # fmt: skip
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"folder of generated stores (default {CACHE})")
    parser.add_argument("--out", type=Path, help="where to write the report (default: BENCHMARKS.md on a full run)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a child process is killed")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="cProfile our side of each figure (not start-up) into DIR/NAME.prof; prints the top",
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder (files written, store copies)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    args.figures = [BY_NAME[n] for n in names] if names else list(FIGURES)
    if args.out is None and not names:
        args.out = ROOT / "BENCHMARKS.md"
    return args


class Bench:
    """One run: the cached stores and inputs it needs, a private working folder, the bare-window floor."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.home = work / "home"  # XDG folders of the run's own: never the user's settings
        self.env = startup.child_env(self.home)
        self.stores: dict[str, tuple[Path, dict]] = {}
        self.inputs: dict | None = None
        self.bare: Run | None = None

    def repeats(self, figure: Figure) -> int:
        if self.args.repeats:
            return self.args.repeats
        return figure.quick_repeats if self.args.quick else figure.repeats

    def store(self, name: str) -> tuple[Path, dict]:
        if name not in self.stores:
            self.stores[name] = cached_store(self.args.cache, name, self.args.scale)
        return self.stores[name]

    def input_files(self) -> dict:
        if self.inputs is None:
            city, meta = self.store("city")
            self.inputs = cached_inputs(self.args.cache, city, meta, self.args.scale)
        return self.inputs

    def measure(self, figure: Figure) -> Result:
        if figure.ours.startswith("start_"):
            return self._start(figure)
        store, meta = self.store(figure.store or "county")
        folder = self.work / figure.name
        folder.mkdir(parents=True, exist_ok=True)
        common = {"repeats": self.repeats(figure), "cells": str(folder / "cells.json"),
                  "texts": str(folder / "texts.json")}  # fmt: skip
        if figure.name in ("import_table", "collect"):
            inputs = self.input_files()
            common.update(table=inputs["table"], returns=inputs["returns"])
        env = self.env
        if self.args.profile:
            self.args.profile.mkdir(parents=True, exist_ok=True)
            env = {**env, PROFILE_ENV: str((self.args.profile / f"{figure.name}.prof").absolute())}
        ours = run_child(figure.ours, {**common, "store": str(store), "meta": meta, "work": str(folder / "ours")},
                         env, self.args.timeout, folder)  # fmt: skip
        if self.args.profile and not ours.error:
            print_profile(Path(env[PROFILE_ENV]))
        if ours.error:
            return Result(figure, ours, Run(error="not run"))
        floor_args = {**common, "work": str(folder / "floor"), "column": ours.info.get("column")}
        (folder / "floor").mkdir(exist_ok=True)
        floor = run_child(figure.floor, floor_args, self.env, self.args.timeout, folder)
        return Result(figure, ours, floor)

    def _bare(self) -> Run:
        if self.bare is None:
            repeats = max(self.repeats(f) for f in self.args.figures if f.ours.startswith("start_"))
            self.bare = _run(lambda: startup.start_bare(self.home, repeats, self.args.timeout))
        return self.bare

    def _start(self, figure: Figure) -> Result:
        store, meta = self.store(figure.store or "county")
        copy = self.work / figure.name / "ledger.sqlite3"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(store, copy)
        repeats, timeout = self.repeats(figure), self.args.timeout
        if figure.ours == "start_frozen":
            exe = startup.frozen_bundle()
            if exe is None:
                return Result(figure, Run(error="not built (no dist/ bundle)"), Run())
            ours = _run(lambda: startup.start_frozen(exe, copy, meta["main_plan"], self.home, repeats, timeout))
        else:
            ours = _run(lambda: startup.start_source(copy, meta["main_plan"], self.home, repeats, timeout))
        return Result(figure, ours, self._bare())


def print_profile(path: Path, top: int = 25) -> None:
    """The functions that took longest (cumulative), ours only: where a fix would start."""
    import pstats

    pstats.Stats(str(path)).sort_stats("cumulative").print_stats(top)


def _run(measure) -> Run:
    try:
        result = measure()
    except Exception as exc:  # a figure that fails is reported in its row; the others still run
        return Run(error=f"{type(exc).__name__}: {str(exc)[:300]}")
    return Run(result["times"], result["peak_mib"], result["info"])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = datetime.now()
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    bench = Bench(args, work)
    results: list[Result] = []
    try:
        for figure in args.figures:
            print(f"measuring {figure.name}…", flush=True)
            result = bench.measure(figure)
            results.append(result)
            print("  " + table([result])[-1], flush=True)
    finally:
        if args.keep:
            print(f"working folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(table(results)))
    if args.out:
        stores = {name: {"size_mib": f"{path.stat().st_size / 2**20:.3g} MiB", **meta}
                  for name, (path, meta) in bench.stores.items()}  # fmt: skip
        write_report(args.out, results, quick=args.quick, scale=args.scale, started=started, stores=stores)
        print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

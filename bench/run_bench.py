"""Speed of what users wait for, on a large plan: `python bench/run_bench.py [--tasks N]`.

Not a test: it prints one line per measurement (median and worst of several runs) beside a target,
and exits 1 if a median misses its target. The targets are provisional until the benchmark issue sets them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.periods import Period
from domain.plans import Indicator, IndicatorKind, Plan, Quota, Task
from operations.bootstrap import open_with_builtin
from operations.export_return import export_breakdown, export_progress
from operations.ledger import load_ledger
from storage.achievements import AchievementKey, record_achievement, record_achievements
from storage.plans import load_plan, save_plan

UNITS = ["玉州区", "福绵区", "北流市", "容县", "陆川县", "博白县", "兴业县", "玉东新区", "玉柴工业园", "龙潭产业园",
         "玉林健康产业园"]  # fmt: skip
# Seconds. A spreadsheet answers a keystroke at once; a load or an export may take a moment.
TARGETS = {
    "save a large plan": 5.0,
    "load a unit's ledger": 0.5,
    "load the city's ledger": 0.5,
    "record one edit": 0.05,
    "paste 100 cells": 0.5,
    "export a progress return": 3.0,
    "export the whole breakdown table": 5.0,
}


def big_plan(tasks: int) -> Plan:
    plan = Plan("基准测试方案", 2022, key="bench", city="玉林市", table_title="基准测试任务分工表")
    for n in range(tasks):
        indicators = [
            Indicator(f"指标{n}-甲", "家", IndicatorKind.INCREMENT, target=110,
                      quotas=[Quota(u, 10, source=f"{u}10家") for u in UNITS]),
            Indicator(f"指标{n}-乙", "万元", IndicatorKind.GROWTH, target=20,
                      quotas=[Quota(u, 20, 800) for u in UNITS]),
        ]  # fmt: skip
        plan.tasks.append(Task(str(1000 + n), f"细化任务{n}：" + "推进科技创新工作。" * 6, city_seq=str(100 + n // 3),
                               responsible="各县（市、区）人民政府", indicators=indicators))  # fmt: skip
    return plan


def measure(name: str, action: Callable[[], object], repeat: int = 5) -> tuple[str, float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return name, statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=400, help="sub-tasks in the synthetic plan (two indicators each)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    store = open_with_builtin(folder / "bench.sqlite3")
    plan = big_plan(args.tasks)
    results = [measure("save a large plan", lambda: save_plan(store, plan, "基准"), repeat=2)]
    plan_id = plan.id or 0
    months = [Period(2022, "month", m) for m in range(1, 11)]
    for period in months:  # a year's history for one unit, so loading computes real previous values
        record_achievements(store, [(AchievementKey(plan_id, t.seq, t.indicators[0].name, "北流市", period),
                                     {"actual": str(period.index)}) for t in plan.tasks], "基准")  # fmt: skip
    october = months[-1]
    results.append(measure("load a unit's ledger", lambda: load_ledger(store, plan_id, "北流市", october)))
    results.append(measure("load the city's ledger", lambda: load_ledger(store, plan_id, "玉林市", october)))
    counter = iter(range(10**6))
    key = AchievementKey(plan_id, plan.tasks[0].seq, plan.tasks[0].indicators[0].name, "容县", october)
    results.append(
        measure("record one edit", lambda: record_achievement(store, key, {"actual": str(next(counter))}, "基准"), 20)
    )
    paste = [(AchievementKey(plan_id, t.seq, t.indicators[0].name, "容县", october), {"progress": "已推进"})
             for t in plan.tasks[:100]]  # fmt: skip
    results.append(measure("paste 100 cells", lambda: record_achievements(store, paste, "基准")))
    out = folder / "return.xlsx"
    draft = lambda: export_progress(store, plan_id, "北流市", october, out, final=False, who="基准")  # noqa: E731
    results.append(measure("export a progress return", draft, 3))
    results.append(measure("export the whole breakdown table",
                           lambda: export_breakdown(store, plan_id, None, folder / "breakdown.xlsx"), 2))  # fmt: skip
    load_plan(store, plan_id)
    missed = 0
    print(f"plan: {args.tasks} sub-tasks, {2 * args.tasks} indicators, {22 * args.tasks} quotas; store in {folder}")
    for name, median, worst in results:
        target = TARGETS[name]
        ok = median <= target
        missed += not ok
        print(f"{'ok  ' if ok else 'SLOW'} {name:<34} median {median * 1000:8.1f} ms  worst {worst * 1000:8.1f} ms  "
              f"target {target * 1000:6.0f} ms")  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

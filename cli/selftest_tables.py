"""The selftest's checks of what comes into the program: breakdown tables imported, returns collected.

Tables are read with python-calamine, a Rust extension that needs a Windows DLL of its own (its
ProcessPrng from bcryptprimitives.dll, which wine lacked, once stopped the bundle at start-up); returns
with openpyxl. Each check works in a store of its
own in the selftest's folder, as a county importing its city's table or a city collecting a return would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cli.selftest_context import FIGURES, PERIOD, UNIT, WHO, CheckFailed, Context, expect

SAMPLE_NAME = "分工表样例.xls"  # made by tools/make_selftest_table.py, in the bundle's resources/selftest/
# What importing the sample must give: (task serial, unit) -> target.
SAMPLE_QUOTAS = {("237", "北流市"): 18, ("237", "容县"): 14, ("238", "北流市"): 40, ("245", "玉东新区"): 1}
SAMPLE_TASKS = ("237", "238", "245")


def sample_table() -> Path:
    """The .xls breakdown table shipped with the program for the selftest."""
    from importers.builtin import resources_dir

    return resources_dir() / "selftest" / SAMPLE_NAME


def _new_store_path(path: Path) -> Path:
    """`path`, with whatever an earlier selftest left there (`--keep` into the same folder) removed."""
    for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)
    return path


def _registry_store(path: Path) -> Any:
    """A new store holding the unit registry and no plan, as a county's before its first import."""
    from importers.builtin import builtin_registry
    from storage.db import open_store
    from storage.units import load_units

    store = open_store(_new_store_path(path))
    load_units(store, builtin_registry())
    return store


def _import_alone(table: Path, store_path: Path) -> Any:
    """Import `table` into a new store of its own and return the plan stored; CheckFailed says what was refused."""
    from operations.import_table import ImportNeedsReview, ImportRefused, import_breakdown_table
    from storage.plans import list_plans, load_plan

    with _registry_store(store_path) as store:
        try:
            import_breakdown_table(store, table, WHO)
        except (ImportRefused, ImportNeedsReview) as exc:
            lines = str(exc).splitlines()
            raise CheckFailed("；".join(lines[:3]) + ("……" if len(lines) > 3 else "")) from None
        plans = list_plans(store)
        expect(len(plans) == 1, f"导入后库中有 {len(plans)} 份方案，应为 1 份")
        return load_plan(store, plans[0].id)


def _quotas(plan: Any) -> dict[tuple[str, str, str], tuple[float | None, float | None]]:
    """{(task serial, indicator, unit): (target, baseline)} of every quota of a plan."""
    return {
        (task.seq, indicator.name, quota.unit): (quota.target, quota.baseline)
        for task in plan.tasks
        for indicator in task.indicators
        for quota in indicator.quotas
    }


def _quota_text(plan: Any, seq: str, unit: str) -> str:
    """'18家': the target the plan holds for a unit in task `seq` (its first indicator with one), or '无'."""
    task = plan.task(seq)
    for indicator in task.indicators if task else ():
        for quota in indicator.quotas:
            if quota.unit == unit and quota.target is not None:
                return f"{quota.target:g}{indicator.measure}"
    return "无"


def check_import_exported(ctx: Context) -> str:
    from storage.plans import load_plan

    ctx.need_store()
    table = ctx.need_file("breakdown", "导出任务分工表（全表）")
    plan = _import_alone(table, ctx.folder / "导入导出表台账.sqlite3")
    exported = load_plan(ctx.store, ctx.plan_id)
    want, got = _quotas(exported), _quotas(plan)
    differ = [f"({seq}) {unit} {want.get((seq, name, unit))} → {got.get((seq, name, unit))}"
              for seq, name, unit in sorted(want.keys() | got.keys())
              if want.get((seq, name, unit)) != got.get((seq, name, unit))]  # fmt: skip
    expect(not differ, f"{len(differ)} 个分解指标与导出的不同：{'；'.join(differ[:3])}")
    expect(len(plan.tasks) == len(exported.tasks), f"读入 {len(plan.tasks)} 项任务，导出了 {len(exported.tasks)} 项")
    beiliu = _quota_text(plan, "237", UNIT)
    expect(beiliu == "18家", f"(237) {UNIT} 的分解指标为 {beiliu}，应为 18家")
    return f"{table.name} 读入新库，{len(plan.tasks)} 项任务、{len(got)} 个分解指标与导出的一致，(237) {UNIT} {beiliu}"


def check_import_sample(ctx: Context) -> str:
    return import_sample(sample_table(), ctx.folder / "导入样例表台账.sqlite3")


def import_sample(table: Path, store_path: Path) -> str:
    """Import the sample table into a new store at `store_path` and find SAMPLE_QUOTAS; the ✓ line's detail."""
    expect(table.is_file(), f"程序中缺少自检用的样例表 {table}")
    plan = _import_alone(table, store_path)
    seqs = tuple(task.seq for task in plan.tasks)
    expect(seqs == SAMPLE_TASKS, f"读入的任务为 {'、'.join(seqs) or '无'}，应为 {'、'.join(SAMPLE_TASKS)}")
    found = []
    for (seq, unit), target in SAMPLE_QUOTAS.items():
        text = _quota_text(plan, seq, unit)
        expect(text == f"{target}家", f"({seq}) {unit} 的分解指标为 {text}，应为 {target}家")
        found.append(f"({seq}) {unit} {text}")
    return f"{table.name}（{plan.city}）读入新库，{len(seqs)} 项任务：{'、'.join(found)}"


def check_collect(ctx: Context) -> str:
    from domain.periods import Period
    from operations.bootstrap import open_with_builtin
    from operations.collect import CollectError, collect_returns
    from storage.achievements import achievement_history
    from storage.submissions import is_locked

    ret = ctx.need_file("final", "导出完成情况表（报送）")
    with open_with_builtin(_new_store_path(ctx.folder / "市级台账.sqlite3")) as city:
        try:
            report = collect_returns(city, [ret], WHO)
        except CollectError as exc:
            raise CheckFailed("；".join(exc.errors[:3])) from None
        expect(len(report.stored) == 1, f"收取了 {len(report.stored)} 份报表，应为 1 份")
        item = report.stored[0]
        expect(item.unit == UNIT and item.period.code == PERIOD, f"收取为 {item.unit} {item.period.label}")
        expect(not item.changed, f"校验不一致：{'；'.join(item.changed[:3])}")
        latest = {seq: records[-1] for (seq, _), records in achievement_history(city, item.plan_id, UNIT).items()}
        for seq, changes in FIGURES:
            record = latest.get(seq)
            expect(record is not None, f"市级库中没有 ({seq}) 的完成情况")
            if "actual" in changes:
                expect(record.actual == float(changes["actual"]), f"({seq}) 收取的完成值为 {record.actual}")
            if "status" in changes:
                status = record.status.value if record.status else None
                expect(status == changes["status"], f"({seq}) 收取的状态为 {status}")
            if "progress" in changes:
                expect(record.progress == changes["progress"], f"({seq}) 收取的进展为“{record.progress}”")
        expect(is_locked(city, item.plan_id, UNIT, Period.parse(PERIOD)), "收取报送的报表后该期未锁定")
    return f"{ret.name} 收入市级新库，{len(FIGURES)} 项完成情况与填报一致，校验码相符，该期已锁定"

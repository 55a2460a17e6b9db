"""The stores the benchmark measures, built through the project's own API and cached between runs.

- county: 北流市's installation; 3 plans of 玉林市 with 60 indicators in all, a year of monthly figures.
- city: 玉林市's installation (the city and its 11 units); the same 3 plans with every unit's year of
  figures, and the city's full 300-row 分工表 (the table the import figure reads).
- region: the 111 county-level units of the region, one plan of 200 indicators, 12 months of figures.

A store is built once into the cache folder and copied for each measurement, so a run never measures a
store another measurement changed. The cache is rebuilt when GENERATOR_VERSION or the schema changes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.measure import WHO
from bench.plans import CITY, COUNTY, YEAR, make_plan
from domain.periods import Period
from domain.plans import IndicatorKind, Plan
from domain.profile import Profile
from domain.units import Unit
from operations.bootstrap import open_with_builtin
from storage.achievements import AchievementKey, record_achievements
from storage.db import Store
from storage.plans import save_plan
from storage.schema import SCHEMA_VERSION
from storage.settings import save_profile
from storage.units import unit_registry

GENERATOR_VERSION = 1
MONTHS = [Period(YEAR, "month", m) for m in range(1, 13)]
# (title, key): the county's three plans, the city's full table, the region's plan.
COUNTY_PLANS = [
    ("2022年玉林市科技创新重点任务分工方案（基准）", "bench-main"),
    ("2022年玉林市创新驱动发展专项行动方案（基准）", "bench-second"),
    ("2022年玉林市科技成果转化工作要点（基准）", "bench-third"),
]
CITY_TABLE = ("2022年玉林市优化营商环境创新创业指标任务分工表（基准）", "bench-city-table")
REGION_PLAN = ("2022年全区科技创新主要指标任务分解方案（基准）", "bench-region")


@dataclass(frozen=True)
class Scale:
    """How big the generated stores are: `full` is what the issue asks for, `tiny` is for the smoke test."""

    county_plans: tuple[int, ...]  # indicators in each of the county's plans
    city_table: int  # sub-tasks (rows) of the city's full table
    region_units: int | None  # None: all 111 county-level units
    region_indicators: int


SCALES = {
    "full": Scale((30, 20, 10), 300, None, 200),
    "tiny": Scale((6, 4, 2), 30, 10, 20),
}


@dataclass(frozen=True)
class StoreSpec:
    """What one cached store holds and who the installation is."""

    name: str
    profile: Profile
    build: Callable[[Store, Scale], dict]


def figures(plan: Plan, units: list[Unit]) -> list[tuple[AchievementKey, dict]]:
    """A year of monthly figures for each unit: cumulative actuals, statuses, and the texts staff write."""
    edits: list[tuple[AchievementKey, dict]] = []
    for unit in units:
        for task in plan.tasks:
            for indicator in task.indicators:
                quota = indicator.quota_for(unit.name)
                for period in MONTHS:
                    m = period.index
                    changes: dict[str, object] = {"progress": f"{period.label}：已召开推进会，{m}家企业完成申报材料"}
                    if m % 3 == 0:
                        changes["problems"] = "部分企业研发投入归集不规范，申报材料待补充"
                        changes["evidence"] = f"佐证材料{m}：推进会纪要、申报清单"
                    if indicator.kind is IndicatorKind.QUALITATIVE:
                        changes["status"] = "已完成" if m == 12 else "推进中"
                    elif quota is not None and quota.target is not None:
                        if indicator.kind is IndicatorKind.GROWTH:
                            changes["actual"] = round((quota.baseline or 800) * (1 + 0.03 * m), 1)
                        elif indicator.kind is IndicatorKind.RATIO:
                            changes["actual"] = round(quota.target * m / 12, 2)
                        else:
                            changes["actual"] = round(quota.target * m / 13)
                    edits.append((AchievementKey(plan.id or 0, task.seq, indicator.name, unit.name, period), changes))
    return edits


def _save_with_figures(store: Store, plan: Plan, units: list[Unit]) -> int:
    save_plan(store, plan, WHO)
    edits = figures(plan, units)
    for start in range(0, len(edits), 2000):  # a month of typing at a time, not one huge transaction
        record_achievements(store, edits[start : start + 2000], WHO)
    return plan.id or 0


def _yulin_units(store: Store) -> list[Unit]:
    return unit_registry(store).units_of_city(CITY)


def _county_plans(units: list[Unit], scale: Scale) -> list[Plan]:
    return [make_plan(title, key, units, n, seq_start=101 + 100 * i)
            for i, ((title, key), n) in enumerate(zip(COUNTY_PLANS, scale.county_plans, strict=True))]  # fmt: skip


def city_table(units: list[Unit], scale: Scale) -> Plan:
    """The city's full 分工表: saved in the city store, and written as the table the import reads."""
    title, key = CITY_TABLE
    return make_plan(title, key, units, scale.city_table, seq_start=101)


def build_county(store: Store, scale: Scale) -> dict:
    units = _yulin_units(store)
    county = [u for u in units if u.name == COUNTY]
    ids = [_save_with_figures(store, plan, county) for plan in _county_plans(units, scale)]
    shape = f"1 unit, {len(ids)} plans, {sum(scale.county_plans)} indicators, {len(MONTHS)} months"
    return {"plans": ids, "main_plan": ids[0], "unit": COUNTY, "shape": shape}


def build_city(store: Store, scale: Scale) -> dict:
    units = _yulin_units(store)
    ids = [_save_with_figures(store, plan, units) for plan in _county_plans(units, scale)]
    table = city_table(units, scale)
    save_plan(store, table, WHO)
    shape = (f"{len(units) + 1} units, {len(ids)} plans, {sum(scale.county_plans)} indicators, {len(MONTHS)} months;"
             f" a {scale.city_table}-row table")  # fmt: skip
    return {"plans": ids, "main_plan": ids[0], "table_plan": table.id, "unit": CITY, "shape": shape}


def build_region(store: Store, scale: Scale) -> dict:
    units = [u for u in unit_registry(store) if u.kind in ("district", "county", "county_city")]
    if scale.region_units is not None:  # always with 北流市, whose grid the figures drive
        others = [u for u in units if u.name != COUNTY]
        units = [u for u in units if u.name == COUNTY] + others[: scale.region_units - 1]
    title, key = REGION_PLAN
    plan = make_plan(title, key, units, scale.region_indicators, city="", quota_text=False)
    plan_id = _save_with_figures(store, plan, units)
    shape = f"{len(units)} units, {scale.region_indicators} indicators, {len(MONTHS)} months"
    return {"plans": [plan_id], "main_plan": plan_id, "unit": COUNTY, "shape": shape}


SPECS = {
    "county": StoreSpec("county", Profile(CITY, COUNTY, "陈志强", "刘芳", "黄小玲", "0775-6212345"), build_county),
    "city": StoreSpec("city", Profile(CITY, CITY, "王建华", "李秀英", "赵明", "0775-2682345"), build_city),
    "region": StoreSpec("region", Profile(CITY, COUNTY, "陈志强", "刘芳", "黄小玲", "0775-6212345"), build_region),
}


def cache_tag(scale: str) -> str:
    """Part of every cached file's name: a new generator or a new schema means new stores."""
    return f"g{GENERATOR_VERSION}-s{SCHEMA_VERSION}-{scale}"


def cached_store(cache: Path, name: str, scale: str = "full", log: Callable[[str], None] = print) -> tuple[Path, dict]:
    """The cached store `name` (built now if missing or stale) and what it holds (plan ids, unit)."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{name}-{cache_tag(scale)}.sqlite3"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        return path, json.loads(meta_path.read_text(encoding="utf-8"))
    for stale in cache.glob(f"{name}-g*-{scale}.*"):
        stale.unlink()
    spec = SPECS[name]
    log(f"building the {scale} {name} store (cached in {cache} for later runs)…")
    started = time.perf_counter()
    building = path.with_name(path.name + ".building")
    for leftover in cache.glob(building.name + "*"):
        leftover.unlink()
    store = open_with_builtin(building)
    try:
        save_profile(store, spec.profile, WHO)
        meta = spec.build(store, SCALES[scale])
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    building.replace(path)
    for leftover in cache.glob(building.name + "*"):
        leftover.unlink()
    meta.update(profile=spec.profile.__dict__, built_in_s=round(time.perf_counter() - started, 1))
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    log(f"  {name} store built in {meta['built_in_s']} s")
    return path, meta

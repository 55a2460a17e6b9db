"""The whole store as one JSON-ready dict: what `main.py dump` prints."""

from __future__ import annotations

from typing import Any

from domain.serialize import plan_to_dict
from storage.achievements import all_achievements
from storage.db import Store
from storage.plans import list_plans, load_plan
from storage.units import list_units


def dump_store(store: Store) -> dict[str, Any]:
    """Units, plans (tasks, indicators, quotas) and achievements, with the registry's full names."""
    plans = [plan_to_dict(load_plan(store, p.id)) for p in list_plans(store)]
    plans.sort(key=lambda p: p["id"])
    achievements = [
        {
            "plan_id": r.plan_id,
            "seq": r.seq,
            "indicator": r.indicator,
            "unit": r.achievement.unit,
            "period": r.achievement.period.code,
            "actual": r.achievement.actual,
            "status": r.achievement.status.value if r.achievement.status else None,
            "progress": r.achievement.progress,
            "problems": r.achievement.problems,
            "next_steps": r.achievement.next_steps,
            "evidence": r.achievement.evidence,
            "updated_at": r.updated_at,
            "updated_by": r.updated_by,
        }
        for r in all_achievements(store)
    ]
    return {
        "units": [
            {"name": u.name, "city": u.city, "kind": u.kind, "aliases": list(u.aliases)} for u in list_units(store)
        ],
        "plans": plans,
        "achievements": achievements,
    }

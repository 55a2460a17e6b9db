"""The built-in data shipped in resources/: the unit registry and the seed documents' plans."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from domain.plans import Plan
from domain.serialize import plan_from_dict
from domain.units import UnitRegistry


def resources_dir() -> Path:
    """resources/ beside the code, or inside the PyInstaller bundle when frozen."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base / "resources"


def builtin_registry() -> UnitRegistry:
    """The region's 14 cities and their county-level units, development zones included."""
    with open(resources_dir() / "units.json", encoding="utf-8") as fh:
        return UnitRegistry.from_registry_json(json.load(fh))


def builtin_plans() -> list[Plan]:
    """The plans of the seed documents, in a fixed order (玉林 创新创业 first)."""
    plans = []
    for path in sorted((resources_dir() / "plans").glob("*.json"), key=_order):
        with open(path, encoding="utf-8") as fh:
            plans.append(plan_from_dict(json.load(fh)))
    return plans


def _order(path: Path) -> tuple[int, str]:
    first = ("yulin_2022_innovation", "yulin_2022_hitech_zone", "baise_2022_innovation")
    return (first.index(path.stem) if path.stem in first else len(first), path.stem)

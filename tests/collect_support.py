"""What the collect tests share: county returns made by our own exporter, and a fresh city store.

Figures are recorded in one store standing in for the counties' PCs: before a unit's return is exported,
the store takes that unit's installation id and 本机信息 (as the unit's own PC would have them). The city
is a second, fresh store that collects them. Holds no tests itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from domain.periods import Period
from domain.profile import Profile
from operations.bootstrap import open_with_builtin
from operations.export_return import export_progress
from storage.achievements import AchievementKey, record_achievements
from storage.db import Store
from storage.plans import find_plan
from storage.settings import save_profile, set_setting
from storage.submissions import unlock_period

OCTOBER = Period.parse("2022-10")
CITY_PROFILE = Profile(
    city="玉林市", unit="玉林市", head="王建华", reviewer="李秀英", filler="赵明", phone="0775-2682345"
)
# What each county reports for October: 237 高企保有量 (stock), 238 科技型中小企业 (increment),
# 245 创新平台 (increment), 251 科技支出占比 (ratio), 252 R&D经费增长 (growth, 万元), 239 (qualitative).
FIGURES: dict[str, dict[str, float | str]] = {
    "北流市": {"237": 12, "238": 41, "245": 1, "251": 0.8, "252": 5200, "239": "推进中"},
    "容县": {"237": 15, "238": 30, "245": 0, "251": 1.1, "252": 3000},
    "玉州区": {"237": 17, "238": 35, "245": 2, "251": 1.2},
    "兴业县": {"237": 6, "238": 12, "252": 1100},
}
DRAFTS = {"玉州区"}  # sent as a draft (草稿), not submitted


@dataclass
class Counties:
    """The counties' store, the returns exported from it, and the plan they belong to."""

    store: Store
    plan_id: int
    returns: dict[str, Path]
    folder: Path
    # A unit's PC other than its first (reinstalled, replaced): unit → installation id its returns carry.
    installations: dict[str, str] = field(default_factory=dict)

    def record(self, unit: str, figures: dict[str, float | str], period: Period = OCTOBER) -> None:
        """Record a unit's figures the way its staff would (status for qualitative, actual otherwise)."""
        edits = []
        for seq, value in figures.items():
            changes: dict[str, object] = {"status": value} if isinstance(value, str) else {"actual": value}
            changes["progress"] = f"{unit}第{seq}项进展"
            edits.append((AchievementKey(self.plan_id, seq, "", unit, period), changes))
        record_achievements(self.store, edits, f"{unit}填报员")

    def export(self, unit: str, name: str | None = None, *, final: bool = True, period: Period = OCTOBER) -> Path:
        """Export a unit's return (报送 unless `final` is False) from its own PC; returns its path."""
        as_installation(self.store, unit, self.installations.get(unit))
        path = self.folder / (name or f"{unit}_{period.label}.xlsx")
        export_progress(self.store, self.plan_id, unit, period, path, final=final, who=f"{unit}填报员")
        return path

    def resubmit(self, unit: str, figures: dict[str, float | str], name: str) -> Path:
        """The county reopens its submitted period, corrects figures and submits again: a newer return.

        Waits past the second so the new export time (second resolution) is later than the old one.
        """
        time.sleep(1.05)
        unlock_period(self.store, self.plan_id, unit, OCTOBER, f"{unit}填报员", "更正数据")
        self.record(unit, figures)
        return self.export(unit, name)


def county_profile(unit: str) -> Profile:
    """The 本机信息 of a unit's own PC: its names and phone differ from every other unit's."""
    number = sum(ord(ch) for ch in unit) % 10000
    return Profile(city="玉林市", unit=unit, head=f"{unit}负责人", reviewer=f"{unit}审核人", filler=f"{unit}填报员",
                   phone=f"0775-68{number:04d}")  # fmt: skip


def as_installation(store: Store, unit: str, installation: str | None = None) -> None:
    """Make the store the installation of `unit`'s own PC: its id (by default one per unit) and 本机信息."""
    set_setting(store, "installation.id", installation or f"pc-{unit}")
    save_profile(store, county_profile(unit), "测试")


def make_counties(folder: Path) -> Counties:
    """A store with FIGURES recorded and each unit's October return exported (玉州区's as a draft)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = open_with_builtin(folder / "counties.sqlite3")
    counties = Counties(store, find_plan(store, "优化营商环境创新创业").id or 0, {}, folder)
    for unit, figures in FIGURES.items():
        counties.record(unit, figures)
        counties.returns[unit] = counties.export(unit, final=unit not in DRAFTS)
    return counties


def make_city(folder: Path) -> Store:
    """A fresh city installation (市本级) with the built-in plans and the city's signatures."""
    folder.mkdir(parents=True, exist_ok=True)
    store = open_with_builtin(folder / "city.sqlite3")
    save_profile(store, CITY_PROFILE, "测试")
    return store


def edit_cell(path: Path, out: Path, seq: str, column_title: str, value: object) -> int:
    """Change one cell of a return by hand, as someone might in Excel; returns the row edited."""
    wb = openpyxl.load_workbook(path)
    ws = wb["完成情况表"]
    titles = [c.value for c in ws[3]]
    column, serial = titles.index(column_title) + 1, titles.index("细化任务序号") + 1
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=serial).value == f"({seq})")
    ws.cell(row=row, column=column).value = value
    wb.save(out)
    return row

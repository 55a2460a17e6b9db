"""What the export tests share: a 北流市 ledger with figures, and the two independent readers.

Holds no tests itself; the test_export_* modules import from it.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from domain.periods import Period
from domain.profile import Profile
from domain.progress import ProgressRow, progress_rows
from storage.achievements import AchievementKey, achievement_history, record_achievement
from storage.db import Store
from storage.plans import load_plan
from storage.settings import save_profile
from storage.units import get_unit

OCTOBER = Period.parse("2022-10")
EXPORTED_AT = datetime(2022, 11, 3, 9, 30)
PROFILE = Profile(city="玉林市", unit="北流市", head="陈建国", reviewer="李梅", filler="黄小玲", phone="0775-6212345")
# Notes a user might type that Excel would otherwise run as formulas.
INJECTIONS = {
    "progress": '=HYPERLINK("http://example.invalid/","点此查看")',
    "problems": "+86 0775 6212345 联系不上",
    "next_steps": "-继续走访企业",
    "evidence": "@SUM(A1:A9)",
}


def seed_beiliu(store: Store, plan_id: int, period: Period = OCTOBER) -> None:
    """北流市's October figures: one behind, one done, a ratio, a growth and two qualitative tasks."""
    edits = [
        ("237", {"actual": 12, "progress": "新认定高新技术企业3家，另有5家已通过专家评审待公示。",
                 "problems": "部分企业研发费用归集不规范", "next_steps": "11月组织申报辅导",
                 "evidence": "认定名单、评审意见"}),
        ("238", {"actual": 41, "progress": "已完成入库评价41家"}),
        ("245", {"actual": 1, "progress": "推荐北流市陶瓷产业研究院申报自治区级新型研发机构"}),
        ("251", {"actual": 0.8}),
        ("252", {"actual": 5200, **INJECTIONS}),
        ("239", {"status": "推进中", "progress": "走访技改企业12家"}),
        ("250", {"status": "已完成", "progress": "组织8人参加东盟技术转移中心技术经纪人培训"}),
    ]  # fmt: skip
    for seq, changes in edits:
        record_achievement(store, AchievementKey(plan_id, seq, "", "北流市", period), changes, "测试")
    save_profile(store, PROFILE, "测试")


def beiliu_rows(store: Store, plan_id: int, period: Period = OCTOBER) -> list[ProgressRow]:
    plan = load_plan(store, plan_id)
    unit = get_unit(store, "北流市")
    history = achievement_history(store, plan_id, unit.name)
    return progress_rows(plan, unit.name, unit.kind, period, history, unit_short=unit.short_name)


def calamine_rows(path: Path, sheet: str | None = None) -> list[list[object]]:
    """Every row of a sheet as python-calamine reads it (an independent reader: no openpyxl)."""
    wb = CalamineWorkbook.from_path(str(path))
    name = sheet or wb.sheet_names[0]
    return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def calamine_sheets(path: Path) -> list[str]:
    return CalamineWorkbook.from_path(str(path)).sheet_names


def open_xlsx(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def sheet_xml(path: Path, index: int = 1) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}

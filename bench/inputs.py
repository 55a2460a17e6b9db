"""The files the import and collect figures read, made once per cache tag beside the stores.

- the city's 300-row 分工表, written with openpyxl in the shape of the built-in table (附件 label, merged
  title, the eleven columns, city rows merged over their sub-tasks, quotas inside the sub-task text);
- 11 county returns for October, exported by our own exporter from a copy of the city store after each
  unit's October figures were changed (so that collecting them changes the city's figures), each from its
  unit's own installation (its id and 本机信息, so the city's identity checks pass), as
  tests/collect_support.py makes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from bench.measure import WHO, working_copy
from bench.plans import CITY
from bench.stores import SCALES, cache_tag, city_table
from domain.periods import Period
from domain.plans import Plan, display_seq

HEADER = [
    "对应市任务分解表序号", "指标名称", "自治区目标", "自治区具体任务", "我市相应的目标任务", "细化任务序号",
    "细化任务", "责任单位", "完成时限", "牵头单位", "配合单位",
]  # fmt: skip
OCTOBER = Period.parse("2022-10")
# Part of the inputs folder's name: inputs made by an older version of this module are made again.
INPUTS_VERSION = 2


def write_city_table(path: Path, plan: Plan) -> Path:
    """The city's full table (300 sub-tasks) as a breakdown table a city sends (see tests/import_tables.py)."""
    book = Workbook()
    ws = book.active
    ws.title = "附件1"
    ws["A1"] = "附件1"
    ws["A2"] = plan.table_title
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=11)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append(HEADER)
    groups: dict[str, list] = {}
    for task in plan.tasks:
        groups.setdefault(task.city_seq, []).append(task)
    for city_seq, tasks in groups.items():
        start = ws.max_row + 1
        for task in tasks:
            deadline = task.deadline
            ws.append([int(city_seq), task.topic, task.region_goal, task.region_task, task.city_goal,
                       display_seq(task.seq), task.text, task.responsible,
                       f"{deadline.year}年{deadline.month}月{deadline.day}日" if deadline else "", task.lead,
                       task.partners])  # fmt: skip
        if ws.max_row > start:
            for col in range(1, 6):
                ws.merge_cells(start_row=start, start_column=col, end_row=ws.max_row, end_column=col)
    ws.append([])
    ws.append(["注：本表由市科技局负责解释，各单位于每月5日前报送上月完成情况。"])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=11)
    for col in range(1, 12):
        ws.column_dimensions[get_column_letter(col)].width = 14 if col != 7 else 48
    book.save(path)
    return path


def make_returns(city_store: Path, city_meta: dict, folder: Path) -> list[Path]:
    """Each of the city's 11 units' October return of the main plan, submitted (报送) as counties do."""
    from domain.profile import Profile
    from operations.export_return import export_progress
    from storage.achievements import AchievementKey, achievement_history, record_achievements
    from storage.db import open_store
    from storage.settings import save_profile, set_setting
    from storage.units import unit_registry

    store = open_store(working_copy(city_store, folder / "counties"))
    plan_id = city_meta["main_plan"]
    paths = []
    try:
        for unit in unit_registry(store).units_of_city(CITY):
            history = achievement_history(store, plan_id, unit.name)
            edits = []
            for (seq, name), records in history.items():
                october = next((a for a in records if a.period == OCTOBER), None)
                if october is not None and october.actual is not None:
                    changes = {"actual": october.actual + 1, "progress": f"{unit.name}十月进展（更正）"}
                    edits.append((AchievementKey(plan_id, seq, name, unit.name, OCTOBER), changes))
            record_achievements(store, edits, f"{unit.name}填报员")
            # The unit's own PC: an installation id and signatures of its own (the city refuses a return
            # signed with another unit's names as one made on that unit's PC).
            set_setting(store, "installation.id", f"bench-pc-{unit.name}")
            save_profile(store, Profile(city=CITY, unit=unit.name, head=f"{unit.name}负责人",
                                        reviewer=f"{unit.name}审核人", filler=f"{unit.name}填报员",
                                        phone=f"0775-{2680000 + len(paths)}"), "bench")  # fmt: skip
            path = folder / f"{unit.name}_{OCTOBER.label}_完成情况表.xlsx"
            export_progress(store, plan_id, unit.name, OCTOBER, path, final=True, who=f"{unit.name}填报员")
            paths.append(path)
    finally:
        store.close()
    return paths


def cached_inputs(
    cache: Path, city_store: Path, city_meta: dict, scale: str = "full", log: Callable[[str], None] = print
) -> dict:
    """The import table and the 11 returns, made now if the cache lacks them for this tag."""
    from storage.db import open_store
    from storage.units import unit_registry

    folder = cache / f"inputs{INPUTS_VERSION}-{cache_tag(scale)}"
    manifest = folder / "inputs.json"
    if manifest.exists():
        return json.loads(manifest.read_text(encoding="utf-8"))
    log("making the import table and the 11 returns…")
    folder.mkdir(parents=True, exist_ok=True)
    with open_store(city_store) as store:
        units = unit_registry(store).units_of_city(CITY)
    plan = city_table(units, SCALES[scale])
    table = write_city_table(folder / f"玉林市_指标任务分工表（{len(plan.tasks)}行）.xlsx", plan)
    returns = make_returns(city_store, city_meta, folder)
    inputs = {"table": str(table), "returns": [str(p) for p in returns], "who": WHO}
    manifest.write_text(json.dumps(inputs, ensure_ascii=False, indent=1), encoding="utf-8")
    return inputs

"""`main.py selftest`: prove that this installation works, end to end, without touching the user's data.

Runs on the source tree and on the frozen bundle alike (CI runs it on the bundle it just built): a new
store in a temporary folder, the built-in data, figures recorded, every kind of return exported and read
back, breakdown tables imported (the exported .xlsx and the .xls shipped in resources/selftest) and the
return collected as the city would (cli/selftest_tables.py), a PDF printed, the main window opened and
closed offscreen, and an older store upgraded. One line per check, "✓ …" or "✗ …：reason"; the exit status
is 0 only if every check passed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from cli import EXIT_FAILED, EXIT_OK
from cli.selftest_context import (
    FIGURES,
    PERIOD,
    PLAN,
    REPORT_DAY,
    UNIT,
    WHO,
    CheckFailed,
    Context,
    expect,
)
from cli.selftest_qt import check_pdf, check_qt, check_window
from cli.selftest_qt import missing_from_pdf as missing_from_pdf  # the PDF check's reader, for its tests
from cli.selftest_tables import check_collect, check_import_exported, check_import_sample
from version import APP_NAME, __version__


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "selftest",
        help="自检：在临时文件夹中建库、填报、导出并读回各种报表、打开主窗口，逐项报告结果",
        description="不读写本机的台账数据库；全部通过时退出码为 0。",
    )
    parser.add_argument("--keep", metavar="DIR", help="把自检生成的数据库和报表留在此文件夹中（默认用后删除）")
    parser.set_defaults(run=run)


# --- the checks, in order; each returns what it saw, for the ✓ line ---------------------------------------


def check_store(ctx: Context) -> str:
    from operations.bootstrap import open_with_builtin
    from storage.plans import find_plan, list_plans
    from storage.schema import SCHEMA_VERSION
    from storage.units import list_units

    ctx.store = open_with_builtin(ctx.folder / "自检台账.sqlite3")
    version = ctx.store.one("PRAGMA user_version")[0]
    expect(version == SCHEMA_VERSION, f"数据库结构版本为 {version}，应为 {SCHEMA_VERSION}")
    units = list_units(ctx.store)
    cities = [u for u in units if u.kind == "city"]
    plans = list_plans(ctx.store)
    expect(len(cities) == 14, f"设区市 {len(cities)} 个，应为 14 个")
    expect(len(units) - len(cities) >= 111, f"县级单位 {len(units) - len(cities)} 个，应不少于 111 个")
    expect(len(plans) >= 3, f"内置方案 {len(plans)} 份，应为 3 份")
    ctx.plan_id = find_plan(ctx.store, PLAN).id
    return f"{len(cities)} 个设区市、{len(units) - len(cities)} 个县级单位、{len(plans)} 份内置方案"


def check_record(ctx: Context) -> str:
    from domain.periods import Period
    from domain.profile import Profile
    from storage.achievements import AchievementKey, achievement_history, record_achievements
    from storage.settings import save_profile

    store = ctx.need_store()
    save_profile(store, Profile(city="玉林市", unit=UNIT, head="单位负责人", filler=WHO, phone="0775-0000000"))
    period = Period.parse(PERIOD)
    edits = [(AchievementKey(ctx.plan_id, seq, "", UNIT, period), changes) for seq, changes in FIGURES]
    record_achievements(store, edits, WHO)
    history = achievement_history(store, ctx.plan_id, UNIT)
    got = {seq: items[-1] for (seq, _), items in history.items()}
    expect(got.get("237") is not None and got["237"].actual == 12, f"(237) 读回的完成值为 {got.get('237')}")
    status = got.get("239").status if got.get("239") else None
    expect(status is not None and status.value == "推进中", f"(239) 读回的状态为 {status}")
    return f"{UNIT}{period.label} {len(FIGURES)} 项完成情况已记录并读回"


def _sheet_text(path: Path) -> tuple[list[str], str]:
    """Sheet names and all cell texts of a workbook, read with openpyxl as the city's PC would."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        texts = [
            str(value)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return list(wb.sheetnames), "\n".join(texts)
    finally:
        wb.close()


def check_breakdown_whole(ctx: Context) -> str:
    from operations.export_return import export_breakdown

    ctx.need_store()
    path = export_breakdown(ctx.store, ctx.plan_id, None, ctx.folder / "任务分工表_全表.xlsx")
    _, text = _sheet_text(path)
    expect("附件" in text, "表中没有“附件”标注")
    expect("任务分工表" in text, "表中没有标题")
    expect("北流不低于18家" in text, "表中没有 (237) 的分解指标“北流不低于18家”")
    ctx.files["breakdown"] = path
    return f"{path.name}，{path.stat().st_size // 1024} KB，用 openpyxl 读回"


def check_breakdown_unit(ctx: Context) -> str:
    from operations.export_return import export_breakdown

    ctx.need_store()
    path = export_breakdown(ctx.store, ctx.plan_id, UNIT, ctx.folder / f"任务分工表_{UNIT}.xlsx")
    _, text = _sheet_text(path)
    expect("(237)" in text, "表中没有 (237)")
    expect("容县不低于14家" not in text, "单位表中出现了其他县的分解指标")
    return f"{path.name}，只含{UNIT}的任务与分解指标"


def _read_return(path: Path, *, final: bool) -> str:
    from importers.returns import read_progress_return

    reading = read_progress_return(path)
    expect(reading.unit == UNIT, f"读回的填报单位为“{reading.unit}”")
    expect(reading.period.code == PERIOD, f"读回的填报期为 {reading.period.code}")
    expect(reading.final == final, f"读回的报送标记为 {reading.final}")
    expect(reading.intact, "校验未通过：" + "；".join(reading.problems))
    figures = reading.figures()
    actual = next((a for (seq, _), (_, a) in figures.items() if seq in ("237", "(237)")), None)
    expect(actual == 12, f"读回 (237) 的完成值为 {actual}，应为 12")
    return f"{len(reading.lines)} 行，校验码相符"


def check_progress_draft(ctx: Context) -> str:
    from operations.export_return import export_progress
    from storage.submissions import is_locked

    ctx.need_store()
    path = ctx.folder / f"{UNIT}_{PERIOD}_完成情况表（草稿）.xlsx"
    result = export_progress(
        ctx.store, ctx.plan_id, UNIT, PERIOD, path, final=False, who=WHO, report_date=REPORT_DAY
    )  # fmt: skip
    _, text = _sheet_text(result.path)
    expect("完成情况表" in text and "填报单位（盖章）" in text, "表头不完整")
    detail = _read_return(result.path, final=False)
    from domain.periods import Period

    expect(not is_locked(ctx.store, ctx.plan_id, UNIT, Period.parse(PERIOD)), "导出草稿后该期被锁定了")
    ctx.files["draft"] = result.path
    return f"{result.path.name}，{detail}，未锁定"


def check_progress_final(ctx: Context) -> str:
    from domain.periods import Period
    from operations.export_return import export_progress
    from storage.submissions import is_locked

    ctx.need_store()
    path = ctx.folder / f"{UNIT}_{PERIOD}_完成情况表.xlsx"
    result = export_progress(ctx.store, ctx.plan_id, UNIT, PERIOD, path, final=True, who=WHO, report_date=REPORT_DAY)
    detail = _read_return(result.path, final=True)
    expect(is_locked(ctx.store, ctx.plan_id, UNIT, Period.parse(PERIOD)), "报送后该期未锁定")
    ctx.files["final"] = result.path
    return f"{result.path.name}，{detail}，该期已锁定"


def check_consolidation(ctx: Context) -> str:
    from operations.consolidate import export_consolidation

    ctx.need_store()
    path = ctx.folder / f"玉林市_{PERIOD}_完成情况汇总表.xlsx"
    result = export_consolidation(ctx.store, ctx.plan_id, PERIOD, path, report_date=REPORT_DAY)
    sheets, text = _sheet_text(result.path)
    expect(UNIT in text and "容县" in text, "汇总表中没有各县的行")
    return f"{result.path.name}，工作表：{'、'.join(sheets)}"


def check_upgrade(ctx: Context) -> str:
    from operations.upgrade import upgrade_notice
    from storage.db import create_store_at_version, open_store
    from storage.schema import SCHEMA_VERSION
    from storage.units import list_units

    path = ctx.folder / "旧版本台账.sqlite3"
    old = SCHEMA_VERSION - 1
    from importers.builtin import builtin_registry
    from storage.units import load_units

    with create_store_at_version(path, old) as store:
        load_units(store, builtin_registry())
    with open_store(path) as store:
        expect(store.migrated_from == old, f"未从版本 {old} 升级")
        expect(store.backup_path is not None and store.backup_path.is_file(), "升级前没有留下备份")
        expect(len(list_units(store)) > 100, "升级后单位登记表不完整")
        notice = upgrade_notice(store)
        expect(notice is not None and str(store.backup_path) in notice, "没有提示升级和备份位置")
        expect(upgrade_notice(store) is None, "升级提示说了不止一次")
        backup = store.backup_path
    return f"版本 {old} → {SCHEMA_VERSION}，备份 {backup.name}，提示一次"


CHECKS: list[tuple[str, Callable[[Context], str]]] = [
    ("新建数据库并载入内置数据", check_store),
    ("填报完成情况", check_record),
    ("导出任务分工表（全表）", check_breakdown_whole),
    (f"导出任务分工表（{UNIT}）", check_breakdown_unit),
    ("导出完成情况表（草稿）并读回", check_progress_draft),
    ("导出完成情况表（报送）并读回", check_progress_final),
    ("导出汇总表并读回", check_consolidation),
    ("导入本程序导出的任务分工表（.xlsx）", check_import_exported),
    ("导入任务分工表样例（.xls）", check_import_sample),
    ("市级收取完成情况表", check_collect),
    ("启动 Qt 界面", check_qt),
    ("打印完成情况表为 PDF", check_pdf),
    ("打开并关闭主窗口", check_window),
    ("打开旧版本数据库并升级", check_upgrade),
]


def reason(exc: BaseException) -> str:
    """One line saying why a check failed: our own message, or the exception's type and text."""
    if isinstance(exc, CheckFailed):
        return str(exc)
    if isinstance(exc, ImportError):
        return f"缺少程序组件 {exc.name or exc}（{exc}）"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}：{text[0] if text else ''}".rstrip("：")


def run_checks(folder: Path, out: Callable[[str], None] = print) -> bool:
    """Run every check in `folder`, printing one line each; True when all passed."""
    ctx = Context(folder)
    failed = 0
    try:
        for label, check in CHECKS:
            started = time.monotonic()
            try:
                detail = check(ctx)
            except Exception as exc:
                failed += 1
                out(f"✗ {label}：{reason(exc)}")
                if os.environ.get("LEDGER_SELFTEST_TRACE"):
                    traceback.print_exc()
            else:
                out(f"✓ {label}：{detail}（{time.monotonic() - started:.1f} 秒）")
    finally:
        if ctx.store is not None:
            ctx.store.close()
    if failed:
        out(f"自检未通过：{len(CHECKS)} 项中 {failed} 项失败")
    else:
        out(f"自检通过：{len(CHECKS)} 项全部正常")
    return not failed


def run(args: argparse.Namespace) -> int:
    """Run the self-test in a temporary folder (or --keep DIR) and return 0 only if every check passed."""
    if sys.stdout is not None:
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
    frozen = "（打包版）" if getattr(sys, "frozen", False) else ""
    print(f"{APP_NAME} {__version__}{frozen} 自检", flush=True)
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        passed = run_checks(folder)
        print(f"自检文件保留在：{folder.resolve()}")
    else:
        folder = Path(tempfile.mkdtemp(prefix="stledger-selftest-"))
        try:
            passed = run_checks(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if sys.stdout is not None:
        sys.stdout.flush()
    return EXIT_OK if passed else EXIT_FAILED

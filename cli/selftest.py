"""`main.py selftest`: prove that this installation works, end to end, without touching the user's data.

Runs on the source tree and on the frozen bundle alike (CI runs it on the bundle it just built): a new
store in a temporary folder, the built-in data, figures recorded, every kind of return exported and read
back, a PDF printed, the main window opened and closed offscreen, and an older store upgraded. One line
per check, "✓ …" or "✗ …：reason"; the exit status is 0 only if every check passed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from cli import EXIT_FAILED, EXIT_OK
from version import APP_NAME, __version__

UNIT = "北流市"
PLAN = "优化营商环境创新创业"
PERIOD = "2022-10"
REPORT_DAY = date(2022, 10, 31)
WHO = "自检"
# Figures of the seed's 北流市 rows: increment, a growth target against its baseline, and a qualitative task.
FIGURES = [
    ("237", {"actual": "12", "progress": "新认定高新技术企业3家，另有5家待公示", "evidence": "认定名单"}),
    ("238", {"actual": "41", "progress": "已完成入库评价41家"}),
    ("252", {"actual": "5200"}),
    ("239", {"status": "推进中", "progress": "走访技改企业12家"}),
]


class CheckFailed(Exception):
    """A check's finding, in Chinese: what was expected and what was found."""


@dataclass
class Context:
    """What the checks hand on to each other: the folder, the store, the plan and the files written."""

    folder: Path
    store: Any = None
    plan_id: int | None = None
    app: Any = None
    files: dict[str, Path] = field(default_factory=dict)

    def need_store(self) -> Any:
        if self.store is None or self.plan_id is None:
            raise CheckFailed("未执行：数据库或内置方案未能建立")
        return self.store


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "selftest",
        help="自检：在临时文件夹中建库、填报、导出并读回各种报表、打开主窗口，逐项报告结果",
        description="不读写本机的台账数据库；全部通过时退出码为 0。",
    )
    parser.add_argument("--keep", metavar="DIR", help="把自检生成的数据库和报表留在此文件夹中（默认用后删除）")
    parser.set_defaults(run=run)


def expect(condition: bool, message: str) -> None:
    """Fail the running check with `message` unless `condition` holds."""
    if not condition:
        raise CheckFailed(message)


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


def _use_private_qt_settings(folder: Path) -> None:
    """The window remembers choices in QSettings: keep them in the temp folder, not the user's registry."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))


def default_platform() -> str:
    """Qt's platform for the checks: Windows' own (the one users see), elsewhere offscreen.

    On Windows, offscreen finds no fonts at all (every PDF glyph would be missing); the window is kept off
    the screen there by WA_DontShowOnScreen instead.
    """
    return "windows" if sys.platform == "win32" else "offscreen"


def check_qt(ctx: Context) -> str:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = default_platform()
    _use_private_qt_settings(ctx.folder)
    from PySide6.QtCore import QCoreApplication

    from gui.app import make_application

    ctx.app = make_application([sys.argv[0]])
    expect(not ctx.app.windowIcon().isNull(), "程序图标（resources/app.png）未能载入")
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    expect(cancel == "取消", f"Qt 中文翻译未载入（“Cancel”译为“{cancel}”）")
    return f"Qt {_qt_version()}，平台 {ctx.app.platformName()}，图标与中文翻译已载入"


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


def pdf_text(path: Path, *, use_pdftotext: bool = True) -> tuple[str, str]:
    """The PDF's text as a reader finds it, and which reader: poppler's pdftotext where installed, else the
    text layer read by cli/pdf_text.py (the Windows bundle has no poppler)."""
    from cli.pdf_text import PdfTextError, read_pdf_text

    pdftotext = shutil.which("pdftotext") if use_pdftotext else None
    if pdftotext:
        result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60)
        if result.returncode == 0:
            return result.stdout.decode("utf-8", "replace"), "pdftotext"
    try:
        return read_pdf_text(path.read_bytes()).text, "文字层"
    except PdfTextError as exc:
        raise CheckFailed(f"读不出 PDF 中的文字：{exc}") from exc


def missing_from_pdf(path: Path, wanted: list[str], *, use_pdftotext: bool = True) -> tuple[list[str], str]:
    """The phrases of `wanted` that a reader of the PDF cannot find (line breaks and spaces ignored)."""
    from cli.pdf_text import searchable

    text, reader = pdf_text(path, use_pdftotext=use_pdftotext)
    found = searchable(text)
    return [w for w in wanted if searchable(w) not in found], reader


def check_pdf(ctx: Context) -> str:
    from cli.pdf_text import PdfTextError, read_pdf_text
    from domain.periods import Period
    from domain.progress import progress_rows
    from exporters.return_layout import return_title
    from gui.print_preview import print_to_pdf
    from storage.achievements import achievement_history
    from storage.plans import load_plan
    from storage.settings import load_profile
    from storage.units import get_unit

    ctx.need_store()
    expect(ctx.app is not None, "未执行：Qt 未能启动")
    plan = load_plan(ctx.store, ctx.plan_id)
    unit = get_unit(ctx.store, UNIT)
    period = Period.parse(PERIOD)
    history = achievement_history(ctx.store, ctx.plan_id, UNIT)
    rows = progress_rows(
        plan, unit.name, unit.kind, period, history, unit_short=unit.short_name, report_date=REPORT_DAY
    )
    path = print_to_pdf(plan, unit, period, rows, load_profile(ctx.store), ctx.folder / "完成情况表.pdf", draft=False)
    data = path.read_bytes()
    expect(data.startswith(b"%PDF"), "生成的文件不是 PDF")
    try:
        layer = read_pdf_text(data)
    except PdfTextError as exc:
        raise CheckFailed(f"PDF 无法读取：{exc}") from exc
    expect(bool(layer.fonts), "PDF 中没有嵌入任何字体：文字没有画成字")
    # What a user reads on the page: the title, the unit, a figure, a rate and the text typed for (237).
    wanted = [return_title(plan, UNIT), f"填报单位（盖章）：{UNIT}", FIGURES[0][1]["progress"][:11], "66.7%"]
    missing, reader = missing_from_pdf(path, wanted)
    expect(not missing, f"PDF 中找不到：{'、'.join(missing)}（用{reader}读取；字体缺失或文字没有画成字）")
    fonts = "、".join(layer.fonts)
    return f"{path.name}，{len(data) // 1024} KB，{len(layer.pages)} 页，{reader}读出标题、单位和数字，字体 {fonts}"


def check_window(ctx: Context) -> str:
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from domain.profile import Profile
    from gui.main_window import MainWindow
    from gui.workers import wait_for_jobs

    ctx.need_store()
    expect(ctx.app is not None, "未执行：Qt 未能启动")
    window = MainWindow(ctx.store, Profile(city="玉林市", unit=UNIT, filler=WHO), today=REPORT_DAY)
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    started = time.monotonic()
    # Laid out, painted and loaded as on screen, but never shown there (the windows platform draws for real).
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.show()
    timer.start(30_000)
    loop.exec()
    loaded = timer.isActive()
    timer.stop()
    try:
        expect(loaded, "主窗口 30 秒内未载入数据")
        rows = len(window.model.rows)
        expect(rows > 0, "主窗口表格中没有任务")
        expect(UNIT in window.windowTitle(), f"窗口标题为“{window.windowTitle()}”")
        seconds = time.monotonic() - started
        family = _chinese_font(window)
    finally:
        window.close()
        wait_for_jobs()
        window.deleteLater()
        ctx.app.processEvents()
    return f"载入 {rows} 行用时 {seconds:.1f} 秒，中文字体 {family}，已关闭"


def _chinese_font(widget: Any) -> str:
    """The family the window's text is drawn in; CheckFailed unless it has the Chinese characters shown."""
    from PySide6.QtGui import QFontInfo, QRawFont

    font = widget.font()
    family = QFontInfo(font).family()
    raw = QRawFont.fromFont(font)
    sample = APP_NAME + "完成情况序时进度滞后"
    # By code point: PySide's str → QChar overload answers False for some characters a font has (科).
    missing = "".join(dict.fromkeys(c for c in sample if not raw.isValid() or not raw.supportsCharacter(ord(c))))
    expect(not missing, f"界面字体“{family}”没有中文字符（{missing}）：本机没有找到可用的中文字体")
    return family


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

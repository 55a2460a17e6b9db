"""The city's 汇总 actions: collect the counties' returns, and export the consolidation (汇总表).

Both run in a worker with a progress dialog (gui.workers) on a store connection of their own, like the
exports in gui.file_actions, and tell the user what happened without blocking the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from domain.periods import Period
from gui.file_actions import ask_save_path, last_folder, report_failure, tell_where
from gui.workers import Cancelled, run_with_dialog
from operations import consolidate
from operations.collect import CollectCancelled, CollectError, CollectReport, collect_returns
from operations.collect_report import PC_CHANGE
from operations.consolidate import ConsolidationExport, suggested_consolidation_name
from storage.db import open_store

if TYPE_CHECKING:
    from gui.main_window import MainWindow

COLLECT_TITLE = "收取各单位报表"
PC_TITLE = "确认更换报送电脑"
EXPORT_TITLE = "导出汇总表"


def ask_return_paths(parent: QWidget) -> list[Path]:
    """The county returns to collect, chosen in one dialog (several files at once)."""
    chosen, _ = QFileDialog.getOpenFileNames(parent, COLLECT_TITLE, last_folder(), "Excel 工作簿 (*.xlsx)")
    if chosen:
        QSettings().setValue("last_folder", str(Path(chosen[0]).parent))
    return [Path(p) for p in chosen]


def show_report(parent: QWidget, title: str, summary: str, details: str, *, warning: bool) -> QMessageBox:
    """A non-blocking message: the summary first, every file's lines under 显示详细信息."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, summary, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("collect_report")
    if details:
        box.setDetailedText(details)
    box.open()  # not exec(): the window stays responsive, and tests are not blocked
    return box


SHOWN_LINES = 8  # per-file lines shown in the box itself; all of them under 显示详细信息


def _sentence(head: str) -> str:
    """已收取 3 份报表（共 3 个文件）。 — the report's heading, which introduces a list, as a sentence."""
    return head.rstrip("：:") + "。"


def collect_summary(head: str, lines: list[str], warned: bool) -> str:
    """The box's text: a sentence, then what each file did (the first few lines), without a click."""
    shown = [line[2:] if line.startswith("  ") else line for line in lines[:SHOWN_LINES]]
    if len(lines) > SHOWN_LINES:
        shown.append(f"……另有 {len(lines) - SHOWN_LINES} 行，见“显示详细信息”")
    text = "\n".join([_sentence(head), *shown])
    return text + ("\n\n部分报表有手工改动或目标值不一致，请查看详细信息。" if warned else "")


def collect_returns_dialog(
    win: MainWindow, paths: list[Path] | None = None, pc_changed: list[str] | None = None
) -> None:
    """收取报表: store the figures of the chosen returns (all or none), then show what each file changed.

    A return from a PC other than the one its unit reported from before is refused; the official is asked
    whether the unit changed its PC, and on 是 the same files are collected again with that confirmed.
    """
    files = list(paths) if paths is not None else ask_return_paths(win)
    if not files:
        return
    db, who, confirmed = win.store.path, win.profile.operator, list(pc_changed or [])

    def work(progress, cancelled) -> CollectReport:
        with open_store(db) as store:
            return collect_returns(store, files, who, progress, cancelled, pc_changed=confirmed)

    def done(report: CollectReport) -> None:
        head, *rest = report.message.splitlines()
        warned = any(f.warnings for f in report.files)
        show_report(win, COLLECT_TITLE, collect_summary(head, rest, warned), "\n".join(rest), warning=warned)
        win.statusBar().showMessage(_sentence(head), 8000)
        win.reload()  # the grid may show a unit whose figures just arrived

    def failed(exc: BaseException) -> None:
        if isinstance(exc, CollectError) and exc.only_confirmable:
            ask_pc_change(win, exc, lambda: collect_returns_dialog(win, files, [*confirmed, *exc.to_confirm]))
        elif isinstance(exc, CollectError):
            summary = f"有 {len(exc.errors)} 处错误，未收取任何报表（全部文件无误才会收取）。"
            show_report(win, COLLECT_TITLE, summary + "\n\n" + "\n".join(exc.errors[:5]), "\n".join(exc.errors),
                        warning=True)  # fmt: skip
        elif isinstance(exc, (CollectCancelled, Cancelled)):
            win.statusBar().showMessage("已取消，未写入任何数据", 8000)
        else:
            report_failure(win, COLLECT_TITLE, exc)

    run_with_dialog(win, "正在收取报表……", work, done, failed)


def ask_pc_change(win: MainWindow, exc: CollectError, collect_again) -> QMessageBox:
    """Ask whether the units of returns from another PC really changed their PC; 是 collects them again."""
    units = "、".join(exc.to_confirm)
    reasons = "\n".join(e.removeprefix(PC_CHANGE) for e in exc.errors[:6])
    box = QMessageBox(
        QMessageBox.Icon.Question, PC_TITLE,
        f"以下报表所来自的电脑与此前不同，尚未收取：\n\n{reasons}\n\n"
        f"请先与{units}核实。确认{units}已更换报送电脑，并收取这些报表吗？（确认记入修改留痕）",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, win,
    )  # fmt: skip
    box.setObjectName("confirm_pc_change")
    box.setDefaultButton(QMessageBox.StandardButton.No)  # the safe answer, for a slip of the Enter key
    box.accepted.connect(collect_again)
    box.open()  # not exec(): the window stays responsive, and tests are not blocked
    return box


def _shown_plan_and_period(win: MainWindow) -> tuple[int, Period] | None:
    """The plan and period the window shows: what the 汇总表 is made for."""
    view = win.model.view
    if view is not None:
        return view.plan.id or 0, view.period
    plan_id, period = win.plan_combo.currentData(), win.current_period()
    return (plan_id, period) if plan_id is not None and period is not None else None


def export_consolidation(win: MainWindow, path: Path | None = None, paper: str = "A4") -> None:
    """导出汇总表: the chosen plan and period, units × indicators and who has reported; changes nothing.

    `paper` A4 (one block per indicator when the units do not fit across) or A3 (units across pages).
    """
    target = _shown_plan_and_period(win)
    if target is None:
        return
    plan_id, period = target
    city = win.profile.city or win.profile.unit
    name = suggested_consolidation_name(city, period)
    if paper != "A4":
        name = name.replace(".xlsx", f"（{paper}）.xlsx")
    path = path or ask_save_path(win, EXPORT_TITLE, name)
    if path is None:
        return
    db = win.store.path

    def work(progress, cancelled) -> ConsolidationExport:
        with open_store(db) as store:
            return consolidate.export_consolidation(
                store, plan_id, period, path, progress=progress, cancelled=cancelled, paper=paper
            )

    def done(result: ConsolidationExport) -> None:
        win.exported.emit(str(result.path))
        tell_where(win, EXPORT_TITLE, result.message, result.path)

    run_with_dialog(win, "正在导出汇总表……", work, done, lambda e: report_failure(win, EXPORT_TITLE, e))

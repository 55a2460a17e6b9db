"""The 导出 and 导入 menus: choose a file, run the operation in a worker, tell the user where it went."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from gui.faults import describe_failure
from gui.workers import Cancelled, run_with_dialog
from importers.unit_keys import read_unit_key
from operations.export_return import ExportCancelled, ExportResult, export_breakdown, export_progress
from operations.import_table import ImportCancelled, import_breakdown_table, preview_import
from storage.db import open_store
from storage.plans import PlanChanges

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def last_folder() -> str:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(QSettings().value("last_folder", documents))


def ask_save_path(parent: QWidget, title: str, name: str) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(last_folder()) / name), "Excel 工作簿 (*.xlsx)")
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
    QSettings().setValue("last_folder", str(path.parent))
    return path


def tell_where(parent: QWidget, title: str, message: str, path: Path) -> None:
    """Say where the file went, with a button that opens its folder."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok, parent)
    open_folder = QPushButton("打开所在文件夹")
    box.addButton(open_folder, QMessageBox.ButtonRole.ActionRole)
    open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
    box.open()  # not exec(): the window stays responsive and tests are not blocked


def report_failure(parent: QWidget, title: str, exc: BaseException) -> None:
    if isinstance(exc, (Cancelled, ExportCancelled, ImportCancelled)):
        parent.statusBar().showMessage("已取消，未生成文件", 8000)
        return
    QMessageBox.warning(parent, title, describe_failure(exc))  # our messages as they are, a library's translated


def export_breakdown_table(win: MainWindow, path: Path | None = None, whole: bool = False) -> None:
    """导出任务分工表: the whole plan for a city, the unit's own tasks and quotas for a county."""
    view = win.model.view
    if view is None:
        return
    unit = None if whole or view.unit.is_city else view.unit.name
    title = view.plan.table_title or f"{view.plan.title}任务分工表"
    path = path or ask_save_path(win, "导出任务分工表", f"{title}{'（' + unit + '）' if unit else ''}.xlsx")
    if path is None:
        return
    db, plan_id = win.store.path, view.plan.id or 0

    who = win.profile.operator

    def work(progress, cancelled) -> Path:
        with open_store(db) as store:
            return export_breakdown(store, plan_id, unit, path, progress, cancelled, who=who)

    def done(written: Path) -> None:
        win.exported.emit(str(written))
        key = read_unit_key(written)
        said = ""
        if key is not None:
            said = f"\n表中附带{key.unit}的单位密钥：该单位导入后，报送的完成情况表将带签名，可确认来自其本单位电脑。"
        tell_where(win, "导出任务分工表", f"任务分工表已导出：\n{written}{said}", written)

    run_with_dialog(win, "正在导出任务分工表……", work, done, lambda e: report_failure(win, "导出任务分工表", e))


def export_progress_return(win: MainWindow, final: bool, path: Path | None = None, confirm: bool = True) -> None:
    """导出完成情况表: a draft changes nothing; 报送 writes the file, then locks the period."""
    view = win.model.view
    if view is None:
        return
    if final and view.locked:
        QMessageBox.information(win, "报送", f"{view.unit.name}{view.period.label}已报送。如需重新报送，请先解锁。")
        return
    if final and confirm:
        answer = QMessageBox.question(
            win, "报送",
            f"报送后，{view.unit.name}{view.period.label}的数据将锁定，只能查看；如需修改须解锁并说明原因。\n确定报送吗？",
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
    from operations.export_return import suggested_return_name  # the one name the window and the CLI suggest

    name = suggested_return_name(view.unit.name, view.period, final=final)
    path = path or ask_save_path(win, "报送完成情况表" if final else "导出完成情况表（草稿）", name)
    if path is None:
        return
    db, plan_id, unit, period, who = (
        win.store.path,
        view.plan.id or 0,
        view.unit.name,
        view.period,
        win.profile.operator,
    )

    def work(progress, cancelled) -> ExportResult:
        with open_store(db) as store:
            return export_progress(store, plan_id, unit, period, path, final=final, who=who,
                                   progress=progress, cancelled=cancelled)  # fmt: skip

    def done(result: ExportResult) -> None:
        win.exported.emit(str(result.path))
        if final:
            win.reload()
        tell_where(win, "报送" if final else "导出完成情况表", result.message, result.path)

    title = "正在报送……" if final else "正在导出完成情况表……"
    run_with_dialog(win, title, work, done, lambda e: report_failure(win, "导出完成情况表", e))


def print_preview(win: MainWindow, modal: bool = True):
    """打印预览: the same return through Qt's printing, marked 草稿 until the period is submitted."""
    from gui.print_preview import show_print_preview

    view = win.model.view
    if view is None:
        return None
    return show_print_preview(win, view.plan, view.unit, view.period, view.rows, win.profile,
                              draft=not view.locked, modal=modal)  # fmt: skip


def import_table(win: MainWindow, path: Path | None = None, accept: bool | None = None) -> None:
    """导入分工表: read and show what was found; store it (one transaction) only when the user says 导入.

    `accept` answers the preview dialog without showing it (for callers that have already decided).
    """
    if path is None:
        kinds = "分工表 (*.xlsx *.xlsm *.xls *.csv);;Excel 表格 (*.xlsx *.xlsm *.xls);;CSV 文本表格 (*.csv)"
        chosen, _ = QFileDialog.getOpenFileName(win, "导入分工表", last_folder(), kinds)
        if not chosen:
            return
        path = Path(chosen)
        QSettings().setValue("last_folder", str(path.parent))
    db, who = win.store.path, win.profile.operator

    def read_sheet(sheet: str = "") -> None:
        def read(progress, cancelled):
            with open_store(db) as store:
                return preview_import(store, path, progress, cancelled, sheet=sheet)

        run_with_dialog(win, "正在读取分工表……", read, shown, failed)

    def failed(exc: BaseException) -> None:
        from gui.import_sheet_choice import SheetChoiceDialog
        from importers.table_versions import SheetChoiceNeeded

        if not isinstance(exc, SheetChoiceNeeded) or accept is not None:
            report_failure(win, "导入分工表", exc)
            return
        chooser = SheetChoiceDialog(str(exc), exc.sheets, win)
        chooser.accepted.connect(lambda: read_sheet(chooser.sheet()))
        chooser.open()

    def store_it(preview, review=None) -> None:
        def work(progress, cancelled) -> PlanChanges:
            with open_store(db) as store:
                return import_breakdown_table(store, preview, who, progress, cancelled, review=review)

        def done(changes: PlanChanges) -> None:
            win.refresh_plans(changes.plan_id)
            win.imported.emit(changes)
            lines = "\n".join(changes.lines[:30]) + (
                f"\n……共 {len(changes.lines)} 项" if len(changes.lines) > 30 else ""
            )
            box = QMessageBox(QMessageBox.Icon.Information, "导入分工表", f"已导入：{preview.plan.title}\n{lines}",
                              QMessageBox.StandardButton.Ok, win)  # fmt: skip
            box.open()  # not exec(): nothing waits on the user's OK

        run_with_dialog(win, "正在导入……", work, done, lambda e: report_failure(win, "导入分工表", e))

    def shown(preview) -> None:
        from gui.import_dialog import ImportDialog

        if accept is not None:
            if accept:
                store_it(preview)
            return
        dialog = ImportDialog(preview, win)
        dialog.accepted.connect(lambda: store_it(dialog.preview, dialog.review))
        dialog.sheet_requested.connect(read_sheet)
        dialog.open()

    read_sheet()

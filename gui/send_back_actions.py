"""退回 in the window: the city sends a return back; the county imports the 退回意见 (menu or dropped file).

Both run the operation in a worker on a store connection of their own and say what happened without
blocking the window, as the other file actions do. The operations (and openpyxl behind them) are imported
when an action runs: install() is on the way to the window's first screen.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from domain.send_back import SendBackError
from storage.db import StoreError, open_store

if TYPE_CHECKING:
    from gui.city_view import CityView
    from gui.main_window import MainWindow
    from gui.send_back_dialog import SendBackDialog
    from operations.city_overview import CityOverview
    from operations.send_back import ReceivedSendBack, SentBack

SEND_TITLE = "退回报表"
IMPORT_TITLE = "导入市里退回意见"


def suggested_name(unit: str, overview: CityOverview) -> str:
    return f"{unit}_{overview.period.label}_退回意见.xlsx"


def send_back_dialog(view: CityView, overview: CityOverview, unit: str, path: Path | None = None) -> SendBackDialog:
    """退回报表: comments in a dialog; on 退回, choose where the 退回意见 file goes, then write and record it."""
    from gui.send_back_dialog import SendBackDialog

    dialog = SendBackDialog(overview, unit, view)
    dialog.accepted.connect(lambda: _send(view, overview, unit, dialog, path))
    dialog.open()
    return dialog


def _send(view: CityView, overview: CityOverview, unit: str, dialog: SendBackDialog, path: Path | None) -> None:
    from gui.file_actions import last_folder, report_failure, tell_where
    from gui.workers import run_with_dialog
    from operations.send_back import send_back_return

    if path is None:
        suggested = str(Path(last_folder()) / suggested_name(unit, overview))
        chosen, _ = QFileDialog.getSaveFileName(view, SEND_TITLE, suggested, "Excel 工作簿 (*.xlsx)")
        if not chosen:
            return  # nothing recorded: the send-back exists only with its file
        path = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
        QSettings().setValue("last_folder", str(path.parent))
    items, general = dialog.comments()
    db, who = view.store.path, view.operator
    plan_id, period, city = overview.plan.id or 0, overview.period, overview.plan.city

    def work(progress, cancelled) -> SentBack:
        progress(0, 1, f"正在退回{unit}的报表……")
        with open_store(db) as store:
            return send_back_return(store, plan_id, unit, period, items, general, who, path, city)

    def done(result: SentBack) -> None:
        view.sent_back = result  # for callers that wait on it
        tell_where(view, SEND_TITLE, result.message, result.path)
        view.reload()

    run_with_dialog(view, "正在退回……", work, done, lambda e: report_failure(view, SEND_TITLE, e))


def import_send_back(win: MainWindow, path: Path | None = None) -> None:
    """导入市里退回意见: record the comments, unlock the period, show the comments beside the rows."""
    from gui.file_actions import last_folder, report_failure
    from gui.workers import run_with_dialog
    from operations.send_back import receive_send_back

    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(win, IMPORT_TITLE, last_folder(), "退回意见 (*.xlsx)")
        if not chosen:
            return
        path = Path(chosen)
        QSettings().setValue("last_folder", str(path.parent))
    db, who, own = win.store.path, win.profile.operator, win.profile.unit
    registry_unit = win.registry.resolve(own) if own else None
    # At the city, several units are kept in one installation: the file's own unit is taken.
    own_unit = "" if registry_unit is None or registry_unit.is_city else registry_unit.name

    def work(progress, cancelled) -> ReceivedSendBack:
        progress(0, 1, "正在导入退回意见……")
        with open_store(db) as store:
            return receive_send_back(store, path, who, own_unit)

    def done(result: ReceivedSendBack) -> None:
        head, *rest = result.message.splitlines()
        icon = QMessageBox.Icon.Warning if result.warnings else QMessageBox.Icon.Information
        summary = head + ("\n" + rest[0] if rest else "")
        box = QMessageBox(icon, IMPORT_TITLE, summary, QMessageBox.StandardButton.Ok, win)
        box.setObjectName("send_back_imported")
        box.setDetailedText("\n".join(rest))
        box.open()
        win.statusBar().showMessage(head, 8000)
        win.select(plan_id=result.plan_id, unit=result.send_back.unit, period=result.send_back.period)
        win.reload()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, (SendBackError, StoreError)):
            ok = QMessageBox.StandardButton.Ok
            box = QMessageBox(QMessageBox.Icon.Warning, IMPORT_TITLE, f"未导入：{exc}", ok, win)
            box.setObjectName("send_back_refused")
            box.open()
        else:
            report_failure(win, IMPORT_TITLE, exc)

    run_with_dialog(win, "正在导入退回意见……", work, done, failed)


class SendBackDrop(QObject):
    """Lets a 退回意见 file be dropped on the window; other drops are left to whoever else handles them."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._send_back_file(event) is not None:
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            path = self._send_back_file(event)
            if path is not None:
                event.acceptProposedAction()
                import_send_back(self.win, path)
                return True
        return False

    @staticmethod
    def _send_back_file(event) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if len(paths) != 1 or paths[0].suffix.lower() != ".xlsx":
            return None
        return paths[0] if looks_like_send_back(paths[0]) else None


def looks_like_send_back(path: Path) -> bool:
    """A cheap look (zip directory and sheet name only) whether a dropped file is a 退回意见."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml") if "xl/workbook.xml" in archive.namelist() else b""
    except (OSError, zipfile.BadZipFile):
        return False
    return "退回意见".encode() in workbook


def install(win: MainWindow) -> None:
    """Wire 退回 into the window: the county's import action and drop, and the comments beside the rows."""
    from gui import send_back_marks

    action = win.add_action(win.submit_menu, "导入市里退回意见…", lambda: import_send_back(win))
    win.import_send_back_action = action

    def county_only() -> None:  # the city sends send-backs; importing one is a county's action
        own = win.registry.resolve(win.profile.unit) if win.profile.unit else None
        action.setVisible(own is None or not own.is_city)

    win.loaded.connect(county_only)
    win.setAcceptDrops(True)
    win._send_back_drop = SendBackDrop(win)  # kept: an event filter must outlive the call
    win.installEventFilter(win._send_back_drop)
    send_back_marks.install(win)


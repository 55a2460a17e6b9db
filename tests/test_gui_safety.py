"""The window under faults, through real widgets offscreen: what the user sees, and that what they typed stays.

A lock held by another connection, a full disk (tmpfs), a write-protected store (chattr +i as root), a damaged
or empty store at start-up, two windows on one store, a change made from the command line, an undo that
would overwrite someone else's figure, U+FFFE in a text, the 备份与恢复 dialog.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from cli import main as cli_main
from domain.backup_rules import BackupReason
from domain.periods import Period
from domain.profile import Profile
from gui.app import OpenedStore, open_for_window
from gui.columns import COLUMN_INDEX
from gui.main_window import MainWindow
from gui.progress_model import REJECTED_BRUSH
from gui.workers import run_with_dialog, wait_for_jobs
from storage.backups import list_backups, take_backup
from storage.db import open_store
from storage.schema import SCHEMA_VERSION
from tests.fault_support import damage_a_page, ledger_with_figure, lock_held, stored_actual, write_protected

OCT = Period.parse("2022-10")
ACTUAL, PROGRESS = COLUMN_INDEX["actual"], COLUMN_INDEX["progress"]
PROFILE = Profile(city="玉林市", unit="北流市", filler="张三")
SET_237 = ["set", "--plan", "创新创业", "--seq", "237", "--unit", "北流", "--period", "2022-10", "--actual"]


class ScriptedUser:
    """Answers the start-up questions as a user clicking would, and remembers what they were shown."""

    def __init__(self, *answers: int) -> None:
        self.answers = list(answers)
        self.shown: list[str] = []

    def choose(self, title, text, buttons, critical=False) -> int:
        self.shown.append(f"{title}：{text}｜{'/'.join(buttons)}")
        return self.answers.pop(0)

    def tell(self, title, text, critical=False) -> None:
        self.shown.append(f"{title}：{text}")


def show_window(qtbot, store, profile: Profile = PROFILE) -> MainWindow:
    win = MainWindow(store, profile, today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    win.safety.watcher.timer.stop()  # the tests call check() when they mean it
    return win


@pytest.fixture
def opened(tmp_path):
    """Windows opened as run_app opens them; all closed (locks released) at the end."""
    made: list[OpenedStore] = []

    def open_(path: Path, user: ScriptedUser | None = None) -> OpenedStore | None:
        result = open_for_window(path, user or ScriptedUser())
        if result is not None:
            made.append(result)
        return result

    yield open_
    wait_for_jobs()
    for result in made:
        result.close()


def row_of(win, seq):
    return next(i for i, r in enumerate(win.model.rows) if r.task.seq == seq)


def cell(win, seq, column):
    return win.proxy.index(row_of(win, seq), column)


def send_text(widget, text):
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, ch))


def type_into(qtbot, win, seq, column, text):
    """Type into a cell as a user does: the first key starts editing, Enter commits."""
    win.grid.setCurrentIndex(cell(win, seq, column))
    win.grid.setFocus()
    send_text(win.grid, text[0])
    editor = visible_editor(win)
    send_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def visible_editor(win) -> QWidget:
    editors = [w for w in win.grid.viewport().findChildren(QWidget)
               if isinstance(w, (QLineEdit, QPlainTextEdit, QComboBox)) and w.isVisible()
               and not isinstance(w.parentWidget(), QComboBox)]  # an editable list's own line  # fmt: skip
    assert len(editors) == 1, editors
    return editors[0]


def warnings_shown() -> list[str]:
    return [w.text() for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def close_warnings() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox):
            w.close()


# --- a write the machine refuses: the typed text stays ------------------------------------------------------


def test_a_held_lock_keeps_the_typed_figure_red_with_the_reason_and_enter_retries(qtbot, tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    store = open_store(path, busy_timeout=0.3)
    win = show_window(qtbot, store)
    with lock_held(path):
        type_into(qtbot, win, "237", ACTUAL, "16")
        index = cell(win, "237", ACTUAL)
        assert index.data() == "16"  # what the user typed, not the stored 12
        assert index.data(Qt.ItemDataRole.BackgroundRole) == REJECTED_BRUSH
        tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert tooltip.startswith("未保存：数据库正被其他程序占用") and "再次回车重试" in tooltip
        assert win.statusBar().currentMessage().startswith("未保存：数据库正被其他程序占用")
        assert any(text.startswith("刚才输入的 1 处内容未能保存：数据库正被其他程序占用") for text in warnings_shown())
        assert stored_actual(path) == 12
        win.model.set_view(win.model.view)  # a reload (the change watch) does not lose it
        assert cell(win, "237", ACTUAL).data() == "16"
    close_warnings()
    # The lock is gone: Enter on the same text saves it.
    index = cell(win, "237", ACTUAL)
    win.grid.setCurrentIndex(index)
    win.grid.edit(index)
    editor = visible_editor(win)
    assert editor.text() == "16"  # the editor opens on what was typed
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert stored_actual(path) == 16
    assert cell(win, "237", ACTUAL).data(Qt.ItemDataRole.BackgroundRole) != REJECTED_BRUSH
    assert win.statusBar().currentMessage() == "已保存 1 处修改"
    win.close()
    store.close()


def test_a_full_disk_keeps_the_typed_text_and_says_so_in_a_dialog(qtbot, small_disk):
    path = small_disk.path / "ledger.sqlite3"
    ledger_with_figure(path)
    store = open_store(path)
    win = show_window(qtbot, store)
    small_disk.fill(leave=0)
    text = "新认定高新技术企业3家，入库科技型中小企业41家"
    win.grid.setCurrentIndex(cell(win, "237", PROGRESS))
    win.grid.paste(text * 40)  # a long text needs pages the disk has no room for
    index = cell(win, "237", PROGRESS)
    assert index.data() == text * 40
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("未保存：磁盘空间不足")
    shown = warnings_shown()
    assert any(s.startswith("刚才输入的 1 处内容未能保存：磁盘空间不足") and "仍在单元格中（红色）" in s for s in shown)
    close_warnings()
    small_disk.free()
    win.grid.setCurrentIndex(index)
    assert win.grid.paste(text * 40) == 1  # retried once there is room
    assert index.data(Qt.ItemDataRole.BackgroundRole) != REJECTED_BRUSH
    win.close()
    store.close()


def test_u_fffe_in_a_text_is_refused_with_its_position(qtbot, tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    store = open_store(path)
    win = show_window(qtbot, store)
    win.grid.setCurrentIndex(cell(win, "237", PROGRESS))
    assert win.grid.paste("新认定\ufffe3家") == 0
    tooltip = cell(win, "237", PROGRESS).data(Qt.ItemDataRole.ToolTipRole)
    assert "含有 Excel 报表无法保存的字符（第 4 个字为 U+FFFE）" in tooltip
    assert "U+FFFE" in win.statusBar().currentMessage()
    assert open_store(path).one("SELECT progress FROM achievements")[0] == ""
    win.close()
    store.close()


# --- read-only ----------------------------------------------------------------------------------------------


def test_a_write_protected_store_opens_read_only_with_a_banner(qtbot, tmp_path, opened):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path)
    with write_protected(path) as how:
        user = ScriptedUser()
        result = opened(path, user)
        assert result is not None and result.store.read_only, how
        assert any("数据库文件是只读的" in notice for notice in result.notices)
        win = show_window(qtbot, result.store)
        banner = win.safety.read_only_banner
        assert banner.isVisibleTo(win) and banner.text().startswith("只读方式打开：数据库文件是只读的")
        assert not cell(win, "237", ACTUAL).flags() & Qt.ItemFlag.ItemIsEditable
        import_action = next(a for a in win.file_menu.actions() if a.text().startswith("导入分工表"))
        assert not import_action.isEnabled() and not win.submit_action.isEnabled()
        assert win.windowTitle().endswith("（只读）")
        win.grid.setCurrentIndex(cell(win, "237", ACTUAL))
        assert win.grid.paste("9") == 0
        assert win.statusBar().currentMessage().startswith("只读方式打开，不能修改")
        win.close()
    assert stored_actual(path) == 12


def test_an_upgrade_the_full_disk_cannot_back_up_still_opens_read_only(qtbot, small_disk, opened):
    from tests.test_upgrade import write_old_store

    path = small_disk.path / "ledger.sqlite3"
    write_old_store(path, SCHEMA_VERSION - 1)
    small_disk.fill(leave=64 * 1024)
    user = ScriptedUser(0)  # 以只读方式打开
    result = opened(path, user)
    assert result is not None and result.store.read_only
    assert "升级前备份失败：磁盘空间不足" in user.shown[0] and "数据库未升级，未作任何改动" in user.shown[0]
    assert user.shown[0].endswith("以只读方式打开/退出")
    win = show_window(qtbot, result.store, Profile(city="玉林市", unit="北流市", filler="张三"))
    assert cell(win, "237", ACTUAL).data() == "12"
    assert win.safety.read_only_banner.text().startswith("只读方式打开：")
    win.close()
    assert open_store(path, read_only=True).migrated_from is None  # the file itself was not upgraded


# --- damaged at start-up --------------------------------------------------------------------------------------


def test_a_damaged_store_at_start_up_offers_the_newest_good_backup(tmp_path, opened):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    with open_store(path) as store:
        take_backup(store, BackupReason.DAILY)
    damage_a_page(path)
    user = ScriptedUser(0)  # 用最近的备份恢复
    result = opened(path, user)
    assert "已损坏" in user.shown[0] and "可以用最近的完好备份恢复" in user.shown[0]
    assert user.shown[0].endswith("用最近的备份恢复/退出")
    assert result is not None and result.notices[0].startswith("已恢复")
    assert stored_actual(path) == 12
    assert any(b.reason is BackupReason.DAMAGED for b in list_backups(path))


def test_an_empty_store_without_backups_is_reported_and_kept(tmp_path, opened):
    path = tmp_path / "ledger.sqlite3"
    path.touch()
    user = ScriptedUser()
    assert opened(path, user) is None
    assert user.shown[0].startswith("数据库无法使用：数据库文件") and "是空的（0 字节）" in user.shown[0]
    assert path.stat().st_size == 0


# --- two windows, changes made elsewhere, compare-and-set undo ------------------------------------------------


def test_a_second_window_is_told_who_has_the_store_and_can_view_it(qtbot, tmp_path, opened):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    first = opened(path)
    assert first is not None and first.lock is not None and not first.store.read_only
    user = ScriptedUser(0)  # 以只读方式打开
    second = opened(path, user)
    assert second is not None and second.store.read_only and second.lock is None
    told = user.shown[0]
    assert f"进程号 {os.getpid()}" in told and "本机上的另一个程序窗口" in told and "起打开" in told
    assert told.endswith("以只读方式打开/退出")
    one, two = show_window(qtbot, first.store), show_window(qtbot, second.store)
    banner = two.safety.read_only_banner.text()
    assert banner.startswith(f"只读方式打开：本机上的另一个程序窗口（进程号 {os.getpid()}）自 ")
    assert banner.endswith("起正在使用此数据库。只能查看、导出草稿和打印，不能修改。")
    assert not cell(two, "237", ACTUAL).flags() & Qt.ItemFlag.ItemIsEditable
    # The first window edits; the second notices on its next tick and shows the new figure.
    type_into(qtbot, one, "237", ACTUAL, "15")
    with qtbot.waitSignal(two.loaded, timeout=10000):
        assert two.safety.watcher.check()
    assert cell(two, "237", ACTUAL).data() == "15"
    assert two.statusBar().currentMessage() == "数据库已在别处修改（如命令行或另一窗口），已刷新显示"
    one.close()
    two.close()


def test_a_change_from_the_command_line_shows_and_undo_does_not_overwrite_it(qtbot, tmp_path, opened):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    result = opened(path)
    win = show_window(qtbot, result.store)
    type_into(qtbot, win, "237", ACTUAL, "15")
    assert stored_actual(path) == 15
    assert cli_main(["set", "--db", str(path), *SET_237[1:], "18"]) == 0  # while the window is open
    win.undo_stack.undo()  # would put back 12 over the command line's 18
    assert stored_actual(path) == 18
    assert win.statusBar().currentMessage().startswith("无法撤销：(237) 高新技术企业保有量 的完成值已在别处改为“18”")
    assert any("未撤销" in text and "表格已显示现在的数值" in text for text in warnings_shown())
    assert cell(win, "237", ACTUAL).data() == "18"
    close_warnings()
    assert cli_main(["set", "--db", str(path), *SET_237[1:], "19"]) == 0
    with qtbot.waitSignal(win.loaded, timeout=10000):
        assert win.safety.watcher.check()
    assert cell(win, "237", ACTUAL).data() == "19"
    assert win.statusBar().currentMessage() == "数据库已在别处修改（如命令行或另一窗口），已刷新显示"
    assert not win.safety.watcher.check()  # nothing new since
    win.close()


def test_the_windows_own_work_on_a_connection_of_its_own_is_not_called_a_change_elsewhere(qtbot, tmp_path, opened):
    # 报送, import and collect commit in a worker on their own connection; the window must not then say
    # 数据库已在别处修改, even when its timer ticks before the window has reloaded.
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    win = show_window(qtbot, opened(path).store)
    done = []
    run_with_dialog(win, "报送", lambda progress, cancelled: cli_main(["set", "--db", str(path), *SET_237[1:], "21"]),
                    done.append, done.append)  # fmt: skip
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        assert win.safety.watcher.check()  # the figures are reloaded all the same
    assert cell(win, "237", ACTUAL).data() == "21"
    assert "在别处修改" not in win.statusBar().currentMessage()
    win.close()


def test_a_city_window_refreshed_by_a_change_elsewhere_keeps_its_unit_and_period(qtbot, tmp_path, opened):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    result = opened(path)
    win = show_window(qtbot, result.store, Profile(city="玉林市", unit="玉林市", filler="赵明"))
    september = Period.parse("2022-09")
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.select(unit="容县", period=september)
    set_rong = ["set", "--db", str(path), *SET_237[1:], "7"]
    set_rong[set_rong.index("北流")], set_rong[set_rong.index("2022-10")] = "容县", "2022-09"
    assert cli_main(set_rong) == 0
    with qtbot.waitSignal(win.loaded, timeout=10000):
        assert win.safety.watcher.check()
    wait_for_jobs()
    assert (win.model.view.unit.name, win.model.view.period) == ("容县", september)
    assert cell(win, "237", ACTUAL).data() == "7"
    win.close()


def test_an_edit_over_a_figure_changed_elsewhere_keeps_the_typed_text(qtbot, tmp_path):
    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    store = open_store(path)
    win = show_window(qtbot, store)
    assert cli_main(["set", "--db", str(path), *SET_237[1:], "18"]) == 0  # the window has not refreshed yet
    type_into(qtbot, win, "237", ACTUAL, "16")
    assert stored_actual(path) == 18
    index = cell(win, "237", ACTUAL)
    assert index.data() == "16" and "已在别处改为“18”" in index.data(Qt.ItemDataRole.ToolTipRole)
    win.close()
    store.close()


# --- the 备份与恢复 dialog and the help menu ------------------------------------------------------------------


def test_backup_dialog_lists_backs_up_restores_and_saves_a_copy(qtbot, qtmodeltester, tmp_path, opened):
    from gui.backup_dialog import BackupDialog, save_copy

    path = tmp_path / "ledger.sqlite3"
    ledger_with_figure(path, "12")
    result = opened(path)
    win = show_window(qtbot, result.store)
    entries = [a.text() for a in win.file_menu.actions()]
    assert entries.index("备份与恢复…") < entries.index("另存数据库副本…") < entries.index("退出")
    help_menu = next(a.menu() for a in win.menuBar().actions() if a.text().startswith("帮助"))
    assert "打开日志文件夹" in [a.text() for a in help_menu.actions()]
    dialog = BackupDialog(win)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert [b.reason for b in dialog.model.backups] == [BackupReason.DAILY]  # the day's first start
    assert dialog.backup_now() is not None
    assert dialog.model.index(0, 1).data() == "手动" and dialog.model.index(0, 3).data() == "1 项"
    dialog.show()
    dialog.grab().save(str(tmp_path / "backups.png"))
    manual = dialog.model.backups[0]
    type_into(qtbot, win, "237", ACTUAL, "30")
    with qtbot.waitSignal(win.loaded, timeout=10000):
        assert dialog.restore_selected(manual, confirm=False)
    assert stored_actual(path) == 12 and cell(win, "237", ACTUAL).data() == "12"
    assert win.undo_stack.count() == 0
    assert BackupReason.RESTORE in [b.reason for b in dialog.model.backups]
    copy = save_copy(win, tmp_path / "U盘副本.sqlite3")
    assert copy is not None and stored_actual(copy) == 12 and not Path(f"{copy}-wal").exists()
    assert save_copy(win, path) is None and any("不能保存到数据库文件自身" in t for t in warnings_shown())
    close_warnings()
    dialog.close()
    win.close()


def test_an_unexpected_error_is_a_chinese_dialog_and_a_logged_traceback(qtbot):
    from gui.faults import unexpected_error
    from operations.error_log import log_path

    def fail_deep_inside():
        raise KeyError("internal detail in English")

    try:
        fail_deep_inside()
    except KeyError as exc:
        unexpected_error(KeyError, exc, exc.__traceback__)
    shown = warnings_shown()
    assert any(text.startswith("程序内部错误（") and "详细信息已记入日志" in text for text in shown)
    assert not any("internal detail" in text or "KeyError" in text for text in shown)
    logged = log_path().read_text(encoding="utf-8")
    assert "fail_deep_inside" in logged and "internal detail in English" in logged
    close_warnings()

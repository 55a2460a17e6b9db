"""The file name a return is offered under reads as unit_period_what: in the window's save dialog and as the
command line's default (operations.export_return.suggested_return_name, the one place it is made)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from cli import main
from domain.profile import Profile
from gui import file_actions
from gui.main_window import MainWindow
from gui.workers import wait_for_jobs

DRAFT = "北流市_2022年10月_完成情况表（草稿）.xlsx"
FINAL = "北流市_2022年10月_完成情况表.xlsx"


@pytest.mark.parametrize(("final", "name"), [(False, DRAFT), (True, FINAL)])
def test_the_save_dialog_offers_a_readable_name(qtbot, store, final, name):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    # The change watch reloads on its own timer; a reload still running when the window is deleted would call
    # into its deleted panels during the next test.
    win.safety.watcher.timer.stop()
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    offered = []

    def read_and_cancel() -> None:  # what the user sees in 文件名, then 取消
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            return  # not open yet: looked for again at the next tick
        watch.stop()
        offered.append(dialogs[0].findChild(QLineEdit, "fileNameEdit").text())
        dialogs[0].reject()

    watch = QTimer()
    watch.timeout.connect(read_and_cancel)
    watch.start(50)
    file_actions.export_progress_return(win, final=final, confirm=False)
    watch.stop()
    assert offered == [name]
    wait_for_jobs()


def test_export_without_o_saves_under_the_same_name_in_the_current_folder(
    store, db_path, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    argv = ["export", "progress", "--db", str(db_path), "--plan", "创新创业", "--unit", "北流", "--period", "2022-10"]
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == f"已导出草稿（未报送）；文件保存在：{tmp_path / DRAFT}"
    assert (tmp_path / DRAFT).exists()
    # Never overwritten unasked: the file there may be another plan's return for the same month.
    before = (tmp_path / DRAFT).stat().st_mtime_ns
    assert main(argv) == 2
    assert (
        capsys.readouterr().err.strip() == f"错误：文件已存在：{tmp_path / DRAFT}；如要覆盖或另存，请用 -o 写明文件名"
    )
    assert (tmp_path / DRAFT).stat().st_mtime_ns == before
    breakdown = ["export", "breakdown", "--db", str(db_path), "--plan", "创新创业", "--unit", "北流"]
    assert main(breakdown) == 0
    assert (tmp_path / "北流市_任务分工表.xlsx").exists()

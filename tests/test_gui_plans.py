"""方案管理 through real widgets: rename, archive, the reporting rule, and delete after a backup and a typed word."""

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from domain.periods import Period
from domain.profile import Profile
from gui.main_window import MainWindow
from gui.plans_dialog import manage_plans
from gui.workers import wait_for_jobs
from storage.achievements import AchievementKey, record_achievement
from storage.plans import list_plans


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    yield win
    wait_for_jobs()


def plan_titles(win):
    return [win.plan_combo.itemText(i) for i in range(win.plan_combo.count())]


def choose(dialog, plan_id):
    row = next(
        r for r in range(dialog.plans.count()) if dialog.plans.item(r).data(Qt.ItemDataRole.UserRole).id == plan_id
    )
    dialog.plans.setCurrentRow(row)


def test_rename_and_archive(qtbot, window, yulin_plan_id):
    dialog = manage_plans(window)
    choose(dialog, yulin_plan_id)
    dialog.rename("2022年创新创业任务")
    assert "2022年创新创业任务" in plan_titles(window)
    assert dialog.current().title == "2022年创新创业任务"
    dialog.toggle_archive()
    assert "2022年创新创业任务" not in plan_titles(window)  # hidden from the window
    assert yulin_plan_id not in [
        dialog.plans.item(r).data(Qt.ItemDataRole.UserRole).id for r in range(dialog.plans.count())
    ]
    dialog.show_archived.setChecked(True)
    choose(dialog, yulin_plan_id)
    assert dialog.buttons["归档"].text() == "取消归档"
    dialog.toggle_archive()
    assert "2022年创新创业任务" in plan_titles(window)


def test_a_reporting_rule_chosen_by_the_user_opens_the_plan_on_its_quarter(qtbot, window, yulin_plan_id):
    assert window.kind_combo.currentText() == "月报" and window.current_period() == Period.parse("2022-10")
    dialog = manage_plans(window)
    choose(dialog, yulin_plan_id)
    assert "方案未规定报送时间" in dialog.rule_label.text()
    rule = dialog.edit_rule()
    rule.kind_combo.setCurrentIndex(rule.kind_combo.findData("quarter"))
    rule.day.setValue(10)
    assert rule.preview.text() == "季报，季度结束后次月10日前报送"
    with qtbot.waitSignal(window.loaded, timeout=10000):
        rule.accept()
    assert window.kind_combo.currentText() == "季报"
    assert window.current_period() == Period.parse("2022Q4")  # Q3's return was due on 10 October
    assert "本机设置" in dialog.rule_label.text()
    back = dialog.edit_rule()
    back.reset_button.click()
    assert "方案未规定报送时间" in dialog.rule_label.text()


def test_delete_asks_for_the_typed_word_and_takes_a_backup_first(qtbot, window, store, yulin_plan_id):
    record_achievement(store, AchievementKey(yulin_plan_id, "237", "", "北流市", Period.parse("2022-10")),
                       {"actual": "12"}, "张三")  # fmt: skip
    dialog = manage_plans(window)
    choose(dialog, yulin_plan_id)
    confirm = dialog.delete()
    assert not confirm.delete_button.isEnabled()
    confirm.typed.setText("确定")
    assert not confirm.delete_button.isEnabled()
    confirm.typed.setText("删除")
    assert confirm.delete_button.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=10000):
        confirm.delete_button.click()
    assert yulin_plan_id not in [p.id for p in list_plans(store)]
    assert "2022年玉林市优化营商环境创新创业专项实施方案" not in plan_titles(window)
    assert window.model.view.plan.id != yulin_plan_id  # the window moved to a plan that still exists
    backups = list((store.path.parent / "备份").glob("*.sqlite3"))
    assert len(backups) == 1 and "删除方案前" in backups[0].name
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT count(*) FROM achievements").fetchone()[0] == 1
    old.close()
    told = [box.text() for box in dialog.findChildren(QMessageBox) if box.isVisible()]
    assert told == [
        f"已删除方案《2022年玉林市优化营商环境创新创业专项实施方案》（完成情况 1 条）。\n删除前的台账备份在：{backups[0]}"
    ]


def test_deleting_every_plan_leaves_an_empty_window_not_a_stale_one(qtbot, window, store):
    dialog = manage_plans(window)
    while dialog.plans.count():
        confirm = dialog.delete()
        confirm.typed.setText("删除")
        confirm.delete_button.click()
    assert window.plan_combo.count() == 0 and window.model.rowCount() == 0

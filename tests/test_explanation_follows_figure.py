"""An explanation belongs to the figure it explains: a changed 完成值/状态 clears it (audited, one transaction),
unless a new one is given with it; the submit check then asks again. The QA tester's 藤县 case, on the command line
and in the window (where undo gives the old figure its old explanation back)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from cli import main
from domain.periods import Period
from domain.submit_check import explanation_after_edit
from storage.audit import audit_entries
from storage.db import open_store
from storage.plans import find_plan
from storage.submissions import is_locked

OCT = Period.parse("2022-10")
PLAN_UNIT = ["--plan", "创新创业", "--unit", "北流"]
WHY = "部分高企资格到期，复核中"


@pytest.fixture
def ledger(db_path, capsys):
    assert main(["dump", "--db", str(db_path)]) == 0
    capsys.readouterr()
    return db_path


def set_(db, *args: str) -> int:
    return main(["set", "--db", str(db), *PLAN_UNIT, "--seq", "237", "--period", "2022-10", *args])


def submit(db, out) -> int:
    return main(["export", "progress", "--db", str(db), *PLAN_UNIT, "--period", "2022-10", "-o", str(out), "--final"])


def notes(path) -> list[str]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("完成情况表").to_python()
    lines = [str(r[0]) for r in rows if r and "高新技术企业保有量：" in str(r[0])]
    return [line[line.index("(237)"):] for line in lines]  # after the note's number


def explanation_now(db) -> str:
    with open_store(db) as store:
        plan = find_plan(store, "创新创业")
        row = store.one(
            "SELECT a.explanation FROM achievements a JOIN indicators i ON i.id = a.indicator_id "
            "JOIN tasks t ON t.id = i.task_id WHERE t.plan_id = ? AND t.seq = '237' AND a.period = ?",
            (plan.id, OCT.code),
        )
    return row[0]


def reported_odd(db, capsys) -> None:
    """September 30, October 8 with its explanation, submitted (the tester's first return)."""
    assert main(["set", "--db", str(db), *PLAN_UNIT, "--seq", "237", "--period", "2022-09", "--actual", "30"]) == 0
    assert set_(db, "--actual", "8", "--explanation", WHY) == 0
    capsys.readouterr()


def test_a_corrected_figure_after_unlock_no_longer_prints_the_old_explanation(ledger, tmp_path, capsys):
    reported_odd(ledger, capsys)
    assert submit(ledger, tmp_path / "first.xlsx") == 0
    assert notes(tmp_path / "first.xlsx") == [f"(237) 高新技术企业保有量：{WHY}"]
    unlock = ["unlock", "--db", str(ledger), *PLAN_UNIT, "--period", "2022-10", "--reason", "更正高企数"]
    assert main(unlock) == 0
    assert set_(ledger, "--actual", "38", "--who", "黄小玲") == 0
    assert "情况说明已清除" in capsys.readouterr().out
    assert explanation_now(ledger) == ""
    with open_store(ledger) as store:
        cleared = [e for e in audit_entries(store) if e.field == "explanation"][0]
    assert (cleared.who, cleared.action, cleared.old, cleared.new) == ("黄小玲", "填报", WHY, None)
    assert submit(ledger, tmp_path / "second.xlsx") == 0
    assert notes(tmp_path / "second.xlsx") == []


def test_a_new_odd_figure_is_asked_about_again(ledger, tmp_path, capsys):
    reported_odd(ledger, capsys)
    assert set_(ledger, "--actual", "7") == 0  # still odd, but the old words were about 8
    capsys.readouterr()
    assert submit(ledger, tmp_path / "r.xlsx") == 2
    assert "须先写一句情况说明" in capsys.readouterr().err
    with open_store(ledger) as store:
        assert not is_locked(store, find_plan(store, "创新创业").id, "北流市", OCT)


def test_an_explanation_given_with_the_new_figure_is_kept(ledger, tmp_path, capsys):
    reported_odd(ledger, capsys)
    assert set_(ledger, "--actual", "7", "--explanation", "又有一家资格到期") == 0
    assert "情况说明已清除" not in capsys.readouterr().out
    assert submit(ledger, tmp_path / "r.xlsx") == 0
    assert notes(tmp_path / "r.xlsx") == ["(237) 高新技术企业保有量：又有一家资格到期"]


def test_a_text_edit_or_the_same_figure_keeps_the_explanation(ledger, capsys):
    reported_odd(ledger, capsys)
    assert set_(ledger, "--progress", "已走访企业") == 0
    assert set_(ledger, "--actual", "8.0") == 0
    assert explanation_now(ledger) == WHY


@given(st.one_of(st.none(), st.floats(0, 100)), st.one_of(st.none(), st.floats(0, 100)),
       st.text(max_size=5), st.one_of(st.none(), st.text(max_size=5)))  # fmt: skip
def test_an_explanation_outlives_only_its_own_figure(before, after, explanation, typed):
    kept = explanation_after_edit(before, after, explanation, typed)
    if typed is not None:
        assert kept == typed
    else:
        assert kept == (explanation if before == after else "")


def test_in_the_window_a_new_figure_clears_its_explanation_and_undo_brings_both_back(qtbot, store, yulin_plan_id):
    from datetime import date

    from domain.profile import Profile
    from gui.columns import COLUMN_INDEX
    from gui.main_window import MainWindow
    from gui.workers import wait_for_jobs
    from storage.achievements import AchievementKey, achievement_history, record_achievements
    from tests.test_gui_entry import type_into

    def key(period: str) -> AchievementKey:
        return AchievementKey(yulin_plan_id, "237", "", "北流市", Period.parse(period))

    record_achievements(store, [(key("2022-09"), {"actual": "30"}),
                                (key("2022-10"), {"actual": "8", "explanation": WHY})], "张三")  # fmt: skip
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="张三"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    messages: list[str] = []
    win.model.message.connect(messages.append)

    def october() -> tuple[float | None, str]:
        history = achievement_history(open_store(store.path), yulin_plan_id, "北流市", ["237"])
        found = next(a for items in history.values() for a in items if a.period == OCT)
        return found.actual, found.explanation

    type_into(qtbot, win, "237", COLUMN_INDEX["actual"], "38")
    assert october() == (38, "")
    assert "原情况说明随旧数字清除" in messages[-1]
    entry = next(e for e in audit_entries(open_store(store.path)) if e.field == "explanation")
    assert (entry.who, entry.old, entry.new) == ("张三", WHY, None)
    assert win.model.undo_stack.undoText() == "填写"  # one step, named for the one cell typed
    win.model.undo_stack.undo()
    assert october() == (8, WHY)
    win.model.undo_stack.redo()
    assert october() == (38, "")
    wait_for_jobs()

"""The command line's 报送 runs the window's 报送前检查, `set --explanation` gives what it asks for, and `set` says
what it changed. Refusals: Chinese, exit 2, nothing written, nothing locked."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from cli import main
from domain.periods import Period
from domain.submit_check import UnexplainedFigures
from operations.export_return import export_progress
from storage.audit import audit_entries
from storage.db import open_store
from storage.dump import dump_store
from storage.plans import find_plan
from storage.submissions import is_locked

OCT = Period.parse("2022-10")
PLAN_UNIT = ["--plan", "创新创业", "--unit", "北流"]


@pytest.fixture
def ledger(db_path, capsys):
    """A ledger that exists (made as a user would, with `dump`)."""
    assert main(["dump", "--db", str(db_path)]) == 0
    capsys.readouterr()
    return db_path


def set_(db, *args: str) -> int:
    return main(["set", "--db", str(db), *PLAN_UNIT, *args])


def stock_drop(db, capsys) -> None:
    """The tester's steps: (237) 高新技术企业保有量 15 in September, 12 in October (a stock that fell)."""
    assert set_(db, "--seq", "237", "--period", "2022-09", "--actual", "15") == 0
    assert set_(db, "--seq", "237", "--period", "2022-10", "--actual", "12") == 0
    capsys.readouterr()


def locked(db) -> bool:
    with open_store(db) as store:
        return is_locked(store, find_plan(store, "创新创业").id, "北流市", OCT)


def test_final_export_refuses_an_odd_figure_without_explanation_and_says_how_to_give_one(ledger, tmp_path, capsys):
    stock_drop(ledger, capsys)
    with open_store(ledger) as store:
        before = (dump_store(store), len(audit_entries(store)))
    out = tmp_path / "报送.xlsx"
    argv = ["export", "progress", "--db", str(ledger), *PLAN_UNIT, "--period", "2022-10", "-o", str(out), "--final"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert (
        "注意：北流市2022年10月有 11 项未填（仍可报送，报表中为空）：\n  (238) 国家科技型中小企业入库数：未填写完成值"
        in err
    )
    refusal = err[err.index("错误：") :]
    assert refusal.startswith(
        "错误：报送前检查：北流市2022年10月有 1 项数字异常，须先写一句情况说明才能报送（未导出，未锁定）：\n"
    )
    assert "  (237) 高新技术企业保有量：保有量 12家 低于上期 15家\n" in refusal
    assert (
        f"python main.py set --db {ledger} --plan 创新创业 --seq 237 --unit 北流市 --period 2022-10 --explanation"
        in refusal
    )
    assert not out.exists() and not locked(ledger)
    with open_store(ledger) as store:
        assert (dump_store(store), len(audit_entries(store))) == before


def test_an_explanation_given_with_set_is_stored_audited_printed_and_lets_the_period_be_submitted(
    ledger, tmp_path, capsys
):
    stock_drop(ledger, capsys)
    why = "两家企业资格到期未续认定"
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--explanation", why, "--who", "黄小玲") == 0
    assert capsys.readouterr().out.strip().endswith(f"任务 (237) 北流市 2022年10月 情况说明“{why}”")
    with open_store(ledger) as store:
        entry = audit_entries(store)[0]
    assert (entry.who, entry.action, entry.field, entry.new) == ("黄小玲", "填报", "explanation", why)
    out = tmp_path / "报送.xlsx"
    argv = ["export", "progress", "--db", str(ledger), *PLAN_UNIT, "--period", "2022-10", "-o", str(out), "--final"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == f"已报送并锁定北流市2022年10月的填报；文件保存在：{out.absolute()}"
    assert "11 项未填" in captured.err  # still a note, never a refusal
    assert locked(ledger)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("完成情况表").to_python()
    assert any(f"(237) 高新技术企业保有量：{why}" in str(r[0]) for r in rows if r)


def test_an_explanation_needs_a_figure_to_explain(ledger, capsys):
    with open_store(ledger) as store:
        before = (dump_store(store), len(audit_entries(store)))
    assert set_(ledger, "--seq", "238", "--period", "2022-10", "--explanation", "新入库企业集中在下半年") == 2
    assert "尚未填报完成值" in capsys.readouterr().err
    with open_store(ledger) as store:
        assert (dump_store(store), len(audit_entries(store))) == before


def test_every_caller_of_final_export_meets_the_same_check(store, yulin_plan_id, tmp_path):
    """The window's dialog stores explanations first; any other path (a script, a stale window) is refused too."""
    from storage.achievements import AchievementKey, record_achievements

    def key(period: str) -> AchievementKey:
        return AchievementKey(yulin_plan_id, "237", "", "北流市", Period.parse(period))

    record_achievements(store, [(key("2022-09"), {"actual": "15"}), (key("2022-10"), {"actual": "12"})], "张三")
    out = tmp_path / "r.xlsx"
    with pytest.raises(UnexplainedFigures, match=r"\(237\) 高新技术企业保有量（保有量 12家 低于上期 15家）"):
        export_progress(store, yulin_plan_id, "北流市", OCT, out, final=True, who="张三")
    assert not out.exists() and not is_locked(store, yulin_plan_id, "北流市", OCT)
    assert export_progress(
        store, yulin_plan_id, "北流市", OCT, out, final=False, who="张三"
    ).path.exists()  # a draft may


# --- what `set` says it did -------------------------------------------------------------------------------------


def said(capsys) -> str:
    out = capsys.readouterr().out.strip()
    prefix = "2022年玉林市优化营商环境创新创业专项实施方案 任务 (237) 北流市 2022年10月 "
    assert prefix in out, out
    return out.replace(prefix, "")


def test_set_names_the_fields_it_changed_with_their_new_values(ledger, capsys):
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--actual", "12") == 0
    assert said(capsys) == "已记录：完成值 12家"
    # The tester's case: a text field changed; the 完成值 was not touched and is not mentioned.
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--progress", "=1+1") == 0
    assert said(capsys) == "已记录：工作进展“=1+1”"
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--actual", "13", "--problems", "认定名额有限") == 0
    assert said(capsys) == "已记录：完成值 13家；存在问题“认定名额有限”"
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--actual", "13", "--progress", "新认定3家") == 0
    assert said(capsys) == "已记录：工作进展“新认定3家”，未改动（与已记录的相同）：完成值 13家"
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--progress", "新认定3家") == 0
    assert said(capsys) == "未改动：工作进展“新认定3家”（与已记录的相同）"
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--problems", "") == 0
    assert said(capsys) == "已记录：存在问题已清除"
    long = "今年新认定的高新技术企业" * 10
    assert set_(ledger, "--seq", "237", "--period", "2022-10", "--next-steps", long) == 0
    assert said(capsys) == f"已记录：下一步计划“{long[:40]}…（共 {len(long)} 字）”"

"""`main.py unlock` and `main.py profile`: what a command-line user needs to correct a submitted period and to
sign a return. Bad input: one Chinese line, exit 2, the store as it was."""

from __future__ import annotations

import re

import pytest

from cli import main
from domain.periods import Period
from storage.audit import audit_count, audit_entries
from storage.db import open_store
from storage.dump import dump_store
from storage.plans import find_plan
from storage.settings import load_profile
from storage.submissions import is_locked
from tests.test_export_support import calamine_rows

OCTOBER = ["--plan", "创新创业", "--unit", "北流", "--period", "2022-10"]


@pytest.fixture
def ledger(db_path, capsys):
    """A ledger that exists (made as a user would, with `dump`)."""
    assert main(["dump", "--db", str(db_path)]) == 0
    capsys.readouterr()
    return db_path


def status_of(argv: list[str]) -> int:
    """The exit status, whether the verb returned it or argparse exited with it."""
    try:
        return main(argv)
    except SystemExit as exited:
        return int(exited.code or 0)


def state(db_path):
    with open_store(db_path) as store:
        return dump_store(store), audit_count(store), load_profile(store)


def test_unlock_reopens_a_submitted_period_with_the_reason_audited(ledger, tmp_path, capsys):
    db = ["--db", str(ledger)]
    assert (
        main(["export", "progress", *db, *OCTOBER, "-o", str(tmp_path / "r.xlsx"), "--final", "--who", "黄小玲"]) == 0
    )
    capsys.readouterr()
    figure = [
        "set",
        *db,
        "--plan",
        "创新创业",
        "--seq",
        "237",
        "--unit",
        "北流",
        "--period",
        "2022-10",
        "--actual",
        "13",
    ]
    assert main(figure) == 2
    assert "报送并锁定" in capsys.readouterr().err
    assert main(["unlock", *db, *OCTOBER, "--reason", "更正高企数", "--who", "李秀英"]) == 0
    out = capsys.readouterr().out.strip()
    assert re.fullmatch(
        r"已解锁：2022年玉林市优化营商环境创新创业专项实施方案 北流市 2022年10月"
        r"（黄小玲于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d 报送；解锁原因：更正高企数）。修改后可重新报送",
        out,
    ), out
    with open_store(ledger) as store:
        assert not is_locked(store, find_plan(store, "创新创业").id, "北流市", Period.parse("2022-10"))
        [entry] = [e for e in audit_entries(store, "方案") if e.action == "解锁"]
        assert (entry.who, entry.new) == ("李秀英", "否（更正高企数）")
    assert main(figure) == 0  # and the figure can be corrected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*OCTOBER, "--reason", "更正"], "错误：北流市 2022年10月未报送（或已解锁），无需解锁"),
        ([*OCTOBER, "--reason", "  "], "错误：--reason：请写明解锁原因"),
        (["--plan", "创新创业", "--unit", "火星", "--period", "2022-10", "--reason", "更正"], "错误：找不到单位“火星”"),
        (["--plan", "不存在的方案", "--unit", "北流", "--period", "2022-10", "--reason", "更正"], "错误：找不到方案"),
        (["--plan", "创新创业", "--unit", "北流", "--period", "2022-13", "--reason", "更正"], "错误：--period：填报期“2022-13”无效"),
        (OCTOBER, "错误：缺少必需的参数：--reason"),
    ],
)  # fmt: skip
def test_unlock_refuses_in_chinese_and_changes_nothing(ledger, capsys, args, message):
    before = state(ledger)
    assert status_of(["unlock", "--db", str(ledger), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert state(ledger) == before


def test_profile_shows_then_sets_the_footer_that_a_return_is_signed_with(ledger, tmp_path, capsys):
    db = ["--db", str(ledger)]
    assert main(["profile", *db]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  填报单位：（未填）"
    signed = ["--head", "陈志强", "--reviewer", "刘芳", "--filler", "黄小玲", "--phone", "0775-6212345"]
    assert main(["profile", *db, "--unit", "北流", *signed]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "已保存本机信息：", "  所属市：玉林市", "  填报单位：北流市", "  单位负责人：陈志强", "  审核人：刘芳",
        "  填报人：黄小玲", "  联系电话：0775-6212345",
    ]  # fmt: skip
    assert main(["profile", *db, "--phone", "0775-6212345"]) == 0
    assert capsys.readouterr().out.startswith("本机信息没有变化：")
    out = tmp_path / "北流10月.xlsx"
    assert main(["export", "progress", *db, *OCTOBER, "-o", str(out)]) == 0
    footer = [c for c in calamine_rows(out)[-1] if c]
    assert footer[:4] == ["单位负责人：陈志强", "审核人：刘芳", "填报人：黄小玲", "联系电话：0775-6212345"]
    with open_store(ledger) as store:
        assert {e.field: e.new for e in audit_entries(store, "本机信息")}["head"] == "陈志强"
    assert main(["profile", *db, "--unit", "玉林"]) == 0  # the city's own office (市本级)
    assert "  填报单位：玉林市" in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "火星"], "错误：--unit：找不到单位“火星”"),
        (["--city", "火星市"], "错误：--city：找不到设区市“火星市”"),
        (["--city", "北流"], "错误：--city：找不到设区市“北流”"),
        (["--city", "百色市", "--unit", "北流"], "错误：--unit：北流市属于玉林市，不属于百色市"),
        (["--city", "百色市"], "错误：--city：现填报单位北流市不属于百色市；更改所属市时请同时给出 --unit"),
        (["--filler", " "], "错误：--filler：填报人不能为空"),
        (["--phone", "找办公室"], "错误：--phone：“找办公室”不是电话号码"),
    ],
)  # fmt: skip
def test_profile_refuses_in_chinese_and_changes_nothing(ledger, capsys, args, message):
    assert main(["profile", "--db", str(ledger), "--unit", "北流", "--filler", "黄小玲"]) == 0
    capsys.readouterr()
    before = state(ledger)
    assert main(["profile", "--db", str(ledger), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert state(ledger) == before


@pytest.mark.parametrize("verb", [["unlock", *OCTOBER, "--reason", "更正"], ["profile", "--filler", "黄小玲"]])
def test_both_refuse_a_ledger_that_does_not_exist(tmp_path, capsys, verb):
    db = tmp_path / "typo.sqlite3"
    assert main([*verb, "--db", str(db)]) == 2
    assert capsys.readouterr().err.startswith(f"错误：数据库文件不存在：{db}")
    assert not db.exists()


def test_a_blank_who_is_not_an_operator_the_profile_filler_is(ledger, tmp_path, capsys):
    db = ["--db", str(ledger)]
    assert main(["profile", *db, "--unit", "北流", "--filler", "黄小玲"]) == 0
    out = tmp_path / "r.xlsx"
    assert main(["export", "progress", *db, *OCTOBER, "-o", str(out), "--final", "--who", "黄小玲"]) == 0
    assert main(["unlock", *db, *OCTOBER, "--reason", "更正", "--who", "   "]) == 0
    with open_store(ledger) as store:
        [entry] = [e for e in audit_entries(store, "方案") if e.action == "解锁"]
    assert entry.who == "黄小玲"


def test_moving_the_unit_to_another_city_says_the_city_changed_too(ledger, capsys):
    db = ["--db", str(ledger)]
    assert main(["profile", *db, "--unit", "北流", "--filler", "黄小玲"]) == 0
    capsys.readouterr()
    assert main(["profile", *db, "--unit", "武鸣"]) == 0
    out = capsys.readouterr().out
    assert "所属市已由玉林市改为南宁市" in out and "窗口将只列出南宁市的方案" in out
    with open_store(ledger) as store:
        assert load_profile(store).city == "南宁市"

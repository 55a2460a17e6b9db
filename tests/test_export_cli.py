"""`python main.py export …`: files where asked, Chinese errors with exit status 2, nothing written then."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from domain.periods import Period
from storage.db import open_store
from storage.plans import find_plan
from storage.submissions import is_locked
from tests.test_export_support import calamine_rows

ROOT = Path(__file__).resolve().parent.parent


def test_progress_draft_then_final(store, db_path, tmp_path, capsys):
    store.close()  # the county's ledger, as the window made it on first start
    out = tmp_path / "北流10月.xlsx"
    argv = ["export", "progress", "--db", str(db_path), "--plan", "创新创业", "--unit", "北流", "--period", "2022-10"]
    assert main([*argv, "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出草稿（未报送）；文件保存在：{out.absolute()}"
    assert calamine_rows(out)[0][0].startswith("北流市落实《2022年玉林市优化营商环境创新创业专项实施方案》")
    with open_store(db_path) as store:
        plan_id = find_plan(store, "创新创业").id
        assert not is_locked(store, plan_id, "北流市", Period.parse("2022-10"))
    assert main([*argv, "-o", str(out), "--final", "--who", "黄小玲"]) == 0
    assert "已报送并锁定北流市2022年10月的填报" in capsys.readouterr().out
    with open_store(db_path) as store:
        assert is_locked(store, plan_id, "北流市", Period.parse("2022-10"))
    assert main([*argv, "-o", str(tmp_path / "again.xlsx"), "--final"]) == 2
    assert "已报送并锁定" in capsys.readouterr().err
    assert not (tmp_path / "again.xlsx").exists()


def test_breakdown_whole_and_for_a_county(db_path, tmp_path, capsys):
    whole, county = tmp_path / "全表.xlsx", tmp_path / "北流.xlsx"
    assert main(["export", "breakdown", "--db", str(db_path), "--plan", "创新创业", "-o", str(whole)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出任务分工表：{whole.absolute()}"
    args = ["export", "breakdown", "--db", str(db_path), "--plan", "创新创业", "--unit", "北流", "-o", str(county)]
    assert main(args) == 0
    assert calamine_rows(county)[1][0].endswith("（北流市）")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["progress", "--plan", "创新创业", "--unit", "北流", "--period", "2022-13"], "--period：填报期“2022-13”无效"),
        (["progress", "--plan", "创新创业", "--unit", "火星", "--period", "2022-10"], "找不到单位“火星”"),
        (["progress", "--plan", "不存在的方案", "--unit", "北流", "--period", "2022-10"], "找不到方案"),
        (["progress", "--plan", "创新创业", "--unit", "北流", "--period", "2023-01"], "不在方案年度"),
        (["breakdown", "--plan", "创新创业", "--unit", "火星"], "找不到单位“火星”"),
    ],
)  # fmt: skip
def test_bad_input_is_one_chinese_line_and_exit_2(store, db_path, tmp_path, capsys, args, message):
    out = tmp_path / "r.xlsx"  # the ledger exists (`store`): a new one would add a line saying it was made
    assert main(["export", args[0], "--db", str(db_path), *args[1:], "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and message in err and err.count("\n") == 1
    assert not out.exists()


def test_output_must_be_xlsx_in_an_existing_folder(db_path, tmp_path, capsys):
    base = ["export", "breakdown", "--db", str(db_path), "--plan", "创新创业", "-o"]
    assert main([*base, str(tmp_path / "r.xls")]) == 2
    assert "须以 .xlsx 结尾" in capsys.readouterr().err
    assert main([*base, str(tmp_path / "无此文件夹" / "r.xlsx")]) == 2
    assert "不存在" in capsys.readouterr().err


def test_missing_arguments_are_explained_in_chinese():
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", "progress", "--plan", "创新创业"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "错误：缺少必需的参数" in done.stderr


def test_a_new_ledger_is_made_with_the_built_in_data_and_said_so_on_stderr(db_path, tmp_path, capsys):
    out = tmp_path / "全表.xlsx"
    assert main(["export", "breakdown", "--db", str(db_path), "--plan", "创新创业", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"已新建台账数据库：{db_path.absolute()}（已载入内置数据）\n"
    assert captured.out.strip() == f"已导出任务分工表：{out.absolute()}"
    assert main(["export", "breakdown", "--db", str(db_path), "--plan", "创新创业", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""  # said once, when it was made


def test_a_return_from_a_ledger_that_does_not_exist_is_refused_and_nothing_is_made(tmp_path, capsys):
    db = tmp_path / "容县.sqlite3"
    out = tmp_path / "容县_2022年10月.xlsx"
    args = ["export", "progress", "--db", str(db), "--plan", "创新创业", "--unit", "容县", "--period", "2022-10"]
    assert main([*args, "--final", "-o", str(out)]) == 2
    assert "数据库文件不存在" in capsys.readouterr().err
    assert not db.exists() and not out.exists()  # no empty ledger made, no empty return submitted


def test_a_db_in_a_folder_that_does_not_exist_is_refused_and_nothing_is_made(tmp_path, capsys):
    db = tmp_path / "台帐" / "台账.sqlite3"
    out = tmp_path / "全表.xlsx"
    assert main(["export", "breakdown", "--db", str(db), "--plan", "创新创业", "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"错误：数据库所在文件夹不存在：{db.parent.absolute()}\n"
    assert not db.parent.exists() and not out.exists()

"""`python main.py collect …`: returns stored (or previewed), the 汇总表 written; Chinese errors, exit 2, nothing written."""

from __future__ import annotations

import json

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from cli import main
from storage.audit import audit_count
from storage.db import open_store
from storage.dump import dump_store
from tests.collect_support import make_counties


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    counties = make_counties(tmp_path_factory.mktemp("counties"))
    counties.store.close()
    return counties.returns


def snapshot(db_path):
    with open_store(db_path) as store:
        return dump_store(store), audit_count(store)


def test_collect_then_summary(returns, db_path, tmp_path, capsys):
    files = [str(returns[u]) for u in ("北流市", "容县", "玉州区")]
    assert main(["collect", *files, "--db", str(db_path), "--who", "赵明"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已收取 3 份报表（共 3 个文件）：")
    assert "北流市 2022年10月（报送，校验一致）：更新 12 处数据" in out and "说明：草稿（未正式报送）" in out
    summary = tmp_path / "汇总.xlsx"
    argv = ["collect", "--summary", "--plan", "创新创业", "--period", "2022-10", "-o", str(summary)]
    assert main([*argv, "--db", str(db_path)]) == 0
    assert (
        capsys.readouterr().out.strip()
        == f"已导出2022年10月汇总表（已收到 3 个单位的报表，共 11 个）；文件保存在：{summary.absolute()}"
    )
    rows = CalamineWorkbook.from_path(str(summary)).get_sheet_by_name("汇总表").to_python()
    assert rows[0][0].endswith("指标任务完成情况汇总表") and any("全市合计" in row for row in rows)


def test_the_summary_on_a3_and_a_units_table_with_its_key(returns, db_path, tmp_path, capsys):
    assert main(["collect", str(returns["北流市"]), "--db", str(db_path), "--who", "赵明"]) == 0
    summary = tmp_path / "汇总A3.xlsx"
    argv = ["collect", "--summary", "--plan", "创新创业", "--period", "2022-10", "-o", str(summary), "--paper", "A3"]
    assert main([*argv, "--db", str(db_path)]) == 0
    ws = openpyxl.load_workbook(summary)["汇总表"]
    assert int(ws.page_setup.paperSize) == 8 and ws.print_title_cols == "$A:$C"
    assert main(["collect", str(returns["容县"]), "--db", str(db_path), "--paper", "A3"]) == 2
    assert "--paper 只用于 --summary" in capsys.readouterr().err
    # A city installation exporting a county's table gives it the county's key, and says so.
    assert main(["profile", "--db", str(db_path), "--unit", "玉林市"]) == 0
    table = tmp_path / "北流市_分工表.xlsx"
    argv = ["export", "breakdown", "--db", str(db_path), "--plan", "创新创业", "--unit", "北流", "-o", str(table)]
    capsys.readouterr()
    assert main(argv) == 0
    assert "表中附带北流市的单位密钥（编号 " in capsys.readouterr().out
    assert main([*argv[:-1], str(tmp_path / "无密钥.xlsx"), "--no-key"]) == 0
    assert "单位密钥" not in capsys.readouterr().out


def test_dry_run_and_json_store_nothing(returns, db_path, capsys):
    main(["dump", "--db", str(db_path)])  # creates the store with the built-in data
    capsys.readouterr()
    before = snapshot(db_path)
    assert main(["collect", str(returns["兴业县"]), "--db", str(db_path), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [item] = report["files"]
    assert report["dry_run"] and report["errors"] == []
    assert (item["unit"], item["period"], item["final"], item["check"], item["stored"]) == (
        "兴业县", "2022-10", True, "一致", True)  # fmt: skip
    assert item["fields_changed"] == 6
    assert snapshot(db_path) == before


def test_a_bad_file_exits_2_names_it_and_stores_nothing(returns, db_path, tmp_path, capsys):
    main(["dump", "--db", str(db_path)])
    capsys.readouterr()
    before = snapshot(db_path)
    bad = tmp_path / "会议通知.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert main(["collect", str(returns["北流市"]), str(bad), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "错误：文件 会议通知.xlsx 已损坏或不完整" in err and err.strip().endswith("错误：1 处错误，未收取任何报表")
    assert snapshot(db_path) == before
    assert main(["collect", str(bad), "--db", str(db_path), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["files"] == [] and "会议通知.xlsx" in out["errors"][0]
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "请给出要收取的报表文件"),
        (["--summary", "--plan", "创新创业", "--period", "2022-10"], "--summary 需要 -o"),
        (["--summary", "--plan", "创新创业", "--period", "2022-13", "-o", "{out}"], "--period：填报期“2022-13”无效"),
        (["--summary", "--plan", "创新创业", "--period", "2022-10", "-o", "{tmp}/汇总.csv"], "须以 .xlsx 结尾"),
        (["--summary", "--plan", "创新创业", "--period", "2022-10", "-o", "{tmp}/无/汇总.xlsx"], "不存在"),
        (["--summary", "--plan", "不存在的方案", "--period", "2022-10", "-o", "{out}"], "找不到方案"),
        (["--summary", "--plan", "创新创业", "--period", "2023-01", "-o", "{out}"], "不在方案年度"),
        (["{file}", "--plan", "创新创业"], "--plan 只用于 --summary"),
        (["{file}", "--summary", "--plan", "创新创业", "--period", "2022-10", "-o", "{out}"], "不收取文件"),
    ],
)
def test_wrong_use_exits_2_in_chinese_and_writes_nothing(returns, db_path, tmp_path, capsys, args, message):
    out = tmp_path / "汇总.xlsx"
    filled = [a.format(out=out, tmp=tmp_path, file=returns["容县"]) for a in args]
    assert main(["collect", *filled, "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    made = f"已新建台账数据库：{db_path.absolute()}（已载入内置数据）\n"
    if err.startswith(made):  # a --db that did not exist is made with the built-in data, and said so once
        err = err[len(made) :]
    assert err.startswith("错误：") and message in err
    assert not out.exists() and not (tmp_path / "2023.xlsx").exists()
    if db_path.exists():
        with open_store(db_path) as store:
            assert dump_store(store)["achievements"] == []

"""`python main.py import FILE --db DB [--dry-run] [--json]`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main
from storage.audit import audit_count
from storage.dump import dump_store
from storage.plans import find_plan
from tests.import_tables import write_long_table, write_matrix_table

ROOT = Path(__file__).resolve().parent.parent


def test_dry_run_shows_the_preview_and_writes_nothing(store, db_path: Path, tmp_path: Path, capsys):
    path = write_long_table(tmp_path / "分工表.xlsx")
    dump, audit = dump_store(store), audit_count(store)
    assert main(["import", str(path), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "文件：分工表.xlsx（工作表“Sheet1”，任务清单）" in out
    assert "库中已有同一方案：2022年玉林市优化营商环境创新创业专项实施方案" in out
    assert "任务 7 项，指标 7 个，分解指标 48 条" in out
    assert "(237) 高新技术企业保有量 [保有量] 不低于101家" in out
    assert "    北流市：18  ← 北流不低于18家" in out
    assert "    兴业县：35，基础数 800  ← " in out
    assert "(252) 规上工业R&D经费支出增长率 [增长率] （无总目标）" in out  # each county's 35 %, no city total
    assert "说明：第 4 行：任务 (237)：各单位分解数合计 102家" in out
    assert out.rstrip().endswith("（试运行：未写入数据库）")
    assert dump_store(store) == dump and audit_count(store) == audit


def _folder(path: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(path.iterdir())}


def test_a_dry_run_creates_and_changes_no_file_where_db_points(store, tmp_path: Path, capsys):
    path = write_matrix_table(tmp_path / "矩阵.xlsx")
    ledgers = tmp_path / "台账"
    ledgers.mkdir()
    assert main(["import", str(path), "--db", str(ledgers / "新.sqlite3"), "--dry-run"]) == 0
    assert "已新建台账数据库" not in capsys.readouterr().err
    assert list(ledgers.iterdir()) == []
    existing = ledgers / "旧.sqlite3"
    store.close()
    store.path.replace(existing)
    before = _folder(ledgers)
    assert main(["import", str(path), "--db", str(existing), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dry_run"] is True
    assert _folder(ledgers) == before  # no -wal, -shm, backup folder or migration beside it


def test_json_report(store, db_path: Path, tmp_path: Path, capsys):
    path = write_long_table(tmp_path / "分工表.xlsx")
    dump = dump_store(store)
    assert main(["import", str(path), "--db", str(db_path), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"plan", "tasks", "indicators", "quotas", "warnings", "errors"}
    assert report["plan"]["title"] == "2022年玉林市优化营商环境创新创业指标任务分工表"
    assert report["plan"]["year"] == 2022 and report["plan"]["city"] == "玉林市"
    assert [t["seq"] for t in report["tasks"]] == ["237", "238", "239", "245", "251", "252", "254"]
    assert report["indicators"][0] == {
        "seq": "237", "name": "高新技术企业保有量", "measure": "家", "kind": "stock", "direction": "at_least",
        "target": 101.0,
    }  # fmt: skip
    assert report["quotas"][0] == {
        "seq": "237", "indicator": "高新技术企业保有量", "unit": "北流市", "target": 18.0, "baseline": None,
        "source": "北流不低于18家",
    }  # fmt: skip
    xingye = next(q for q in report["quotas"] if q["seq"] == "252" and q["unit"] == "兴业县")
    assert (xingye["target"], xingye["baseline"]) == (35.0, 800.0)
    assert len(report["quotas"]) == 48 and report["errors"] == [] and report["warnings"] == []
    assert dump_store(store) == dump


def test_import_stores_the_plan_and_says_what_changed(store, db_path: Path, tmp_path: Path, capsys):
    path = write_matrix_table(tmp_path / "矩阵.xlsx")
    assert main(["import", str(path), "--db", str(db_path), "--who", "张三"]) == 0
    out = capsys.readouterr().out
    assert "已导入新方案：2022年玉林市科技创新主要指标任务分解表" in out
    plan = find_plan(store, "科技创新主要指标任务分解表")
    assert plan.task("1").indicators[0].quota_for("北流市").target == 18
    # Again: the same plan is updated, and nothing changed.
    assert main(["import", str(path), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "已更新方案：2022年玉林市科技创新主要指标任务分解表" in out and "与库中方案相同，没有变化" in out


def test_doubtful_cells_are_pending_and_nothing_is_written_without_a_decision(store, db_path, tmp_path, capsys):
    rows = [
        (1, "高新技术企业保有量", "家", 101, [17, 9, "约十几家", 14, 11, 4, 8, 9]),
        (2, "新增国家科技型中小企业", "家", 242, [32, 20, 40, 33, 40, 21, 21, "待定"]),
    ]
    path = write_matrix_table(tmp_path / "坏数.xlsx", rows=rows)
    dump, audit = dump_store(store), audit_count(store)
    assert main(["import", str(path), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "待确认：[1/1] 任务 (1)“高新技术企业保有量” 北流：“约十几家”不是确定的数字"
        "（原文：第 6 行“各县(市、区)分解任务/北流市”列：“约十几家”）",
        "待确认：[2/1] 任务 (2)“新增国家科技型中小企业” 玉东：“待定”不是确定的数字"
        "（原文：第 7 行“各县(市、区)分解任务/玉东新区”列：“待定”）",
    ]
    assert err[2].startswith("错误：表中有 2 项待确认，未导入任何数据；请用 --resolve 编号=数值")
    assert main(["import", str(path), "--db", str(db_path), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert [(p["id"], p["unit"], p["value"]) for p in report["pending"]] == [
        ("1/1", "北流市", None),
        ("2/1", "玉东新区", None),
    ]
    assert report["errors"] == []
    assert dump_store(store) == dump and audit_count(store) == audit
    # Decided on the command line: one answered, the other left out with --accept-all-certain.
    argv = ["import", str(path), "--db", str(db_path), "--resolve", "1/1=16", "--accept-all-certain"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "待确认项 2/1（玉东）未确认，没有登记" in out
    plan = find_plan(store, "科技创新主要指标任务分解表")
    assert plan.task("1").indicators[0].quota_for("北流市").target == 16
    assert plan.task("2").indicators[0].quota_for("玉东新区") is None
    assert plan.task("2").indicators[0].quota_for("兴业县").target == 21


def test_the_real_command_exits_2_for_a_bad_file(store, db_path: Path, tmp_path: Path):
    bad = tmp_path / "不是表格.xls"
    bad.write_text("hello", encoding="utf-8")
    store.close()
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import", str(bad), "--db", str(db_path), "--json"],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    message = "文件 不是表格.xls 不是 Excel 表格（.xlsx、.xls）或 CSV 文本表格，无法导入；请在 Excel 或 WPS 中打开并另存为 .xlsx 再导入"
    assert result.stderr.strip() == f"错误：{message}"
    assert json.loads(result.stdout)["errors"] == [message]


def test_help_lists_the_verb(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--dry-run" in out and "--json" in out


def test_a_bad_file_creates_no_store(tmp_path: Path, capsys):
    bad = tmp_path / "通知.xlsx"
    bad.write_text("不是表格", encoding="utf-8")
    db = tmp_path / "新库.sqlite3"
    assert main(["import", str(bad), "--db", str(db)]) == 2
    assert capsys.readouterr().err.startswith("错误：文件 通知.xlsx 不是 Excel 表格")
    assert not db.exists()


def _zone_table(path: Path) -> Path:
    # 北流 and 容县 are certain; 玉林高新区 is no registered unit, 陆川's cell is a range.
    rows = [(1, "高新技术企业保有量", "家", 60, [18, 14, "10-12", 8])]
    return write_matrix_table(path, rows=rows, units=["北流市", "容县", "陆川县", "玉林高新区"])


def test_after_the_import_each_decision_is_printed_as_decided_not_as_pending(store, db_path, tmp_path, capsys):
    path = _zone_table(tmp_path / "决定.xlsx")
    assert main(["import", str(path), "--db", str(db_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "待确认：[1/1]" in out and "待确认：[1/2]" in out
    argv = ["import", str(path), "--db", str(db_path), "--resolve", "1/1=11", "--add-zone", "玉林高新区"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "待确认：" not in out
    assert "已确认：[1/1] 任务 (1)“高新技术企业保有量” 陆川，登记 11家" in out
    assert "已确认：[1/2] 任务 (1)“高新技术企业保有量” 玉林高新区 新增为开发区，登记 8家" in out
    quota = find_plan(store, "科技创新主要指标任务分解表").task("1").indicators[0].quota_for
    assert quota("陆川县").target == 11 and quota("玉林高新区").target == 8


def test_json_without_dry_run_writes_and_says_so(store, db_path: Path, tmp_path: Path, capsys):
    path = _zone_table(tmp_path / "写入.xlsx")
    dump = dump_store(store)
    assert main(["import", str(path), "--db", str(db_path), "--json", "--dry-run"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["dry_run"], report["written"], report["plan_id"]) == (True, False, None)
    assert dump_store(store) == dump
    assert main(["import", str(path), "--db", str(db_path), "--json", "--accept-all-certain"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["written"] is True and report["plan_id"] is not None and report["dry_run"] is False
    assert report["decisions"] == [
        "未登记（没有确认）：[1/1] 任务 (1)“高新技术企业保有量” 陆川",
        "未登记（没有确认）：[1/2] 任务 (1)“高新技术企业保有量” 玉林高新区",
    ]
    assert "已导入新方案" in captured.err
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "不加--dry-run时照常导入并写入数据库" in "".join(capsys.readouterr().out.split())


def test_a_refused_file_makes_no_new_ledger(tmp_path: Path, capsys):
    # Bad input writes nothing: not even the ledger --db names, when it does not exist yet.
    path = write_matrix_table(tmp_path / "矩阵.xlsx")
    db = tmp_path / "新台账.sqlite3"
    assert main(["import", str(path), "--db", str(db), "--sheet", "没有这张表"]) == 2
    err = capsys.readouterr().err
    assert "没有名为“没有这张表”的工作表" in err and "已新建台账数据库" not in err
    assert not db.exists()
    assert main(["import", str(path), "--db", str(db), "--accept-all-certain"]) == 0  # a good file makes it
    assert db.exists() and "已新建台账数据库" in capsys.readouterr().err

"""The command line as a script would use it: real processes, real files, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, encoding="utf-8",
        env=full_env, cwd=ROOT, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def dumped(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "ledger.sqlite3"
    result = run("dump", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "show program's", "error:")


def test_help_lists_the_verbs():
    result = run("--help")
    assert result.returncode == 0
    for verb in ("dump", "set", "unlock", "profile", "import", "export", "collect", "selftest"):
        assert verb in result.stdout


@pytest.mark.parametrize("verb", [[], ["collect"]])
def test_help_is_chinese_as_the_real_command_prints_it(verb):
    result = run(*verb, "--help")
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert out.startswith(f"用法：main.py {verb[0] + ' ' if verb else ''}[-h]")
    assert "\n选项：\n  -h, --help" in out and "显示本帮助并退出" in out
    assert not [word for word in ARGPARSE_ENGLISH if word in out.lower()], out
    if verb:
        assert "\n位置参数：\n  FILE" in out
    else:
        assert "\n命令：\n" in out and "显示程序名称和版本号并退出" in out


def verbs_and_kinds() -> list[list[str]]:
    from cli import VERBS

    names = [verb.rstrip("_") for verb in VERBS]
    return [[name] for name in names] + [["export", "breakdown"], ["export", "progress"]]


@pytest.mark.parametrize("verb", verbs_and_kinds(), ids=" ".join)
def test_every_verbs_help_is_chinese(verb, capsys):
    from cli import main

    with pytest.raises(SystemExit) as exited:
        main([*verb, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"用法：main.py {' '.join(verb)} [-h]") and "显示本帮助并退出" in out
    assert not [word for word in ARGPARSE_ENGLISH if word in out.lower()], out


def test_version_and_a_wrong_verb():
    from version import APP_NAME, __version__

    version = run("--version")
    assert version.returncode == 0 and version.stdout == f"{APP_NAME} {__version__}\n"
    result = run("dumb")
    assert result.returncode == 2
    assert result.stderr.startswith("用法：main.py") and "错误：参数 命令 的取值 'dumb' 无效" in result.stderr
    assert not [word for word in ARGPARSE_ENGLISH if word in result.stderr.lower()]


def test_dump_shows_the_seeds_figures_with_full_unit_names(dumped):
    assert {"units", "plans", "achievements"} <= dumped.keys()
    units = {u["name"]: u for u in dumped["units"]}
    assert units["北流市"] == {"name": "北流市", "city": "玉林市", "kind": "county_city", "aliases": ["北流"]}
    yulin = next(p for p in dumped["plans"] if "创新创业" in p["title"])
    assert {"id", "title", "year", "doc_number", "tasks"} <= yulin.keys()
    t237 = next(t for t in yulin["tasks"] if t["seq"] == "237")
    assert {"city_seq", "seq", "text", "deadline", "lead", "partners", "indicators"} <= t237.keys()
    ind = t237["indicators"][0]
    assert (ind["name"], ind["measure"], ind["kind"], ind["direction"], ind["target"]) == (
        "高新技术企业保有量", "家", "stock", "at_least", 101)  # fmt: skip
    assert {"unit": "北流市", "target": 18, "baseline": None}.items() <= next(
        q for q in ind["quotas"] if q["unit"] == "北流市"
    ).items()
    t238 = next(t for t in yulin["tasks"] if t["seq"] == "238")
    assert t238["indicators"][0]["target"] == 242
    t252 = next(t for t in yulin["tasks"] if t["seq"] == "252")
    assert next(q for q in t252["indicators"][0]["quotas"] if q["unit"] == "兴业县")["baseline"] == 800


def test_set_records_a_value_that_survives_and_is_audited(tmp_path):
    db = tmp_path / "ledger.sqlite3"
    assert run("dump", "--db", str(db)).returncode == 0  # `set` records only into a ledger that exists
    result = run("set", "--db", str(db), "--plan", "优化营商环境", "--seq", "(237)", "--unit", "北流",
                 "--period", "2022-10", "--actual", "12", "--progress", "新认定3家", "--who", "张三")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "已记录" in result.stdout
    result = run("set", "--db", str(db), "--plan", "优化营商环境", "--seq", "250", "--unit", "北流市",
                 "--period", "2022Q3", "--status", "推进中")  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(run("dump", "--db", str(db)).stdout)
    got = {(a["seq"], a["unit"], a["period"]): a for a in data["achievements"]}
    assert got[("237", "北流市", "2022-10")]["actual"] == 12
    assert got[("237", "北流市", "2022-10")]["progress"] == "新认定3家"
    assert got[("250", "北流市", "2022Q3")]["status"] == "推进中"
    import sqlite3

    rows = sqlite3.connect(db).execute("SELECT who, field, new FROM audit WHERE action = '填报' ORDER BY id").fetchall()
    assert ("张三", "actual", "12") in rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "优化营商环境", "--seq", "237", "--unit", "北流", "--period", "2022-13", "--actual", "1"], "填报期"),
        (["--plan", "优化营商环境", "--seq", "237", "--unit", "北流", "--period", "2022-10", "--actual", "-1"],
         "不能为负数"),
        (["--plan", "优化营商环境", "--seq", "237", "--unit", "北流", "--period", "2022-10", "--actual", "十几"],
         "不是数字"),
        (["--plan", "不存在的方案", "--seq", "237", "--unit", "北流", "--period", "2022-10", "--actual", "1"],
         "找不到方案"),
        (["--plan", "优化营商环境", "--seq", "237", "--unit", "火星县", "--period", "2022-10", "--actual", "1"],
         "找不到单位"),
        (["--plan", "优化营商环境", "--seq", "250", "--unit", "北流", "--period", "2022-10", "--status", "差不多"],
         "状态"),
        (["--plan", "优化营商环境", "--seq", "237", "--unit", "北流", "--period", "2022-10"], "请至少给出一项"),
        (["--plan", "优化营商环境", "--seq", "237", "--unit", "北流", "--period", "2022-10", "--actual", "1",
          "--status", "推进中"], "不能与"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_chinese_message_exit_2_and_writes_nothing(tmp_path, args, message):
    db = tmp_path / "ledger.sqlite3"
    before = run("dump", "--db", str(db)).stdout
    result = run("set", "--db", str(db), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert run("dump", "--db", str(db)).stdout == before


def test_no_display_says_so_in_one_line_and_names_the_verbs(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "x.sqlite3")], capture_output=True,
        text=True, encoding="utf-8", env={**env, "PYTHONIOENCODING": "utf-8"}, cwd=ROOT, timeout=60,
    )  # fmt: skip
    if sys.platform.startswith("linux"):
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1
        assert "没有可用的显示器" in result.stderr and "dump" in result.stderr
        assert "Traceback" not in result.stderr


def test_dump_makes_a_new_ledger_says_so_once_on_stderr_and_keeps_stdout_json(tmp_path):
    db = tmp_path / "台账.sqlite3"
    first = run("dump", "--db", str(db))
    assert first.returncode == 0
    assert first.stderr == f"已新建台账数据库：{db}（已载入内置数据）\n"
    assert json.loads(first.stdout)["plans"]
    second = run("dump", "--db", str(db))
    assert second.returncode == 0 and second.stderr == "" and json.loads(second.stdout) == json.loads(first.stdout)


SET_ARGS = ("--plan", "优化营商环境", "--seq", "237", "--unit", "北流", "--period", "2022-10", "--actual", "12")


@pytest.mark.parametrize("verb", [["set", *SET_ARGS], ["dump"], ["export", "breakdown", "--plan", "创新创业", "-o", "x.xlsx"],
                                  ["collect", "--summary", "--plan", "创新创业", "--period", "2022-10", "-o", "x.xlsx"]],
                         ids=lambda v: v[0])  # fmt: skip
def test_a_db_in_a_folder_that_does_not_exist_is_a_typo_and_nothing_is_made(tmp_path, verb):
    db = tmp_path / "nope" / "typo.sqlite3"
    argv = [a.replace("x.xlsx", str(tmp_path / "x.xlsx")) for a in verb]
    result = run(*argv, "--db", str(db))
    assert result.returncode == 2
    assert result.stderr == f"错误：数据库所在文件夹不存在：{db.parent}\n" and result.stdout == ""
    assert not db.parent.exists() and not (tmp_path / "x.xlsx").exists()


def test_set_refuses_a_ledger_that_does_not_exist(tmp_path):
    db = tmp_path / "typo.sqlite3"
    result = run("set", "--db", str(db), *SET_ARGS)
    assert result.returncode == 2
    assert result.stderr == (f"错误：数据库文件不存在：{db}；新建数据库请先运行 python main.py dump --db {db}\n")
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_dump_into_a_pipe_closed_early_ends_quietly(tmp_path):
    db = tmp_path / "ledger.sqlite3"
    assert run("dump", "--db", str(db)).returncode == 0
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with subprocess.Popen([sys.executable, str(ROOT / "main.py"), "dump", "--db", str(db)], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as dump:  # fmt: skip
        assert dump.stdout.read(10).startswith(b"{")
        dump.stdout.close()  # as `| head -c 10` does
        stderr = dump.stderr.read().decode("utf-8")
        assert dump.wait(timeout=60) == 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_the_window_refuses_a_db_in_a_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "打错的文件夹" / "台账.sqlite3"
    result = run("--db", str(missing), env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2 and result.stderr.strip() == f"错误：数据库所在文件夹不存在：{missing.parent}"
    assert not missing.parent.exists()


def test_no_display_line_names_every_verb():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                            encoding="utf-8", env={**env, "PYTHONIOENCODING": "utf-8"}, cwd=ROOT, timeout=60)  # fmt: skip
    if sys.platform.startswith("linux"):
        for verb in ("dump", "set", "unlock", "profile", "import", "export", "collect", "selftest"):
            assert verb in result.stderr

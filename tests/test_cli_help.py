"""`--help` as a user reads it in a console: one heading per group, lines that fit the window, Chinese wrapped
where Chinese may break."""

from __future__ import annotations

import unicodedata

import pytest

from cli import VERBS, _wrap_columns, main

WIDTH = 80


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def help_of(verb: list[str], capsys, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    with pytest.raises(SystemExit) as exited:
        main([*verb, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_the_top_level_help_lists_the_verbs_under_one_heading(capsys, monkeypatch):
    out = help_of([], capsys, monkeypatch)
    assert "\n命令：\n  gui " in out and "\n  命令\n" not in out
    listed = [line.split()[0] for line in out[out.index("\n命令：\n") :].splitlines()[1:] if line.startswith("  ") and
              not line.startswith("   ")]  # fmt: skip
    assert listed == [verb.rstrip("_") for verb in VERBS]


def test_export_help_lists_its_two_returns_under_one_heading(capsys, monkeypatch):
    out = help_of(["export"], capsys, monkeypatch)
    heading = out[out.index("\n报表：\n") + 1 :]
    assert heading.splitlines()[:3] == [
        "报表：",
        "  breakdown   任务分工表（全表，或某单位的任务与分解指标）",
        "  progress    某单位某填报期的完成情况表（默认草稿；--final 为报送）",
    ]
    assert "\n  报表\n" not in out


def verbs() -> list[list[str]]:
    return [[], *([v.rstrip("_")] for v in VERBS), ["export", "breakdown"], ["export", "progress"]]


@pytest.mark.parametrize("verb", verbs(), ids=lambda v: " ".join(v) or "main")
def test_every_help_fits_an_80_column_console(verb, capsys, monkeypatch):
    """Usage and option lines fit (the examples in a description are commands, printed as they are typed)."""
    out = help_of(verb, capsys, monkeypatch)
    usage, *sections = out.split("\n\n")
    lines = usage.splitlines() + [
        line for s in sections if s.split("\n", 1)[0].endswith("：") for line in s.splitlines()
    ]
    too_wide = [line for line in lines if columns(line) > WIDTH]
    assert not too_wide, too_wide
    # Continuation lines of the usage start under the first option, counted in columns (用法： is 6 wide).
    first = usage.splitlines()[0]
    for line in usage.splitlines()[1:]:
        assert columns(line) - columns(line.lstrip()) == columns(first[: first.index(" [")]) + 1, usage
    # A wrapped line never begins with closing punctuation.
    assert not [line for line in lines if line.strip()[:1] in "，。、；：）》”"], lines


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("解锁已报送的填报期，以便修改后重新报送（须说明原因，记入修改留痕）", 32,
         ["解锁已报送的填报期，以便修改后重", "新报送（须说明原因，记入修改留", "痕）"]),
        ("报送：先用 set … --explanation 写情况说明", 20, ["报送：先用 set …", "--explanation 写情况", "说明"]),
        ("数据库（默认：用户数据文件夹中）", 12, ["数据库（默", "认：用户数据", "文件夹中）"]),
    ],
)  # fmt: skip
def test_wrapping_counts_a_chinese_character_as_two_columns_and_keeps_punctuation_attached(text, width, lines):
    assert _wrap_columns(text, width) == lines
    assert all(columns(line) <= width for line in lines)

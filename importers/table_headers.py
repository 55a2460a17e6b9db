"""What a figure column's header says about its figures: the plan year's target, a 基数, a growth rate, or
figures that are no target at all (last year's actuals, another year's plan).

Cities put beside the targets the figures they were set from: "2021年全市完成", "上年完成", "2020年研发经费
（万元）", and under one indicator 基数 / 目标 / 增幅（%） sub-columns. None of those is a target of the plan:
a column naming actuals or a year other than the plan's is read as no target (the reader says so), a 基数
column is the baseline, and a 增幅 column under an indicator is its growth rate — the target itself when the
indicator has no 目标 column, otherwise only a check on 基数 and 目标.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_YEAR = re.compile(r"(20\d{2})\s*年")
_LEADING_YEAR = re.compile(r"^(20\d{2})年度?")
BASELINE_WORDS = re.compile(r"基础数|基数|基期")
# A sub-heading that gives the growth rate: 增幅 / 增速 / 增长率 / 较上年增长 / 增长（%）.
GROWTH_PART = re.compile(r"^(?:较上年|比上年|同比)?(?:增幅|增速|增长率|增长幅度|增长)(?:\((?:%|％)\))?$")
# Actuals: 完成 / 实际 / 上年 … — not 完成时限, and not a target that names completion (完成目标).
_PAST = re.compile(r"完成(?!时限|时间|期限|日期)|实际|实绩|上年|去年|上一年|前一年|预计")
_TARGET_WORDS = re.compile(r"目标|任务|计划|标准|要求|时限|时间|期限|日期|增长|增幅|增速|提高|提升")


def years_in(text: str) -> set[int]:
    """Every year a text names ("2021-2022年" names both)."""
    found = {int(y) for y in _YEAR.findall(text)}
    span = re.search(r"(20\d{2})\s*[-—–~～至到]\s*(20\d{2})\s*年", text)
    if span:
        found.update(range(int(span.group(1)), int(span.group(2)) + 1))
    return found


def plan_years(title: str, headers: Iterable[str]) -> set[int]:
    """The years a table's targets are for: those its title names, else those its target headers name."""
    found = years_in(title)
    if found:
        return found
    return {y for h in headers if _TARGET_WORDS.search(h) and not BASELINE_WORDS.search(h) for y in years_in(h)}


def without_plan_year(text: str, years: set[int]) -> str:
    """ "2022年全市目标" as "全市目标" when 2022 is the plan's year (the header then means the same)."""
    match = _LEADING_YEAR.match(text)
    if match and int(match.group(1)) in years and len(text) > match.end():
        return text[match.end() :]
    return text


def part_of(parts: list[str], years: set[int]) -> str:
    """What a figure column under these header parts holds: "target", "baseline", "growth" or "past".

    "past" is anything that is no target of the plan: actuals (完成 / 实际 / 上年), and figures dated in a year
    that is not the plan's (2020年研发经费) unless they are a 基数.
    """
    if any(BASELINE_WORDS.search(p) for p in parts):
        return "baseline"
    if len(parts) > 1 and GROWTH_PART.match(parts[-1]):
        return "growth"
    for part in parts:
        if _PAST.search(part) and not _TARGET_WORDS.search(part):
            return "past"
        if years and any(y not in years for y in years_in(part)) and not years_in(part) & years:
            return "past"
    return "target"


def past_reason(label: str) -> str:
    """Why a column of actuals or of another year is not read, for the note that says so."""
    shown = label.split("/")[-1] if "/" in label else label
    if _PAST.search(label) and not _TARGET_WORDS.search(label):
        return f"“{shown}”列是完成数（实际数），不是目标，未读取"
    return f"“{shown}”列是其他年份的数，不是本年目标，未读取"


def growth_as_target(columns: list, key) -> None:
    """A 增幅 column is the target of its group (one unit's, or one indicator's columns) when the group has no
    目标 column ("2021年基数（万元）| 增幅（%）"); beside a 目标 column it stays a check on 基数 and 目标."""
    groups: dict[object, list] = {}
    for column in columns:
        name = key(column)
        if name:
            groups.setdefault(name, []).append(column)
    for group in groups.values():
        if not any(c.part == "target" for c in group):
            for column in group:
                if column.part == "growth":
                    column.part = "target"

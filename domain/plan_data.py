"""The plan's figures as this application keeps them, carried inside the breakdown tables it exports.

A table exported from a city's ledger words each quota in a sentence ("…不低于260家，其中万秀不低于60家"), and
reading that sentence back cannot always give the indicator as the city keeps it: a growth indicator measured
in 万元 becomes "增长率" without its measure, so the county could not type its amounts. The exporter therefore
also writes these rows in a very hidden sheet, and the importer takes indicators, kinds, measures, targets and
quotas from them, task by task, when their checksum holds and the task's words in the table are still those
written with them: a sentence edited by hand is read from its words, as any table is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from domain.plans import Direction, Indicator, IndicatorKind, Quota, Task

PLAN_DATA_SHEET = "方案数据"
PLAN_DATA_FORMAT = "科技指标任务台账·方案数据 1"
HEADER = ("细化任务序号", "指标", "类型", "计量单位", "方向", "全市目标", "单位", "目标", "基数", "细化任务")
WIDTH = len(HEADER)


def plan_data_rows(
    tasks: Sequence[Task], holder: str | None = None, texts: dict[str, str] | None = None
) -> list[list[object]]:
    """The sheet's rows: format, checksum, header, then per indicator one row and one per quota.

    With `holder` (a unit's copy) only that unit's quotas are written, as the copy's sentences word them;
    `texts` are the task's words as the table prints them (default: the task's text).
    """
    body: list[list[object]] = []
    for task in tasks:
        words = (texts or {}).get(task.seq, task.text)
        for indicator in task.indicators:
            head = [task.seq, indicator.name, indicator.kind.value, indicator.measure, indicator.direction.value,
                    indicator.target]  # fmt: skip
            body.append([*head, "", None, None, words])
            for quota in indicator.quotas:
                if holder is None or quota.unit == holder:
                    body.append([*head, quota.unit, quota.target, quota.baseline, words])
    return [["格式", PLAN_DATA_FORMAT], ["校验码", _checksum(body)], list(HEADER), *body]


def read_plan_data(rows: Sequence[Sequence[object]]) -> dict[str, tuple[str, list[Indicator]]] | None:
    """Task serial → (its words as printed, its indicators), from the sheet's rows; None when the rows are not
    this format or were changed. The quotas' `source` says where they came from, as a table's sentence would.
    """
    if len(rows) < 3 or _text(rows[0], 1) != PLAN_DATA_FORMAT:
        return None
    if tuple(_text(rows[2], i) for i in range(WIDTH)) != HEADER:
        return None
    body = [[_value(row, i) for i in range(WIDTH)] for row in rows[3:]
            if any(_value(row, i) not in (None, "") for i in range(WIDTH))]  # fmt: skip
    if _text(rows[1], 1) != _checksum(body):
        return None
    found: dict[str, tuple[str, list[Indicator]]] = {}
    try:
        for seq, name, kind, measure, direction, target, unit, quota_target, baseline, words in body:
            indicators = found.setdefault(str(seq), (str(words or ""), []))[1]
            if not unit:
                indicators.append(Indicator(str(name), str(measure or ""), IndicatorKind(str(kind)),
                                            Direction(str(direction)), _number(target)))  # fmt: skip
            elif indicators:
                source = "本程序导出的分工表附带的方案数据"
                indicators[-1].quotas.append(Quota(str(unit), _number(quota_target), _number(baseline), source))
    except ValueError:
        return None  # a kind or direction this version does not know
    return found


def _checksum(body: Sequence[Sequence[object]]) -> str:
    canonical = json.dumps([[_canonical(v) for v in row] for row in body], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _canonical(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(float(value), 9)
    return str(value)


def _value(row: Sequence[object], index: int) -> object:
    value = row[index] if index < len(row) else None
    return None if value == "" else value


def _text(row: Sequence[object], index: int) -> str:
    value = row[index] if index < len(row) else None
    return "" if value is None else str(value)


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    return float(value)  # type: ignore[arg-type]


def same_words(printed: str, found: str) -> bool:
    """Whether a task's words in the table are those written with its data (spaces and line breaks aside)."""
    return "".join(printed.split()) == "".join(found.split())

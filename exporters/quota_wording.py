"""A sub-task as one unit reads it: the city's wording with that unit's quota written back in.

The city writes quotas inside the sub-task text ("高新技术企业保有量不低于101家：北流不低于18家，容县…").
A county's copy keeps the total and only its own share: "高新技术企业保有量不低于101家，其中北流不低于18家".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from domain.plans import Direction, Indicator, IndicatorKind, Quota, Task

# Marks the built-in data keeps for its own record of a damaged source (原文缺损); never printed on a return.
_REPAIR_MARKS = re.compile(r"[（(]原文缺损[)）]")


def official(text: str) -> str:
    """Text as an official return prints it: without the program's repair marks (（原文缺损）)."""
    return _REPAIR_MARKS.sub("", text)


def plain_number(value: float | None) -> str:
    """18.0 → "18", 11.5 → "11.5", None → ""."""
    if value is None:
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def unit_task_text(task: Task, unit_name: str, unit_names: Sequence[str] = ()) -> str:
    """The sub-task text for one unit: its quotas written in, or the city's text where it has none.

    `unit_names` are the names the city's table may call the unit by (北流 for 北流市), first the
    one tables use; quotas whose source text begins with one of them are quoted as the city wrote them.
    """
    names = [n for n in (*unit_names, unit_name) if n]
    short = names[0] if names else unit_name
    share_parts: list[str] = []
    note_parts: list[str] = []
    for indicator in task.indicators:
        quota = indicator.quota_for(unit_name)
        if quota is None or quota.target is None:
            continue
        if indicator.kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO):
            # A rate is not shared out of a total: the city's sentence stands, the unit's figure follows.
            note_parts.append(f"{short}：{_rate_phrase(indicator, quota)}")
        else:
            share_parts.append(_share_sentence(indicator, quota, names, short))
    if not share_parts and not note_parts:
        return task.text
    text = "；".join(share_parts) if share_parts else task.text.rstrip()
    if note_parts:
        text = f"{text}（{'；'.join(note_parts)}）"
    return text


def whole_task_text(task: Task, city: str = "") -> str:
    """The sub-task text for the whole table: its words, with the quotas written in where the words lack them.

    A task read from a matrix holds only its indicator's name ("高新技术企业保有量"); printed so, the city's own
    table would show no figure at all: "高新技术企业保有量不低于260家，其中万秀区不低于60家、藤县不低于30家".
    Words that give any of the quotas (a clause, a scope such as 各县…1%) are printed as they are; `city`'s own
    quota row is no unit's.
    """
    parts: list[str] = []
    for indicator in task.indicators:
        quotas = [q for q in indicator.quotas if q.target is not None and q.unit != city]
        if not quotas or any(_said(task.text, indicator, q) for q in quotas):
            continue  # the words already give the quotas (a task list's sentence, 各县…1%)
        if indicator.kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO):
            each = "、".join(f"{q.unit}{_rate_phrase(indicator, replace(q, baseline=None))}{_base(indicator, q)}"
                            for q in quotas)  # fmt: skip
        else:
            each = "、".join(f"{q.unit}{indicator.direction.label}{plain_number(q.target)}{indicator.measure}"
                             for q in quotas)  # fmt: skip
        total = ""
        if indicator.target is not None:
            rate = indicator.kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO)
            figure = f"{plain_number(indicator.target)}{'%' if rate else indicator.measure}"
            total = f"{indicator.direction.label}{figure}"
        parts.append(f"{indicator.name}{total}，其中{each}")
    if not parts:
        return task.text
    words = task.text.strip()
    if not words or words in {i.name for i in task.indicators}:
        return "；".join(parts)
    return f"{words}（{'；'.join(parts)}）"


def _said(text: str, indicator: Indicator, quota: Quota) -> bool:
    """Whether the words already give this quota: its clause, or its figure with its measure (60家, 1%)."""
    if quota.source and quota.source in text:
        return True
    measure = "%" if indicator.kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO) else indicator.measure
    return f"{plain_number(quota.target)}{measure}" in text.replace(" ", "")


def _base(indicator: Indicator, quota: Quota) -> str:
    return "" if quota.baseline is None else f"（基础数{plain_number(quota.baseline)}{indicator.measure}）"


def _share_sentence(indicator: Indicator, quota: Quota, names: Sequence[str], short: str) -> str:
    source = quota.source.strip().rstrip("。；;，,")
    if source and any(source.startswith(n) for n in names):
        share = source
    else:
        share = f"{short}{indicator.direction.label}{plain_number(quota.target)}{indicator.measure}"
    if quota.baseline is not None:
        share += f"（基础数{plain_number(quota.baseline)}{indicator.measure}）"
    if indicator.target is None:
        return f"{indicator.name}：{share}"
    total = f"{indicator.name}{indicator.direction.label}{plain_number(indicator.target)}{indicator.measure}"
    return f"{total}，其中{share}"


def _rate_phrase(indicator: Indicator, quota: Quota) -> str:
    target = plain_number(quota.target)
    if indicator.kind is IndicatorKind.GROWTH:
        phrase = f"较上年增长{target}%以上" if indicator.direction is Direction.AT_LEAST else f"增长不超过{target}%"
    else:
        phrase = f"{indicator.direction.label}{target}%"
    if quota.baseline is not None:
        phrase += f"，基础数{plain_number(quota.baseline)}{indicator.measure}"
    return phrase

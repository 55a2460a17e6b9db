"""Achievements (完成情况) and the rules for what a user may type as one."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from domain.numerals import chinese_to_number
from domain.periods import Period
from domain.plans import Indicator, IndicatorKind
from domain.text_safety import UnsafeText, safe_text


class WorkStatus(StrEnum):
    """The stated status of a qualitative task."""

    NOT_STARTED = "未启动"
    IN_PROGRESS = "推进中"
    DONE = "已完成"


WORK_STATUSES = tuple(s.value for s in WorkStatus)
TEXT_FIELDS = ("progress", "problems", "next_steps", "evidence")
TEXT_FIELD_LABELS = {
    "progress": "工作进展",
    "problems": "存在问题",
    "next_steps": "下一步计划",
    "evidence": "佐证材料",
}
MAX_TEXT = 2000
# Percentages beyond this are typing slips (an R&D 强度 of 600 %), not achievements.
MAX_PERCENT = 100.0
MAX_AMOUNT = 1e12


@dataclass
class Achievement:
    """What a unit reports for one indicator and period.

    `actual` is the figure as of the period's end: for an increment, the amount accumulated since
    1 January (截至期末累计), so months, quarters and half-years can be mixed without double counting.
    """

    unit: str
    period: Period
    actual: float | None = None
    status: WorkStatus | None = None
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    evidence: str = ""
    explanation: str = ""  # why an odd figure is right, given before 报送; not counted as content

    @property
    def is_empty(self) -> bool:
        return self.actual is None and self.status is None and not any(getattr(self, f) for f in TEXT_FIELDS)


class InputError(ValueError):
    """A typed value that cannot be accepted; the message is for the user, in Chinese."""


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")


def parse_number(text: str | float | int | None) -> float | None:
    """Read a number as staff type it: 全角 digits, thousands separators, 十二, a trailing 家 or %.

    Returns None for blank input; raises InputError with a Chinese message otherwise.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise InputError("不是数字")
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        raw = str(text).strip().translate(_FULL_WIDTH)
        if raw == "":
            return None
        cleaned = re.sub(r"(?<=\d)[,\s](?=\d{3}\b)", "", raw)
        cleaned = re.sub(r"(家|项|个|万元|亿元|人次|人|件|元|%)$", "", cleaned).strip()
        try:
            value = float(cleaned)
        except ValueError:
            numeral = chinese_to_number(cleaned)
            if numeral is None:
                raise InputError(f"“{text}”不是数字") from None
            value = float(numeral)
    if math.isnan(value) or math.isinf(value):
        raise InputError(f"“{text}”不是有限的数字")
    return round(value, 6)


def validate_actual(indicator: Indicator, text: str | float | int | None) -> float | None:
    """The accepted figure for an indicator's 完成值, or InputError saying why not."""
    if not indicator.kind.is_numeric:
        raise InputError("定性任务请填写状态（未启动 / 推进中 / 已完成），不填数字")
    value = parse_number(text)
    if value is None:
        return None
    if value < 0:
        raise InputError("完成值不能为负数")
    if indicator.kind is IndicatorKind.RATIO and value > MAX_PERCENT:
        raise InputError(f"占比应在 0–{MAX_PERCENT:g}% 之间，收到 {value:g}")
    if value > MAX_AMOUNT:
        raise InputError(f"数值 {value:g} 过大，请检查计量单位")
    if indicator.measure in ("家", "项", "个", "人次", "人", "件") and value != int(value):
        raise InputError(f"“{indicator.measure}”为单位的完成值应为整数，收到 {value:g}")
    return value


def validate_status(text: str | None) -> WorkStatus | None:
    """The accepted qualitative status, or InputError naming the three that are allowed."""
    if text is None or str(text).strip() == "":
        return None
    cleaned = str(text).strip()
    for status in WorkStatus:
        if cleaned == status.value:
            return status
    aliases = {"未开始": WorkStatus.NOT_STARTED, "进行中": WorkStatus.IN_PROGRESS, "完成": WorkStatus.DONE}
    if cleaned in aliases:
        return aliases[cleaned]
    raise InputError(f"状态“{cleaned}”无效，应为：{' / '.join(WORK_STATUSES)}")


def validate_text(field_name: str, text: str | None) -> str:
    """A free-text field, trimmed; refuses texts longer than a printed cell can hold.

    Line breaks of every kind become newlines; a character no Excel file can hold (U+FFFE, a control
    character) is refused with its position, since it would break every export of the return.
    """
    value = "" if text is None else str(text).strip()
    label = TEXT_FIELD_LABELS.get(field_name, field_name)
    if len(value) > MAX_TEXT:
        raise InputError(f"{label}过长（{len(value)} 字），最多 {MAX_TEXT} 字")
    try:
        return safe_text(label, value)
    except UnsafeText as exc:
        raise InputError(str(exc)) from None

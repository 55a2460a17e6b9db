"""Achievements (完成情况) and the rules for what a user may type as one."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain.measure_words import MEASURE_WORDS, PERCENT_MEASURES
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
QUALITATIVE_FIGURE = "定性任务请填写状态（未启动 / 推进中 / 已完成），不填数字"


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
# Amounts convert between these; the factor is the value of one in 万元 (the quota grammar shares it).
AMOUNT_FACTORS = {"元": 0.0001, "千元": 0.1, "万元": 1.0, "亿元": 10_000.0}
# Ratios convert between these; the factor is the value of one in %.
RATIO_FACTORS = {"%": 1.0, "‰": 0.1}
# The words that may follow a number as its measure: the quota grammar's, so every measure an indicator can
# carry is recognised when typed (and then converted or refused, never dropped).
KNOWN_MEASURES = frozenset((*MEASURE_WORDS, *AMOUNT_FACTORS, *RATIO_FACTORS))
_SAME_MEASURE = {"百分点": "个百分点"}
_MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# 1.5E+06 is how Excel copies a figure shown in scientific format.
_ARABIC = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([十百千万亿]*)\s*(.*)", re.S)
_CHINESE_NUMERAL = set("零〇一二两三四五六七八九十百千万亿点")
_PERCENT_WORDS = {"百分之": "%", "千分之": "‰"}


@dataclass(frozen=True)
class TypedNumber:
    """A number as typed, before any conversion: its value and the measure written after it ("" for none).

    `magnified` says the value was written with a magnitude word (3.5亿, 3千, 十二万), which on an amount is a
    doubt: 3.5亿 under 万元 may mean 3.5亿元.
    """

    value: Decimal
    measure: str = ""
    magnified: bool = False


def read_number(text: str | float | int | None) -> TypedNumber | None:
    """The number a user typed and the measure written after it (全角 digits, 1,234, 十二, 3.5亿元, 百分之5).

    Nothing is converted here (see parse_number). None for blank input; InputError (Chinese) for text that
    is not one number, optionally followed by one measure.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise InputError("不是数字")
    if isinstance(text, (int, float)):
        if math.isnan(text) or math.isinf(text):
            raise InputError(f"“{text}”不是有限的数字")
        # A figure from a spreadsheet cell: float noise (0.30000000000000004) is no one's intent.
        return TypedNumber(Decimal(repr(round(float(text), 6))))
    raw = str(text).strip().translate(_FULL_WIDTH)
    if raw == "":
        return None
    cleaned = re.sub(r"(?<=\d)[,\s](?=\d{3}(?!\d))", "", raw)
    for words, measure in _PERCENT_WORDS.items():
        if cleaned.startswith(words):
            found = read_number(cleaned.removeprefix(words))
            if found is None or found.measure:
                raise InputError(f"“{text}”不是数字")
            return TypedNumber(found.value, measure, found.magnified)
    try:
        found = _read_arabic(cleaned) or _read_chinese(cleaned)
    except ArithmeticError:  # 1e999999万: past what a decimal can hold
        raise InputError(f"“{text}”不是有限的数字") from None
    if found is None or (found.measure and found.measure not in KNOWN_MEASURES):
        raise InputError(f"“{text}”不是数字")
    if not found.value.is_finite():
        raise InputError(f"“{text}”不是有限的数字")
    return TypedNumber(found.value, _SAME_MEASURE.get(found.measure, found.measure), found.magnified)


def _read_arabic(text: str) -> TypedNumber | None:
    match = _ARABIC.fullmatch(text)
    if match is None:
        return None
    number, magnitudes, measure = match.groups()
    measure = measure.strip()
    # The longest measure the words after the number make: 12万元 is 12 of 万元, 3千万元 is 3千 of 万元.
    for cut in range(len(magnitudes) + 1):
        if (magnitudes[cut:] + measure) in KNOWN_MEASURES or not (magnitudes[cut:] + measure):
            magnitudes, measure = magnitudes[:cut], magnitudes[cut:] + measure
            break
    value = Decimal(number)
    for ch in magnitudes:
        value *= _MAGNITUDES[ch]
    return TypedNumber(value, measure, bool(magnitudes))


def _read_chinese(text: str) -> TypedNumber | None:
    """十二家, 三点五, 两千万元: a Chinese numeral at the start, then the longest measure that follows it."""
    end = 0
    while end < len(text) and text[end] in _CHINESE_NUMERAL:
        end += 1
    readings = []
    for cut in range(end, 0, -1):
        value = chinese_to_number(text[:cut])
        if value is not None:
            readings.append(TypedNumber(Decimal(repr(value)), text[cut:].strip(), bool(set(text[:cut]) & set("万亿"))))
    fitting = [r for r in readings if r.measure == "" or r.measure in KNOWN_MEASURES]
    if fitting:  # 两千万元 is 两千 of 万元 rather than 两千万 of 元 (the same amount, said as typed)
        return max(fitting, key=lambda r: len(r.measure))
    return readings[0] if readings else None


def convertible(written: str, measure: str) -> bool:
    """True when a figure written in `written` can be expressed in `measure` (the same, two amounts, two ratios)."""
    if written == measure:
        return True
    return any(written in group and measure in group for group in (AMOUNT_FACTORS, RATIO_FACTORS))


def parse_number(text: str | float | int | None, measure: str = "") -> float | None:
    """A typed number in the indicator's `measure`: 3.5亿元 under 万元 is 35000; a bare number is in `measure`.

    A measure typed that does not fit (万元 under 家, 家 under 万元, % under a count) is refused, naming both;
    so is an amount written with 万 / 亿 but no 元 (3.5亿 under 万元: 3.5亿元, or 3.5亿 of 万元?). With no
    `measure` (an indicator without one), only a bare number is accepted. None for blank input; InputError
    (Chinese) otherwise.
    """
    try:
        return _in_measure(text, measure)
    except ArithmeticError:  # 1e999999亿元: past what a decimal can hold
        raise InputError(f"“{text}”不是有限的数字") from None


def _in_measure(text: str | float | int | None, measure: str) -> float | None:
    typed = read_number(text)
    if typed is None:
        return None
    written = typed.measure
    if not written:
        if typed.magnified and measure in AMOUNT_FACTORS:
            raise InputError(f"“{text}”没有写明计量单位，本项以{measure}计：请写明（如“{text}元”），"
                             f"或填写以{measure}计的数字")  # fmt: skip
        return _finite(typed.value, text)
    if not convertible(written, measure):
        if not measure:
            raise InputError(f"本项指标没有计量单位，请只填写数字（“{text}”带有计量单位“{written}”）")
        raise InputError(f"“{text}”的计量单位“{written}”与本项指标的计量单位“{measure}”不符，无法换算；"
                         f"请填写以{measure}计的数字")  # fmt: skip
    factors = AMOUNT_FACTORS if written in AMOUNT_FACTORS else RATIO_FACTORS
    value = typed.value
    if written != measure:
        value = value * Decimal(repr(factors[written])) / Decimal(repr(factors[measure]))
    return _finite(value, text)


def _finite(value: Decimal, text: object) -> float:
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise InputError(f"“{text}”不是有限的数字")
    return number + 0.0  # -0.0 reads as 0


def validate_actual(indicator: Indicator, text: str | float | int | None) -> float | None:
    """The accepted figure for an indicator's 完成值 in its measure, or InputError saying why not.

    A measure typed after the number converts (3.5亿元 → 35000 under 万元) or is refused (parse_number).
    """
    if not indicator.kind.is_numeric:
        raise InputError(QUALITATIVE_FIGURE)
    # A ratio's figure is a share, typed in the measure its target is shown in (% or ‰), whatever amount
    # the indicator is a share of; every other kind's figure is in the indicator's own measure.
    measure = indicator.target_measure if indicator.kind is IndicatorKind.RATIO else indicator.measure
    typed = read_number(text)
    if (
        indicator.kind is IndicatorKind.GROWTH
        and typed is not None
        and typed.measure in PERCENT_MEASURES
        and indicator.measure not in PERCENT_MEASURES
    ):
        raise InputError(f"增长率指标的完成值请填写{indicator.measure or '金额'}（如本期累计数），"
                         f"不填“{typed.measure}”：增长率由系统按基数算出")  # fmt: skip
    value = parse_number(text, measure)
    if value is None:
        return None
    if value < 0:
        raise InputError("完成值不能为负数")
    if indicator.kind is IndicatorKind.RATIO and value > MAX_PERCENT:
        raise InputError(f"占比应在 0–{MAX_PERCENT:g}% 之间，收到 {value:g}")
    if value > MAX_AMOUNT:
        raise InputError(f"数值 {value:g} 过大，请检查计量单位")
    if measure in ("家", "项", "个", "人次", "人", "件") and value != int(value):
        raise InputError(f"“{measure}”为单位的完成值应为整数，收到 {value:g}")
    return value


def _is_number(text: str) -> bool:
    """A figure, with or without a measure after it (5, 十二, 5家)."""
    try:
        return read_number(text) is not None
    except InputError:
        return False


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
    if _is_number(cleaned):  # a figure typed into a qualitative task's 完成值 cell
        raise InputError(QUALITATIVE_FIGURE)
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

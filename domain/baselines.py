"""Baselines (基础数 / 基数): the base-year figure a growth target is measured against."""

from __future__ import annotations

from domain.achievements import MAX_AMOUNT, InputError, parse_number
from domain.plans import Indicator, IndicatorKind


def validate_baseline(indicator: Indicator, text: str | float | None) -> float | None:
    """The accepted 基数 for an indicator (None clears it), or InputError saying why not.

    Only a growth target has a baseline; it must be a positive amount in the indicator's measure (an amount
    typed in 亿元 / 万元 / 元 converts to it; a measure that does not fit is refused: parse_number).
    """
    if indicator.kind is not IndicatorKind.GROWTH:
        raise InputError("只有增长率指标需要基数")
    value = parse_number(text, indicator.measure)
    if value is None:
        return None
    if value <= 0:
        raise InputError("基数应大于 0（为 0 时无法计算增长率）")
    if value > MAX_AMOUNT:
        raise InputError(f"数值 {value:g} 过大，请检查计量单位")
    return value


def baseline_text(value: float | None, measure: str = "") -> str:
    """What is recorded, in words: 基数 800万元, or 基数已清除 (for a stored value)."""
    return "基数已清除" if value is None else f"基数 {value:g}{measure}"

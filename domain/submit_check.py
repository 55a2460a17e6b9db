"""Before 报送: what is unfilled, and which figures look odd against the last period (pure rules).

Odd is: a stock (保有量) lower than last period, a figure more than 3 times last period's, a completion
rate over 300 %. Each odd figure needs a one-line explanation, which goes on the return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.achievements import InputError
from domain.plans import IndicatorKind, display_seq
from domain.progress import TOLERANCE, ProgressRow

JUMP_FACTOR = 3.0
RATE_LIMIT = 3.0  # 300 %
MAX_EXPLANATION = 200


class Finding(StrEnum):
    UNFILLED = "未填报"
    STOCK_DROP = "保有量低于上期"
    JUMP = "超过上期3倍"
    RATE_HIGH = "完成率超过300%"


@dataclass(frozen=True)
class RowCheck:
    """What the check found on one row: its findings in words, and whether it needs an explanation."""

    index: int
    seq: str
    indicator: str
    findings: tuple[Finding, ...]
    reasons: tuple[str, ...]
    explanation: str = ""

    @property
    def odd(self) -> bool:
        return any(f is not Finding.UNFILLED for f in self.findings)

    @property
    def label(self) -> str:
        return f"{display_seq(self.seq)} {self.indicator}"


def _number(value: float) -> str:
    return f"{value:g}"


def check_row(index: int, row: ProgressRow) -> RowCheck | None:
    """The findings on one row of a return, or None when nothing is unfilled or odd."""
    kind = row.indicator.kind
    measure = row.indicator.measure
    findings: list[Finding] = []
    reasons: list[str] = []
    if kind is IndicatorKind.QUALITATIVE:
        if row.achievement is None or row.achievement.status is None:
            findings.append(Finding.UNFILLED)
            reasons.append("未填写状态")
    elif row.actual is None:
        if row.target is None:
            return None  # 未分解: the unit has no quota here, nothing it must fill
        findings.append(Finding.UNFILLED)
        reasons.append("未填写完成值")
    else:
        actual, before = row.actual, row.previous_actual
        if kind is IndicatorKind.STOCK and before is not None and actual < before:
            findings.append(Finding.STOCK_DROP)
            reasons.append(f"保有量 {_number(actual)}{measure} 低于上期 {_number(before)}{measure}")
        if before is not None and before > 0 and actual > JUMP_FACTOR * before + TOLERANCE:
            findings.append(Finding.JUMP)
            reasons.append(f"{_number(actual)}{measure} 超过上期 {_number(before)}{measure} 的 3 倍")
        if row.rate is not None and row.rate > RATE_LIMIT + TOLERANCE:
            findings.append(Finding.RATE_HIGH)
            reasons.append(f"完成率 {row.rate * 100:.1f}% 超过 300%")
    if not findings:
        return None
    explanation = row.achievement.explanation if row.achievement else ""
    return RowCheck(index, row.task.seq, row.indicator.name, tuple(findings), tuple(reasons), explanation)


def check_return(rows: Sequence[ProgressRow]) -> list[RowCheck]:
    """Every row with something unfilled or odd, in the return's order."""
    return [found for i, row in enumerate(rows) if (found := check_row(i, row)) is not None]


def missing_explanations(checks: Sequence[RowCheck], explanations: dict[int, str]) -> list[RowCheck]:
    """The odd rows still without an explanation (`explanations` maps a row index to what was typed)."""
    return [c for c in checks if c.odd and not explanations.get(c.index, c.explanation).strip()]


class UnexplainedFigures(InputError):
    """报送 refused: odd figures without an explanation; `missing` lists them, the message names each."""

    def __init__(self, missing: Sequence[RowCheck]) -> None:
        self.missing = tuple(missing)
        lines = "；".join(f"{c.label}（{'；'.join(c.reasons)}）" for c in self.missing)
        super().__init__(f"报送前检查：{len(self.missing)} 项数字异常，须先写一句情况说明才能报送：{lines}")


def refuse_unexplained(checks: Sequence[RowCheck]) -> None:
    """Raise UnexplainedFigures while an odd figure has no stored explanation (what 报送 requires)."""
    if missing := missing_explanations(checks, {}):
        raise UnexplainedFigures(missing)


def unfilled(checks: Sequence[RowCheck]) -> list[RowCheck]:
    """The rows left empty: a note before 报送, never a refusal (the return shows them blank)."""
    return [c for c in checks if not c.odd]


def explanation_after_edit(figure_before: object, figure_after: object, explanation: str, typed: str | None) -> str:
    """The explanation an achievement holds after an edit: an explanation belongs to the figure it explains.

    `figure_*` is what the explanation is about (完成值 and 状态, e.g. as a tuple); `typed` is an explanation given
    with the edit (None when none was). One typed is kept; otherwise the old one stays only while its figure does.
    """
    if typed is not None:
        return typed
    return explanation if figure_before == figure_after else ""


def validate_explanation(text: str | None) -> str:
    """One line, trimmed, at most 200 characters; InputError otherwise."""
    value = " ".join(str(text or "").split())
    if len(value) > MAX_EXPLANATION:
        raise InputError(f"情况说明过长（{len(value)} 字），请写成一句话，最多 {MAX_EXPLANATION} 字")
    return value

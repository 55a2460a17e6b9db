"""Reporting periods (填报期): month, quarter, half-year and year.

A period is written `2022-10`, `2022Q3`, `2022H1` or `2022` in files and on the command line, and
`2022年10月`, `2022年第三季度`, `2022年上半年`, `2022年` to users.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property, lru_cache


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"

    @property
    def label(self) -> str:
        return {"month": "月", "quarter": "季度", "half": "半年", "year": "年度"}[self.value]


_QUARTER_NAMES = "一二三四"
# Staff type with a Chinese input method on: ２０２２Ｑ３ is 2022Q3.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－ＱＨｑｈ", "0123456789-QHqh")
_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})[Qq]([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})[Hh]([12])$"), PeriodKind.HALF),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})年第([1-4一二三四])季度$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})年([上下])半年$"), PeriodKind.HALF),
    (re.compile(r"^(\d{4})年(?:全年|度)?$"), PeriodKind.YEAR),
]


class PeriodError(ValueError):
    """A period text that is not one of the accepted forms."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period; `index` is the month (1–12), quarter (1–4) or half (1–2), 1 for a year."""

    year: int
    kind: PeriodKind
    index: int = 1

    def __post_init__(self) -> None:
        # Callers holding the plain string ("month") get the enum, so `kind is PeriodKind.X` holds.
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        limit = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}
        if not 1900 <= self.year <= 2999:
            raise PeriodError(f"年份 {self.year} 不在 1900–2999 之间")
        if not 1 <= self.index <= limit[self.kind]:
            raise PeriodError(f"{self.kind.label}序号 {self.index} 超出范围")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse `2022-10`, `2022Q3`, `2022H1`, `2022` or their Chinese labels; raise PeriodError."""
        return _parse(str(text))

    @classmethod
    def _parse_uncached(cls, text: str) -> Period:
        cleaned = str(text).strip().translate(_FULL_WIDTH)
        for pattern, kind in _PATTERNS:
            match = pattern.match(cleaned)
            if not match:
                continue
            year = int(match.group(1))
            if kind is PeriodKind.YEAR:
                return cls(year, kind, 1)
            raw = match.group(2)
            if raw in ("上", "下"):
                index = 1 if raw == "上" else 2
            elif raw in _QUARTER_NAMES:
                index = _QUARTER_NAMES.index(raw) + 1
            else:
                index = int(raw)
            try:
                return cls(year, kind, index)
            except PeriodError as exc:
                raise PeriodError(f"填报期“{text}”无效：{exc}") from None
        raise PeriodError(
            f"无法识别的填报期“{text}”：应写作 2022-10（月）、2022Q3（季度）、2022H1（半年）或 2022（全年）"
        )

    @property
    def code(self) -> str:
        """The machine form: `2022-10`, `2022Q3`, `2022H1`, `2022`."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}H{self.index}"
        return f"{self.year}"

    @property
    def label(self) -> str:
        """What users read: 2022年10月, 2022年第三季度, 2022年上半年, 2022年全年."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}年{self.index}月"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}年第{_QUARTER_NAMES[self.index - 1]}季度"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年全年"

    @property
    def first_month(self) -> int:
        size = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
        return (self.index - 1) * size[self.kind] + 1

    @property
    def last_month(self) -> int:
        size = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
        return self.index * size[self.kind]

    @cached_property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @cached_property
    def end(self) -> date:
        """The last day of the period: the 截至 date of a return for it."""
        month = self.last_month
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        return self.code


@lru_cache(maxsize=4096)
def _parse(text: str) -> Period:
    # Periods are immutable and stores repeat the same few dozen codes thousands of times.
    return Period._parse_uncached(text)


def periods_of_year(year: int, kind: PeriodKind) -> list[Period]:
    """All periods of one kind in a year, in order."""
    count = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}[kind]
    return [Period(year, kind, i) for i in range(1, count + 1)]


def period_containing(day: date, kind: PeriodKind) -> Period:
    """The period of the given kind that contains `day`."""
    size = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}[kind]
    return Period(day.year, kind, (day.month - 1) // size + 1)


def cn_date(day: date) -> str:
    """Dates as official documents write them: 2022年10月31日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(moment: datetime | None) -> str:
    """2022年11月3日 09:30, as returns and messages print a moment; empty for None."""
    if moment is None:
        return ""
    return f"{cn_date(moment)} {moment:%H:%M}"

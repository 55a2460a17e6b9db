"""Reporting rules (月报 / 季报 / 半年报 / 年报 and a due day): when a return is due, and what is due now.

A rule is read from a plan's own words when they state one ("每月5日前报送", "每季度结束后10日内报送",
"每季度结束后5个工作日内"), or chosen by the user; without either the plan is reported monthly by the
5th of the next month, and the rule says that it is only a default.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from domain.numerals import chinese_to_number
from domain.periods import Period, PeriodKind, periods_of_year


class Anchor(StrEnum):
    """Where the due day counts from."""

    NEXT_MONTH = "next"  # day N of the month after the period ends (每月5日前, 季度结束后10日内)
    SAME_MONTH = "same"  # day N of the period's last month (每月25日前报送当月)
    WORKDAYS = "workdays"  # N working days (Monday–Friday) after the period ends


KIND_NAMES = {PeriodKind.MONTH: "月报", PeriodKind.QUARTER: "季报", PeriodKind.HALF: "半年报",
              PeriodKind.YEAR: "年报"}  # fmt: skip
_PERIOD_WORD = {PeriodKind.MONTH: "月", PeriodKind.QUARTER: "季度", PeriodKind.HALF: "半年", PeriodKind.YEAR: "年度"}


@dataclass(frozen=True)
class ReportingRule:
    """How often a plan is reported and by which day; `source` is the plan's words it was read from."""

    kind: PeriodKind = PeriodKind.MONTH
    due_day: int = 5
    anchor: Anchor = Anchor.NEXT_MONTH
    source: str = ""
    stated_day: bool = True  # False when the plan names the frequency but not the day

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        object.__setattr__(self, "anchor", Anchor(self.anchor))
        limit = 30 if self.anchor is Anchor.WORKDAYS else 31
        if not 1 <= self.due_day <= limit:
            raise ValueError(f"报送日期应在 1–{limit} 之间，收到 {self.due_day}")

    @property
    def code(self) -> str:
        """The stored form: month/5/next, quarter/10/workdays."""
        return f"{self.kind.value}/{self.due_day}/{self.anchor.value}"

    @classmethod
    def from_code(cls, code: str) -> ReportingRule:
        """The rule a stored code names; ValueError when it is not one."""
        kind, day, anchor = code.split("/")
        return cls(PeriodKind(kind), int(day), Anchor(anchor))

    @property
    def label(self) -> str:
        """月报，每月5日前报送 / 季报，季度结束后5个工作日内报送 / 月报，每月25日前报送当月."""
        word = _PERIOD_WORD[self.kind]
        if self.anchor is Anchor.WORKDAYS:
            due = f"{word}结束后{self.due_day}个工作日内报送"
        elif self.anchor is Anchor.SAME_MONTH:
            due = f"每{word}最后一个月{self.due_day}日前报送" if self.kind is not PeriodKind.MONTH else (
                f"每月{self.due_day}日前报送当月")  # fmt: skip
        elif self.kind is PeriodKind.MONTH:
            due = f"每月{self.due_day}日前报送上月"
        else:
            due = f"{word}结束后次月{self.due_day}日前报送"
        return f"{KIND_NAMES[self.kind]}，{due}"

    def due_date(self, period: Period) -> date:
        """The last day on which the return for `period` is on time."""
        end = period.end
        if self.anchor is Anchor.WORKDAYS:
            day, left = end, self.due_day
            while left:
                day += timedelta(days=1)
                if day.weekday() < 5:
                    left -= 1
            return day
        if self.anchor is Anchor.SAME_MONTH:
            year, month = end.year, end.month
        else:
            year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
        return date(year, month, min(self.due_day, calendar.monthrange(year, month)[1]))


DEFAULT_RULE = ReportingRule(PeriodKind.MONTH, 5, Anchor.NEXT_MONTH, source="", stated_day=False)

# --- reading a rule from a plan's words ----------------------------------------------------------

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_KIND_WORDS = (
    (re.compile(r"每半年|半年报|每个半年"), PeriodKind.HALF),
    (re.compile(r"每个?季度?|季报|按季度?"), PeriodKind.QUARTER),
    (re.compile(r"每个?月|月报|按月"), PeriodKind.MONTH),
    (re.compile(r"每年|年报|每个年度"), PeriodKind.YEAR),
)
_SUBMIT = re.compile(r"报送|上报|报告|报|提交|送|反馈")
_WORKDAYS = re.compile(r"(\d{1,2})个?工作日(?:内|前|之内)")
_DAY = re.compile(r"(\d{1,2})[日号天](?:前|之前|以前|内|之内)")
_MONTH_DAY = re.compile(r"(\d{1,2})月(\d{1,2})[日号](?:前|之前|以前)")
_NUMERAL = re.compile(r"([一二三四五六七八九十两]{1,3})(?=个?工作日|[日号天月])")


def _arabic(text: str) -> str:
    text = re.sub(r"\s+", "", text.translate(_FULL_WIDTH))

    def digits(match: re.Match[str]) -> str:
        value = chinese_to_number(match.group(1))
        return match.group(1) if value is None else str(int(value))

    return _NUMERAL.sub(digits, text)


def rule_from_text(texts: Iterable[str]) -> ReportingRule | None:
    """The reporting rule the first sentence about reporting states, or None when no text states one.

    A sentence counts when it names a frequency (每月, 每季度, 半年, 每年 …) and a verb of sending (报送,
    上报 …). Its due day is read when given (5日前, 10日内, 5个工作日内, 12月20日前); otherwise the rule has
    the frequency with the default day and `stated_day` False, so the user is told the day was not stated.
    """
    for text in texts:
        for sentence in re.split(r"[。；;\n]", text or ""):
            rule = _rule_of_sentence(sentence)
            if rule is not None:
                return rule
    return None


def _rule_of_sentence(sentence: str) -> ReportingRule | None:
    plain = _arabic(sentence)
    if not _SUBMIT.search(plain):
        return None
    found = [(m.start(), kind) for pattern, kind in _KIND_WORDS for m in [pattern.search(plain)] if m]
    if not found:
        return None
    start, kind = min(found, key=lambda f: f[0])
    rest = plain[start:]
    source = sentence.strip()
    if match := _WORKDAYS.search(rest):
        return _rule(kind, int(match.group(1)), Anchor.WORKDAYS, source)
    if kind is PeriodKind.YEAR and (match := _MONTH_DAY.search(rest)):
        month, day = int(match.group(1)), int(match.group(2))
        if month == 12:
            return _rule(kind, day, Anchor.SAME_MONTH, source)
        if month == 1:
            return _rule(kind, day, Anchor.NEXT_MONTH, source)
        return None  # a yearly return due in some other month: not a shape this rule can hold
    if match := _DAY.search(rest):
        same = re.search(r"当月|本月", rest) and not re.search(r"上月|次月|下月|结束后|末后", rest)
        return _rule(kind, int(match.group(1)), Anchor.SAME_MONTH if same else Anchor.NEXT_MONTH, source)
    return replace(DEFAULT_RULE, kind=kind, source=source)


def _rule(kind: PeriodKind, day: int, anchor: Anchor, source: str) -> ReportingRule | None:
    try:
        return ReportingRule(kind, day, anchor, source)
    except ValueError:
        return None  # "每月35日前": not a day; the sentence states no usable rule


# --- what is due ---------------------------------------------------------------------------------


class ReturnState(StrEnum):
    NOT_STARTED = "未开始"
    DRAFT = "草稿"
    SUBMITTED = "已报送"
    OVERDUE = "逾期"

    @property
    def colour(self) -> str:
        return {"未开始": "#E7E6E6", "草稿": "#FFEB9C", "已报送": "#C6EFCE", "逾期": "#FFC7CE"}[self.value]


def return_state(due: date, today: date, submitted: bool, has_entries: bool) -> ReturnState:
    """已报送 once submitted; else 逾期 from the day after it was due; else 草稿 or 未开始 by what is filled."""
    if submitted:
        return ReturnState.SUBMITTED
    if today > due:
        return ReturnState.OVERDUE
    return ReturnState.DRAFT if has_entries else ReturnState.NOT_STARTED


def countdown(due: date, today: date) -> str:
    """还有 3 天 / 今天截止 / 已逾期 2 天."""
    days = (due - today).days
    if days > 0:
        return f"还有 {days} 天"
    if days == 0:
        return "今天截止"
    return f"已逾期 {-days} 天"


def period_due_now(rule: ReportingRule, year: int, today: date) -> Period:
    """The period of `year` whose return is due next on `today` (the first not yet past its due date).

    Before the year's first return is due, its first period; once the last one is past, the last period.
    """
    periods = periods_of_year(year, rule.kind)
    return next((p for p in periods if rule.due_date(p) >= today), periods[-1])


def periods_to_list(
    rule: ReportingRule, year: int, today: date, submitted: Iterable[Period], started: date | None = None
) -> list[Period]:
    """The returns a 待办 list shows for a plan: the earlier ones still not submitted, and the one due now.

    `started` is the first day of the first period the unit recorded or submitted anything for in this plan:
    periods ending before it were reported some other way before the ledger was used, so they are left out.
    A unit that has recorded nothing yet sees only the latest return it missed, not the whole year.
    """
    done = set(submitted)
    now = period_due_now(rule, year, today)
    overdue = [p for p in periods_of_year(year, rule.kind) if rule.due_date(p) < today and p not in done and p != now]
    if started is None:
        overdue = overdue[-1:]
    else:
        overdue = [p for p in overdue if p.end >= started]
    return [*overdue, now]


def plan_is_current(year: int, today: date) -> bool:
    """A plan is listed in 待办 during its year and the first quarter of the next (its last returns)."""
    return year == today.year or (year == today.year - 1 and today.month <= 3)


# --- which rule applies to a plan ----------------------------------------------------------------


@dataclass(frozen=True)
class RuleChoice:
    """The rule that applies to a plan and, in words, where it comes from."""

    rule: ReportingRule
    origin: str
    chosen: bool = False  # the user set it (as opposed to the plan's words or the default)


def rule_for_plan(texts: Iterable[str], chosen: ReportingRule | None) -> RuleChoice:
    """The user's rule when set; else the one the plan's words state; else the default, saying so."""
    if chosen is not None:
        return RuleChoice(chosen, "本机设置", chosen=True)
    read = rule_from_text(texts)
    if read is not None:
        origin = f"据方案原文“{read.source}”"
        if not read.stated_day:
            origin += f"（未注明日期，暂按次月{read.due_day}日前计）"
        return RuleChoice(read, origin)
    return RuleChoice(DEFAULT_RULE, "方案未规定报送时间，暂按月报、每月5日前报送计，可在“方案管理”中修改")

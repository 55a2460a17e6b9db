"""报送情况 at the city: whether a unit's return for a period has come, in what state, and whether it is late."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum


class ReportState(StrEnum):
    FINAL = "已报送"
    DRAFT = "草稿"
    SENT_BACK = "已退回"
    TYPED = "市级录入"
    NONE = "未报送"

    @property
    def explanation(self) -> str:
        return {
            "已报送": "已收到该单位正式报送的完成情况表",
            "草稿": "只收到草稿（未正式报送），数字已计入汇总",
            "已退回": "报表已退回该单位修改，等待重新报送",
            "市级录入": "未收到报表，表中数字为市级录入",
            "未报送": "尚未收到该单位的完成情况表",
        }[self.value]

    @property
    def colour(self) -> str:
        """Green for a final return, yellow while something is pending, grey for nothing at all."""
        return {
            "已报送": "#C6EFCE",
            "草稿": "#FFEB9C",
            "已退回": "#FFEB9C",
            "市级录入": "#F2F2F2",
            "未报送": "#E7E6E6",
        }[self.value]


def report_state(final: bool | None, has_figures: bool, open_send_back: bool) -> ReportState:
    """The state of a unit's return: `final` is None when no return was collected.

    A send-back not yet answered by a newer return outranks what was collected: the city asked for a new one.
    """
    if open_send_back:
        return ReportState.SENT_BACK
    if final is None:
        return ReportState.TYPED if has_figures else ReportState.NONE
    return ReportState.FINAL if final else ReportState.DRAFT


def days_late(state: ReportState, due: date | None, today: date, submitted: datetime | None) -> int:
    """How many days past the due date the return is (0 when on time or when no due date is known).

    A final return counts until its export time; anything else counts until today.
    """
    if due is None:
        return 0
    if state is ReportState.FINAL:
        if submitted is None:
            return 0
        return max(0, (submitted.date() - due).days)
    return max(0, (today - due).days)


def lateness_text(state: ReportState, late: int) -> str:
    """逾期 3 天 (still missing) or 逾期 2 天报送 (came late); empty when on time."""
    if late <= 0:
        return ""
    return f"逾期 {late} 天报送" if state is ReportState.FINAL else f"逾期 {late} 天"


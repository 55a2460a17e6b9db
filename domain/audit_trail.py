"""The audit trail as people read it: who changed what, when, from what to what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.periods import Period, PeriodError, cn_datetime

FIELD_LABELS = {
    "actual": "完成值", "status": "状态", "progress": "工作进展", "problems": "存在问题", "next_steps": "下一步计划",
    "evidence": "佐证材料", "explanation": "情况说明", "baseline": "基数", "target": "目标值", "locked": "锁定",
    "title": "名称", "archived": "归档", "report_rule": "报送规则", "file": "文件", "text": "任务内容",
    "deadline": "完成时限", "lead": "牵头单位", "partners": "配合单位", "responsible": "责任单位", "note": "备注",
}  # fmt: skip


@dataclass(frozen=True)
class AuditEntry:
    """One stored audit row: `subject` names plan, task, indicator, unit and period joined by /."""

    at: str
    who: str
    action: str
    subject: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AuditLine:
    """An audit row in words: what the 修改留痕 viewer and its Excel export show."""

    at: str
    who: str
    action: str
    item: str
    unit: str
    period: str
    field: str
    old: str
    new: str

    def cells(self) -> tuple[str, ...]:
        return (self.at, self.who, self.action, self.item, self.unit, self.period, self.field, self.old, self.new)


LINE_TITLES = ("时间", "操作人", "操作", "项目", "单位", "填报期", "栏目", "原值", "新值")


def describe(entry: AuditEntry) -> AuditLine:
    """An entry in words: 方案1/(237)/高企/北流市/2022-10 is item (237) 高企, unit 北流市, period 2022年10月.

    Times read 2022年11月3日 09:30; fields by their column titles (完成值, 基数 …).
    """
    parts = entry.subject.split("/")
    period = ""
    if len(parts) > 1:
        try:
            period = Period.parse(parts[-1]).label
            parts = parts[:-1]
        except PeriodError:
            pass
    item, unit = "方案", ""
    if len(parts) >= 2 and parts[1][:1] in "(（":
        rest = parts[2:]
        if len(rest) >= 2:
            unit = rest[-1]
            item = " ".join([parts[1], "/".join(rest[:-1])])
        else:
            item = " ".join([parts[1], *rest])
    elif len(parts) >= 2:
        unit, item = "/".join(parts[1:]), "本期报表" if period else "方案"
    try:
        when = cn_datetime(datetime.fromisoformat(entry.at))
    except ValueError:
        when = entry.at
    return AuditLine(
        at=when, who=entry.who, action=entry.action, item=item, unit=unit, period=period,
        field=FIELD_LABELS.get(entry.field, entry.field), old=entry.old or "", new=entry.new or "",
    )  # fmt: skip

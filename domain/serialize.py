"""Plans as plain dicts: the built-in resources, `dump` and the round-trip sheet use this shape."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.plans import Direction, Indicator, IndicatorKind, Plan, Quota, Task

TASK_TEXT_FIELDS = (
    "city_seq", "seq", "topic", "region_goal", "region_task", "city_goal", "text",
    "responsible", "lead", "partners", "note",
)  # fmt: skip


class PlanFormatError(ValueError):
    """A plan dict that is missing a field or has one of the wrong kind; the message is Chinese."""


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan with every task, indicator and quota, in table order."""
    return {
        "id": plan.id,
        "key": plan.key,
        "title": plan.title,
        "year": plan.year,
        "doc_number": plan.doc_number,
        "issuer": plan.issuer,
        "city": plan.city,
        "issued": plan.issued.isoformat() if plan.issued else None,
        "table_title": plan.table_title,
        "tasks": [task_to_dict(t) for t in plan.tasks],
    }


def task_to_dict(task: Task) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(task, name) for name in TASK_TEXT_FIELDS}
    data["deadline"] = task.deadline.isoformat() if task.deadline else None
    data["indicators"] = [
        {
            "name": i.name,
            "measure": i.measure,
            "kind": i.kind.value,
            "direction": i.direction.value,
            "target": i.target,
            "quotas": [
                {"unit": q.unit, "target": q.target, "baseline": q.baseline, "source": q.source} for q in i.quotas
            ],
        }
        for i in task.indicators
    ]
    return data


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """The inverse of plan_to_dict; PlanFormatError names the task and field that is wrong."""
    try:
        plan = Plan(
            title=str(data["title"]),
            year=int(data["year"]),
            key=str(data.get("key") or ""),
            doc_number=str(data.get("doc_number") or ""),
            issuer=str(data.get("issuer") or ""),
            city=str(data.get("city") or ""),
            issued=_date(data.get("issued")),
            table_title=str(data.get("table_title") or ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanFormatError(f"方案信息不完整或有误：{exc}") from None
    for number, raw in enumerate(data.get("tasks", []), start=1):
        try:
            plan.tasks.append(_task(raw))
        except (KeyError, TypeError, ValueError) as exc:
            raise PlanFormatError(f"第 {number} 个任务（序号 {raw.get('seq', '?')}）有误：{exc}") from None
    return plan


def _task(raw: dict[str, Any]) -> Task:
    task = Task(seq=str(raw["seq"]), text=str(raw.get("text") or ""))
    for name in TASK_TEXT_FIELDS:
        if name in raw and raw[name] is not None:
            setattr(task, name, str(raw[name]))
    task.deadline = _date(raw.get("deadline"))
    for item in raw.get("indicators", []):
        task.indicators.append(
            Indicator(
                name=str(item["name"]),
                measure=str(item.get("measure") or ""),
                kind=IndicatorKind(item.get("kind") or "qualitative"),
                direction=Direction(item.get("direction") or "at_least"),
                target=_number(item.get("target")),
                quotas=[
                    Quota(
                        str(q["unit"]), _number(q.get("target")), _number(q.get("baseline")), str(q.get("source") or "")
                    )
                    for q in item.get("quotas", [])
                ],
            )
        )
    return task


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)

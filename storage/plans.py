"""Plans with their tasks, indicators and quotas: saved whole, loaded whole."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

from domain.plans import (
    Direction,
    Indicator,
    IndicatorKind,
    Plan,
    Quota,
    Task,
    display_seq,
    normalize_seq,
)
from storage.audit import write_audit
from storage.db import Store, StoreError

_TASK_FIELDS = (
    "city_seq", "topic", "region_goal", "region_task", "city_goal", "text",
    "responsible", "deadline", "lead", "partners", "note",
)  # fmt: skip


@dataclass
class PlanChanges:
    """What saving a plan did, in words a user reads (新增 / 修改 / 删除 / 保留)."""

    plan_id: int = 0
    created: bool = False
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


@dataclass(frozen=True)
class PlanSummary:
    id: int
    key: str
    title: str
    year: int
    city: str
    task_count: int
    archived: bool = False
    report_rule: str | None = None  # the code of the rule the user chose; None: as the plan says


def plan_key(plan: Plan) -> str:
    return plan.key or f"{plan.year}-{plan.title}"


def save_plan(store: Store, plan: Plan, who: str = "") -> PlanChanges:
    """Insert a plan, or update the stored plan with the same key, in one transaction.

    Tasks are matched by serial, indicators by name, quotas by unit; achievements already
    recorded are never touched, and a task or indicator that has them is kept, not deleted.
    """
    changes = PlanChanges()
    key = plan_key(plan)
    with store.transaction() as conn:
        row = conn.execute("SELECT id FROM plans WHERE key = ?", (key,)).fetchone()
        values = (plan.title, plan.year, plan.doc_number, plan.issuer, plan.city,
                  _date(plan.issued), plan.table_title)  # fmt: skip
        if row is None:
            cur = conn.execute(
                "INSERT INTO plans (title, year, doc_number, issuer, city, issued, table_title, key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, key),
            )
            plan_id = cur.lastrowid
            changes.created = True
            changes.add(f"新增方案：{plan.title}")
            write_audit(conn, who, "导入方案", f"方案{plan_id}", "title", None, plan.title)
        else:
            plan_id = row["id"]
            conn.execute(
                "UPDATE plans SET title=?, year=?, doc_number=?, issuer=?, city=?, issued=?, table_title=? WHERE id=?",
                (*values, plan_id),
            )
        changes.plan_id = plan_id
        _save_tasks(conn, plan_id, plan, changes, who)
    plan.id = plan_id
    return changes


def _save_tasks(conn: sqlite3.Connection, plan_id: int, plan: Plan, changes: PlanChanges, who: str) -> None:
    existing = {
        normalize_seq(r["seq"]): r for r in conn.execute("SELECT * FROM tasks WHERE plan_id = ?", (plan_id,)).fetchall()
    }
    seen: set[str] = set()
    for position, task in enumerate(plan.tasks):
        seq = normalize_seq(task.seq)
        if seq in seen:
            raise StoreError(f"任务序号 {display_seq(seq)} 重复")
        seen.add(seq)
        values = {name: getattr(task, name) for name in _TASK_FIELDS}
        values["deadline"] = _date(task.deadline)
        old = existing.get(seq)
        if old is None:
            cur = conn.execute(
                f"INSERT INTO tasks (plan_id, position, seq, {', '.join(_TASK_FIELDS)}) "
                f"VALUES (?, ?, ?, {', '.join('?' * len(_TASK_FIELDS))})",
                (plan_id, position, seq, *values.values()),
            )
            task_id = cur.lastrowid
            if not changes.created:
                changes.add(f"新增任务 {display_seq(seq)}")
                write_audit(conn, who, "导入任务", _subject(plan_id, seq), "text", None, task.text)
        else:
            task_id = old["id"]
            for name, value in values.items():
                if (old[name] or "") != (value or ""):
                    changes.add(f"任务 {display_seq(seq)} 的{_TASK_LABELS[name]}已修改")
                    write_audit(conn, who, "修改任务", _subject(plan_id, seq), name, old[name], value)
            conn.execute(
                f"UPDATE tasks SET position = ?, {', '.join(f'{n} = ?' for n in _TASK_FIELDS)} WHERE id = ?",
                (position, *values.values(), task_id),
            )
        _save_indicators(conn, plan_id, task_id, seq, task, changes, who)
    for seq, old in existing.items():
        if seq in seen:
            continue
        if _has_achievements(conn, "i.task_id = ?", old["id"]):
            changes.add(f"任务 {display_seq(seq)} 不在新表中，但已有完成情况，予以保留")
        else:
            conn.execute("DELETE FROM tasks WHERE id = ?", (old["id"],))
            changes.add(f"删除任务 {display_seq(seq)}")
            write_audit(conn, who, "删除任务", _subject(plan_id, seq), "text", old["text"], None)


_TASK_LABELS = {
    "city_seq": "市任务序号", "topic": "指标名称", "region_goal": "自治区目标", "region_task": "自治区具体任务",
    "city_goal": "我市目标任务", "text": "任务内容", "responsible": "责任单位", "deadline": "完成时限",
    "lead": "牵头单位", "partners": "配合单位", "note": "备注",
}  # fmt: skip


def _save_indicators(
    conn: sqlite3.Connection, plan_id: int, task_id: int, seq: str, task: Task, changes: PlanChanges, who: str
) -> None:
    existing = {r["name"]: r for r in conn.execute("SELECT * FROM indicators WHERE task_id = ?", (task_id,))}
    seen = set()
    for position, ind in enumerate(task.indicators):
        if ind.name in seen:
            raise StoreError(f"任务 {display_seq(seq)} 的指标“{ind.name}”重复")
        seen.add(ind.name)
        values = (ind.measure, ind.kind.value, ind.direction.value, ind.target)
        old = existing.get(ind.name)
        if old is None:
            cur = conn.execute(
                "INSERT INTO indicators (task_id, position, name, measure, kind, direction, target) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (task_id, position, ind.name, *values),
            )
            indicator_id = cur.lastrowid
        else:
            indicator_id = old["id"]
            if (old["measure"], old["kind"], old["direction"], old["target"]) != values:
                changes.add(f"任务 {display_seq(seq)} 指标“{ind.name}”的目标或类型已修改")
                write_audit(conn, who, "修改指标", _subject(plan_id, seq, ind.name), "target",
                            old["target"], ind.target)  # fmt: skip
            conn.execute(
                "UPDATE indicators SET position=?, measure=?, kind=?, direction=?, target=? WHERE id=?",
                (position, *values, indicator_id),
            )
        _save_quotas(conn, plan_id, indicator_id, seq, ind, changes, who)
    for name, old in existing.items():
        if name in seen:
            continue
        if _has_achievements(conn, "i.id = ?", old["id"]):
            changes.add(f"任务 {display_seq(seq)} 指标“{name}”不在新表中，但已有完成情况，予以保留")
        else:
            conn.execute("DELETE FROM indicators WHERE id = ?", (old["id"],))
            changes.add(f"删除任务 {display_seq(seq)} 指标“{name}”")


def _save_quotas(
    conn: sqlite3.Connection, plan_id: int, indicator_id: int, seq: str, ind: Indicator,
    changes: PlanChanges, who: str,
) -> None:  # fmt: skip
    existing = {
        r["unit"]: r
        for r in conn.execute(
            "SELECT q.*, u.name AS unit FROM quotas q JOIN units u ON u.id = q.unit_id WHERE indicator_id = ?",
            (indicator_id,),
        )
    }
    seen = set()
    for quota in ind.quotas:
        unit_row = conn.execute("SELECT id FROM units WHERE name = ?", (quota.unit,)).fetchone()
        if unit_row is None:
            raise StoreError(f"任务 {display_seq(seq)} 的分解指标单位“{quota.unit}”不在单位登记表中")
        if quota.unit in seen:
            raise StoreError(f"任务 {display_seq(seq)} 指标“{ind.name}”对“{quota.unit}”分解了两次")
        seen.add(quota.unit)
        old = existing.get(quota.unit)
        subject = _subject(plan_id, seq, ind.name, quota.unit)
        if old is None:
            conn.execute(
                "INSERT INTO quotas (indicator_id, unit_id, target, baseline, source) VALUES (?, ?, ?, ?, ?)",
                (indicator_id, unit_row["id"], quota.target, quota.baseline, quota.source),
            )
            if not changes.created:
                changes.add(f"任务 {display_seq(seq)} 新增 {quota.unit} 的分解指标 {_num(quota.target)}")
                write_audit(conn, who, "修改分解指标", subject, "target", None, quota.target)
            continue
        for name in ("target", "baseline"):
            if old[name] != getattr(quota, name):
                label = "目标值" if name == "target" else "基础数"
                changes.add(
                    f"任务 {display_seq(seq)} {quota.unit} 的{label}：{_num(old[name])} → {_num(getattr(quota, name))}"
                )
                write_audit(conn, who, "修改分解指标", subject, name, old[name], getattr(quota, name))
        conn.execute(
            "UPDATE quotas SET target = ?, baseline = ?, source = ? WHERE id = ?",
            (quota.target, quota.baseline, quota.source, old["id"]),
        )
    for unit, old in existing.items():
        if unit not in seen:
            conn.execute("DELETE FROM quotas WHERE id = ?", (old["id"],))
            changes.add(f"任务 {display_seq(seq)} 删除 {unit} 的分解指标")
            write_audit(conn, who, "删除分解指标", _subject(plan_id, seq, ind.name, unit), "target",
                        old["target"], None)  # fmt: skip


def _has_achievements(conn: sqlite3.Connection, where: str, value: int) -> bool:
    row = conn.execute(
        f"SELECT 1 FROM achievements a JOIN indicators i ON i.id = a.indicator_id WHERE {where} LIMIT 1",
        (value,),
    ).fetchone()
    return row is not None


def _subject(plan_id: int, seq: str, indicator: str = "", unit: str = "") -> str:
    return "/".join(p for p in (f"方案{plan_id}", display_seq(seq), indicator, unit) if p)


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def list_plans(store: Store, *, archived: bool = True) -> list[PlanSummary]:
    """Every plan, newest year first; `archived=False` leaves out the archived ones (as the window does)."""
    rows = store.query(
        "SELECT p.id, p.key, p.title, p.year, p.city, p.archived, p.report_rule, count(t.id) AS n FROM plans p "
        "LEFT JOIN tasks t ON t.plan_id = p.id WHERE (? OR p.archived = 0) GROUP BY p.id ORDER BY p.year DESC, p.id",
        (int(archived),),
    )
    return [
        PlanSummary(r["id"], r["key"], r["title"], r["year"], r["city"], r["n"], bool(r["archived"]), r["report_rule"])
        for r in rows
    ]


def load_plan(store: Store, plan_id: int) -> Plan:
    """The whole plan: tasks in table order, each with its indicators and quotas."""
    row = store.one("SELECT * FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise StoreError(f"方案 {plan_id} 不存在")
    plan = Plan(
        title=row["title"], year=row["year"], key=row["key"], doc_number=row["doc_number"],
        issuer=row["issuer"], city=row["city"], issued=_parse_date(row["issued"]),
        table_title=row["table_title"], id=row["id"],
    )  # fmt: skip
    indicators: dict[int, list[Indicator]] = {}
    by_id: dict[int, Indicator] = {}
    for r in store.query(
        "SELECT i.* FROM indicators i JOIN tasks t ON t.id = i.task_id WHERE t.plan_id = ? ORDER BY i.position, i.id",
        (plan_id,),
    ):
        ind = Indicator(r["name"], r["measure"], IndicatorKind(r["kind"]), Direction(r["direction"]), r["target"])
        indicators.setdefault(r["task_id"], []).append(ind)
        by_id[r["id"]] = ind
    for r in store.query(
        "SELECT q.*, u.name AS unit FROM quotas q JOIN units u ON u.id = q.unit_id "
        "JOIN indicators i ON i.id = q.indicator_id JOIN tasks t ON t.id = i.task_id "
        "WHERE t.plan_id = ? ORDER BY u.position, u.id",
        (plan_id,),
    ):
        by_id[r["indicator_id"]].quotas.append(Quota(r["unit"], r["target"], r["baseline"], r["source"]))
    for r in store.query("SELECT * FROM tasks WHERE plan_id = ? ORDER BY position, id", (plan_id,)):
        task = Task(seq=r["seq"], text=r["text"], indicators=indicators.get(r["id"], []))
        for name in _TASK_FIELDS:
            setattr(task, name, r[name])
        task.deadline = _parse_date(r["deadline"])
        plan.tasks.append(task)
    return plan


def unit_quota(store: Store, plan_id: int, seq: str, indicator: str, unit: str) -> Quota | None:
    """One unit's quota for one indicator as stored now (after an edit of its 基数), or None."""
    row = store.one(
        "SELECT q.target, q.baseline, q.source FROM quotas q JOIN indicators i ON i.id = q.indicator_id "
        "JOIN tasks t ON t.id = i.task_id JOIN units u ON u.id = q.unit_id "
        "WHERE t.plan_id = ? AND t.seq = ? AND i.name = ? AND u.name = ?",
        (plan_id, normalize_seq(seq), indicator, unit),
    )
    return Quota(unit, row["target"], row["baseline"], row["source"]) if row else None


def _parse_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def find_plan(store: Store, ref: str | int) -> Plan:
    """The plan an id, key or unique part of a title names; StoreError in Chinese otherwise."""
    text = str(ref).strip()
    plans = list_plans(store)
    if text.isdigit():
        match = [p for p in plans if p.id == int(text)]
        if match:
            return load_plan(store, match[0].id)
    match = [p for p in plans if p.key == text] or [p for p in plans if text and text in p.title]
    if not match:
        known = "；".join(f"{p.id}：{p.title}" for p in plans) or "（库中没有方案）"
        raise StoreError(f"找不到方案“{text}”。已有方案：{known}")
    if len(match) > 1:
        names = "；".join(f"{p.id}：{p.title}" for p in match)
        raise StoreError(f"“{text}”对应多个方案，请写得更具体或使用编号：{names}")
    return load_plan(store, match[0].id)


def plan_id_of(store: Store, key: str) -> int | None:
    row = store.one("SELECT id FROM plans WHERE key = ?", (key,))
    return row["id"] if row else None

"""Looking after the plans in a store: rename, archive, delete (with its figures), and the reporting rule.

Every change is one transaction and audited. Deleting takes a backup copy first (the caller's choice of
folder), since it removes the plan's figures with it.
"""

from __future__ import annotations

from pathlib import Path

from domain.backup_rules import BackupReason
from domain.reporting import ReportingRule
from storage.audit import write_audit
from storage.backups import backup_before
from storage.db import Store, StoreError

BACKUP_FOLDER = "备份"


def _title_of(store: Store, plan_id: int) -> str:
    row = store.one("SELECT title FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise StoreError(f"方案 {plan_id} 不存在")
    return row["title"]


def rename_plan(store: Store, plan_id: int, title: str, who: str) -> None:
    """Give a plan another title (the one its returns carry); StoreError for an empty title."""
    new = " ".join(str(title or "").split())
    if not new:
        raise StoreError("方案名称不能为空")
    with store.transaction() as conn:
        old = _title_of(store, plan_id)
        if old == new:
            return
        conn.execute("UPDATE plans SET title = ? WHERE id = ?", (new, plan_id))
        write_audit(conn, who, "重命名方案", f"方案{plan_id}", "title", old, new)


def set_archived(store: Store, plan_id: int, archived: bool, who: str) -> None:
    """Archive a plan (hidden from the window, every figure kept) or bring it back."""
    with store.transaction() as conn:
        _title_of(store, plan_id)
        row = conn.execute("SELECT archived FROM plans WHERE id = ?", (plan_id,)).fetchone()
        if bool(row["archived"]) == archived:
            return
        conn.execute("UPDATE plans SET archived = ? WHERE id = ?", (int(archived), plan_id))
        write_audit(conn, who, "归档方案" if archived else "取消归档", f"方案{plan_id}", "archived",
                    "否" if archived else "是", "是" if archived else "否")  # fmt: skip


def set_reporting_rule(store: Store, plan_id: int, rule: ReportingRule | None, who: str) -> None:
    """Store the reporting rule the user chose for a plan; None goes back to what the plan's words say."""
    code = rule.code if rule else None
    with store.transaction() as conn:
        _title_of(store, plan_id)
        old = conn.execute("SELECT report_rule FROM plans WHERE id = ?", (plan_id,)).fetchone()["report_rule"]
        if old == code:
            return
        conn.execute("UPDATE plans SET report_rule = ? WHERE id = ?", (code, plan_id))
        write_audit(conn, who, "修改报送规则", f"方案{plan_id}", "report_rule",
                    ReportingRule.from_code(old).label if old else None, rule.label if rule else None)  # fmt: skip


def stored_rule(store: Store, plan_id: int) -> ReportingRule | None:
    """The rule the user chose for a plan, or None when none was chosen (or the stored code is unreadable)."""
    row = store.one("SELECT report_rule FROM plans WHERE id = ?", (plan_id,))
    try:
        return ReportingRule.from_code(row["report_rule"]) if row and row["report_rule"] else None
    except ValueError:
        return None


def backup_before_delete(store: Store) -> Path:
    """A backup in `备份` beside the store, kept by the rotation for good; StoreError saying why when it fails."""
    return backup_before(store, BackupReason.DELETE_PLAN)


def delete_plan(store: Store, plan_id: int, who: str) -> dict[str, int]:
    """Delete a plan with its tasks, quotas, figures and submissions, in one transaction; returns the counts.

    Take a backup first (backup_before_delete): this is the one change that removes what users typed.
    """
    with store.transaction() as conn:
        title = _title_of(store, plan_id)
        in_plan = "SELECT i.id FROM indicators i JOIN tasks t ON t.id = i.task_id WHERE t.plan_id = ?"
        counts = {
            "tasks": conn.execute("SELECT count(*) FROM tasks WHERE plan_id = ?", (plan_id,)).fetchone()[0],
            "achievements": conn.execute(
                f"SELECT count(*) FROM achievements WHERE indicator_id IN ({in_plan})", (plan_id,)
            ).fetchone()[0],
        }
        # Achievements refuse to lose their indicator (ON DELETE RESTRICT): they go first, on purpose.
        conn.execute(f"DELETE FROM achievements WHERE indicator_id IN ({in_plan})", (plan_id,))
        conn.execute("DELETE FROM plans WHERE id = ?", (plan_id,))
        write_audit(conn, who, "删除方案", f"方案{plan_id}", "title", title,
                    f"已删除（任务 {counts['tasks']} 项，完成情况 {counts['achievements']} 条）")  # fmt: skip
    return counts


def plan_words(store: Store, plan_id: int) -> list[str]:
    """The texts of a plan that may state its reporting rule: titles first, then each task's note and text."""
    row = store.one("SELECT title, table_title FROM plans WHERE id = ?", (plan_id,))
    if row is None:
        raise StoreError(f"方案 {plan_id} 不存在")
    texts = [row["table_title"], row["title"]]
    tasks = store.query("SELECT note, text, city_goal FROM tasks WHERE plan_id = ? ORDER BY position", (plan_id,))
    texts += [t["note"] for t in tasks] + [t["text"] for t in tasks] + [t["city_goal"] for t in tasks]
    return [t for t in texts if t]

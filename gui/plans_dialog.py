"""方案管理: rename, archive (hidden, kept), delete (backup first, typed confirmation), and the reporting rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from domain.periods import PeriodKind
from domain.reporting import KIND_NAMES, Anchor, ReportingRule, RuleChoice
from gui.file_actions import tell_where
from operations.todo import reporting_rule
from storage.db import StoreError
from storage.plan_admin import backup_before_delete, delete_plan, rename_plan, set_archived, set_reporting_rule
from storage.plans import PlanSummary, list_plans

if TYPE_CHECKING:
    from gui.main_window import MainWindow

CONFIRM_WORD = "删除"
ANCHORS = [(Anchor.NEXT_MONTH, "次月 N 日前（如每月5日前报上月）"), (Anchor.SAME_MONTH, "当月 N 日前（期末月内报送）"),
           (Anchor.WORKDAYS, "期末后 N 个工作日内")]  # fmt: skip


class RuleDialog(QDialog):
    """The reporting rule of one plan: 月报 / 季报 / 半年报 / 年报, and by when."""

    def __init__(self, title: str, choice: RuleChoice, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("报送规则")
        self.reset = False
        self.kind_combo = QComboBox()
        for kind, name in KIND_NAMES.items():
            self.kind_combo.addItem(name, kind.value)
        self.anchor_combo = QComboBox()
        for anchor, text in ANCHORS:
            self.anchor_combo.addItem(text, anchor.value)
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        rule = choice.rule
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(rule.kind.value))
        self.anchor_combo.setCurrentIndex(self.anchor_combo.findData(rule.anchor.value))
        self.day.setValue(rule.due_day)
        self.preview = QLabel()
        origin = QLabel(f"现行：{rule.label}（{choice.origin}）")
        origin.setWordWrap(True)
        form = QFormLayout()
        form.addRow("方案", QLabel(title))
        form.addRow("报送周期", self.kind_combo)
        form.addRow("报送期限", self.anchor_combo)
        form.addRow("N =", self.day)
        form.addRow("", self.preview)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = buttons.addButton("按方案原文", QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.setToolTip("不用本机设置，按方案文字中的报送要求（没有时按月报、每月5日前）")
        self.reset_button.clicked.connect(self._reset)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(origin)
        layout.addLayout(form)
        layout.addWidget(buttons)
        for signal in (self.kind_combo.currentIndexChanged, self.anchor_combo.currentIndexChanged,
                       self.day.valueChanged):  # fmt: skip
            signal.connect(self._show)
        self._show()

    def rule(self) -> ReportingRule:
        anchor = Anchor(self.anchor_combo.currentData())
        day = min(self.day.value(), 30) if anchor is Anchor.WORKDAYS else self.day.value()
        return ReportingRule(PeriodKind(self.kind_combo.currentData()), day, anchor)

    def _show(self) -> None:
        self.preview.setText(self.rule().label)

    def _reset(self) -> None:
        self.reset = True
        self.accept()


class DeleteDialog(QDialog):
    """Deleting a plan: what goes with it, where the backup will be, and the word to type."""

    def __init__(self, title: str, backup_folder: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("删除方案")
        text = QLabel(
            f"将删除方案《{title}》及其全部任务、分解指标、完成情况和报送记录，无法撤销。\n"
            f"删除前会先把整个台账备份到：{backup_folder}\n如只是不想再看到它，请改用“归档”。\n\n"
            f"确定删除请输入“{CONFIRM_WORD}”："
        )
        text.setWordWrap(True)
        self.typed = QLineEdit()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = buttons.addButton("备份并删除", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.typed.textChanged.connect(lambda t: self.delete_button.setEnabled(t.strip() == CONFIRM_WORD))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.typed)
        layout.addWidget(buttons)
        self.resize(520, 220)


class PlansDialog(QDialog):
    """The list of plans (archived ones on request) with what can be done to each."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.setWindowTitle("方案管理")
        self.plans = QListWidget()
        self.show_archived = QCheckBox("显示已归档的方案")
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, slot in (("重命名…", self.rename), ("归档", self.toggle_archive), ("报送规则…", self.edit_rule),
                           ("删除…", self.delete)):  # fmt: skip
            button = QPushButton(name)
            button.clicked.connect(lambda _=False, s=slot: s())
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.show_archived)
        layout.addWidget(self.plans, 1)
        layout.addWidget(self.rule_label)
        layout.addLayout(row)
        self.show_archived.toggled.connect(lambda _: self.fill())
        self.plans.currentRowChanged.connect(lambda _: self._selected())
        self.resize(720, 420)
        self.fill()

    def fill(self, select: int | None = None) -> None:
        current = select if select is not None else self.current_id()
        self.plans.clear()
        for plan in list_plans(self.win.store, archived=self.show_archived.isChecked()):
            item = QListWidgetItem(
                f"{plan.title}（{plan.year}年，{plan.task_count} 项任务{'，已归档' if plan.archived else ''}）"
            )
            item.setData(Qt.ItemDataRole.UserRole, plan)
            self.plans.addItem(item)
            if plan.id == current:
                self.plans.setCurrentItem(item)
        if self.plans.currentRow() < 0 and self.plans.count():
            self.plans.setCurrentRow(0)
        self._selected()

    def current(self) -> PlanSummary | None:
        item = self.plans.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def current_id(self) -> int | None:
        plan = self.current()
        return plan.id if plan else None

    def _selected(self) -> None:
        plan = self.current()
        for button in self.buttons.values():
            button.setEnabled(plan is not None)
        if plan is None:
            self.rule_label.setText("")
            return
        self.buttons["归档"].setText("取消归档" if plan.archived else "归档")
        choice = reporting_rule(self.win.store, plan.id)
        self.rule_label.setText(f"报送规则：{choice.rule.label}（{choice.origin}）")

    def _changed(self, plan_id: int | None, message: str) -> None:
        self.fill(plan_id)
        self.win.refresh_plans()
        self.win.refresh_todo()
        self.win.show_message(message)

    def _try(self, title: str, action) -> bool:
        try:
            action()
        except StoreError as exc:
            QMessageBox.warning(self, title, str(exc))
            return False
        return True

    def rename(self, title: str | None = None) -> None:
        plan = self.current()
        if plan is None:
            return
        if title is None:
            title, ok = QInputDialog.getText(self, "重命名方案", "新的方案名称：", text=plan.title)
            if not ok:
                return
        if self._try("重命名方案", lambda: rename_plan(self.win.store, plan.id, title, self.win.profile.operator)):
            self._changed(plan.id, f"方案已重命名为：{' '.join(title.split())}")

    def toggle_archive(self) -> None:
        plan = self.current()
        if plan is None:
            return
        on = not plan.archived
        if self._try("归档", lambda: set_archived(self.win.store, plan.id, on, self.win.profile.operator)):
            if on and not self.show_archived.isChecked():
                plan_id = None
            else:
                plan_id = plan.id
            self._changed(
                plan_id, f"方案《{plan.title}》{'已归档（数据保留，勾选“显示已归档”可找回）' if on else '已取消归档'}"
            )

    def edit_rule(self) -> RuleDialog | None:
        plan = self.current()
        if plan is None:
            return None
        dialog = RuleDialog(plan.title, reporting_rule(self.win.store, plan.id), self)

        def chosen() -> None:
            rule = None if dialog.reset else dialog.rule()
            who = self.win.profile.operator
            if self._try("报送规则", lambda: set_reporting_rule(self.win.store, plan.id, rule, who)):
                self._changed(plan.id, f"报送规则：{reporting_rule(self.win.store, plan.id).rule.label}")

        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog

    def delete(self) -> DeleteDialog | None:
        plan = self.current()
        if plan is None:
            return None
        folder = self.win.store.path.parent / "备份"
        dialog = DeleteDialog(plan.title, str(folder), self)
        dialog.accepted.connect(lambda: self._delete_confirmed(plan))
        dialog.open()
        return dialog

    def _delete_confirmed(self, plan: PlanSummary) -> None:
        store, who = self.win.store, self.win.profile.operator
        try:
            backup = backup_before_delete(store)
            counts = delete_plan(store, plan.id, who)
        except StoreError as exc:
            QMessageBox.warning(self, "删除方案", str(exc))
            return
        message = f"已删除方案《{plan.title}》（完成情况 {counts['achievements']} 条）。\n删除前的台账备份在：{backup}"
        self._changed(None, message.replace("\n", ""))
        tell_where(self, "删除方案", message, backup)


def manage_plans(win: MainWindow) -> PlansDialog:
    """文件 → 方案管理…: shown without blocking the window."""
    dialog = PlansDialog(win)
    dialog.open()
    return dialog

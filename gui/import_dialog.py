"""The preview of a city's breakdown table before it is stored: what was found, and every warning.

The dialog is given a preview that a worker has already read (operations.import_table.preview_import);
it reads no file and stores nothing. 导入 accepts the dialog, and the caller then imports the preview.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.plans import display_seq
from importers.breakdown import ImportPreview

QUOTA_COLUMNS = ("序号", "指标", "单位", "目标值", "基础数", "计量单位", "来源文字")
TASK_COLUMNS = ("序号", "细化任务", "指标", "类型", "总目标", "责任单位", "完成时限")
ERROR_COLOUR = "#C00000"
WARNING_COLOUR = "#9C5700"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


class ImportDialog(QDialog):
    """Plan, tasks, indicators, each unit's quota with the words it came from, and all warnings.

    导入 is disabled while the preview has errors. `exec()` returns Accepted when the user chose 导入.
    """

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"导入任务分工表 — {preview.file}")
        self.resize(1100, 640)
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quota_table = self._quota_table()
        self.task_table = self._task_table()
        self.problem_list = self._problem_list()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.quota_table, f"分解指标（{len(preview.quotas)}）")
        self.tabs.addTab(self.task_table, f"任务与指标（{len(preview.plan.tasks)}）")
        problems = len(preview.errors) + len(preview.warnings) + len(preview.notes)
        self.tabs.addTab(self.problem_list, f"错误、警告和说明（{problems}）")
        self.verdict = QLabel(self._verdict_text())
        self.verdict.setWordWrap(True)
        colour = ERROR_COLOUR if preview.errors else (WARNING_COLOUR if preview.warnings else "")
        if colour:
            self.verdict.setStyleSheet(f"color: {colour};")
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(preview.ok)
        self.import_button.setDefault(preview.ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        if preview.errors or not preview.quotas and problems:
            self.tabs.setCurrentWidget(self.problem_list)

    def _summary_text(self) -> str:
        preview, plan = self.preview, self.preview.plan
        city = f"，{plan.city}" if plan.city else ""
        lines = [
            f"文件：{preview.file}（工作表“{preview.sheet}”，{preview.shape}）",
            f"方案：{plan.title}（{plan.year} 年{city}）",
            f"将更新库中已有方案“{preview.replaces}”：按序号更新任务和分解指标，已填报的完成情况全部保留"
            if preview.replaces
            else "将作为新方案导入",
            f"任务 {len(plan.tasks)} 项，指标 {len(preview.indicators)} 个，分解到单位的指标 {len(preview.quotas)} 条",
        ]
        return "\n".join(lines)

    def _verdict_text(self) -> str:
        preview = self.preview
        if preview.errors:
            return f"表中有 {len(preview.errors)} 处错误（见“错误、警告和说明”），请修改原表后重新导入；现在不能导入。"
        if preview.warnings:
            return f"有 {len(preview.warnings)} 条警告，请核对后再导入；导入后仍可按新表重新导入。"
        return "没有发现问题。点“导入”保存到台账。"

    def _quota_table(self) -> QTableWidget:
        quotas = self.preview.quotas
        table = _table(QUOTA_COLUMNS, len(quotas))
        for row, quota in enumerate(quotas):
            values = (display_seq(quota.seq), quota.indicator, quota.unit, _number(quota.target),
                      _number(quota.baseline), quota.measure, quota.source)  # fmt: skip
            for column, text in enumerate(values):
                _put(table, row, column, text, numeric=column in (3, 4))
        table.horizontalHeader().setSectionResizeMode(len(QUOTA_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        return table

    def _task_table(self) -> QTableWidget:
        rows = [(t, i) for t in self.preview.plan.tasks for i in t.indicators] or [
            (t, None) for t in self.preview.plan.tasks
        ]
        table = _table(TASK_COLUMNS, len(rows))
        for row, (task, indicator) in enumerate(rows):
            target = ""
            if indicator is not None and indicator.target is not None:
                target = f"{indicator.direction.label}{_number(indicator.target)}{indicator.target_measure}"
            values = (
                display_seq(task.seq),
                task.text,
                indicator.name if indicator else "",
                indicator.kind.label if indicator else "",
                target,
                task.responsible,
                f"{task.deadline.year}年{task.deadline.month}月{task.deadline.day}日" if task.deadline else "",
            )
            for column, text in enumerate(values):
                _put(table, row, column, text)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        return table

    def _problem_list(self) -> QListWidget:
        widget = QListWidget()
        widget.setWordWrap(True)
        preview = self.preview
        for label, lines, colour in (
            ("错误", preview.errors, ERROR_COLOUR),
            ("警告", preview.warnings, WARNING_COLOUR),
            ("说明", preview.notes, ""),
        ):
            for line in lines:
                item = QListWidgetItem(f"{label}：{line}")
                if colour:
                    item.setForeground(QBrush(QColor(colour)))
                widget.addItem(item)
        if widget.count() == 0:
            widget.addItem("没有错误或警告。")
        return widget

    def problem_lines(self) -> list[str]:
        """The problem list's texts, in order (what the user reads)."""
        return [self.problem_list.item(i).text() for i in range(self.problem_list.count())]


def _table(columns: tuple[str, ...], rows: int) -> QTableWidget:
    table = QTableWidget(rows, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _put(table: QTableWidget, row: int, column: int, text: str, *, numeric: bool = False) -> None:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    table.setItem(row, column, item)

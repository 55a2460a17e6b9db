"""报送 with eyes open: the completeness check shown before the period is exported and locked.

Unfilled rows are listed; each odd figure asks for a one-line explanation, stored (audited) with the figure
and printed on the return. 报送 stays disabled until every odd figure has one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from domain.achievements import InputError
from domain.progress import ProgressRow
from domain.submit_check import MAX_EXPLANATION, RowCheck, check_return, missing_explanations
from storage.achievements import record_achievements
from storage.db import StoreError

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class SubmitCheckDialog(QDialog):
    """What the check found, with a line to fill for each odd figure; accepted means 报送."""

    def __init__(self, unit: str, period_label: str, rows: list[ProgressRow], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("报送前检查")
        self.checks = check_return(rows)
        self.edits: dict[int, QLineEdit] = {}
        layout = QVBoxLayout(self)
        unfilled = [c for c in self.checks if not c.odd]
        odd = [c for c in self.checks if c.odd]
        summary = f"{unit}{period_label}共 {len(rows)} 项"
        if not self.checks:
            summary += "，已全部填写，没有需要说明的数字。"
        else:
            summary += f"：未填 {len(unfilled)} 项，需说明的数字 {len(odd)} 项。"
        self.summary = QLabel(summary)
        layout.addWidget(self.summary)
        body = QWidget()
        form = QVBoxLayout(body)
        if odd:
            form.addWidget(QLabel("<b>以下数字与上期相比异常或完成率过高，请逐项用一句话说明（说明将写入报表）：</b>"))
            fields = QFormLayout()
            for check in odd:
                edit = QLineEdit(check.explanation)
                edit.setMaxLength(MAX_EXPLANATION)
                edit.setPlaceholderText("如：两家企业资格到期未续认定")
                edit.textChanged.connect(self._update)
                self.edits[check.index] = edit
                label = QLabel(f"{check.label}：{'；'.join(check.reasons)}")
                label.setWordWrap(True)
                fields.addRow(label, edit)
            form.addLayout(fields)
        if unfilled:
            form.addWidget(QLabel(f"<b>以下 {len(unfilled)} 项本期未填（仍可报送，报表中为空）：</b>"))
            lines = QLabel("\n".join(f"{c.label}：{'；'.join(c.reasons)}" for c in unfilled))
            lines.setWordWrap(True)
            form.addWidget(lines)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        if self.checks:
            layout.addWidget(scroll, 1)
        warning = QLabel(f"报送后，{unit}{period_label}的数据将锁定，只能查看；如需修改须解锁并说明原因。")
        warning.setStyleSheet("background:#FFF2CC; padding:6px;")
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.buttons = QDialogButtonBox()
        self.submit_button = self.buttons.addButton("报送", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("返回修改", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(760, 520 if self.checks else 180)
        self._update()

    def explanations(self) -> dict[int, str]:
        """Row index → the explanation typed for each odd figure."""
        return {index: edit.text().strip() for index, edit in self.edits.items()}

    def missing(self) -> list[RowCheck]:
        return missing_explanations(self.checks, self.explanations())

    def _update(self) -> None:
        missing = self.missing()
        self.submit_button.setEnabled(not missing)
        self.submit_button.setToolTip(f"还有 {len(missing)} 项数字未说明" if missing else "")


def submit_with_check(win: MainWindow, path: Path | None = None) -> SubmitCheckDialog | None:
    """报送: check the return, ask for explanations, store them, then export and lock (gui.file_actions).

    Returns the dialog (shown without blocking), or None when there is nothing to submit.
    """
    from gui import file_actions

    view = win.model.view
    if view is None:
        return None
    if view.locked:
        QMessageBox.information(win, "报送", f"{view.unit.name}{view.period.label}已报送。如需重新报送，请先解锁。")
        return None
    dialog = SubmitCheckDialog(view.unit.name, view.period.label, view.rows, win)

    def accepted() -> None:
        if store_explanations(win, dialog):
            file_actions.export_progress_return(win, True, path=path, confirm=False)

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def store_explanations(win: MainWindow, dialog: SubmitCheckDialog) -> bool:
    """Store the explanations that changed, in one audited transaction; False (and a message) on refusal."""
    rows = win.model.rows
    edits = [
        (win.model.key_of(rows[index]), {"explanation": text})
        for index, text in dialog.explanations().items()
        if text != (rows[index].achievement.explanation if rows[index].achievement else "")
    ]
    if not edits:
        return True
    try:
        record_achievements(win.store, edits, win.profile.operator)
    except (StoreError, InputError) as exc:
        QMessageBox.warning(win, "报送", f"情况说明未能保存，未报送：{exc}")
        return False
    win.model.refresh_keys([key for key, _ in edits])
    return True

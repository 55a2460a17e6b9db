"""The 填报 page: the lock banner, the grid and the legend with each status's count."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.progress import Status
from gui.grid_view import LedgerGrid
from gui.progress_model import MISSING_COLOUR

# The statuses the legend lists, in the order offices read them; 缺基数 and 未分解 say why a row has no rate.
LEGEND = [(Status.DONE, "已完成"), (Status.ON_TRACK, "正常"), (Status.BEHIND, "滞后"), (Status.OVERDUE, "逾期"),
          (Status.NOT_REPORTED, "未填报"), (Status.NO_BASELINE, "缺基数"), (Status.NO_TARGET, "未分解")]  # fmt: skip
BASELINE_TIP = ("增长率目标缺少基础数（上年数）的项，表格中“基数”一栏以浅黄色提示；填写基数后即算出增长率和完成率"
                "（已填完成值而缺基数的项，状态为“缺基数”）")  # fmt: skip


class EntryPage(QWidget):
    """What the county fills in: one plan, unit and period at a time (the window's first tab)."""

    def __init__(self, model: QAbstractItemModel, parent=None) -> None:
        super().__init__(parent)
        self.grid = LedgerGrid()
        self.grid.setModel(model)
        self.grid.apply_column_widths()
        self.lock_banner = QLabel()
        self.lock_banner.setWordWrap(True)
        self.lock_banner.setStyleSheet("background:#FFF2CC; padding:6px; border:1px solid #E0C060;")
        self.unlock_button = QPushButton("解锁本期…")
        banner = QHBoxLayout()
        banner.setContentsMargins(0, 0, 0, 0)
        banner.addWidget(self.lock_banner, 1)
        banner.addWidget(self.unlock_button)
        self.banner_box = QWidget()
        self.banner_box.setLayout(banner)
        self.banner_box.hide()
        self.legend = QHBoxLayout()
        self.legend_labels: dict[Status, QLabel] = {}
        self.legend.addWidget(QLabel("图例："))
        for status, text in LEGEND:
            label = QLabel(text)
            # 缺基数 counts the rows whose 基数 cell is prompted in yellow, so it wears that yellow.
            colour = MISSING_COLOUR if status is Status.NO_BASELINE else status.colour
            label.setStyleSheet(f"background:{colour}; padding:2px 8px; border:1px solid #BBBBBB;")
            label.setToolTip(BASELINE_TIP if status is Status.NO_BASELINE else status.explanation)
            self.legend_labels[status] = label
            self.legend.addWidget(label)
        self.totals = QLabel()
        self.legend.addStretch(1)
        self.legend.addWidget(self.totals)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.grid, 1)
        layout.addLayout(self.legend)

    def show_counts(self, counts: dict[Status, int], total: int) -> None:
        """Each legend entry with its count, and the line that says how many need attention."""
        for status, text in LEGEND:
            self.legend_labels[status].setText(f"{text} {counts.get(status, 0)}")
        attention = counts.get(Status.BEHIND, 0) + counts.get(Status.OVERDUE, 0)
        self.totals.setText(f"合计 {total} 项；已完成 {counts.get(Status.DONE, 0)} 项，需关注 {attention} 项")

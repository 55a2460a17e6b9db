"""The 图表 dialog: choose a chart and what it is about, look at it, save it as PNG or print it.

The choices come from the view that opens it: at the city, rates by unit for an indicator, the city
total through the periods, and statuses across units; at a county, rates by indicator, an indicator
through the periods, and the unit's statuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.charts import ChartData, ChartSaveError, build_chart, print_chart, save_chart_png
from operations import chart_data
from operations.city_overview import CityOverview
from operations.ledger import LedgerView
from storage.achievements import achievement_history
from storage.db import Store


@dataclass
class ChartChoice:
    """One kind of chart: its name, what it can be about (label, key; empty when nothing to choose), a maker."""

    label: str
    make: Callable[[object], ChartData]
    subjects: list[tuple[str, object]] = field(default_factory=list)


class ChartDialog(QDialog):
    """Shows one chart at a time; 保存图片 and 打印 act on the chart shown."""

    def __init__(self, title: str, choices: list[ChartChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("chart_dialog")
        self.choices = choices
        self.data: ChartData | None = None
        self.kind_combo = QComboBox()
        for choice in choices:
            self.kind_combo.addItem(choice.label)
        self.subject_combo = QComboBox()
        self.subject_combo.setMinimumWidth(320)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumSize(820, 520)
        self.save_button = QPushButton("保存图片…")
        self.print_button = QPushButton("打印…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("图表"))
        top.addWidget(self.kind_combo)
        top.addWidget(QLabel("对象"))
        top.addWidget(self.subject_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.subject_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.save_button.clicked.connect(lambda: self.save_png())
        self.print_button.clicked.connect(lambda: self.print_chart())
        self._kind_changed()

    def _kind_changed(self, *_: object) -> None:
        choice = self.choices[self.kind_combo.currentIndex()]
        self.subject_combo.blockSignals(True)
        self.subject_combo.clear()
        for label, key in choice.subjects:
            self.subject_combo.addItem(label, key)
        self.subject_combo.setEnabled(bool(choice.subjects))
        self.subject_combo.blockSignals(False)
        self.refresh()

    def show_chart(self, kind: int, subject: int = 0) -> None:
        """Choose a chart and its subject by position (what the combo boxes do, for callers and tests)."""
        self.kind_combo.setCurrentIndex(kind)
        if self.subject_combo.count():
            self.subject_combo.setCurrentIndex(subject)

    def refresh(self) -> None:
        choice = self.choices[self.kind_combo.currentIndex()]
        key = self.subject_combo.currentData() if choice.subjects else None
        self.data = choice.make(key)
        old = self.view.chart()
        self.view.setChart(build_chart(self.data))
        if old is not None:
            old.deleteLater()

    def save_png(self, path: Path | None = None) -> Path | None:
        """保存图片: the chart shown, as a PNG at print quality; says where it went or why it could not."""
        if self.data is None:
            return None
        if path is None:
            folder = Path(str(QSettings().value("last_folder", str(Path.home()))))
            chosen, _ = QFileDialog.getSaveFileName(self, "保存图片", str(folder / f"{_file_name(self.data)}.png"),
                                                    "PNG 图片 (*.png)")  # fmt: skip
            if not chosen:
                return None
            path = Path(chosen if chosen.lower().endswith(".png") else chosen + ".png")
        try:
            saved = save_chart_png(self.data, path)
        except ChartSaveError as exc:
            QMessageBox.warning(self, "保存图片", str(exc))
            return None
        QSettings().setValue("last_folder", str(saved.parent))
        box = QMessageBox(QMessageBox.Icon.Information, "保存图片", f"图片已保存：\n{saved}",
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setObjectName("chart_saved")
        box.open()
        return saved

    def print_chart(self, printer: QPrinter | None = None) -> bool:
        """打印: through the system's print dialog (or a given printer, such as a PDF file)."""
        if self.data is None:
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        try:
            print_chart(self.data, printer)
        except ChartSaveError as exc:
            QMessageBox.warning(self, "打印", str(exc))
            return False
        return True


def _file_name(data: ChartData) -> str:
    return "".join(ch for ch in data.title if ch not in '\\/:*?"<>|').strip() or "图表"


# --- what each view offers ------------------------------------------------------------------------------


def city_chart_choices(overview: CityOverview) -> list[ChartChoice]:
    """At the city: rates by unit for an indicator, the city total through the periods, statuses."""
    numeric = [(chart_data.indicator_label(line.task, line.indicator), i)
               for i, line in enumerate(overview.lines) if line.indicator.kind.is_numeric]  # fmt: skip
    summed = [(label, i) for label, i in numeric if overview.lines[i].total is not None]
    units = [("全部单位", None)] + [(overview.column_title(i), u.name) for i, u in enumerate(overview.units)]

    def rates(index: object) -> ChartData:
        if index is None:
            return chart_data.RateChart("本方案没有数值指标", ())
        return chart_data.rate_by_unit(overview, overview.lines[int(index)])  # type: ignore[arg-type]

    def periods(index: object) -> ChartData:
        if index is None:
            return chart_data.PeriodChart("本方案没有可相加的指标", ())
        return chart_data.city_periods(overview, overview.lines[int(index)])  # type: ignore[arg-type]

    return [
        ChartChoice("各单位完成率", rates, numeric),
        ChartChoice("全市各期完成率", periods, summed),
        ChartChoice("任务状态分布", lambda unit: chart_data.city_statuses(overview, unit), units),
    ]


def county_chart_choices(view: LedgerView, store: Store) -> list[ChartChoice]:
    """At a county (or for one unit at the city): rates by indicator, an indicator through the periods, statuses."""
    numeric = [(chart_data.indicator_label(r.task, r.indicator), i)
               for i, r in enumerate(view.rows) if r.indicator.kind.is_numeric]  # fmt: skip

    def periods(index: object) -> ChartData:
        if index is None:
            return chart_data.PeriodChart(f"{view.unit.name}在本方案中没有数值指标", ())
        row = view.rows[int(index)]  # type: ignore[arg-type]
        history = achievement_history(store, view.plan.id or 0, view.unit.name, [row.task.seq])
        return chart_data.unit_periods(view, row, history.get((row.task.seq, row.indicator.name), []))

    return [
        ChartChoice("各项指标完成率", lambda _: chart_data.rate_by_indicator(view), []),
        ChartChoice("指标各期完成率", periods, numeric),
        ChartChoice("任务状态分布", lambda _: chart_data.unit_statuses(view), []),
    ]


def open_city_charts(parent: QWidget, overview: CityOverview) -> ChartDialog:
    dialog = ChartDialog(f"图表 — {overview.plan.city} {overview.period.label}", city_chart_choices(overview), parent)
    dialog.open()
    return dialog


def open_county_charts(win) -> ChartDialog | None:
    """图表 in the main window: charts of the plan, unit and period it shows."""
    view = win.model.view
    if view is None:
        win.statusBar().showMessage("请先选择方案、单位和填报期", 5000)
        return None
    dialog = ChartDialog(f"图表 — {view.unit.name} {view.period.label}", county_chart_choices(view, win.store), win)
    dialog.open()
    return dialog


def open_charts(win) -> ChartDialog | None:
    """图表: the city's charts while its 全市汇总 tab is shown, else the charts of the plan and unit shown."""
    city = getattr(win, "city_view", None)
    if city is not None and win.tabs.currentWidget() is city and city.overview is not None:
        return city.open_charts()
    return open_county_charts(win)

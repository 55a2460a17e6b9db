"""The city's view in the window: units × indicators with 全市合计, a cell's texts and history, 报送情况.

Loaded off the GUI thread (gui.workers) with a progress bar; it follows the window's plan and period.
From here the city opens the charts and sends a unit's return back (退回).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from domain.city_totals import CityTotal
from domain.periods import Period, cn_date
from gui.city_detail import cell_html, line_html, report_html
from gui.city_view_model import CELL_ROLE, UNIT_ROLE, CityGridModel, ReportStatusModel
from gui.frozen_columns import FrozenColumns
from gui.workers import start_job
from operations.city_overview import CityOverview, OverviewLine, load_city_overview
from storage.db import Store, open_store


class CityGrid(QTableView):
    """Units × indicators; 序号, 任务 / 指标 and 全市合计 stay in view while the units scroll sideways (冻结窗格)."""

    FROZEN = 3  # 序号, 任务 / 指标 and 全市合计

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("city_grid")
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.frozen = FrozenColumns(self, self.FROZEN)

    def setModel(self, model) -> None:
        super().setModel(model)
        self.frozen.follow_model()
        model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        """Widths for the new columns (a plan's city decides how many units there are), frozen ones kept in step."""
        self.setColumnWidth(0, 56)
        self.setColumnWidth(1, 210)
        self.setColumnWidth(2, 116)  # 全市合计: room for "8 个单位未填报" on one line
        columns = self.model().columnCount()
        for column in range(self.FROZEN, columns):
            self.setColumnWidth(column, 104)
        for column in range(columns):
            self.frozen.setColumnHidden(column, column >= self.FROZEN)
            if column < self.FROZEN:
                self.frozen.setColumnWidth(column, self.columnWidth(column))
        self.frozen.place()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.frozen.place()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):  # Qt lays out once while the view is being built
            self.frozen.place()

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() < self.FROZEN:  # always in view: scroll rows only
            value = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(value)
            return
        super().scrollTo(index, hint)
        left = self.visualRect(index).left()
        width = self.frozen.frozen_width()
        if left < width:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + left - width)


class CityView(QWidget):
    """Everything shown comes from operations.city_overview, recomputed after each collect or send-back."""

    loaded = Signal()

    def __init__(self, store: Store, operator: str = "", today: date | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("city_view")
        self.store = store
        self.operator = operator
        self.today = today
        self.overview: CityOverview | None = None
        self._ticket = 0
        self._wanted: tuple[int, Period] | None = None
        self.grid_model = CityGridModel(self)
        self.report_model = ReportStatusModel(self)
        self._build()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel("请选择方案和填报期")
        self.heading.setStyleSheet("font-weight:bold; padding:2px;")
        self.charts_button = QPushButton("图表…")
        self.send_back_button = QPushButton("退回报表…")
        self.send_back_button.setToolTip("把所选单位本期的报表退回修改，并导出退回意见文件")
        self.refresh_button = QPushButton("刷新")
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.progress_bar)
        top.addWidget(self.charts_button)
        top.addWidget(self.send_back_button)
        top.addWidget(self.refresh_button)

        self.grid = CityGrid()
        self.grid.setModel(self.grid_model)
        self.detail = QTextBrowser()
        self.detail.setObjectName("city_detail")
        self.detail.setOpenLinks(False)
        self.detail.setMinimumWidth(260)
        self.reports = QTableView()
        self.reports.setObjectName("city_reports")
        self.reports.setModel(self.report_model)
        self.reports.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reports.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reports.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reports.horizontalHeader().setStretchLastSection(True)
        self.reports.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.grid)
        upper.addWidget(self.detail)
        upper.setStretchFactor(0, 4)
        upper.setStretchFactor(1, 1)
        reports_box = QWidget()
        reports_layout = QVBoxLayout(reports_box)
        reports_layout.setContentsMargins(0, 0, 0, 0)
        reports_layout.addWidget(QLabel("报送情况（单击一行查看该单位的报表和退回记录）"))
        reports_layout.addWidget(self.reports)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(reports_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.grid.selectionModel().currentChanged.connect(lambda current, _: self.show_cell(current))
        self.reports.selectionModel().currentChanged.connect(lambda current, _: self.show_report(current))
        for table in (self.grid, self.reports):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            table.customContextMenuRequested.connect(lambda pos, t=table: self._context_menu(t, pos))
        self.refresh_button.clicked.connect(self.reload)
        self.charts_button.clicked.connect(self.open_charts)
        self.send_back_button.clicked.connect(lambda: self.send_back())

    # --- loading -------------------------------------------------------------------------------

    def show_plan(self, plan_id: int | None, period: Period | None) -> None:
        """Show a plan and period (what the window's toolbar chose); loads in a worker."""
        if plan_id is None or period is None:
            return
        self._wanted = (plan_id, period)
        self.reload()

    def reload(self) -> None:
        if self._wanted is None:
            return
        plan_id, period = self._wanted
        self._ticket += 1
        ticket = self._ticket
        path, today = self.store.path, self.today
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()

        def work(progress, cancelled) -> CityOverview:
            with open_store(path) as store:
                return load_city_overview(store, plan_id, period, today, progress)

        def done(overview: CityOverview) -> None:
            if ticket != self._ticket:
                return  # a newer choice was made while this one loaded
            self.progress_bar.hide()
            self.set_overview(overview)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if ticket != self._ticket:
                return
            self.progress_bar.hide()
            self.heading.setText(f"读取各单位完成情况失败：{exc}")
            QMessageBox.warning(self, "全市汇总", f"读取各单位完成情况失败：{exc}")

        def progressed(done_count: int, total: int, _message: str) -> None:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done_count)

        start_job(work, done, failed, progressed, owner=self)

    def set_overview(self, overview: CityOverview) -> None:
        self.overview = overview
        self.grid_model.set_overview(overview)
        self.report_model.set_overview(overview)
        reported = sum(1 for r in overview.reports if r.collected_at is not None)
        late = sum(1 for r in overview.reports if r.late)
        self.heading.setText(
            f"{overview.plan.city or overview.plan.title} {overview.period.label}　各单位完成情况（截至"
            f"{cn_date(overview.as_of)}）　已收到 {reported} / {len(overview.reports)} 个单位的报表"
            + (f"，逾期 {late} 个" if late else "")
        )
        self.detail.setHtml("<p>单击表中一格，查看该单位该项的工作进展、存在问题、下一步计划、佐证材料和修改留痕。</p>")

    # --- details -------------------------------------------------------------------------------

    def show_cell(self, index: QModelIndex) -> None:
        """The unit's texts for the cell and the figure's history (each period's value, and the audit trail)."""
        if self.overview is None or not index.isValid():
            return
        line: OverviewLine = self.overview.lines[index.row()]
        unit_index = self.grid_model.unit_index(index.column())
        if unit_index is None:
            value = index.data(CELL_ROLE)
            self.detail.setHtml(line_html(line, value if isinstance(value, CityTotal) else None))
            return
        unit = self.overview.units[unit_index]
        row = line.cells[unit_index]
        self.detail.setHtml(cell_html(self.store, self.overview, line, unit.name,
                                      self.overview.column_title(unit_index), row))

    def show_report(self, index: QModelIndex) -> None:
        """A unit's return for the period: file, check, hand changes and every send-back with its comments."""
        if self.overview is None or not index.isValid():
            return
        report = self.overview.report_of(index.data(UNIT_ROLE))
        if report is None:
            return
        self.detail.setHtml(report_html(self.overview, report))

    # --- actions -------------------------------------------------------------------------------

    def selected_unit(self) -> str | None:
        """The unit of the selected grid column or 报送情况 row (市本级 and 全市合计 are not units to send back)."""
        if self.overview is None:
            return None
        if self.reports.hasFocus() or not self.grid.currentIndex().isValid():
            index = self.reports.currentIndex()
            return index.data(UNIT_ROLE) if index.isValid() else None
        unit_index = self.grid_model.unit_index(self.grid.currentIndex().column())
        if unit_index is None or self.overview.units[unit_index].is_city:
            return None
        return self.overview.units[unit_index].name

    def select_unit(self, unit: str) -> None:
        """Select a unit's row in 报送情况 (what a click does, for callers and tests)."""
        for row, report in enumerate(self.report_model.reports):
            if report.unit == unit:
                self.grid.setCurrentIndex(QModelIndex())
                self.reports.setCurrentIndex(self.report_model.index(row, 0))
                return

    def _context_menu(self, table: QTableView, pos) -> None:
        """Right click: 退回 the unit under the mouse, or open the charts."""
        index = table.indexAt(pos)
        if index.isValid():
            table.setCurrentIndex(index)
        unit = index.data(UNIT_ROLE) if index.isValid() else None
        report = self.overview.report_of(unit) if self.overview and unit else None
        menu = QMenu(self)
        send = menu.addAction(f"退回{unit}的报表…" if report else "退回报表…")
        send.setEnabled(report is not None and report.collected_at is not None)
        send.triggered.connect(lambda: self.send_back(unit))
        menu.addAction("图表…").triggered.connect(self.open_charts)
        menu.popup(table.viewport().mapToGlobal(pos))

    def open_charts(self):
        from gui.charts_dialog import open_city_charts

        if self.overview is None:
            return None
        return open_city_charts(self, self.overview)

    def send_back(self, unit: str | None = None):
        from gui.send_back_actions import send_back_dialog

        unit = unit or self.selected_unit()
        if self.overview is None:
            return None
        if unit is None:
            QMessageBox.information(self, "退回报表", "请先在表中或“报送情况”中选择要退回的单位。")
            return None
        return send_back_dialog(self, self.overview, unit)


def install_city_view(win) -> CityView:
    """Wire the city view into the window: a 全市汇总 tab, shown for a city installation, following its choices."""
    view = CityView(win.store, win.profile.operator, win.today, win)
    win.add_page(view, "全市汇总")
    win.city_view = view

    def follow() -> None:
        own = win.registry.resolve(win.profile.unit) if win.profile.unit else None
        is_city = own is not None and own.is_city
        win.tabs.setTabVisible(win.tabs.indexOf(view), is_city)
        view.operator = win.profile.operator
        if is_city:  # after every load: a new plan or period, or figures just collected
            view.show_plan(win.plan_combo.currentData(), win.current_period())

    win.loaded.connect(follow)
    win.add_action(win.view_menu, "全市汇总", lambda: win.tabs.setCurrentWidget(view))
    _todo_steps_aside(win, view)
    return view


def _todo_steps_aside(win, view: CityView) -> None:
    """The 待办 dock lists this installation's own returns, the 填报 tab's business: on 全市汇总 it steps aside
    so the units get the window's width, and comes back on 填报 (unless the user had closed it). 查看 → 待办
    still shows it on 全市汇总 for whoever wants both."""
    stepped_aside = False

    def tab_changed(_index: int) -> None:
        nonlocal stepped_aside
        if win.tabs.currentWidget() is view:
            if not win.todo.isHidden():
                win.todo.hide()
                stepped_aside = True
        elif stepped_aside:
            stepped_aside = False
            win.todo.show()

    win.tabs.currentChanged.connect(tab_changed)

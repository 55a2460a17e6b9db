"""The main window: pick plan, unit and period; the grid; menus that dispatch to operations."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from domain.periods import Period, PeriodKind, periods_of_year
from domain.profile import Profile
from domain.reporting import ReportingRule, RuleChoice, period_due_now
from gui import safety, send_back_actions, window_menus
from gui.entry_page import EntryPage
from gui.faults import describe_failure
from gui.ledger_filter import LedgerFilterModel
from gui.progress_model import ProgressTableModel
from gui.todo_panel import TodoPanel
from gui.workers import start_job
from operations.ledger import LedgerView, load_ledger
from operations.todo import own_plans, reporting_rule
from storage.db import Store, StoreError, open_store
from storage.plans import PlanSummary
from storage.submissions import unlock_period
from storage.units import unit_registry
from version import APP_NAME

PERIOD_KINDS = [("月报", PeriodKind.MONTH), ("季报", PeriodKind.QUARTER), ("半年报", PeriodKind.HALF),
                ("年报", PeriodKind.YEAR)]  # fmt: skip


class MainWindow(QMainWindow):
    """Everything the grid shows comes from operations.ledger; every edit goes through the model's commands."""

    loaded = Signal()
    exported = Signal(str)
    imported = Signal(object)

    def __init__(self, store: Store, profile: Profile, today: date | None = None, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.profile = profile
        self._today = today  # fixed by tests; otherwise the calendar's, so a window left open overnight moves on
        self.registry = unit_registry(store)
        self.undo_stack = QUndoStack(self)
        self.model = ProgressTableModel(store, self.undo_stack, profile.operator, self)
        self.proxy = LedgerFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._loading = 0
        self.rule: RuleChoice | None = None
        self._build_central()
        self._build_toolbar()
        self._build_menus()
        self.model.message.connect(self.show_message)
        self.model.dataChanged.connect(lambda *_: self._update_legend())
        self.model.modelReset.connect(self._update_legend)
        self._build_todo()
        self._fit_to_screen()
        self.city_view = None  # the 全市汇总 tab: a city installation's (see _install_city_view)
        self._install_city_view()
        self._install_charts()
        send_back_actions.install(self)
        self._fill_plans()
        safety.install(self)  # backups menu, change watch, write failures as dialogs, read-only mode

    @property
    def today(self) -> date:
        return self._today or date.today()

    # --- building ----------------------------------------------------------------------------

    def _build_central(self) -> None:
        """A tab per view: 填报 first; further views (the city's cross-unit view) are added as tabs."""
        self.entry_page = EntryPage(self.proxy)
        self.grid = self.entry_page.grid
        self.lock_banner = self.entry_page.lock_banner
        self.unlock_button = self.entry_page.unlock_button
        self.unlock_button.clicked.connect(self.unlock_current_period)
        self.banner_box = self.entry_page.banner_box
        self.legend_labels = self.entry_page.legend_labels
        self.totals = self.entry_page.totals
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.entry_page, "填报")
        central = QWidget()  # a box around the tabs, so a banner for the whole window (read-only) can sit above them
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.hide()
        self.statusBar().addPermanentWidget(self.progress_bar)

    def _build_todo(self) -> None:
        """The 待办 dock: refreshed after each load, and shortly after edits stop."""
        self.todo = TodoPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.todo)
        self.view_menu.addAction(self.todo.toggleViewAction())
        self.todo.open_requested.connect(lambda plan_id, period: self.select(plan_id, None, period))
        self._todo_timer = QTimer(self)
        self._todo_timer.setSingleShot(True)
        self._todo_timer.setInterval(1500)
        self._todo_timer.timeout.connect(self.refresh_todo)
        self.model.dataChanged.connect(lambda *_: self._todo_timer.start())
        self.loaded.connect(self.refresh_todo)

    def refresh_todo(self) -> None:
        """Work out again what is due for this installation's own unit (a city: its own return)."""
        own = self.registry.resolve(self.profile.unit) if self.profile.unit else None
        if own is not None:
            self.todo.refresh(self.store.path, own.name, self.profile.city, self.today)

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a view as a tab of its own beside 填报; returns its tab index."""
        return self.tabs.addTab(widget, title)

    def _build_toolbar(self) -> None:
        bar = QToolBar("选择")
        bar.setObjectName("selection")
        bar.setMovable(False)
        self.plan_combo = QComboBox()
        self.plan_combo.setMinimumWidth(320)
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumWidth(140)
        self.kind_combo = QComboBox()
        for text, kind in PERIOD_KINDS:
            self.kind_combo.addItem(text, kind.value)
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(120)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("筛选：序号、任务、单位或文字")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(240)
        self.behind_only = QCheckBox("只看滞后")
        for label, widget in (("方案", self.plan_combo), ("单位", self.unit_combo), ("填报期", self.kind_combo)):
            bar.addWidget(QLabel(f" {label} "))
            bar.addWidget(widget)
        bar.addWidget(self.period_combo)
        bar.addSeparator()
        bar.addWidget(self.filter_edit)
        bar.addWidget(self.behind_only)
        self.addToolBar(bar)
        self.plan_combo.currentIndexChanged.connect(self._plan_changed)
        self.unit_combo.currentIndexChanged.connect(lambda _: self.reload())
        self.kind_combo.currentIndexChanged.connect(lambda _: self._fill_periods())
        self.period_combo.currentIndexChanged.connect(lambda _: self.reload())
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.behind_only.toggled.connect(self.proxy.set_behind_only)

    def _build_menus(self) -> None:
        window_menus.build_menus(self)

    def _install_city_view(self) -> None:
        """The 全市汇总 tab, for a city installation (also when the profile becomes a city's).

        A county's window never imports it: behind it are the city's overview and the consolidation.
        """
        if self.city_view is None and self._own_unit_is_city():
            from gui.city_view import install_city_view

            install_city_view(self)

    def _own_unit_is_city(self) -> bool:
        own = self.registry.resolve(self.profile.unit) if self.profile.unit else None
        return own is not None and own.is_city

    def _install_charts(self) -> None:
        """图表 in the 查看 menu and the action toolbar; the charts (QtCharts) are imported when first opened."""
        self.charts_action = self.add_action(self.view_menu, "图表…",
                                             window_menus.later("charts_dialog", "open_charts", self))  # fmt: skip
        self.toolbar_actions.addAction(self.charts_action)

    def _fit_to_screen(self) -> None:
        """1400×820 where there is room; on the 1366×768 screens common in offices, the screen's free area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen else None
        if room is None or room.isEmpty():
            self.resize(1400, 820)
        else:
            self.resize(min(1400, room.width() - 16), min(820, room.height() - 48))
        # 待办 wide enough for 填报期 … 未填 without a scroll bar, but never more than a third of the window.
        self.resizeDocks([self.todo], [min(400, self.width() // 3)], Qt.Orientation.Horizontal)

    def add_action(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        """A menu entry calling `slot()` (see gui.window_menus.add_action)."""
        return window_menus.add_action(self, menu, text, slot, shortcut)

    # --- choosing what to show ---------------------------------------------------------------

    def refresh_plans(self, select: int | None = None) -> None:
        """After an import: list the plans again and show the imported one."""
        if select is not None:
            QSettings().setValue("last_plan", select)
        self._fill_plans()

    def refresh_in_place(self) -> None:
        """After a change made elsewhere (command line, another window): list the plans again, keep showing the
        same plan, unit and period (not the period due now), and reload them."""
        plan_id, unit, period = self.plan_combo.currentData(), self.unit_combo.currentData(), self.current_period()
        self._fill_plans()
        if plan_id is not None and self.plan_combo.findData(plan_id) >= 0:
            self.select(plan_id, unit if self.unit_combo.findData(unit) >= 0 else None, period)

    def _fill_plans(self) -> None:
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for plan in self._own_plans():
            self.plan_combo.addItem(plan.title, plan.id)
            self.plan_combo.setItemData(self.plan_combo.count() - 1, plan.year, Qt.ItemDataRole.UserRole + 1)
        last = QSettings().value("last_plan")
        index = self.plan_combo.findData(int(last)) if last else -1
        self.plan_combo.setCurrentIndex(max(index, 0))
        self.plan_combo.blockSignals(False)
        self._plan_changed()  # once: a change signalled as well would load the ledger twice

    def _own_plans(self) -> list[PlanSummary]:
        """The plans of this installation's city and those naming no city, archived ones left out."""
        return own_plans(self.store, self.profile.city)

    def _plan_changed(self, *_: object) -> None:
        """A plan opens on its own kind of period (月报, 季报 …) and on the return that is due now."""
        self._fill_units()
        plan_id = self.plan_combo.currentData()
        if plan_id is not None:
            self.rule = reporting_rule(self.store, plan_id)
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(self.rule.rule.kind.value)))
            self.kind_combo.blockSignals(False)
        self._fill_periods(due_now=True)

    def _fill_units(self) -> None:
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        own = self.registry.resolve(self.profile.unit) if self.profile.unit else None
        if own is not None and own.is_city:
            self.unit_combo.addItem(f"{own.name}（市本级）", own.name)
            for unit in self.registry.units_of_city(own.name):
                self.unit_combo.addItem(unit.name, unit.name)
            self.unit_combo.setEnabled(True)
        elif own is not None:
            self.unit_combo.addItem(own.name, own.name)
            self.unit_combo.setEnabled(False)
        self.unit_combo.blockSignals(False)
        self.collect_menu.menuAction().setVisible(own is not None and own.is_city)

    def _fill_periods(self, due_now: bool = False) -> None:
        year = self.plan_combo.currentData(Qt.ItemDataRole.UserRole + 1) or self.today.year
        kind = PeriodKind(self.kind_combo.currentData() or PeriodKind.MONTH.value)
        current = self.current_period()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods_of_year(year, kind):
            self.period_combo.addItem(period.label, period.code)
        rule = self.rule.rule if self.rule and self.rule.rule.kind == kind else ReportingRule(kind)
        default = period_due_now(rule, year, self.today)
        keep = not due_now and isinstance(current, Period) and current.kind == kind and current.year == year
        chosen = current if keep else default
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(chosen.code)))
        self.period_combo.blockSignals(False)
        self.reload()

    def current_period(self) -> Period | None:
        code = self.period_combo.currentData()
        return Period.parse(code) if code else None

    def select(self, plan_id: int | None = None, unit: str | None = None, period: Period | None = None) -> None:
        """Show a given plan, unit and period (what the toolbar does, for callers and tests)."""
        if plan_id is not None:
            self.plan_combo.setCurrentIndex(self.plan_combo.findData(plan_id))
        if unit is not None:
            self.unit_combo.setCurrentIndex(self.unit_combo.findData(unit))
        if period is not None:
            kinds = [k for _, k in PERIOD_KINDS]
            self.kind_combo.setCurrentIndex(kinds.index(period.kind))
            self.period_combo.setCurrentIndex(self.period_combo.findData(period.code))

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the chosen rows in a worker thread; the window stays responsive meanwhile."""
        plan_id, unit, period = self.plan_combo.currentData(), self.unit_combo.currentData(), self.current_period()
        if plan_id is None or unit is None or period is None:
            if plan_id is None:  # the last plan was deleted or archived: nothing left to show
                self.model.set_view(None)
                self.banner_box.hide()
            return
        self._loading += 1
        ticket = self._loading
        path = self.store.path
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()

        def work(progress, cancelled) -> LedgerView:
            with open_store(path) as store:
                return load_ledger(store, plan_id, unit, period, progress=progress)

        def done(view: LedgerView) -> None:
            if ticket != self._loading:
                return  # a newer choice was made while this one loaded
            self.progress_bar.hide()
            self.model.set_view(view)
            self._show_lock(view)
            self._update_title()
            QSettings().setValue("last_plan", plan_id)
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            self.progress_bar.hide()
            QMessageBox.critical(self, APP_NAME, f"读取数据失败：{describe_failure(exc)}")

        def progressed(done_count: int, total: int, message: str) -> None:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done_count)
            self.statusBar().showMessage(message, 2000)

        start_job(work, done, failed, progressed, owner=self)

    def _show_lock(self, view: LedgerView) -> None:
        if view.locked:
            self.lock_banner.setText(f"{view.unit.name} {view.period.label}已报送，本期数据处于锁定状态，只能查看。")
        elif not view.rows:
            self.lock_banner.setText(f"本方案没有分解给{view.unit.name}的任务，无需填报。请在“方案”中选择其他方案。")
        self.unlock_button.setVisible(view.locked)
        self.banner_box.setVisible(view.locked or not view.rows)
        self.submit_action.setEnabled(not view.locked and bool(view.rows))
        self.unlock_action.setEnabled(view.locked)

    def _update_title(self) -> None:
        view = self.model.view
        if view:
            self.setWindowTitle(f"{APP_NAME} — {view.unit.name} — {view.plan.title} — {view.period.label}")

    def _update_legend(self) -> None:
        self.entry_page.show_counts(self.model.status_counts(), len(self.model.rows))

    # --- actions -----------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def unlock_current_period(self) -> None:
        view = self.model.view
        if view is None or not view.locked:
            self.show_message("本期未报送，无需解锁")
            return
        reason, ok = QInputDialog.getText(self, "解锁本期", f"解锁 {view.unit.name} {view.period.label}，请说明原因：")
        if not ok:
            return
        try:
            unlock_period(self.store, view.plan.id or 0, view.unit.name, view.period, self.profile.operator, reason)
        except StoreError as exc:
            QMessageBox.warning(self, "解锁本期", str(exc))
            return
        self.show_message(f"已解锁 {view.period.label}（原因：{reason.strip()}）")
        self.reload()

    def edit_profile(self) -> None:
        from gui.profile_dialog import ProfileDialog
        from storage.settings import save_profile

        dialog = ProfileDialog(self.registry, self.profile, self)
        if dialog.exec():
            self.profile = dialog.profile()
            save_profile(self.store, self.profile)
            self.model.operator = self.profile.operator
            self._install_city_view()
            self._fill_units()
            self.reload()

    def about(self) -> None:
        from version import __version__

        QMessageBox.about(self, "关于", f"{APP_NAME} {__version__}\n数据文件：{self.store.path}")

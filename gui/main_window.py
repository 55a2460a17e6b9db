"""The main window: pick plan, unit and period; the grid; menus that dispatch to operations."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from domain.periods import Period, PeriodKind, period_containing, periods_of_year
from domain.profile import Profile
from domain.progress import Status
from gui import collect_actions, file_actions, safety
from gui.faults import describe_failure
from gui.grid_view import LedgerGrid
from gui.progress_model import LedgerFilterModel, ProgressTableModel
from gui.workers import start_job
from operations.ledger import LedgerView, load_ledger
from storage.db import Store, StoreError, open_store
from storage.plans import PlanSummary, list_plans
from storage.submissions import unlock_period
from storage.units import unit_registry
from version import APP_NAME

PERIOD_KINDS = [("月报", PeriodKind.MONTH), ("季报", PeriodKind.QUARTER), ("半年报", PeriodKind.HALF),
                ("年报", PeriodKind.YEAR)]  # fmt: skip
LEGEND = [(Status.DONE, "已完成"), (Status.ON_TRACK, "正常"), (Status.BEHIND, "滞后"), (Status.OVERDUE, "逾期"),
          (Status.NOT_REPORTED, "未填报")]  # fmt: skip


class MainWindow(QMainWindow):
    """Everything the grid shows comes from operations.ledger; every edit goes through the model's commands."""

    loaded = Signal()
    exported = Signal(str)
    imported = Signal(object)

    def __init__(self, store: Store, profile: Profile, today: date | None = None, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.profile = profile
        self.today = today or date.today()
        self.registry = unit_registry(store)
        self.undo_stack = QUndoStack(self)
        self.model = ProgressTableModel(store, self.undo_stack, profile.operator, self)
        self.proxy = LedgerFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._loading = 0
        self._build_central()
        self._build_toolbar()
        self._build_menus()
        self.model.message.connect(self.show_message)
        self.model.dataChanged.connect(lambda *_: self._update_legend())
        self.model.modelReset.connect(self._update_legend)
        self._fit_to_screen()
        self._fill_plans()
        safety.install(self)  # backups menu, change watch, write failures as dialogs, read-only mode

    # --- building ----------------------------------------------------------------------------

    def _build_central(self) -> None:
        self.grid = LedgerGrid()
        self.grid.setModel(self.proxy)
        self.grid.apply_column_widths()
        self.lock_banner = QLabel()
        self.lock_banner.setStyleSheet("background:#FFF2CC; padding:6px; border:1px solid #E0C060;")
        self.unlock_button = QPushButton("解锁本期…")
        self.unlock_button.clicked.connect(self.unlock_current_period)
        banner = QHBoxLayout()
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
            label.setStyleSheet(f"background:{status.colour}; padding:2px 8px; border:1px solid #BBBBBB;")
            self.legend_labels[status] = label
            self.legend.addWidget(label)
        self.totals = QLabel()
        self.legend.addStretch(1)
        self.legend.addWidget(self.totals)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner_box)
        layout.addWidget(self.grid, 1)
        layout.addLayout(self.legend)
        self.setCentralWidget(box)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.hide()
        self.statusBar().addPermanentWidget(self.progress_bar)

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
        menu = self.menuBar()
        self.file_menu = menu.addMenu("文件(&F)")
        import_action = self._action(self.file_menu, "导入分工表…", lambda: file_actions.import_table(self))
        import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.file_menu.addSeparator()
        self.edit_menu = menu.addMenu("编辑(&E)")
        undo = self.undo_stack.createUndoAction(self, "撤销")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "重做")
        # Ctrl+Y as in Excel and WPS; listed once, since a duplicate makes Qt treat the key as ambiguous.
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        redo.setShortcuts(redo_keys + [k for k in [QKeySequence("Ctrl+Y")] if k not in redo_keys])
        self.edit_menu.addActions([undo, redo])
        self.edit_menu.addSeparator()
        self._action(self.edit_menu, "复制", self.grid.copy_selection, QKeySequence.StandardKey.Copy)
        self._action(self.edit_menu, "粘贴", self.grid.paste, QKeySequence.StandardKey.Paste)
        self._action(self.edit_menu, "清除", self.grid.clear_selection)
        self.export_menu = menu.addMenu("导出(&X)")
        draft = self._action(
            self.export_menu, "导出完成情况表（草稿）…", lambda: file_actions.export_progress_return(self, False)
        )
        self._action(self.export_menu, "导出任务分工表…", lambda: file_actions.export_breakdown_table(self))
        preview = self._action(self.export_menu, "打印预览…", lambda: file_actions.print_preview(self))
        preview.setShortcut(QKeySequence.StandardKey.Print)
        self.submit_menu = menu.addMenu("报送(&S)")
        submit = self._action(self.submit_menu, "报送本期（正式导出并锁定）…",
                              lambda: file_actions.export_progress_return(self, True))  # fmt: skip
        self.submit_action = submit
        self.unlock_action = self._action(self.submit_menu, "解锁本期…", self.unlock_current_period)
        # The city's work: collect the counties' returns and add them up. Shown for a city installation.
        self.collect_menu = menu.addMenu("汇总(&C)")
        self._action(self.collect_menu, "收取各单位报表…", lambda: collect_actions.collect_returns_dialog(self))
        self._action(self.collect_menu, "导出汇总表…", lambda: collect_actions.export_consolidation(self))
        self._action(self.collect_menu, "导出汇总表（A3）…",
                     lambda: collect_actions.export_consolidation(self, paper="A3"))  # fmt: skip
        settings = menu.addMenu("设置(&T)")
        self._action(settings, "本机信息…", self.edit_profile)
        help_menu = menu.addMenu("帮助(&H)")
        self._action(help_menu, "关于", self.about)
        self._action(self.file_menu, "退出", self.close, QKeySequence.StandardKey.Quit)
        self.addToolBarBreak()  # a row of its own, so 报送 and 导入 never hide behind the » overflow
        self.toolbar_actions = self.addToolBar("操作")
        self.toolbar_actions.setObjectName("actions")
        self.toolbar_actions.addActions([undo, redo])
        self.toolbar_actions.addSeparator()
        self.toolbar_actions.addActions([draft, preview, submit])
        self.toolbar_actions.addSeparator()
        self.toolbar_actions.addAction(import_action)

    def _fit_to_screen(self) -> None:
        """1400×820 where there is room; on the 1366×768 screens common in offices, the screen's free area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen else None
        if room is None or room.isEmpty():
            self.resize(1400, 820)
            return
        self.resize(min(1400, room.width() - 16), min(820, room.height() - 48))

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
            # The grid handles copy/paste keys itself; the menu entry is for the mouse.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    # --- choosing what to show ---------------------------------------------------------------

    def refresh_plans(self, select: int | None = None) -> None:
        """After an import: list the plans again and show the imported one."""
        if select is not None:
            QSettings().setValue("last_plan", select)
        self._fill_plans()

    def _fill_plans(self) -> None:
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        for plan in self._own_plans():
            self.plan_combo.addItem(plan.title, plan.id)
            self.plan_combo.setItemData(self.plan_combo.count() - 1, plan.year, Qt.ItemDataRole.UserRole + 1)
        self.plan_combo.blockSignals(False)
        last = QSettings().value("last_plan")
        index = self.plan_combo.findData(int(last)) if last else -1
        self.plan_combo.setCurrentIndex(max(index, 0))
        self._plan_changed()

    def _own_plans(self) -> list[PlanSummary]:
        """The plans of this installation's city, and those naming no city; every plan when no city is set.

        Another city's plan has no task for this unit, so listing it only leads to an empty grid.
        """
        plans = list_plans(self.store)
        city = self.profile.city
        return [p for p in plans if not city or not p.city or p.city == city]

    def _plan_changed(self, *_: object) -> None:
        self._fill_units()
        self._fill_periods()

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

    def _fill_periods(self) -> None:
        year = self.plan_combo.currentData(Qt.ItemDataRole.UserRole + 1) or self.today.year
        kind = PeriodKind(self.kind_combo.currentData() or PeriodKind.MONTH.value)
        current = self.current_period()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods_of_year(year, kind):
            self.period_combo.addItem(period.label, period.code)
        default = period_containing(min(self.today, date(year, 12, 31)), kind)
        if self.today.year < year:
            default = periods_of_year(year, kind)[0]
        chosen = current if isinstance(current, Period) and current.kind == kind and current.year == year else default
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

        start_job(work, done, failed, progressed)

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
        counts = self.model.status_counts()
        for status, text in LEGEND:
            self.legend_labels[status].setText(f"{text} {counts[status]}")
        total = len(self.model.rows)
        self.totals.setText(f"合计 {total} 项；已完成 {counts[Status.DONE]} 项，需关注 "
                            f"{counts[Status.BEHIND] + counts[Status.OVERDUE]} 项")  # fmt: skip

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
            self._fill_units()
            self.reload()

    def about(self) -> None:
        from version import __version__

        QMessageBox.about(self, "关于", f"{APP_NAME} {__version__}\n数据文件：{self.store.path}")

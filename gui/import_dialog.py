"""The review of a city's breakdown table before it is stored: an editable grid of what will be stored.

The dialog is given a preview that a worker has already read (operations.import_table.preview_import);
it reads no file and stores nothing. The 核对分解指标 tab is the review grid (gui.import_review_model):
indicators × units with the source sentence beside each row; 待确认 cells are yellow until the user
confirms, corrects or fills them; names the registry lacks are mapped to a unit or added as a zone of the
city below the grid. 导入 accepts the dialog with `review` holding those decisions; the caller then
imports the preview under that review, in one transaction.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.plans import display_seq
from gui.import_review_delegate import ReviewDelegate
from gui.import_review_grid import ReviewGrid
from gui.import_review_model import ReviewModel
from importers.breakdown import ImportPreview
from importers.builtin import builtin_registry
from importers.table_places import zone_own_name
from importers.table_review import Review, ReviewError, check_review

TASK_COLUMNS = ("序号", "细化任务", "指标", "类型", "总目标", "责任单位", "完成时限")
ERROR_COLOUR = "#C00000"
WARNING_COLOUR = "#9C5700"
SOURCE_WIDTH = 480
# 导入's keys: a deliberate chord, never the Enter that commits a cell in the review grid.
IMPORT_KEYS = (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))
CHOOSE, LEAVE_OUT, NEW_ZONE = "（请选择）", "不登记", "新增为本市开发区"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


class ImportDialog(QDialog):
    """The review grid, tasks and indicators, and every error, warning and note of one preview.

    导入 is enabled when the preview has no errors and every 待确认 item is decided (or the user ticks
    “只导入有把握的分解指标”). `exec()` returns Accepted when the user chose 导入; `review` then holds
    the decisions to import with. 选择工作表… (for a file of several sheets) closes the dialog and emits
    `sheet_requested` with the sheet the user chose, for the caller to read again.
    """

    sheet_requested = Signal(str)

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.registry = preview.registry or builtin_registry()
        self.model = ReviewModel(preview, self.registry, Review())
        self.review = self.model.review
        self.setWindowTitle(f"导入任务分工表 — {preview.file}")
        self.resize(1200, 720)
        self.summary = QLabel(self._summary_text())
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid = self._grid()
        self.names = self._names_box()
        review_tab = QWidget()
        review_layout = QVBoxLayout(review_tab)
        review_layout.addWidget(self.grid, 1)
        tools = QHBoxLayout()
        self.confirm_button = QPushButton("确认所选单元格读到的值")
        self.confirm_button.setToolTip("黄色单元格是待确认项：选中后点此按钮表示读到的值无误；也可直接键入正确的值")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.undo_button = QPushButton("撤销")
        self.undo_button.clicked.connect(self.model.undo_stack.undo)
        self.drop_button = QPushButton("删除所选行（不导入）")
        self.drop_button.setToolTip("页码、重复的表头、误读出的指标等整行不导入（可撤销）；删除后本行的待确认项不再需要处理")
        self.drop_button.clicked.connect(self.drop_selected)
        self.restore_button = QPushButton("恢复所选行")
        self.restore_button.clicked.connect(lambda: self.drop_selected(drop=False))
        tools.addWidget(self.confirm_button)
        tools.addWidget(self.drop_button)
        tools.addWidget(self.restore_button)
        tools.addWidget(self.undo_button)
        tools.addStretch(1)
        legend = QLabel("黄色：待确认（读不准，未经确认不登记）；绿色：已由您确认或修改；空白单元格可直接填写")
        tools.addWidget(legend)
        review_layout.addLayout(tools)
        self.table_notes = self._table_notes()
        if self.table_notes is not None:
            review_layout.addWidget(self.table_notes)
        if self.names is not None:
            review_layout.addWidget(self.names)
        self.task_table = self._task_table()
        self.problem_list = self._problem_list()
        self.tabs = QTabWidget()
        self.tabs.addTab(review_tab, f"核对分解指标（{len(preview.quotas)} 条，待确认 {len(preview.pending)} 项）")
        self.tabs.addTab(self.task_table, f"任务与指标（{len(preview.plan.tasks)}）")
        problems = len(preview.errors) + len(preview.warnings) + len(preview.notes)
        self.tabs.addTab(self.problem_list, f"错误、警告和说明（{problems}）")
        self.accept_certain = QCheckBox("只导入有把握的分解指标，未确认的待确认项不登记")
        self.accept_certain.toggled.connect(self._accept_certain_toggled)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        buttons = QDialogButtonBox()
        # 导入 is an action, not the box's accept button: the box makes its first accept button the default on
        # show, and Enter anywhere (a second Enter after typing a figure) would then import the whole table.
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.accept)
        self.import_button.setToolTip(f"保存到台账（{IMPORT_KEYS[0].toString(QKeySequence.SequenceFormat.NativeText)}）")
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.sheet_button = None
        if len(preview.workbook_sheets) > 1:
            self.sheet_button = buttons.addButton("选择工作表…", QDialogButtonBox.ButtonRole.ActionRole)
            self.sheet_button.setToolTip(f"现在读取的是：{preview.sheet}。可改为只读取文件中的某一个工作表")
            self.sheet_button.clicked.connect(self.choose_sheet)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.accept_certain)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # no button of this dialog answers Enter: 导入 takes a click or its keys
        for keys in IMPORT_KEYS:
            QShortcut(keys, self, self._import_by_keys)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.model.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.model.undo_stack.redo)
        self.model.changed.connect(self._update)
        self.model.message.connect(self._show_message)
        self._update()
        if preview.errors or not preview.quotas and not preview.pending and problems:
            self.tabs.setCurrentWidget(self.problem_list)

    # ---------------------------------------------------------------- the grid and the names

    def _grid(self) -> QTableView:
        view = ReviewGrid()
        view.setModel(self.model)
        view.setItemDelegate(ReviewDelegate(view))
        view.setAlternatingRowColors(False)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # Widths from the headers, not from every cell: sizing to contents reads all cells of a 300-row table.
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = view.fontMetrics()
        for column in range(self.model.columnCount()):
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            width = {0: 56, 1: 200, 2: 64, 3: 96}.get(column, max(56, metrics.horizontalAdvance(label) + 18))
            view.setColumnWidth(column, width)
        for index in self.model.pending_cells():
            # "18 → ？15", "80（基数？66）": a 待确认 cell shows more than a figure; widen its column to show it whole.
            wide = metrics.horizontalAdvance(str(index.data() or "")) + 18
            view.setColumnWidth(index.column(), max(view.columnWidth(index.column()), wide))
        # A name mapped or made a zone changes its header ("南宁高新区（新增开发区）"): shown whole.
        self.model.headerDataChanged.connect(lambda _o, first, last: self._fit_headers(view, first, last))
        # 来源文字 last: wide enough to read in a wide table (it scrolls), where a dropped figure shows.
        view.setColumnWidth(self.model.columnCount() - 1, SOURCE_WIDTH)
        header.setStretchLastSection(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        return view

    def _fit_headers(self, view: QTableView, first: int, last: int) -> None:
        for column in range(first, last + 1):
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            view.setColumnWidth(column, max(view.columnWidth(column), view.fontMetrics().horizontalAdvance(label) + 24))

    def _table_notes(self) -> QLabel | None:
        """The notes written under the table (注：…), beside the grid: they may redefine a measure or a scope."""
        if not self.preview.table_notes:
            return None
        label = QLabel("表下注释：" + "；".join(self.preview.table_notes))
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setStyleSheet(f"color: {WARNING_COLOUR};")
        return label

    def _names_box(self) -> QGroupBox | None:
        names = [c.name for c in self.model.columns if not c.unit]
        if not names:
            return None
        box = QGroupBox("表中未登记的名称：请对应到已有单位，或新增为本市的开发区（园区）")
        form = QFormLayout(box)
        self.name_choices: dict[str, QComboBox] = {}
        self.zone_names: dict[str, QLineEdit] = {}
        city = self.preview.plan.city
        units = [u for u in self.registry.units_of_city(city)] if city else list(self.registry)
        for name in names:
            combo = QComboBox()
            combo.addItem(CHOOSE, "")
            combo.addItem(LEAVE_OUT, None)
            if city:
                combo.addItem(NEW_ZONE, "zone")
            for unit in units:
                if not unit.is_city:
                    combo.addItem(f"对应到 {unit.name}", unit.name)
            combo.activated.connect(lambda _i, n=name, c=combo: self._name_chosen(n, c))
            self.name_choices[name] = combo
            own = QLineEdit()
            own.setPlaceholderText(f"登记名称（默认：{zone_own_name(name)}）")
            own.setToolTip("新增为开发区时登记的名称（默认去掉“管委会”）；表中的写法同时记为别名，下次导入能认出")
            own.setVisible(False)
            own.editingFinished.connect(lambda n=name, e=own: self.model.name_zone(n, e.text()))
            self.zone_names[name] = own
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            row.addWidget(own, 1)
            form.addRow(f"“{name}”", row)
        return box

    def choose_name(self, name: str, choice: str) -> None:
        """Pick a name's mapping as a user would in its list: "不登记", "新增为本市开发区" or "对应到 X"."""
        combo = self.name_choices[name]
        combo.setCurrentIndex(combo.findText(choice))
        self._name_chosen(name, combo)

    def name_zone(self, name: str, own: str) -> None:
        """Type the name a new zone is registered by, as a user would in the box beside its choice."""
        editor = self.zone_names[name]
        editor.setText(own)
        editor.editingFinished.emit()

    def _name_chosen(self, name: str, combo: QComboBox) -> None:
        data = combo.currentData()
        editor = self.zone_names.get(name)
        if editor is not None:
            editor.setVisible(data == "zone")
            if data == "zone" and not editor.text():
                editor.setText(self.review.zone_name(name))
        if data == "zone":
            self.model.map_name(name, None, zone=True)
        elif data is None:
            self.model.map_name(name, None)
        elif data:
            self.model.map_name(name, data)

    def choose_sheet(self) -> None:
        """选择工作表…: ask which sheet to read; the dialog closes and the caller reads the file again with it."""
        from gui.import_sheet_choice import ask_sheet

        def chosen(sheet: str) -> None:
            self.reject()
            self.sheet_requested.emit(sheet)

        self.sheet_chooser = ask_sheet(self, self.preview.sheet, self.preview.workbook_sheets, chosen)

    def drop_selected(self, drop: bool = True) -> None:
        """删除所选行: the selected rows are struck out and not imported (恢复所选行 takes them back)."""
        rows = [index.row() for index in self.grid.selectionModel().selectedIndexes()]
        self.model.drop_rows(rows, drop)

    def confirm_selected(self) -> None:
        """Accept the read values of the selected 待确认 cells."""
        for index in self.grid.selectionModel().selectedIndexes():
            if index.data(Qt.ItemDataRole.UserRole) == "pending":
                self.model.accept_read_value(index)

    def _accept_certain_toggled(self, on: bool) -> None:
        self.review.accept_certain = on
        self._update()

    def _show_message(self, text: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {ERROR_COLOUR};")

    def _update(self) -> None:
        if getattr(self, "name_choices", None):
            for name, combo in self.name_choices.items():
                unit, zone = self.model._mapping(name)
                wanted = "zone" if zone else unit
                position = combo.findData(wanted) if wanted != "" else 0
                combo.setCurrentIndex(max(0, position))
        text, colour, ok = self._verdict()
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {colour};" if colour else "")
        self.import_button.setEnabled(ok)

    def _import_by_keys(self) -> None:
        if self.import_button.isEnabled():
            self.import_button.click()

    def _verdict(self) -> tuple[str, str, bool]:
        preview = self.preview
        if preview.errors:
            text = f"表中有 {len(preview.errors)} 处错误（见“错误、警告和说明”），请修改原表后重新导入；现在不能导入。"
            return text, ERROR_COLOUR, False
        left = self.model.undecided()
        if left and not self.review.accept_certain:
            return (f"还有 {len(left)} 项待确认（黄色）：请逐项确认、修改或填写，未登记的名称请选择对应单位；"
                    "或勾选“只导入有把握的分解指标”。", WARNING_COLOUR, False)  # fmt: skip
        if left:
            return f"{len(left)} 项待确认不登记；点“导入”保存其余分解指标。", WARNING_COLOUR, True
        if preview.unread:
            # Never an all-qualitative plan unnoticed: the figures a column holds were not read.
            return f"{preview.unread}。如确认本表没有分解到单位的指标，仍可导入。", ERROR_COLOUR, True
        if preview.warnings:
            return (
                f"有 {len(preview.warnings)} 条警告，请核对后再导入；导入后仍可按新表重新导入。",
                WARNING_COLOUR,
                True,
            )
        return "没有发现问题。点“导入”保存到台账。", "", True

    def accept(self) -> None:
        try:
            check_review(copy.deepcopy(self.review), self.preview.pending, self.registry, self.preview.plan.city,
                         self.preview.plan)  # fmt: skip
        except ReviewError as exc:
            self._show_message(str(exc))
            return
        super().accept()

    def _summary_text(self) -> str:
        preview, plan = self.preview, self.preview.plan
        city = f"，{plan.city}" if plan.city else ""
        lines = [
            f"文件：{preview.file}（工作表“{preview.sheet}”，{preview.shape}）",
            f"方案：{plan.title}（{plan.year} 年{city}）",
            f"将更新库中已有方案“{preview.replaces}”：按序号更新任务和分解指标，已填报的完成情况全部保留"
            if preview.replaces
            else "将作为新方案导入",
            f"任务 {len(plan.tasks)} 项，指标 {len(preview.indicators)} 个，分解到单位的指标 {len(preview.quotas)} 条，"
            f"待确认 {len(preview.pending)} 项",
        ]
        return "\n".join(lines)

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
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate((56, 420, 180, 72, 96, 200, 110)[: len(columns)]):
        table.setColumnWidth(column, width)
    return table


def _put(table: QTableWidget, row: int, column: int, text: str, *, numeric: bool = False) -> None:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if numeric:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    table.setItem(row, column, item)

"""The grid's first columns (序号, 任务 / 指标) stay in view while it scrolls sideways, like Excel's 冻结窗格."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class FrozenColumns(QTableView):
    """A view laid over the grid's first `count` columns, sharing its model, selection and row heights.

    It takes no focus and edits nothing: a click selects through the shared selection model, and the grid
    keeps every key. After the grid's model is set, call `follow_model()`; on resize, `place()`.

    The grid scrolls sideways by whole columns, as Excel does under 冻结窗格: every scroll position puts a
    column's left edge at the frozen columns' right edge, so no column is ever half hidden under them.
    """

    def __init__(self, grid: QTableView, count: int) -> None:
        super().__init__(grid)
        self.grid = grid
        self.count = count
        self.setObjectName("frozen_columns")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setDefaultAlignment(grid.horizontalHeader().defaultAlignment())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(grid.wordWrap())
        self.setAlternatingRowColors(grid.alternatingRowColors())
        self.setStyleSheet("QTableView#frozen_columns { border: none; border-right: 2px solid #A0A0A0; }")
        # Both scroll together: the grid's bar drives this one, and a wheel turned over this one the grid.
        grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
        grid.verticalHeader().sectionResized.connect(lambda row, _old, new: self.setRowHeight(row, new))
        grid.horizontalHeader().sectionResized.connect(self._column_resized)
        self._scrolled_to = 0
        self._snapping = False
        grid.horizontalScrollBar().valueChanged.connect(self._snap)
        # After the model's rows change, once the grid has sized them (a filter sends a signal per block of rows).
        self._sync = QTimer(self)
        self._sync.setSingleShot(True)
        self._sync.setInterval(0)
        self._sync.timeout.connect(self.sync_rows)

    def follow_model(self) -> None:
        """Show the grid's model and selection; again whenever the grid gets a new model."""
        model = self.grid.model()
        self.setModel(model)
        self.setSelectionModel(self.grid.selectionModel())
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._sync_later)
        self._sync_columns()
        self._sync_later()
        self.show()

    def frozen_width(self) -> int:
        return sum(self.grid.columnWidth(c) for c in range(self.count))

    def place(self) -> None:
        """Cover exactly the frozen columns, header included, right of the row numbers."""
        grid = self.grid
        frame = grid.frameWidth()
        height = grid.horizontalHeader().height() + grid.viewport().height()
        self.setGeometry(grid.verticalHeader().width() + frame, frame, self.frozen_width(), height)
        self.horizontalHeader().setFixedHeight(grid.horizontalHeader().height())
        self._fit_scroll_range()

    # --- scrolling by whole columns --------------------------------------------------------------------------

    def column_starts(self) -> list[int]:
        """The scroll positions that put a column's left edge at the frozen edge (0 for the first one)."""
        header = self.grid.horizontalHeader()
        if header.count() <= self.count:
            return []
        base = header.sectionPosition(self.count)
        return [header.sectionPosition(c) - base for c in range(self.count, header.count())
                if not header.isSectionHidden(c)]  # fmt: skip

    def _fit_scroll_range(self) -> None:
        """The last position shows the last column whole too: the range ends on a column's start."""
        bar = self.grid.horizontalScrollBar()
        natural = bar.maximum()
        further = [start for start in self.column_starts() if start >= natural]
        if natural > 0 and further and further[0] > natural:
            bar.setMaximum(further[0])

    def _snap(self, value: int) -> None:
        """A scroll that stops inside a column moves on to the next column's start in the same direction."""
        if self._snapping:
            return
        starts = self.column_starts()
        if not starts or value in starts:
            self._scrolled_to = value
            return
        if value > self._scrolled_to:
            target = min((s for s in starts if s >= value), default=starts[-1])
        else:
            target = max((s for s in starts if s <= value), default=0)
        bar = self.grid.horizontalScrollBar()
        self._snapping = True
        try:
            if target > bar.maximum():
                bar.setMaximum(target)
            bar.setValue(target)
        finally:
            self._snapping = False
        self._scrolled_to = bar.value()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column < self.count:
            self.setColumnWidth(column, new)
            self.place()

    def _sync_columns(self) -> None:
        for column in range(self.model().columnCount()):
            self.setColumnHidden(column, column >= self.count)
        for column in range(self.count):
            self.setColumnWidth(column, self.grid.columnWidth(column))
        self.place()

    def _sync_later(self, *_: object) -> None:
        self._sync.start()

    def sync_rows(self) -> None:
        """Give each row the grid's height where it differs, so the two halves line up.

        A row the grid resizes is followed at once (its sectionResized); this catches rows the model inserted
        or moved, which both headers give their default height before the grid sizes them.
        """
        ours, grid = self.verticalHeader(), self.grid.verticalHeader()
        for row in range(min(ours.count(), grid.count())):
            height = grid.sectionSize(row)
            if ours.sectionSize(row) != height:
                ours.resizeSection(row, height)
        self.verticalScrollBar().setValue(self.grid.verticalScrollBar().value())
        self.place()

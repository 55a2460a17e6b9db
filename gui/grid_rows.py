"""The grid's rows: their heights (each as tall as its wrapped text, worked out when the row changes) and numbers.

Qt's ResizeToContents mode works out every row's height again at every change of the view: an edit, each
row of a paste, a filter, a sort. On the region's 200 rows that was most of an edit's time (bench/, issue
16). Here a height is worked out once per load, kept per row of the ledger (the filter's source row), and
again only for the rows a change touched; a filter or a sort puts back the heights already known. When the
columns' widths change (the window is resized, a column dragged), every row is worked out again.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget


class RowNumbers(QHeaderView):
    """The row numbers, as wide as the widest number the loaded rows need, also while a filter shows fewer.

    Qt sizes them to the rows shown, so typing in the filter box shifted the grid sideways whenever the count
    of matching rows crossed 10 or 100, and each shift repainted the whole grid once more.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)  # as QTableView's own vertical header
        self.setHighlightSections(True)
        self._hint = QSize()  # the widest hint so far, for up to `_rows` rows
        self._rows = -1

    def sizeHint(self) -> QSize:
        # Qt works the hint out again (asking each row's number) whenever rows come or go; fewer rows than
        # those already measured need no more width.
        if self.count() > self._rows:
            hint = super().sizeHint()
            self._hint = QSize(max(self._hint.width(), hint.width()), hint.height())
            self._rows = self.count()
        return self._hint

    def reset(self) -> None:  # a new load: its own rows decide the width
        self._hint, self._rows = QSize(), -1
        super().reset()


class RowHeights(QObject):
    """Keeps a QTableView's rows as tall as their contents, as ResizeToContents would, for less work.

    The height of a row is the one ResizeToContents gives it: the larger of the view's sizeHintForRow and
    the header's own hint, within the header's minimum and maximum section sizes. Call `follow()` after
    the view gets a model.
    """

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.header = view.verticalHeader()
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # only this class sizes the rows
        self._known: dict[int, int] = {}  # height by ledger row (the source row behind the filter)
        self.followers: list[QTableView] = []  # views beside this one showing the same rows (frozen columns)
        self._model: QAbstractItemModel | None = None
        # A whole refit waits for the event loop, as Qt's own does: a load or a column resize comes with more
        # layout work, and the rows are measured once that is done.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_all)
        view.horizontalHeader().sectionResized.connect(lambda *_: self.fit_all_later())

    def follow(self, model: QAbstractItemModel | None) -> None:
        """Size the rows of `model` (the view's own, just set) from now on."""
        if self._model is not None:
            for signal, slot in self._connections:
                signal.disconnect(slot)
        self._model = model
        self._connections = []
        if model is not None:
            self._connections = [
                (model.modelReset, self.fit_all_later),
                (model.layoutChanged, self._rows_moved),
                (model.rowsInserted, self._rows_inserted),
                (model.dataChanged, self._rows_changed),
            ]
            for signal, slot in self._connections:
                signal.connect(slot)
        self.fit_all_later()

    # --- what changed --------------------------------------------------------------------------------------

    def fit_all_later(self) -> None:
        """Every row is measured again at the next turn of the event loop (the heights known are stale)."""
        self._known.clear()
        self._refit.start()

    def _rows_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        if not self._refit.isActive():
            self.fit(range(top_left.row(), bottom_right.row() + 1))

    def _rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if not self._refit.isActive():
            self.put_back(range(first, last + 1))

    def _rows_moved(self, *_: object) -> None:
        if not self._refit.isActive() and self._model is not None:
            self.put_back(range(self._model.rowCount()))

    # --- sizing --------------------------------------------------------------------------------------------

    def fit_all(self) -> None:
        """Measure every row now."""
        self._refit.stop()
        self._known.clear()
        if self._model is not None:
            self.fit(range(self._model.rowCount()))

    def fit(self, rows: range) -> None:
        """Measure these rows of the view again (their contents changed)."""
        for row in rows:
            height = self.measure(row)
            self._known[self._ledger_row(row)] = height
            self.header.resizeSection(row, height)

    def put_back(self, rows: range) -> None:
        """Give these rows of the view (and of its followers) their known heights, measuring unknown ones.

        Only after the model inserted or moved rows, which has the views lay out and repaint everything anyway:
        the headers resize quietly, or each resized row would have the view repaint from it down once more.
        """
        headers = [self.header, *(view.verticalHeader() for view in self.followers)]
        blocked = [header.blockSignals(True) for header in headers]
        try:
            for row in rows:
                ledger_row = self._ledger_row(row)
                height = self._known.get(ledger_row)
                if height is None:
                    height = self._known[ledger_row] = self.measure(row)
                for header in headers:
                    header.resizeSection(row, height)
        finally:
            for header, was in zip(headers, blocked, strict=True):
                header.blockSignals(was)

    def measure(self, row: int) -> int:
        """The height ResizeToContents would give this row of the view."""
        hint = max(self.view.sizeHintForRow(row), self.header.sectionSizeHint(row))
        return max(self.header.minimumSectionSize(), min(hint, self.header.maximumSectionSize()))

    def _ledger_row(self, row: int) -> int:
        model = self._model
        if model is not None and hasattr(model, "mapToSource"):
            return model.mapToSource(model.index(row, 0)).row()
        return row

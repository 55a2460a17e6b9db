"""The city view's models: units × indicators (each cell target / actual / rate / status), and 报送情况.

Both present an operations.city_overview.CityOverview loaded in a worker; neither edits anything.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from domain.city_totals import CityTotal
from domain.periods import cn_date, cn_datetime
from domain.plans import IndicatorKind, display_seq
from domain.progress import ProgressRow, Status
from gui.columns import format_actual, format_number, format_percent, format_target
from operations.city_overview import CityOverview, OverviewLine, UnitReportLine

Index = QModelIndex | QPersistentModelIndex
CELL_ROLE = Qt.ItemDataRole.UserRole  # the ProgressRow (a unit's cell), CityTotal (全市合计) or the line
UNIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the unit's full name, for unit columns
FIXED = ("序号", "任务 / 指标")
TOTAL_TITLE = "全市合计"
NOT_ADDED = "—\n（增长率、占比\n不相加）"
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def cell_text(row: ProgressRow) -> str:
    """Three lines: 目标 18 / 完成 12 / 66.7% 滞后 — the status always in words, not only in colour."""
    if not row.indicator.kind.is_numeric:
        stated = row.achievement.status.value if row.achievement and row.achievement.status else "—"
        return f"定性任务\n{stated}\n{row.status.value}"
    actual = format_actual(row, row.actual) or "—"
    rate = format_percent(row.rate) or "—"
    return f"目标 {format_target(row)}\n完成 {actual}\n{rate} {row.status.value}"


def total_text(line: OverviewLine) -> str:
    total = line.total
    if total is None:
        return NOT_ADDED if line.indicator.kind.is_numeric else "—"
    target = format_number(total.target) if total.target is not None else "—"
    actual = format_number(total.actual) if total.actual is not None else "—"
    text = f"目标 {target}\n完成 {actual}\n{format_percent(total.rate) or '—'} {total.status.value}"
    return f"{text}\n{total.missing_text}" if total.missing_text else text


def cell_tooltip(row: ProgressRow, unit: str) -> str:
    parts = [f"{unit}：{row.status.value}（{row.status.explanation}）", f"序时进度 {format_percent(row.time_progress)}"]
    if row.quota and row.quota.source:
        parts.append(f"分解依据：{row.quota.source}")
    if row.indicator.kind is IndicatorKind.GROWTH and row.baseline is not None:
        parts.append(f"基础数：{format_number(row.baseline)}{row.indicator.measure}")
    if row.achievement and row.achievement.progress:
        parts.append(f"工作进展：{row.achievement.progress[:120]}")
    parts.append("单击查看工作进展、存在问题、佐证材料和修改留痕")
    return "\n".join(parts)


class CityGridModel(QAbstractTableModel):
    """Rows are indicators; columns 序号, 任务 / 指标, 全市合计, 市本级, then each county-level unit.

    全市合计 comes first so that, with the first columns frozen, the total is always in view; 市本级 beside it,
    since its figures are part of it.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.overview: CityOverview | None = None
        self._order: list[int] = []  # column after 全市合计 → index into overview.units

    def set_overview(self, overview: CityOverview | None) -> None:
        self.beginResetModel()
        self.overview = overview
        units = overview.units if overview else ()
        self._order = [i for i, u in enumerate(units) if u.is_city] + [i for i, u in enumerate(units) if not u.is_city]
        self.endResetModel()

    @property
    def lines(self) -> list[OverviewLine]:
        return self.overview.lines if self.overview else []

    @property
    def unit_count(self) -> int:
        return len(self.overview.units) if self.overview else 0

    @property
    def total_column(self) -> int:
        return len(FIXED)

    def unit_index(self, column: int) -> int | None:
        """Which unit a column shows (index into overview.units), or None for 序号, 指标 and 全市合计."""
        index = column - len(FIXED) - 1
        return self._order[index] if 0 <= index < len(self._order) else None

    def column_of(self, unit: str) -> int:
        """The column showing a unit (full name); -1 when it has none."""
        if self.overview is None or unit not in self.overview.unit_names:
            return -1
        return len(FIXED) + 1 + self._order.index(self.overview.unit_names.index(unit))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.overview is None:
            return 0
        return len(FIXED) + self.unit_count + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or self.overview is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section < len(FIXED):
            return FIXED[section]
        unit = self.unit_index(section)
        return self.overview.column_title(unit) if unit is not None else TOTAL_TITLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.overview is None or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        column = index.column()
        if column < len(FIXED):
            return self._fixed(line, column, role)
        unit = self.unit_index(column)
        if unit is None:
            return self._total(line, role)
        return self._cell(line.cells[unit], self.overview.units[unit].name, role)

    def _fixed(self, line: OverviewLine, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return display_seq(line.task.seq)
            measure = line.indicator.target_measure if line.indicator.kind.is_numeric else ""
            name = f"{line.indicator.name}（{measure}）" if measure else line.indicator.name
            return f"{name}\n序时进度 {format_percent(line.time_progress)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.task.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE if column == 0 else LEFT
        if role == CELL_ROLE:
            return line
        return None

    def _cell(self, row: ProgressRow | None, unit: str, role: int):
        if role == UNIT_ROLE:
            return unit
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "—"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"该任务未分解给{unit}，也未要求其配合"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return CENTRE
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(row.status.colour))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#000000"))  # dark text on the light status colours, in any theme
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(row, unit)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE
        if role == CELL_ROLE:
            return row
        return None

    def _total(self, line: OverviewLine, role: int):
        total: CityTotal | None = line.total
        if role == Qt.ItemDataRole.DisplayRole:
            return total_text(line)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE
        if total is None:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "增长率、占比类指标各单位的数不能相加，没有全市合计" if line.indicator.kind.is_numeric else None
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(total.status.colour))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{total.status.value}（{total.status.explanation}）\n{total.explanation}"
        if role == CELL_ROLE:
            return total
        return None

    def status_counts(self) -> dict[Status, int]:
        return self.overview.status_counts() if self.overview else dict.fromkeys(Status, 0)


REPORT_COLUMNS = ("单位", "报送状态", "报表导出时间", "收取时间", "校验", "应报日期", "逾期", "退回", "报表文件")


class ReportStatusModel(QAbstractTableModel):
    """报送情况: one row per county-level unit — who reported, when, draft or final, hand changes, overdue."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.reports: list[UnitReportLine] = []

    def set_overview(self, overview: CityOverview | None) -> None:
        self.beginResetModel()
        self.reports = list(overview.reports) if overview else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.reports)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(REPORT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return REPORT_COLUMNS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.reports):
            return None
        report = self.reports[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(report, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            if column == 1:
                return QBrush(QColor(report.state.colour))
            if column == 6 and report.late:
                return QBrush(QColor(Status.OVERDUE.colour))
            if column == 4 and report.changed:
                return QBrush(QColor(Status.BEHIND.colour))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column in (1, 4, 6):
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return report.state.explanation
            if column == 4 and report.changes:
                return "\n".join(report.changes)
            if column == 7 and report.send_backs:
                return "\n".join(
                    f"{cn_datetime(s.send_back.sent_at)} 退回（{s.send_back.count} 条意见），"
                    + (f"{s.answer} 已答复" if s.answer else "待重报")
                    for s in report.send_backs
                )
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if column in (0, 8) else CENTRE
        if role == UNIT_ROLE:
            return report.unit
        return None

    @staticmethod
    def _text(report: UnitReportLine, column: int) -> str:
        values = (
            report.unit,
            report.state.value,
            cn_datetime(report.exported_at),
            cn_datetime(report.collected_at),
            report.check,
            cn_date(report.due) if report.due else "",
            report.lateness,
            report.send_back_text,
            report.file,
        )
        return values[column]

"""The charts (QtCharts): completion rate against 序时进度, progress through the periods, tasks by status.

Returns and charts are often printed in black and white, so each status is told apart by more than hue:
the fills step from dark to light in grayscale, 逾期 carries stripes and 未填报 a grid, and every bar or
slice also says its status in the legend or its label. Charts are built from plain data
(operations.chart_data), so the same chart can be shown, rendered to PNG at a fixed size, or printed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QLineSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPageLayout, QPainter, QPen, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QGraphicsScene

from domain.progress import Status
from operations.chart_data import STATUS_ORDER, Bar, PeriodChart, RateChart, StatusChart

ChartData = RateChart | PeriodChart | StatusChart
IMAGE_SIZE = QSize(1400, 860)
# Grayscale luminance of these fills, dark to light: 已完成 ~60, 逾期 ~95 with black stripes, 正常 ~140,
# 无目标/缺基数 ~190, 滞后 ~225, 未填报 ~235 with a grey grid. Hue follows the offices' green/yellow/red.
FILLS = {
    Status.DONE: "#1E5E32",
    Status.ON_TRACK: "#5FAF63",
    Status.BEHIND: "#FFE38F",
    Status.OVERDUE: "#C9302C",
    Status.NOT_REPORTED: "#F4F4F4",
    Status.NO_TARGET: "#BDBDBD",
    Status.NO_BASELINE: "#BDBDBD",
}
LABEL_COLOURS = {Status.DONE: "#FFFFFF", Status.OVERDUE: "#FFFFFF"}
PROGRESS_PEN = QPen(QColor("#000000"), 2.5, Qt.PenStyle.DashLine)
RATE_PEN = QPen(QColor("#1F4E79"), 3)


class ChartSaveError(Exception):
    """A chart image that could not be saved; the message is Chinese."""


def status_brush(status: Status) -> QBrush:
    """The fill of a bar or slice: a colour, with stripes (逾期) or a grid (未填报) that survive grayscale."""
    colour = QColor(FILLS[status])
    if status is Status.OVERDUE:
        return QBrush(_texture(colour, QColor("#000000"), stripes=True))
    if status is Status.NOT_REPORTED:
        return QBrush(_texture(colour, QColor("#8C8C8C"), stripes=False))
    return QBrush(colour)


def _texture(background: QColor, ink: QColor, *, stripes: bool) -> QPixmap:
    size = 12
    pixmap = QPixmap(size, size)
    pixmap.fill(background)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(ink, 2))
    if stripes:
        painter.drawLine(0, size, size, 0)
        painter.drawLine(-size // 2, size // 2, size // 2, -size // 2)
        painter.drawLine(size // 2, size + size // 2, size + size // 2, size // 2)
    else:
        painter.drawLine(0, size // 2, size, size // 2)
        painter.drawLine(size // 2, 0, size // 2, size)
    painter.end()
    return pixmap


def _base_chart(title: str, subtitle: str) -> QChart:
    chart = QChart()
    chart.setTitle(f"{title}<br><span style='font-size:10pt'>{subtitle}</span>" if subtitle else title)
    font = QFont()
    font.setPointSize(13)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # drawn complete at once: printable, testable
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(8, 8, 8, 8))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _percent_axis(top: float) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setLabelFormat("%d%%")
    axis.setTickCount(7 if top <= 150 else 6)
    axis.setTitleText("完成率 / 序时进度（%）")
    return axis


def _top(values: list[float]) -> float:
    """The axis top: 120 % normally (room above a full bar), more when a figure exceeds it."""
    highest = max([0.0, *values])
    if highest <= 110:
        return 120.0
    return float(int(highest * 1.1 / 20 + 1) * 20)


def rate_chart(data: RateChart) -> QChart:
    """Bars of completion rate, one stacked set per status (so each bar has its status's fill and legend word),
    against a dashed 序时进度 line."""
    chart = _base_chart(data.title, data.subtitle)
    bars = list(data.bars)
    series = QStackedBarSeries()
    for status in STATUS_ORDER:
        if not any(b.status is status and b.rate is not None for b in bars):
            continue
        bar_set = QBarSet(status.value)
        bar_set.append([_percent(b.rate) if b.status is status and b.rate is not None else 0.0 for b in bars])
        bar_set.setBrush(status_brush(status))
        bar_set.setPen(QPen(QColor("#404040"), 1))
        bar_set.setLabelColor(QColor(LABEL_COLOURS.get(status, "#000000")))
        series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    series.setLabelsPrecision(3)
    series.setBarWidth(0.6)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append([_bar_label(b) for b in bars] or ["（无）"])
    if len(bars) > 6:
        axis_x.setLabelsAngle(-90)  # upright, so 玉林健康产业园（未填报） is not cut short
        small = QFont()
        small.setPointSize(8)
        axis_x.setLabelsFont(small)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = _percent_axis(_top([_percent(b.rate) for b in bars if b.rate is not None]))
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    if bars:
        line = _progress_line(bars)
        chart.addSeries(line)
        line.attachAxis(axis_x)
        line.attachAxis(axis_y)
    return chart


def _bar_label(bar: Bar) -> str:
    # A missing rate draws no bar: the label says why, so 0 % and 未填报 are never confused.
    return bar.label if bar.rate is not None else f"{bar.label}（{bar.status.value}）"


def _progress_line(bars: list[Bar]) -> QLineSeries:
    line = QLineSeries()
    line.setPen(PROGRESS_PEN)
    progresses = {round(b.time_progress, 6) for b in bars}
    if len(progresses) == 1:
        value = _percent(bars[0].time_progress)
        line.setName(f"序时进度 {value:.0f}%")
        line.append(-0.5, value)
        line.append(len(bars) - 0.5, value)
    else:  # each indicator has its own deadline: a point at each bar
        line.setName("序时进度")
        for index, bar in enumerate(bars):
            line.append(index, _percent(bar.time_progress))
        line.setPointsVisible(True)
    return line


def period_chart(data: PeriodChart) -> QChart:
    """An indicator's completion rate through the periods (solid, labelled) and 序时进度 (dashed)."""
    chart = _base_chart(data.title, data.subtitle if data.points else f"{data.subtitle}　（无可相加的数字）")
    points = list(data.points)
    axis_x = QBarCategoryAxis()
    axis_x.append([_short(p.period) for p in points] or ["（无）"])
    rates = QLineSeries()
    rates.setName("完成率")
    rates.setPen(RATE_PEN)
    rates.setPointsVisible(True)
    rates.setPointLabelsVisible(True)
    rates.setPointLabelsFormat("@yPoint%")
    rates.setPointLabelsClipping(False)
    progress = QLineSeries()
    progress.setName("序时进度")
    progress.setPen(PROGRESS_PEN)
    for index, point in enumerate(points):
        if point.rate is not None:  # a period without a figure is a gap in knowledge, not a zero
            rates.append(index, round(_percent(point.rate), 1))
        progress.append(index, _percent(point.time_progress))
    for series in (rates, progress):
        chart.addSeries(series)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    axis_y = _percent_axis(_top([_percent(p.rate) for p in points if p.rate is not None]))
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for series in (rates, progress):
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
    return chart


def _short(period) -> str:
    label = period.label
    return label[len(f"{period.year}年") :] or label


def status_chart(data: StatusChart) -> QChart:
    """The share of tasks by status: a slice per status, labelled with its word, count and share."""
    chart = _base_chart(data.title, f"{data.subtitle}　共 {data.total} 项")
    series = QPieSeries()
    for status, count in data.counts:
        share = count / data.total if data.total else 0.0
        pie_slice = series.append(f"{status.value} {count} 项（{share:.0%}）", count)
        pie_slice.setBrush(status_brush(status))
        pie_slice.setPen(QPen(QColor("#404040"), 1))
        pie_slice.setLabelVisible(True)
    series.setPieSize(0.62)
    chart.addSeries(series)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def build_chart(data: ChartData) -> QChart:
    if isinstance(data, RateChart):
        return rate_chart(data)
    if isinstance(data, PeriodChart):
        return period_chart(data)
    return status_chart(data)


def _percent(rate: float | None) -> float:
    return 0.0 if rate is None else rate * 100.0


def laid_out(data: ChartData, size: QSize = IMAGE_SIZE) -> tuple[QGraphicsScene, QChart]:
    """The chart in a scene of its own at a fixed size, never shown: what PNG files and printouts draw."""
    scene = QGraphicsScene()
    chart = build_chart(data)
    scene.addItem(chart)
    chart.setGeometry(QRectF(0, 0, size.width(), size.height()))
    scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
    # The layout runs on the next event; without it the axes and bars are where they were first put.
    QCoreApplication.sendPostedEvents()
    chart.layout().activate() if chart.layout() else None
    return scene, chart


def chart_image(data: ChartData, size: QSize = IMAGE_SIZE) -> QImage:
    """The chart drawn on white at `size`."""
    scene, _chart = laid_out(data, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, size.width(), size.height()), scene.sceneRect())
    painter.end()
    return image


def save_chart_png(data: ChartData, path: str | Path, size: QSize = IMAGE_SIZE) -> Path:
    """Save the chart as a PNG image; ChartSaveError (Chinese) when the file cannot be written."""
    target = Path(path).expanduser().absolute()
    if not target.parent.is_dir():
        raise ChartSaveError(f"保存失败：文件夹“{target.parent}”不存在，请另选保存位置。")
    if not chart_image(data, size).save(str(target), "PNG"):
        raise ChartSaveError(f"保存失败：无法写入“{target}”（没有权限、磁盘已满或文件被占用），请另选位置。")
    return target


def print_chart(data: ChartData, printer: QPrinter) -> None:
    """Draw the chart on one landscape page of `printer` (a real printer, or a PDF file)."""
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    painter = QPainter()
    if not painter.begin(printer):
        raise ChartSaveError("无法开始打印：打印机不可用，或 PDF 文件无法写入")
    try:
        page = printer.pageLayout().paintRectPixels(printer.resolution())
        # Laid out at screen size with the page's proportions, then scaled onto the page as vectors.
        width = 1400
        height = max(400, int(width * page.height() / max(1, page.width())))
        scene, _chart = laid_out(data, QSize(width, height))
        scene.render(painter, QRectF(0, 0, page.width(), page.height()), scene.sceneRect())
    finally:
        painter.end()

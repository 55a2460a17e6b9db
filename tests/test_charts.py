"""Charts (QtCharts): each renders offscreen with something drawn, bars of different statuses differ in
grayscale (returns are printed and read in black and white), and each can be saved as PNG and printed."""

from __future__ import annotations

import ast
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from domain.periods import Period
from domain.profile import Profile
from domain.progress import Status
from gui.charts import FILLS, build_chart, chart_image, laid_out, print_chart
from gui.charts_dialog import ChartDialog, city_chart_choices, open_charts
from gui.main_window import MainWindow
from operations.chart_data import Bar, PeriodChart, PeriodPoint, RateChart, StatusChart
from operations.city_overview import load_city_overview
from operations.collect import collect_returns
from storage.achievements import AchievementKey, record_achievements
from tests.city_support import settle
from tests.collect_support import OCTOBER, make_city, make_counties

ROOT = Path(__file__).resolve().parent.parent
SIZE = QSize(900, 560)
FOUR = RateChart(
    "各单位完成率",
    (Bar("甲", 0.8, Status.DONE, 0.8), Bar("乙", 0.8, Status.ON_TRACK, 0.8), Bar("丙", 0.8, Status.BEHIND, 0.8),
     Bar("丁", 0.8, Status.OVERDUE, 0.8), Bar("戊", None, Status.NOT_REPORTED, 0.8)),
    "序时进度 80%",
)  # fmt: skip
PERIODS = PeriodChart(
    "各期完成率",
    tuple(PeriodPoint(Period(2022, "month", m), r, m / 12, Status.ON_TRACK)
          for m, r in ((8, 0.5), (9, None), (10, 0.7))),  # fmt: skip
)
SHARES = StatusChart("任务状态分布", ((Status.DONE, 3), (Status.BEHIND, 2), (Status.OVERDUE, 1), (Status.NOT_REPORTED, 4)))


def _luma(image: QImage, x: int, y: int) -> int:
    c = image.pixelColor(x, y)
    return round(0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue())


def patch_stats(image: QImage, centre: QPointF, half: int = 10) -> tuple[float, float]:
    """Mean and spread of the grayscale values in a square around a point: a fill's look on paper."""
    values = [_luma(image, int(centre.x()) + dx, int(centre.y()) + dy)
              for dx in range(-half, half + 1) for dy in range(-half, half + 1)]  # fmt: skip
    mean = sum(values) / len(values)
    spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return mean, spread


def drawn_share(image: QImage) -> float:
    """The share of pixels that are not white: a blank render is ~0."""
    step = 4
    total = drawn = 0
    for x in range(0, image.width(), step):
        for y in range(0, image.height(), step):
            total += 1
            drawn += _luma(image, x, y) < 235
    return drawn / total


def pixels_of(image: QImage, colour: str, tolerance: int = 12) -> int:
    """How many pixels (every other one) are within `tolerance` of a colour: a series' ink found on the image."""
    target = QColor(colour)
    found = 0
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            c = image.pixelColor(x, y)
            if max(abs(c.red() - target.red()), abs(c.green() - target.green()), abs(c.blue() - target.blue())) <= tolerance:
                found += 1
    return found


@pytest.mark.parametrize(
    ("data", "inks"),
    [(FOUR, [FILLS[Status.DONE], FILLS[Status.ON_TRACK], FILLS[Status.BEHIND]]), (PERIODS, ["#1F4E79"]),
     (SHARES, [FILLS[Status.DONE], FILLS[Status.BEHIND]])],
    ids=["rates", "periods", "statuses"],
)  # fmt: skip
def test_each_chart_renders_offscreen_with_its_series_drawn(qapp, data, inks):
    image = chart_image(data, SIZE)
    assert image.size() == SIZE
    assert drawn_share(image) > 0.01
    for ink in inks:
        assert pixels_of(image, ink) > 100, ink  # the bars, line or slices themselves, not only axes and text


def test_bars_of_different_statuses_differ_in_grayscale(qapp):
    scene, chart = laid_out(FOUR, SIZE)
    image = chart_image(FOUR, SIZE)
    series = chart.series()[0]
    looks = {}
    for index, status in enumerate([Status.DONE, Status.ON_TRACK, Status.BEHIND, Status.OVERDUE]):
        centre = chart.mapToPosition(QPointF(index, 15), series)  # low in an 80 % bar, below its label
        looks[status] = patch_stats(image, centre)
    for a in looks:
        for b in looks:
            if a is b:
                continue
            (mean_a, spread_a), (mean_b, spread_b) = looks[a], looks[b]
            assert abs(mean_a - mean_b) >= 25 or abs(spread_a - spread_b) >= 20, (a, b, looks)
    assert looks[Status.OVERDUE][1] >= 20  # stripes: 逾期 stands out even where its gray is like another's


def test_a_missing_rate_draws_no_bar_and_says_why(qapp):
    chart = build_chart(FOUR)
    axis = next(a for a in chart.axes() if hasattr(a, "categories"))
    assert axis.categories()[-1] == "戊（未填报）"
    assert "序时进度 80%" in [s.name() for s in chart.series()]


def test_the_chart_prints_to_pdf(qapp, tmp_path):
    pdf = tmp_path / "图表.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf))
    print_chart(FOUR, printer)
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    (page,) = tmp_path.glob("page*.png")
    image = QImage(str(page))
    assert image.width() > image.height()  # landscape
    assert drawn_share(image) > 0.03


@pytest.fixture(scope="module")
def overview(tmp_path_factory):
    folder = tmp_path_factory.mktemp("charts")
    counties = make_counties(folder / "counties")
    city = make_city(folder / "city")
    collect_returns(city, list(counties.returns.values()), "赵明")
    result = load_city_overview(city, counties.plan_id, OCTOBER, date(2022, 11, 8))
    city.close()
    counties.store.close()
    return result


def test_the_city_chart_dialog_shows_saves_and_prints_each_chart(qtbot, overview, tmp_path):
    dialog = ChartDialog("图表", city_chart_choices(overview))
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.kind_combo.itemText(i) for i in range(3)] == ["各单位完成率", "全市各期完成率", "任务状态分布"]
    dialog.show_chart(0, 0)
    assert dialog.data.title == "(237) 高新技术企业保有量 各单位完成率"
    beiliu = next(b for b in dialog.data.bars if b.label == "北流市")
    assert beiliu.status is Status.BEHIND and abs(beiliu.rate - 12 / 18) < 1e-9
    for kind in range(3):
        dialog.show_chart(kind, 0)
        saved = dialog.save_png(tmp_path / f"图{kind}.png")
        assert saved is not None and drawn_share(QImage(str(saved))) > 0.01
        printer = QPrinter()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"图{kind}.pdf"))
        assert dialog.print_chart(printer)
        assert (tmp_path / f"图{kind}.pdf").stat().st_size > 1000


def test_a_chart_that_cannot_be_saved_says_why(qtbot, overview, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = ChartDialog("图表", city_chart_choices(overview))
    qtbot.addWidget(dialog)
    assert dialog.save_png(tmp_path / "没有这个文件夹" / "图.png") is None
    assert shown and "不存在" in shown[0]


def test_the_county_window_opens_charts_of_its_plan_and_unit(qtbot, store, yulin_plan_id):
    record_achievements(store, [(AchievementKey(yulin_plan_id, "237", "", "北流市", Period.parse(code)), {"actual": n})
                                for code, n in (("2022-08", 9), ("2022-09", 10), ("2022-10", 12))], "李四")  # fmt: skip
    win = MainWindow(store, Profile(city="玉林市", unit="北流市", filler="李四"), today=date(2022, 10, 31))
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loaded, timeout=10000):
        win.show()
    if win.model.view.plan.id != yulin_plan_id:
        with qtbot.waitSignal(win.loaded, timeout=10000):
            win.select(plan_id=yulin_plan_id)
    assert "图表…" in [a.text() for a in win.view_menu.actions()]
    win.charts_action.trigger()
    dialog = next(d for d in win.findChildren(ChartDialog) if d.isVisible())
    assert dialog.windowTitle().startswith("图表 — 北流市")
    assert [dialog.kind_combo.itemText(i) for i in range(3)] == ["各项指标完成率", "指标各期完成率", "任务状态分布"]
    dialog.show_chart(0)
    assert ("(237) 高新技术企业保有量", 12 / 18) in [(b.label, b.rate) for b in dialog.data.bars]
    dialog.show_chart(1, 0)
    assert [(p.period.code, p.rate) for p in dialog.data.points if p.rate] == [
        ("2022-08", 9 / 18), ("2022-09", 10 / 18), ("2022-10", 12 / 18)]
    assert pixels_of(chart_image(dialog.data, SIZE), "#1F4E79") > 100
    dialog.show_chart(2)
    assert dict(dialog.data.counts)[Status.BEHIND] >= 1
    assert drawn_share(chart_image(dialog.data, SIZE)) > 0.01
    assert open_charts(win) is not None
    settle()


def test_qtcharts_is_importable_and_the_bundle_keeps_every_qt_module_we_import():
    """A build that drops QtCharts would make the charts (and the window that imports them) fail to open."""
    import PySide6.QtCharts  # noqa: F401 - the import is the check

    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    namespace: dict = {"SPECPATH": str(ROOT), "__file__": str(ROOT / "build.spec"), "__name__": "__main__"}
    exec(compile(spec, "build.spec", "exec"), namespace)
    used = set()
    for package in ("gui", "cli"):
        for file in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6.Qt"):
                    used.add(node.module.split(".")[1])
    assert "QtCharts" in used
    assert not used & set(namespace["QT_UNUSED"])

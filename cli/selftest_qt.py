"""The selftest's checks of what a user sees: Qt started, a return printed to PDF, the main window drawn.

On Windows they run on Qt's windows platform, the one users see (offscreen finds no fonts there), and
check that Chinese text was drawn: the PDF's text is read back, and the window's font has the characters.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from cli.selftest_context import FIGURES, PERIOD, REPORT_DAY, UNIT, WHO, CheckFailed, Context, expect
from version import APP_NAME


def _use_private_qt_settings(folder: Path) -> None:
    """The window remembers choices in QSettings: keep them in the temp folder, not the user's registry."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))


def default_platform() -> str:
    """Qt's platform for the checks: Windows' own (the one users see), elsewhere offscreen.

    On Windows, offscreen finds no fonts at all (every PDF glyph would be missing); the window is kept off
    the screen there by WA_DontShowOnScreen instead.
    """
    return "windows" if sys.platform == "win32" else "offscreen"


def check_qt(ctx: Context) -> str:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = default_platform()
    _use_private_qt_settings(ctx.folder)
    from PySide6.QtCore import QCoreApplication

    from gui.app import make_application

    ctx.app = make_application([sys.argv[0]])
    expect(not ctx.app.windowIcon().isNull(), "程序图标（resources/app.png）未能载入")
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    expect(cancel == "取消", f"Qt 中文翻译未载入（“Cancel”译为“{cancel}”）")
    return f"Qt {_qt_version()}，平台 {ctx.app.platformName()}，图标与中文翻译已载入"


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


def pdf_text(path: Path, *, use_pdftotext: bool = True) -> tuple[str, str]:
    """The PDF's text as a reader finds it, and which reader: poppler's pdftotext where installed, else the
    text layer read by cli/pdf_text.py (the Windows bundle has no poppler)."""
    from cli.pdf_text import PdfTextError, read_pdf_text

    pdftotext = shutil.which("pdftotext") if use_pdftotext else None
    if pdftotext:
        result = subprocess.run([pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60)
        if result.returncode == 0:
            return result.stdout.decode("utf-8", "replace"), "pdftotext"
    try:
        return read_pdf_text(path.read_bytes()).text, "文字层"
    except PdfTextError as exc:
        raise CheckFailed(f"读不出 PDF 中的文字：{exc}") from exc


def missing_from_pdf(path: Path, wanted: list[str], *, use_pdftotext: bool = True) -> tuple[list[str], str]:
    """The phrases of `wanted` that a reader of the PDF cannot find (line breaks and spaces ignored)."""
    from cli.pdf_text import searchable

    text, reader = pdf_text(path, use_pdftotext=use_pdftotext)
    found = searchable(text)
    return [w for w in wanted if searchable(w) not in found], reader


def check_pdf(ctx: Context) -> str:
    from cli.pdf_text import PdfTextError, read_pdf_text
    from domain.periods import Period
    from domain.progress import progress_rows
    from exporters.return_layout import return_title
    from gui.print_preview import print_to_pdf
    from storage.achievements import achievement_history
    from storage.plans import load_plan
    from storage.settings import load_profile
    from storage.units import get_unit

    ctx.need_store()
    expect(ctx.app is not None, "未执行：Qt 未能启动")
    plan = load_plan(ctx.store, ctx.plan_id)
    unit = get_unit(ctx.store, UNIT)
    period = Period.parse(PERIOD)
    history = achievement_history(ctx.store, ctx.plan_id, UNIT)
    rows = progress_rows(
        plan, unit.name, unit.kind, period, history, unit_short=unit.short_name, report_date=REPORT_DAY
    )
    path = print_to_pdf(plan, unit, period, rows, load_profile(ctx.store), ctx.folder / "完成情况表.pdf", draft=False)
    data = path.read_bytes()
    expect(data.startswith(b"%PDF"), "生成的文件不是 PDF")
    try:
        layer = read_pdf_text(data)
    except PdfTextError as exc:
        raise CheckFailed(f"PDF 无法读取：{exc}") from exc
    expect(bool(layer.fonts), "PDF 中没有嵌入任何字体：文字没有画成字")
    # What a user reads on the page: the title, the unit, a figure, a rate and the text typed for (237).
    wanted = [return_title(plan, UNIT), f"填报单位（盖章）：{UNIT}", FIGURES[0][1]["progress"][:11], "66.7%"]
    missing, reader = missing_from_pdf(path, wanted)
    expect(not missing, f"PDF 中找不到：{'、'.join(missing)}（用{reader}读取；字体缺失或文字没有画成字）")
    fonts = "、".join(layer.fonts)
    return f"{path.name}，{len(data) // 1024} KB，{len(layer.pages)} 页，{reader}读出标题、单位和数字，字体 {fonts}"


def check_window(ctx: Context) -> str:
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from domain.profile import Profile
    from gui.main_window import MainWindow
    from gui.workers import wait_for_jobs

    ctx.need_store()
    expect(ctx.app is not None, "未执行：Qt 未能启动")
    window = MainWindow(ctx.store, Profile(city="玉林市", unit=UNIT, filler=WHO), today=REPORT_DAY)
    loop = QEventLoop()
    window.loaded.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    started = time.monotonic()
    # Laid out, painted and loaded as on screen, but never shown there (the windows platform draws for real).
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.show()
    timer.start(30_000)
    loop.exec()
    loaded = timer.isActive()
    timer.stop()
    try:
        expect(loaded, "主窗口 30 秒内未载入数据")
        rows = len(window.model.rows)
        expect(rows > 0, "主窗口表格中没有任务")
        expect(UNIT in window.windowTitle(), f"窗口标题为“{window.windowTitle()}”")
        seconds = time.monotonic() - started
        family = _chinese_font(window)
    finally:
        window.close()
        wait_for_jobs()
        window.deleteLater()
        ctx.app.processEvents()
    return f"载入 {rows} 行用时 {seconds:.1f} 秒，中文字体 {family}，已关闭"


def _chinese_font(widget: Any) -> str:
    """The family the window's text is drawn in; CheckFailed unless it has the Chinese characters shown."""
    from PySide6.QtGui import QFontInfo, QRawFont

    font = widget.font()
    family = QFontInfo(font).family()
    raw = QRawFont.fromFont(font)
    sample = APP_NAME + "完成情况序时进度滞后"
    # By code point: PySide's str → QChar overload answers False for some characters a font has (科).
    missing = "".join(dict.fromkeys(c for c in sample if not raw.isValid() or not raw.supportsCharacter(ord(c))))
    expect(not missing, f"界面字体“{family}”没有中文字符（{missing}）：本机没有找到可用的中文字体")
    return family

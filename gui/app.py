"""Starting the window: Qt application, the user's store, first-start questions."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.profile import Profile
from version import APP_ID, APP_NAME, ORGANIZATION

# Fonts an office PC has, best first; Noto CJK stands in on Linux.
UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC", "WenQuanYi Micro Hei")


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names (for QSettings and QStandardPaths), Chinese Qt texts and a CJK font."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):  # fmt: skip
        app.installTranslator(translator)
    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            app.setFont(QFont(family, 10))
            break
    icon = Path(__file__).resolve().parent.parent / "resources" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def ask_profile(store, registry, current: Profile, parent=None) -> Profile | None:
    """The first-start dialog; None when the user cancels."""
    from gui.profile_dialog import ProfileDialog

    dialog = ProfileDialog(registry, current, parent)
    return dialog.profile() if dialog.exec() else None


def run_app(db_path: Path, reset_profile: bool = False) -> int:
    """Open the store (creating it with the built-in data on first start) and run the window."""
    from gui.main_window import MainWindow
    from operations.bootstrap import open_with_builtin
    from operations.upgrade import upgrade_notice
    from storage.db import StoreError
    from storage.settings import load_profile, save_profile
    from storage.units import unit_registry

    app = make_application()
    try:
        store = open_with_builtin(db_path)
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    notice = upgrade_notice(store)
    if notice:
        QMessageBox.information(None, APP_NAME, notice)
    profile = load_profile(store)
    if reset_profile or not profile.is_set:
        chosen = ask_profile(store, unit_registry(store), profile)
        if chosen is None:
            store.close()
            return 0
        save_profile(store, chosen)
        profile = chosen
    window = MainWindow(store, profile)
    window.show()
    status = app.exec()
    from gui.workers import wait_for_jobs

    wait_for_jobs()
    store.close()
    return status

"""The window's menus and its action toolbar: each entry dispatches to a module of actions.

That module is imported when its entry is first used (`later`), not when the window is built: behind
them are the exporters, the importers and openpyxl, which the first screen does not need, and importing
them all made a start several times as long as a bare window's (bench/, issue 16).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def add_action(win: MainWindow, menu: QMenu, text: str, slot: Callable[[], object], shortcut=None) -> QAction:
    """A menu entry calling `slot()`; a shortcut given here acts only while the grid has the focus."""
    action = QAction(text, win)
    if shortcut is not None:
        action.setShortcut(shortcut)
        # The grid handles copy/paste keys itself; the menu entry is for the mouse.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _=False: slot())
    menu.addAction(action)
    return action


def later(module: str, function: str, *args: object, **kwargs: object) -> Callable[[], object]:
    """A slot calling gui.<module>.<function>(*args, **kwargs), importing the module on the first call."""

    def slot() -> object:
        return getattr(importlib.import_module(f"gui.{module}"), function)(*args, **kwargs)

    return slot


def build_menus(win: MainWindow) -> None:
    """文件, 编辑, 导出, 报送, 汇总 (a city's), 设置, 帮助; and the second toolbar row with the common ones."""
    menu = win.menuBar()
    win.file_menu = menu.addMenu("文件(&F)")
    import_action = add_action(win, win.file_menu, "导入分工表…", later("file_actions", "import_table", win))
    import_action.setShortcut(QKeySequence.StandardKey.Open)
    plans = later("plans_dialog", "manage_plans", win)
    add_action(win, win.file_menu, "方案管理（重命名、归档、删除、报送规则）…", plans)
    win.file_menu.addSeparator()
    win.edit_menu = menu.addMenu("编辑(&E)")
    undo = win.undo_stack.createUndoAction(win, "撤销")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = win.undo_stack.createRedoAction(win, "重做")
    # Ctrl+Y as in Excel and WPS; listed once, since a duplicate makes Qt treat the key as ambiguous.
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    redo.setShortcuts(redo_keys + [k for k in [QKeySequence("Ctrl+Y")] if k not in redo_keys])
    win.undo_action, win.redo_action = undo, redo
    win.edit_menu.addActions([undo, redo])
    win.edit_menu.addSeparator()
    add_action(win, win.edit_menu, "复制", win.grid.copy_selection, QKeySequence.StandardKey.Copy)
    add_action(win, win.edit_menu, "粘贴", win.grid.paste, QKeySequence.StandardKey.Paste)
    add_action(win, win.edit_menu, "清除", win.grid.clear_selection)
    win.edit_menu.addSeparator()
    win.carry_forward_action = add_action(win, win.edit_menu, "沿用上期文字（填入本期空白的进展、问题、计划、佐证）",
                                          win.model.carry_forward)  # fmt: skip
    win.edit_menu.addSeparator()
    add_action(win, win.edit_menu, "按状态排序（逾期、滞后在前）", lambda: win.grid.sort_by("status"))
    add_action(win, win.edit_menu, "恢复表格顺序", lambda: win.grid.sort_by("seq"))
    win.export_menu = menu.addMenu("导出(&X)")
    draft = add_action(win, win.export_menu, "导出完成情况表（草稿）…",
                       later("file_actions", "export_progress_return", win, False))  # fmt: skip
    add_action(win, win.export_menu, "导出任务分工表…", later("file_actions", "export_breakdown_table", win))
    preview = add_action(win, win.export_menu, "打印预览…", later("file_actions", "print_preview", win))
    preview.setShortcut(QKeySequence.StandardKey.Print)
    win.submit_menu = menu.addMenu("报送(&S)")
    win.submit_action = add_action(win, win.submit_menu, "报送本期（正式导出并锁定）…",
                                   later("submit_dialog", "submit_with_check", win))  # fmt: skip
    win.unlock_action = add_action(win, win.submit_menu, "解锁本期…", win.unlock_current_period)
    # The city's work: collect the counties' returns and add them up. Shown for a city installation.
    win.collect_menu = menu.addMenu("汇总(&C)")
    add_action(win, win.collect_menu, "收取各单位报表…", later("collect_actions", "collect_returns_dialog", win))
    add_action(win, win.collect_menu, "导出汇总表…", later("collect_actions", "export_consolidation", win))
    add_action(win, win.collect_menu, "导出汇总表（A3）…",
               later("collect_actions", "export_consolidation", win, paper="A3"))  # fmt: skip
    win.view_menu = menu.addMenu("查看(&V)")
    add_action(win, win.view_menu, "修改留痕…", later("audit_view", "show_audit", win))
    win.grid.history_requested.connect(lambda row: later("audit_view", "show_audit", win, row)())
    win.view_menu.addSeparator()
    win.settings_menu = menu.addMenu("设置(&T)")
    add_action(win, win.settings_menu, "本机信息…", win.edit_profile)
    win.help_menu = menu.addMenu("帮助(&H)")
    add_action(win, win.help_menu, "关于", win.about)
    add_action(win, win.file_menu, "退出", win.close, QKeySequence.StandardKey.Quit)
    win.addToolBarBreak()  # a row of its own, so 报送 and 导入 never hide behind the » overflow
    win.toolbar_actions = win.addToolBar("操作")
    win.toolbar_actions.setObjectName("actions")
    win.toolbar_actions.addActions([undo, redo])
    win.toolbar_actions.addSeparator()
    win.toolbar_actions.addActions([draft, preview, win.submit_action])
    win.toolbar_actions.addSeparator()
    win.toolbar_actions.addAction(import_action)

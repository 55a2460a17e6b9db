"""First start: who this installation is for."""

from domain.profile import Profile
from gui.profile_dialog import ProfileDialog
from importers.builtin import builtin_registry
from storage.settings import load_profile, save_profile


def test_choose_city_then_unit_and_names(qtbot, store):
    dialog = ProfileDialog(builtin_registry(), Profile())
    qtbot.addWidget(dialog)
    dialog.city.setCurrentText("玉林市")
    units = [dialog.unit.itemData(i) for i in range(dialog.unit.count())]
    assert units[0] == "玉林市"  # the city's own installation
    assert {"北流市", "容县", "玉东新区", "玉柴工业园", "玉林健康产业园"} <= set(units)
    dialog.unit.setCurrentIndex(dialog.unit.findData("北流市"))
    dialog.fields["filler"].setText("张三")
    dialog.fields["reviewer"].setText("李四")
    dialog.fields["head"].setText("王五")
    dialog.fields["phone"].setText("0775-1234567")
    profile = dialog.profile()
    assert profile == Profile("玉林市", "北流市", "王五", "李四", "张三", "0775-1234567")
    save_profile(store, profile)
    assert load_profile(store) == profile


def test_the_filler_is_required(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    dialog = ProfileDialog(builtin_registry(), Profile(city="玉林市", unit="北流市"))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() == 0
    assert "请填写填报人" in warned[0]


def test_an_existing_profile_is_shown_for_editing(qtbot):
    dialog = ProfileDialog(builtin_registry(), Profile("百色市", "田东县", filler="赵六"))
    qtbot.addWidget(dialog)
    assert dialog.city.currentText() == "百色市"
    assert dialog.unit.currentData() == "田东县"
    assert dialog.fields["filler"].text() == "赵六"


def test_first_start_preselects_no_city_and_insists_on_one(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    dialog = ProfileDialog(builtin_registry(), Profile())
    qtbot.addWidget(dialog)
    assert dialog.city.currentText() == "" and dialog.unit.count() == 0
    assert dialog.city.placeholderText() == "请选择所在设区市"
    dialog.fields["filler"].setText("张三")
    dialog.accept()
    assert dialog.result() == 0 and "请选择本机所属的设区市和单位" in warned[0]
    dialog.city.setCurrentText("玉林市")
    labels = [dialog.unit.itemText(i) for i in range(dialog.unit.count())]
    assert "玉东新区（开发区/园区）" in labels and "北流市（县级市）" in labels
    dialog.unit.setCurrentIndex(dialog.unit.findData("玉东新区"))
    dialog.accept()
    assert dialog.result() == 1 and dialog.profile().unit == "玉东新区"

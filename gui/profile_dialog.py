"""Who this installation is for: city, unit, and the names that sign its returns."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from domain.profile import PROFILE_LABELS, Profile, checked_profile
from domain.text_safety import UnsafeText
from domain.units import KIND_LABELS, UnitRegistry

CITY_LEVEL = "（市本级）"


class ProfileDialog(QDialog):
    """Asked on first start and under 设置 → 本机信息; nothing is stored until 确定."""

    def __init__(self, registry: UnitRegistry, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("本机信息")
        self.registry = registry
        intro = QLabel("请选择本机使用单位，并填写报表落款中的人员和电话。以后可在“设置 → 本机信息”中修改。")
        intro.setWordWrap(True)
        self.city = QComboBox()
        self.city.addItems([c.name for c in registry.cities()])
        self.city.setPlaceholderText("请选择所在设区市")
        self.city.setCurrentIndex(-1)  # no city is preselected: a wrong default is easily left standing
        self.unit = QComboBox()
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(PROFILE_LABELS["city"], self.city)
        form.addRow(PROFILE_LABELS["unit"], self.unit)
        for name in ("head", "reviewer", "filler", "phone"):
            edit = QLineEdit(getattr(profile, name))
            self.fields[name] = edit
            form.addRow(PROFILE_LABELS[name], edit)
        self.fields["filler"].setPlaceholderText("填报人姓名，也记入修改留痕")
        self.fields["phone"].setPlaceholderText("如 0775-1234567")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.city.currentTextChanged.connect(self._fill_units)
        if profile.city:
            self.city.setCurrentText(profile.city)
        self._fill_units(self.city.currentText())
        if profile.unit:
            self._select_unit(profile.unit)

    def _fill_units(self, city: str) -> None:
        self.unit.clear()
        if not city:
            return
        self.unit.addItem(f"{city}{CITY_LEVEL}", city)
        for unit in self.registry.units_of_city(city):
            kind = KIND_LABELS[unit.kind].replace("（", "/").replace("）", "")  # 开发区/园区: no nested brackets
            self.unit.addItem(f"{unit.name}（{kind}）", unit.name)

    def _select_unit(self, name: str) -> None:
        index = self.unit.findData(name)
        if index >= 0:
            self.unit.setCurrentIndex(index)

    def profile(self) -> Profile:
        return Profile(
            city=self.city.currentText(),
            unit=self.unit.currentData() or "",
            **{name: edit.text().strip() for name, edit in self.fields.items()},
        )

    def accept(self) -> None:
        if not self.city.currentText() or not self.unit.currentData():
            QMessageBox.warning(self, "本机信息", "请选择本机所属的设区市和单位。")
            self.city.setFocus()
            return
        if not self.fields["filler"].text().strip():
            QMessageBox.warning(self, "本机信息", "请填写填报人：报表落款和修改留痕都要用到。")
            self.fields["filler"].setFocus()
            return
        try:
            checked_profile(self.profile())
        except UnsafeText as exc:  # too long, or a character no return can print
            QMessageBox.warning(self, "本机信息", str(exc))
            return
        super().accept()

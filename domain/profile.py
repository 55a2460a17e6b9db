"""Who an installation is for: the unit, and the names its returns are signed with."""

from __future__ import annotations

from dataclasses import dataclass, fields

from domain.text_safety import NAME_MAX, PHONE_MAX, safe_name


@dataclass
class Profile:
    """The installation's unit and the footer of its returns (单位负责人 / 审核人 / 填报人 / 联系电话)."""

    city: str = ""
    unit: str = ""
    head: str = ""
    reviewer: str = ""
    filler: str = ""
    phone: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.unit)

    @property
    def operator(self) -> str:
        """The name the audit records for edits made on this installation."""
        return self.filler or "本机用户"

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


PROFILE_LABELS = {
    "city": "所属市",
    "unit": "填报单位",
    "head": "单位负责人",
    "reviewer": "审核人",
    "filler": "填报人",
    "phone": "联系电话",
}


def checked_profile(profile: Profile) -> Profile:
    """The profile with each field trimmed and checked; UnsafeText names the field that cannot be kept.

    Names sign every return and the audit, so they are one line, XML-safe and of a sensible length.
    """
    limits = {"head": NAME_MAX, "reviewer": NAME_MAX, "filler": NAME_MAX, "phone": PHONE_MAX}
    values = {name: safe_name(PROFILE_LABELS[name], getattr(profile, name), limits.get(name, 60))
              for name in Profile.field_names()}  # fmt: skip
    return Profile(**values)

"""Scopes of a quota sentence expanded to the units they mean, or the reason they cannot be.

- 全市 / 全区: the city total, the indicator's target; never given to units.
- 市本级: the city unit's own quota.
- 各县（市、区） / 各县区 / 县级 / 每个县（区） / 每县: every county-level unit of the city that is not a zone.
- 各开发园区 / 各园区: every zone of the city.
- 其余… / 其他…: the city's units of that kind that the same text does not name; only when it can be told
  who the rest are (the city is known, the text names units and no name it cannot resolve, and the kind is
  said or the city has no zones), otherwise 待确认.
- 市县两级…分别a、b: a is the city total, b every county's quota.
A scope word that is not the subject of its clause ("推动各县（市、区）…15%") or a county scope without 各
("县（市、区）…70名") says nothing certain: its figure is asked.
"""

from __future__ import annotations

from domain.units import Unit, UnitRegistry

RULES = {
    "counties": "scope_counties", "zones": "scope_zones", "rest": "rest", "city_own": "scope_city",
    "two_levels": "two_levels",
}  # fmt: skip
SCOPE_NAMES = {"counties": "各县（市、区）", "zones": "各开发园区", "city_own": "市本级"}


def scope_units(
    kind: str, written: str, registry: UnitRegistry, city: str, named: set[str], *, unknown_names: bool
) -> tuple[list[Unit], str]:
    """The units a scope means, and "" — or the units it might mean (maybe none) and why it is not certain.

    `named` holds the units the text names by name (what 其余 leaves out); `unknown_names` says the text names
    someone the registry does not know (then the rest cannot be told).
    """
    bare = kind.removeprefix("unclear_")
    if not city:
        return [], f"没有确定这张表所属的市，不知道“{written}”是哪些单位"
    units = registry.units_of_city(city)
    if bare in ("counties", "hint", "two_levels"):
        chosen = [u for u in units if not u.is_zone]
    elif bare == "zones":
        chosen = [u for u in units if u.is_zone]
    elif bare == "city_own":
        own = registry.resolve(city)
        chosen = [own] if own is not None else []
    elif bare == "rest":
        return _rest(written, units, named, unknown_names=unknown_names)
    else:
        return [], f"“{written}”说不清是哪些单位"
    if kind.startswith("unclear_") or bare == "hint":
        return chosen, f"“{written}”不是这句话的主语，看不出这个数是每个单位的还是合计"
    if not chosen:
        return [], f"{city}没有“{written}”所指的单位"
    return chosen, ""


def _rest(written: str, units: list[Unit], named: set[str], *, unknown_names: bool) -> tuple[list[Unit], str]:
    """其余各县（区）: the units of that kind the text does not name."""
    if not named:
        return [], f"这段文字没有点名其他单位，看不出“{written}”是除去哪些单位后的其余单位"
    if unknown_names:
        return [], f"这段文字有登记表中没有的单位名称，看不出“{written}”是哪些单位"
    tail = written.lstrip("其余他它剩下的各")
    if "园" in tail or "开发区" in tail:
        kinds = [u for u in units if u.is_zone]
    elif any(word in tail for word in ("县", "区", "市")):
        kinds = [u for u in units if not u.is_zone]
    elif any(u.is_zone for u in units):
        rest = [u for u in units if u.name not in named]
        return rest, f"“{written}”没有说是否包括开发园区"
    else:
        kinds = units
    rest = [u for u in kinds if u.name not in named]
    if not rest:
        return [], f"点名的单位之外已没有“{written}”所指的单位"
    return rest, ""

"""Scopes of a quota sentence expanded to the units they mean, or the reason they cannot be.

- 全市 / 全区: the city total, the indicator's target; never given to units. A county scope's figure is never
  the city total either ("各县（市、区）…增长10%以上" says nothing of the city's rate).
- 市本级: the city unit's own quota (its own share, as a county's quota is the county's; the indicator's
  target is the 全市 total).
- County scopes cover the kinds of unit their words name: 各县（市、区） / 各县、市、区 / 各县市区 / 各县区 /
  县级 / 每个县（市、区） every county-level unit of the city that is not a zone; 各县（市） the 县 and 县级市;
  各县（区） / 每个县（区） the 县 and 区; 各县 / 每县 the 县. A unit the words leave out (雁山区 under "其余各县
  （市）", 平果市 under "各县（区）") is not given the figure; when the text gives it nothing else it is asked
  ("scope_kind", no value offered), since officials also write 县（区） loosely for every county.
- 各开发园区 / 各园区: every zone of the city.
- 其余… / 其他…: the city's units of that kind that the same text does not name; only when it can be told
  who the rest are (the city is known, the text names units and no name it cannot resolve, and the kind is
  said or the city has no zones), otherwise 待确认.
- 市县两级…分别a、b: a is the city total, b every county's quota.
- 五个县（市、区）: every county-level unit of the kinds named when the city has exactly that many; otherwise asked
  ("scope_counted"), saying how many the city has.
- 一类县（市、区）, 重点县, 边境县…: a group the registry does not define. Any unit of the kinds named may be in it, so
  each is asked ("group"), and a figure another scope gives them is not stored as certain either.
A scope word that is not the subject of its clause ("推动各县（市、区）…15%") or a county scope without 各
("县（市、区）…70名") says nothing certain: its figure is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.numerals import read_numeral
from domain.units import KIND_LABELS, Unit, UnitRegistry

RULES = {
    "counties": "scope_counties", "zones": "scope_zones", "rest": "rest", "city_own": "scope_city",
    "two_levels": "two_levels", "counted": "scope_counted", "group": "group",
}  # fmt: skip
SCOPE_NAMES = {"counties": "各县（市、区）", "zones": "各开发园区", "city_own": "市本级"}


LEVELS = frozenset({"county", "county_city", "district"})
_LEVEL_OF = {"县": "county", "市": "county_city", "区": "district"}
_QUANTIFIER = re.compile(r"^(?:其余|其他|其它|剩余|余下)?的?(?:各|每一个|每个|每|所有|全部)?")


@dataclass
class ScopeUnits:
    """What a scope means: its `units`, or why it cannot be told (`reason`, with the units it might mean);
    `left_out` are the city's county-level units its words do not cover (asked when nothing else gives them)."""

    units: list[Unit]
    reason: str = ""
    left_out: list[Unit] = field(default_factory=list)


def level_kinds(written: str) -> frozenset[str]:
    """The kinds of county-level unit a county scope names: 各县（市） → 县 and 县级市; 各县区 / 县级 → all."""
    bare = _QUANTIFIER.sub("", written.replace("（", "(").replace("）", ")")).removesuffix("级")
    if "县级" in written or bare.startswith("县(市、区)") or bare.startswith("县(区、市)"):
        return LEVELS
    letters = {ch for ch in bare if ch in _LEVEL_OF}
    if "(" not in bare and {"县", "区"} <= letters:
        return LEVELS  # 各县区, 各区县, 各县市区, 各县、市、区: the words every city uses for all of them
    return frozenset(_LEVEL_OF[ch] for ch in letters) or LEVELS


def scope_units(
    kind: str, written: str, registry: UnitRegistry, city: str, named: set[str], *, unknown_names: bool
) -> ScopeUnits:
    """The units a scope means — or the units it might mean (maybe none) and why it is not certain.

    `named` holds the units the text names by name (what 其余 leaves out); `unknown_names` says the text names
    someone the registry does not know (then the rest cannot be told).
    """
    bare = kind.removeprefix("unclear_")
    if not city:
        return ScopeUnits([], f"没有确定这张表所属的市，不知道“{written}”是哪些单位")
    units = registry.units_of_city(city)
    left_out: list[Unit] = []
    if bare in ("counties", "hint"):
        kinds = level_kinds(written)
        chosen = [u for u in units if u.kind in kinds]
        left_out = [u for u in units if u.kind in LEVELS and u.kind not in kinds]
    elif bare == "two_levels":
        chosen = [u for u in units if not u.is_zone]
    elif bare == "zones":
        chosen = [u for u in units if u.is_zone]
    elif bare == "city_own":
        own = registry.resolve(city)
        chosen = [own] if own is not None else []
    elif bare == "rest":
        return _rest(written, units, named, unknown_names=unknown_names)
    elif bare == "counted":
        return _counted(written, units, city)
    elif bare == "group":
        chosen = [u for u in units if u.kind in level_kinds(_GROUP.sub("", written)) and u.name not in named]
        return ScopeUnits(chosen, f"登记表中没有“{written}”是哪些单位")
    else:
        return ScopeUnits([], f"“{written}”说不清是哪些单位")
    if kind.startswith("unclear_") or bare == "hint":
        return ScopeUnits(chosen, f"“{written}”不是这句话的主语，看不出这个数是每个单位的还是合计")
    if not chosen:
        return ScopeUnits([], f"{city}没有“{written}”所指的单位", left_out)
    return ScopeUnits(chosen, "", left_out)


_COUNTED = re.compile(r"^([一二两三四五六七八九十]+|\d+)个")
_GROUP = re.compile(r"^.*?(?=县|城区)")


def _counted(written: str, units: list[Unit], city: str) -> ScopeUnits:
    """五个县（市、区）: the units of the kinds named, when the city has exactly that many; else why not."""
    match = _COUNTED.match(written.replace("（", "(").replace("）", ")"))
    count = read_numeral(match.group(1)) if match else None
    kinds = level_kinds(_COUNTED.sub("", written))
    chosen = [u for u in units if u.kind in kinds]
    if count is not None and int(count) == len(chosen):
        return ScopeUnits(chosen)
    what = "、".join(KIND_LABELS[k] for k in ("county", "county_city", "district") if k in kinds)
    return ScopeUnits(
        chosen, f"“{written}”说的是{match.group(1) if match else '几'}个单位，{city}的{what}共有{len(chosen)}个，"
        "看不出是哪几个"
    )


def left_out_reason(written: str, unit: Unit) -> str:
    """Why a unit a county scope's words leave out is asked: "“其余各县（市）”不含区，雁山区…"."""
    return (
        f"“{written}”字面上不含{KIND_LABELS.get(unit.kind, unit.kind)}，{unit.name}在这段文字中没有分解数："
        "如应分解请填写数值，不分解请填“无”"
    )


def _rest(written: str, units: list[Unit], named: set[str], *, unknown_names: bool) -> ScopeUnits:
    """其余各县（区）: the units of that kind the text does not name."""
    if not named:
        return ScopeUnits([], f"这段文字没有点名其他单位，看不出“{written}”是除去哪些单位后的其余单位")
    if unknown_names:
        return ScopeUnits([], f"这段文字有登记表中没有的单位名称，看不出“{written}”是哪些单位")
    tail = written.lstrip("其余他它剩下的各")
    left_out: list[Unit] = []
    if "园" in tail or "开发区" in tail:
        kinds = [u for u in units if u.is_zone]
    elif any(word in tail for word in ("县", "区", "市")):
        levels = level_kinds(written)
        kinds = [u for u in units if u.kind in levels]
        left_out = [u for u in units if u.kind in LEVELS and u.kind not in levels and u.name not in named]
    elif any(u.is_zone for u in units):
        rest = [u for u in units if u.name not in named]
        return ScopeUnits(rest, f"“{written}”没有说是否包括开发园区")
    else:
        kinds = units
    rest = [u for u in kinds if u.name not in named]
    if not rest:
        return ScopeUnits([], f"点名的单位之外已没有“{written}”所指的单位", left_out)
    return ScopeUnits(rest, "", left_out)

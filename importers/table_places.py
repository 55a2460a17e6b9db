"""Names of places in a table: a unit of the registry, the city itself, a sum, the city's own level, or a name
written as a place that the registry lacks — and what to tell the user about a name that is no unit of the city.

A unit × indicator table lists its units down a column; cities write there names the registry does not hold
(平桂管理区, 旺高工业区, 钦州港片区) beside those it does. Such a column is recognised by its names looking
like places; the unknown ones are then asked about, with a reason that says what the name seems to be.
"""

from __future__ import annotations

import re
from enum import StrEnum

from domain.unit_hints import hint_text, likely_units
from domain.units import Unit, UnitRegistry

# Rows (or columns) naming the city as a whole: the first gives the target, a sum only a check.
CITY_ROW = re.compile(r"^(全市|全区|全市目标|全市合计|市级目标|全市总计)$")
# A 合计 of all units or a 小计 of a group (城区小计, 县（市）合计): a check, never a unit.
SUM_ROW = re.compile(r"^[^\d，,。；;]{0,10}(合计|小计|总计)$")
OWN_LEVEL = re.compile(r"^(市本级|市直|市级$)")
# Names of development zones, parks and areas: real units, often missing from the registry.
ZONE_NAME = re.compile(
    r"(高新区|高新技术产业开发区|开发区|经开区|园区|工业园|产业园|片区|工业区|新区|试验区|合作区|示范区|保税区)$"
)
# A name written as a place: ends as a district, county, city, zone or management area does.
_PLACE_END = re.compile(r"(管理区|区|县|市)$")
_BRACKET_NOTE = re.compile(r"[（(][^()（）]*[)）]$")
_NOT_PLACE = re.compile(r"[\d０-９，,。；;：:、%％]|^(各|全|其余|其他|每|共|合|小|总)")


_OFFICE = re.compile(r"[（(]?(管委会|管理委员会|管委)[)）]?$")


def zone_own_name(written: str) -> str:
    """The name a new zone is registered by, offered for the user to change: the zone, not its office.

    "南宁高新区管委会" → "南宁高新区"; "粤桂合作特别试验区(梧州)管理委员会" → "粤桂合作特别试验区(梧州)".
    """
    plain = re.sub(r"\s+", "", written or "")
    own = _OFFICE.sub("", plain)
    return own if len(own) >= 2 else plain


class Place(StrEnum):
    UNIT = "unit"  # a county-level unit of the registry
    CITY = "city"  # the city as a whole: 全市, or a city's own name (贺州市)
    SUM = "sum"  # 合计 / 小计: a check on the quotas
    OWN = "own"  # 市本级: the city's own share
    UNKNOWN = "unknown"  # written as a place, not in the registry


def bare_name(text: str) -> str:
    """The name without spaces and without a bracketed note at its end (江州区（含城市工业区）→ 江州区)."""
    plain = re.sub(r"\s+", "", text or "")
    stripped = _BRACKET_NOTE.sub("", plain)
    return stripped or plain


def place_of(text: str, registry: UnitRegistry) -> tuple[Place | None, Unit | None]:
    """What a row or column label names, and the registry's unit when it is one; (None, None) for no place."""
    name = bare_name(text)
    if not name:
        return None, None
    if CITY_ROW.match(name):
        return Place.CITY, None
    if SUM_ROW.match(name):
        return Place.SUM, None
    if OWN_LEVEL.match(name):
        return Place.OWN, None
    unit = registry.resolve(name)
    if unit is not None:
        return (Place.CITY if unit.is_city else Place.UNIT), unit
    if looks_like_place(name):
        return Place.UNKNOWN, None
    return None, None


def looks_like_place(name: str) -> bool:
    """Whether a name is written as a place (…区 / …县 / …市 / …管理区 / …园区 / …片区), two to sixteen characters."""
    name = bare_name(name)
    if not 2 <= len(name) <= 16 or _NOT_PLACE.search(name):
        return False
    return bool(ZONE_NAME.search(name) or _PLACE_END.search(name))


def unknown_name_reason(name: str, registry: UnitRegistry, city: str) -> str:
    """Why a name met where a unit belongs is asked about, in Chinese, saying what the name seems to be.

    Another city's unit says which city it belongs to; an unregistered zone (…高新区 / …园区 / …片区) says it
    may be mapped or added; an older name of a unit of the city (平桂管理区) names the unit it may be.
    """
    written = bare_name(name)
    unit = registry.resolve(written)
    here = f"{city}的" if city else ""
    if unit is not None and unit.is_city:
        if city and unit.name != city:
            return f"“{written}”是{unit.name}，不是{city}：请确认这一行（列）是否属于本表"
        return f"“{written}”是全市，不是县级单位"
    if unit is not None and city and unit.city != city:
        return f"{unit.name}属于{unit.city}，不是{city}的单位：请确认是否写错，或对应到本市单位"
    if unit is not None:
        return f"“{written}”是{unit.name}"
    hint = hint_text(written, registry, city)  # 平桂管理区, 蝶山区 (a former name), 长州区 (a slip)
    if hint:
        found = likely_units(written, registry, city)
        which = found[0][0].name if len(found) == 1 else "其中的单位"
        return f"“{written}”不是登记表中的名称，{hint}：请对应到{which}，或新增为本市开发区（园区）"
    if ZONE_NAME.search(written):
        return f"“{written}”是未登记的开发区（园区）：可映射到已登记单位或新增为本市开发区"
    return f"“{written}”不是登记表中{here}单位：请对应到已有单位，或新增为开发区"

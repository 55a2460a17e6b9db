"""The region's cities and county-level units, and how table wording names them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

UNIT_KINDS = ("city", "district", "county", "county_city", "zone")
KIND_LABELS = {
    "city": "设区市",
    "district": "区",
    "county": "县",
    "county_city": "县级市",
    "zone": "开发区（园区）",
}


@dataclass(frozen=True)
class Unit:
    """A city or county-level unit; `name` is the registry's full name (北流市, 玉州区)."""

    name: str
    city: str
    kind: str
    aliases: tuple[str, ...] = field(default=())

    @property
    def is_city(self) -> bool:
        return self.kind == "city"

    @property
    def is_zone(self) -> bool:
        return self.kind == "zone"

    @property
    def short_name(self) -> str:
        """The name tables use: the first alias, else the full name (容县 has none)."""
        return self.aliases[0] if self.aliases else self.name


class UnitRegistry:
    """Looks units up by full name or alias; aliases that two units share resolve to neither."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units: list[Unit] = list(units)
        self._by_name: dict[str, Unit] = {}
        ambiguous: set[str] = set()
        for unit in self._units:
            self._by_name[unit.name] = unit
        for unit in self._units:
            for alias in unit.aliases:
                if alias in self._by_name and self._by_name[alias] is not unit:
                    if self._by_name[alias].name != alias:
                        ambiguous.add(alias)
                    continue
                self._by_name[alias] = unit
        for alias in ambiguous:
            self._by_name.pop(alias, None)
        # "防城港市防城区": a unit written after its city's name, as letters and some tables write it.
        self._city_prefixes: dict[str, list[tuple[str, str]]] = {}
        for unit in self._units:
            if unit.is_city:
                for prefix in dict.fromkeys((unit.name, *(f"{a}市" for a in unit.aliases if not a.endswith("市")))):
                    self._city_prefixes.setdefault(prefix[:2], []).append((prefix, unit.name))
        # The longest name an office may follow ("玉州" + 区): a longer text is no unit written with its office.
        longest_prefix = max((len(p) for found in self._city_prefixes.values() for p, _ in found), default=0)
        self._longest = max((len(k) for k in self._by_name), default=0) + 1 + _LONGEST_OFFICE + longest_prefix

    @classmethod
    def from_registry_json(cls, data: dict) -> UnitRegistry:
        """Build from the structure of guangxi_units.json (cities with their units)."""
        units: list[Unit] = []
        for city in data["cities"]:
            units.append(Unit(city["name"], city["name"], "city", tuple(city.get("aliases", []))))
            for unit in city["units"]:
                units.append(Unit(unit["name"], city["name"], unit["kind"], tuple(unit.get("aliases", []))))
        return cls(units)

    def __iter__(self):
        return iter(self._units)

    @property
    def longest_name(self) -> int:
        """The most characters a text `resolve` finds a unit in can have (a name, 区/市/县 and an office)."""
        return self._longest

    def __len__(self) -> int:
        return len(self._units)

    def resolve(self, text: str) -> Unit | None:
        """The unit a table's wording means (北流 → 北流市), or None when unknown or ambiguous.

        A unit written with its office is that unit: 容县科技局, 北流市人民政府, 玉东新区管委会 (split_office); so is
        a unit written after its own city's name (防城港市防城区), never after another city's.
        """
        return self._resolve(text.strip(), quick=True)

    def _resolve(self, key: str, quick: bool) -> Unit | None:
        """resolve; with `quick`, a text that cannot be a unit written with its office is refused without trying."""
        found = self._lookup(key)
        if found is not None:
            return found
        for prefix, city in self._city_prefixes.get(key[:2], ()):
            if key.startswith(prefix) and len(key) > len(prefix) + 1:
                inner = self._resolve(key[len(prefix) :], quick)
                if inner is not None and inner.city == city and not inner.is_city:
                    return inner
        if quick and (key[-1:] not in _OFFICE_LAST or len(key) > self._longest):
            return None  # the grammar asks about every word span: most are no office's name, known cheaply
        split = split_office(key, lambda name: self._lookup(name) is not None)
        return self._lookup(split[0]) if split is not None else None

    def _lookup(self, key: str) -> Unit | None:
        if key in self._by_name:
            return self._by_name[key]
        # Tables write "玉州区" where the registry knows "玉州", and "北流市" for "北流".
        for suffix in ("区", "市", "县"):
            if key.endswith(suffix) and key[: -len(suffix)] in self._by_name:
                return self._by_name[key[: -len(suffix)]]
        return None

    def units_of_city(self, city: str) -> list[Unit]:
        """The county-level units of a city, zones last, in registry order."""
        return [u for u in self._units if u.city == city and not u.is_city]

    def cities(self) -> list[Unit]:
        return [u for u in self._units if u.is_city]


# The office a unit is written with: its government, a zone's administration, or one of its bureaus (科技局,
# 工业和信息化局, 发改委, 科技主管部门 …). Officials name who is responsible, and the office is no part of the place's
# name nor an indicator: "容县科技局不低于16家" is 容县's quota.
_GOVERNMENTS = (
    "党委和政府", "党委政府", "人民政府", "政府", "管理委员会", "管委会", "管委", "党工委", "工委",
)  # fmt: skip
# A bureau: a field's words, then 局 / 委员会 / 委 / 办公室 / 办 / 部门. Not a word that only ends in 局 (布局, 格局,
# 开局), not a scope (各部门, 全局), and no words of an indicator or a verb in it.
_BUREAU = re.compile(
    r"(?![各每全本该县区市])[\u4e00-\u9fff]{1,12}?(?<![布格大开结当饭棋赌变])(?:局|委员会|委|办公室|办|部门)"
)
_NOT_IN_OFFICE = re.compile(
    r"新增|培育|完成|达到|实现|增长|建设|建成|引进|认定|申报|推荐|选派|入库|企业|项目|平台|基地|经费|投入|支出|收入|资金|"
    r"合同|成交|专利|成果|数量|人才|特派员|不低于|不少于|力争|确保|以上|左右|"
    # A place's ending is no office's: "东兴试验区管委" is the zone 东兴试验区's office, never 东兴's.
    r"[区县园]"
)


# What every office ends with, and how long one can be (a bureau's field words, 12 at most, and 委员会).
_OFFICE_LAST = frozenset("局会委室办门府")
_LONGEST_OFFICE = 15


def is_office(words: str) -> bool:
    """Whether `words` are an office (科技局, 人民政府, 管委会, 科技主管部门) and nothing else."""
    if words in _GOVERNMENTS:
        return True
    return _BUREAU.fullmatch(words) is not None and _NOT_IN_OFFICE.search(words) is None


def split_office(name: str, accept: Callable[[str], bool]) -> tuple[str, str] | None:
    """(place, office) when `name` is a place `accept` takes followed by an office; else None.

    The longest place comes first (防城港市科技局 is 防城港市's bureau, not 防城's), so the shortest office.
    """
    for cut in range(len(name) - 1, 0, -1):
        office = name[cut:]
        if is_office(office) and accept(name[:cut]):
            return name[:cut], office
    return None


def leading_office(words: str) -> str:
    """The office at the start of `words` ("科技局新增…" → 科技局, "管委会不低于" → 管委会), or ""."""
    found = ""
    for end in range(2, min(len(words), 16) + 1):
        if is_office(words[:end]):
            found = words[:end]
    return found

"""The region's cities and county-level units, and how table wording names them."""

from __future__ import annotations

from collections.abc import Iterable
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

    def __len__(self) -> int:
        return len(self._units)

    def resolve(self, text: str) -> Unit | None:
        """The unit a table's wording means (北流 → 北流市), or None when unknown or ambiguous."""
        key = text.strip()
        if key in self._by_name:
            return self._by_name[key]
        # Tables write "玉州区" where the registry knows "玉州", and "北流市" for "北流".
        for suffix in ("人民政府", "管委会", "管委", "区", "市", "县"):
            if key.endswith(suffix) and key[: -len(suffix)] in self._by_name:
                return self._by_name[key[: -len(suffix)]]
        return None

    def units_of_city(self, city: str) -> list[Unit]:
        """The county-level units of a city, zones last, in registry order."""
        return [u for u in self._units if u.city == city and not u.is_city]

    def cities(self) -> list[Unit]:
        return [u for u in self._units if u.is_city]

"""Which registered unit a name the registry does not hold may mean: a former name, or a slip of one character.

Never a silent mapping: the caller asks the user and names the unit(s) found here, so that 长州区 is offered as
长洲区 and 蝶山区 as 万秀区, which it was merged into. Names that differ from a unit's only in their last
character (田阳县 for 田阳区, 桂平县 for 桂平市) need no hint: the registry resolves them itself
(domain.units.UnitRegistry.resolve).
"""

from __future__ import annotations

from domain.units import Unit, UnitRegistry

# Former names of Guangxi's county-level units since 2000 that the registry cannot resolve by itself (a name
# that only changed its last character — 武鸣县, 临桂县, 荔浦县, 平果县, 田阳县, 宜州市 — resolves already).
# (former name, city) → (unit now, what happened), each with its source.
FORMER_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    # 梧州: the State Council's 2013 adjustment of 梧州's districts abolished 蝶山区 and put its area under 万秀区
    # (see zh.wikipedia.org/wiki/蝶山区; the 2014-07-03 西江都市报 report on the new boundaries after "2013年梧州市
    # 实施部分行政区划调整", m.bkw8.com/content/2014-07/03/content_144459.htm).
    ("蝶山区", "梧州市"): ("万秀区", "2013年撤销蝶山区，并入万秀区"),
    # 梧州: 国函〔2003〕1号 (2003-01-02) "撤销梧州市郊区，设立梧州市长洲区".
    ("郊区", "梧州市"): ("长洲区", "2003年撤销梧州市郊区，设立长洲区"),
    # 南宁: the adjustment of 南宁's districts approved in 2004 abolished 城北区 and 永新区 for the new 西乡塘区
    # and renamed 新城区 青秀区 (zh.wikipedia.org/wiki/西乡塘区 and /wiki/青秀区; 南宁市情: "撤销城北区、永新区、
    # 邕宁县，设立西乡塘区、邕宁区和良庆区……将新城区更名为青秀区").
    ("城北区", "南宁市"): ("西乡塘区", "城北区已撤销，设立西乡塘区"),
    ("永新区", "南宁市"): ("西乡塘区", "永新区已撤销，设立西乡塘区"),
    ("新城区", "南宁市"): ("青秀区", "新城区已更名为青秀区"),
    # 南宁: 民政部 approved abolishing 横县 for the county-level 横州市 in 2021 (民政部 2021年县级以上行政区划
    # 变更情况; zh.wikipedia.org/wiki/横州市).
    ("横县", "南宁市"): ("横州市", "2021年撤销横县，设立横州市"),
    # 来宾 became a prefecture-level city on 2002-12-28, "原来宾县改为兴宾区" (来宾市人民政府, www.laibin.gov.cn,
    # 来宾概况); 崇左 in 2003, when 崇左县 became 江州区 (崇左市人民政府, www.chongzuo.gov.cn, 崇左概况;
    # zh.wikipedia.org/wiki/江州区).
    ("崇左县", "崇左市"): ("江州区", "崇左县已撤销，设立江州区"),
    ("来宾县", "来宾市"): ("兴宾区", "来宾县已撤销，设立兴宾区"),
}
# Longer ways of writing a unit's name in its time as a management area: 平桂管理区 (平桂区 since 2016), 福绵
# 管理区 (福绵区 since 2013), 覃塘管理区 (覃塘区 since 2003) — the name before the ending is the unit's.
_FORMER_ENDINGS = ("管理区", "管委会")
_PLACE_ENDINGS = ("区", "县", "市")


def likely_units(name: str, registry: UnitRegistry, city: str = "") -> list[tuple[Unit, str]]:
    """The units of `city` an unregistered `name` may mean, each with why: [] when it resembles none.

    Checks, in order: a former name (蝶山区 → 万秀区, "2013年撤销蝶山区，并入万秀区"); a management area's name
    (平桂管理区 → 平桂区, no why needed); a slip of one character against every name and short name of the city's
    county-level units (长州区 → 长洲区, "写法相近"), which may give several. A name the registry resolves gives [].
    """
    written = name.strip()
    if not written or registry.resolve(written) is not None:
        return []
    units = [u for u in registry if not u.is_city and (not city or u.city == city)]
    former = FORMER_NAMES.get((written, city)) if city else None
    if former is None and not city:
        former = next((v for (old, _), v in FORMER_NAMES.items() if old == written), None)
    if former is not None:
        unit = registry.resolve(former[0])
        if unit is not None:
            return [(unit, former[1])]
    for ending in _FORMER_ENDINGS:
        if written.endswith(ending) and len(written) > len(ending) + 1:
            unit = registry.resolve(written[: -len(ending)])
            if unit is not None and not unit.is_city and not unit.is_zone and (not city or unit.city == city):
                return [(unit, "")]  # the name says it: 平桂管理区 is 平桂区
    if len(written) < 3:
        return []  # two characters one apart are too many words (港口, 港北)
    close = [u for u in units if any(_one_apart(written, form) for form in _forms(u))]
    return [(u, "写法相近") for u in close]


def hint_text(name: str, registry: UnitRegistry, city: str = "") -> str:
    """A hint to add to a question about `name`: "可能是长洲区（写法相近）", or "" when there is none."""
    found = likely_units(name, registry, city)
    if not found:
        return ""
    return "可能是" + "或".join(f"{u.name}（{why}）" if why else u.name for u, why in found)


def _forms(unit: Unit) -> set[str]:
    """The ways a unit's name is written in full: its name, and each short name with each place ending."""
    forms = {unit.name}
    for alias in unit.aliases:
        forms.add(alias)
        forms.update(alias + ending for ending in _PLACE_ENDINGS)
    return {f for f in forms if len(f) >= 3}


def _one_apart(a: str, b: str) -> bool:
    """Whether two names differ by one character changed, added or dropped (Levenshtein distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))

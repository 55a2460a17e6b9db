"""`main.py profile`: show or set the installation's unit and the names that sign its returns (本机信息).

The same settings as 设置 → 本机信息 in the window; a return exported from the command line takes its
footer (单位负责人、审核人、填报人、联系电话) from here. With no field given, the current ones are shown.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import replace

from cli import fail
from cli.common import add_db_argument, open_for
from cli.console import command_name
from domain.profile import PROFILE_LABELS, Profile, checked_profile
from storage.settings import load_profile, save_profile
from storage.units import unit_registry

NAMES = ("head", "reviewer", "filler")
_PHONE = re.compile(r"[0-9０-９][0-9０-９\-－—()（）+＋ 转、,，/]*")


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "profile",
        help="查看或设置本机信息：所属市、填报单位和报表落款（单位负责人、审核人、填报人、联系电话）",
        description=f"例：{command_name()} profile --unit 北流 --head 陈志强 --reviewer 刘芳 --filler 黄小玲 "
        "--phone 0775-6212345\n不带参数时显示当前设置。",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(parser)
    parser.add_argument("--city", help="所属设区市，如 玉林市（不写时取填报单位所属的市）")
    parser.add_argument("--unit", help="填报单位，如 北流市（可用简称 北流）；市本级写市名，如 玉林市")
    for name in NAMES:
        parser.add_argument(f"--{name}", help=PROFILE_LABELS[name])
    parser.add_argument("--phone", help="联系电话，如 0775-6212345")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    given = {name: getattr(args, name) for name in Profile.field_names() if getattr(args, name) is not None}
    if "filler" in given and not given["filler"].strip():
        return fail("--filler：填报人不能为空（报表落款和修改留痕都要用到）")
    phone = given.get("phone", "").strip()
    if phone and not _PHONE.fullmatch(phone):
        return fail(f"--phone：“{phone}”不是电话号码，请写如 0775-6212345")
    store = open_for(args, must_exist=True)
    with store:
        old = load_profile(store)
        if not given:
            _show(old)
            return 0
        try:
            new = _updated(store, old, given)
        except ValueError as exc:
            return fail(str(exc))
        if new == old:
            print("本机信息没有变化：")
        else:
            save_profile(store, new, new.operator)
            print("已保存本机信息：")
            if old.city and new.city != old.city:  # the window will list this city's plans only
                print(f"注意：所属市已由{old.city}改为{new.city}（随填报单位{new.unit}），窗口将只列出{new.city}的方案")
    _show(new)
    return 0


def _updated(store, old: Profile, given: dict[str, str]) -> Profile:
    """The profile with the given fields, the city and unit checked against the unit registry."""
    registry = unit_registry(store)
    city, unit = old.city, old.unit
    if "city" in given:
        found = registry.resolve(given["city"])
        if found is None or not found.is_city:
            cities = "、".join(c.name for c in registry.cities())
            raise ValueError(f"--city：找不到设区市“{given['city']}”；可选：{cities}")
        city = found.name
    if "unit" in given:
        found = registry.resolve(given["unit"])
        if found is None:
            raise ValueError(f"--unit：找不到单位“{given['unit']}”：请使用登记表中的名称，如 北流市、玉州区、玉东新区")
        if "city" in given and found.city != city:
            raise ValueError(f"--unit：{found.name}属于{found.city}，不属于{city}")
        unit, city = found.name, found.city
    elif "city" in given and unit:
        current = registry.resolve(unit)
        if current is not None and current.city != city:
            raise ValueError(f"--city：现填报单位{unit}不属于{city}；更改所属市时请同时给出 --unit")
    texts = {name: given[name].strip() for name in (*NAMES, "phone") if name in given}
    return checked_profile(replace(old, city=city, unit=unit, **texts))  # UnsafeText is a ValueError


def _show(profile: Profile) -> None:
    for name in Profile.field_names():
        print(f"  {PROFILE_LABELS[name]}：{getattr(profile, name) or '（未填）'}")

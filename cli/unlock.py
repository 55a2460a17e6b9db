"""`main.py unlock`: reopen a submitted (报送) period for correction; the reason is required and audited."""

from __future__ import annotations

import argparse

from cli import fail
from cli.common import PERIOD_HELP, PLAN_HELP, UNIT_HELP, add_db_argument, open_for, period_arg, readable_time
from cli.console import command_name
from storage.db import StoreError
from storage.plans import find_plan
from storage.settings import load_profile
from storage.submissions import submissions, unlock_period
from storage.units import get_unit


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "unlock",
        help="解锁已报送的填报期，以便修改后重新报送（须说明原因，记入修改留痕）",
        description=f"例：{command_name()} unlock --plan 创新创业 --unit 北流 --period 2022-10 --reason 更正高企数",
    )
    add_db_argument(parser)
    parser.add_argument("--plan", required=True, help=PLAN_HELP)
    parser.add_argument("--unit", required=True, help=UNIT_HELP)
    parser.add_argument("--period", required=True, help=PERIOD_HELP)
    parser.add_argument("--reason", required=True, help="解锁原因（必填，记入修改留痕）")
    parser.add_argument("--who", help="解锁人（默认取本机设置中的填报人）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    reason = args.reason.strip()
    if not reason:
        return fail("--reason：请写明解锁原因，如“更正高企数”")
    store = open_for(args, must_exist=True)
    with store:
        try:
            plan = find_plan(store, args.plan)
            unit = get_unit(store, args.unit)
            locked = [s for s in submissions(store, plan.id) if s.locked and s.unit == unit.name and s.period == period]
            if not locked:
                return fail(f"{unit.name} {period.label}未报送（或已解锁），无需解锁")
            who = (args.who or "").strip() or load_profile(store).operator
            unlock_period(store, plan.id or 0, unit.name, period, who, reason)
        except StoreError as exc:
            return fail(str(exc))
    submitted = locked[-1]
    by = f"{submitted.submitted_by}于 " if submitted.submitted_by else "于 "
    when = readable_time(submitted.submitted_at)
    print(f"已解锁：{plan.title} {unit.name} {period.label}（{by}{when} 报送；解锁原因：{reason}）。修改后可重新报送")
    return 0

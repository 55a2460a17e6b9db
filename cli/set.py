"""`main.py set`: record one achievement through the same validation and audit as the window."""

from __future__ import annotations

import argparse

from cli import fail
from cli.common import PERIOD_HELP, PLAN_HELP, UNIT_HELP, add_db_argument, open_for, period_arg
from domain.achievements import InputError
from domain.baselines import baseline_text
from domain.periods import Period, PeriodKind
from storage.achievements import AchievementKey, record_achievement
from storage.db import StoreError
from storage.plans import find_plan
from storage.settings import load_profile
from storage.units import get_unit


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "set",
        help="填报一项完成情况（与窗口中相同的校验与留痕）",
        description="例：python main.py set --plan 创新创业 --seq 237 --unit 北流市 --period 2022-10 --actual 12",
    )
    add_db_argument(parser)
    parser.add_argument("--plan", required=True, help=PLAN_HELP)
    parser.add_argument("--seq", required=True, help="细化任务序号，如 237 或 (237)")
    parser.add_argument("--indicator", help="指标名称（任务有多个指标时必填）")
    parser.add_argument("--unit", required=True, help=UNIT_HELP)
    parser.add_argument("--period", help=PERIOD_HELP + "（只设基数时可不写）")
    value = parser.add_mutually_exclusive_group()
    value.add_argument("--actual", help="完成值（数值指标）；空字符串表示清除")
    value.add_argument("--status", help="状态（定性任务）：未启动 / 推进中 / 已完成")
    parser.add_argument("--baseline", help="基数（增长率指标的基础数，计量单位同完成值）；空字符串表示清除")
    parser.add_argument("--progress", help="工作进展")
    parser.add_argument("--problems", help="存在问题")
    parser.add_argument("--next-steps", dest="next_steps", help="下一步计划")
    parser.add_argument("--evidence", help="佐证材料")
    parser.add_argument("--who", help="填报人（默认取本机设置中的填报人）")
    parser.set_defaults(run=run)


FIGURE_FIELDS = ("actual", "status", "progress", "problems", "next_steps", "evidence")


def run(args: argparse.Namespace) -> int:
    figures = {name: getattr(args, name) for name in FIGURE_FIELDS if getattr(args, name) is not None}
    if not figures and args.baseline is None:
        return fail("请至少给出一项：--actual、--status、--baseline 或文字栏目")
    if figures and not args.period:
        return fail("填报完成情况须写 --period（填报期）")
    period = period_arg(args.period) if args.period else None
    store = open_for(args, must_exist=True)  # recording into a brand-new ledger is almost always a typo
    with store:
        try:
            plan = find_plan(store, args.plan)
            unit = get_unit(store, args.unit)
            changes = dict(figures)
            if args.baseline is not None:
                changes["baseline"] = args.baseline
            # A 基数 belongs to no period; the key still names one of the plan's, which the checks accept.
            key = AchievementKey(plan.id or 0, args.seq, args.indicator or "", unit.name,
                                 period or Period(plan.year, PeriodKind.YEAR))  # fmt: skip
            who = args.who or load_profile(store).operator
            stored = record_achievement(store, key, changes, who)
        except (StoreError, InputError) as exc:
            return fail(str(exc))
    if args.baseline is not None:
        print(f"已记录：{plan.title} 任务 {args.seq} {unit.name} {baseline_text(args.baseline)}")
    if not figures or period is None:
        return 0
    shown = (
        "已清除"
        if stored is None
        else (
            f"完成值 {stored.actual:g}"
            if stored.actual is not None
            else f"状态 {stored.status.value if stored.status else '—'}"
        )
    )
    print(f"已记录：{plan.title} 任务 {args.seq} {unit.name} {period.label} {shown}")
    return 0

"""`main.py set`: record one achievement through the same validation and audit as the window."""

from __future__ import annotations

import argparse
from decimal import Decimal

from cli import fail
from cli.common import PERIOD_HELP, PLAN_HELP, UNIT_HELP, add_db_argument, open_for, period_arg
from cli.console import command_name
from domain.achievements import TEXT_FIELDS, Achievement, InputError
from domain.baselines import baseline_text
from domain.periods import Period, PeriodKind
from domain.plans import Indicator, Plan, display_seq
from domain.submit_check import MAX_EXPLANATION
from storage.achievements import FIELD_LABELS, AchievementKey, achievement_history, record_achievement
from storage.db import Store, StoreError
from storage.plans import find_plan, unit_quota
from storage.settings import load_profile
from storage.units import get_unit

FIGURE_FIELDS = ("actual", "status", *TEXT_FIELDS, "explanation")
SHOWN_TEXT = 40  # characters of a text field repeated in the confirmation


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "set",
        help="填报一项完成情况（与窗口中相同的校验与留痕）",
        description=(
            f"例：{command_name()} set --plan 创新创业 --seq 237 --unit 北流市 --period 2022-10 --actual 12\n"
            f"    {command_name()} set --plan 创新创业 --seq 244 --unit 北流市 --period 2022-10 --actual 3.5亿元\n"
            "金额可带计量单位（元、万元、亿元），按该指标的计量单位换算后保存；与指标不符的计量单位不予保存。"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db_argument(parser)
    parser.add_argument("--plan", required=True, help=PLAN_HELP)
    parser.add_argument("--seq", required=True, help="细化任务序号，如 237 或 (237)")
    parser.add_argument("--indicator", help="指标名称（任务有多个指标时必填）")
    parser.add_argument("--unit", required=True, help=UNIT_HELP)
    parser.add_argument("--period", help=PERIOD_HELP + "（只设基数时可不写）")
    value = parser.add_mutually_exclusive_group()
    value.add_argument("--actual", help="完成值（数值指标），如 12 或 3.5亿元；空字符串表示清除")
    value.add_argument("--status", help="状态（定性任务）：未启动 / 推进中 / 已完成")
    parser.add_argument("--baseline", help="基数（增长率指标的基础数，计量单位同完成值）；空字符串表示清除")
    parser.add_argument("--progress", help="工作进展")
    parser.add_argument("--problems", help="存在问题")
    parser.add_argument("--next-steps", dest="next_steps", help="下一步计划")
    parser.add_argument("--evidence", help="佐证材料")
    parser.add_argument(
        "--explanation",
        help=f"情况说明：报送前检查认为异常的数字（保有量下降、超过上期3倍、完成率超过300%%）须写一句话说明，"
        f"最多 {MAX_EXPLANATION} 字，写在报表的“说明”中",
    )
    parser.add_argument("--who", help="填报人（默认取本机设置中的填报人）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    figures = {name: getattr(args, name) for name in FIGURE_FIELDS if getattr(args, name) is not None}
    if not figures and args.baseline is None:
        return fail("请至少给出一项：--actual、--status、--baseline、--explanation 或文字栏目")
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
            before = _recorded(store, plan, key) if figures else None
            if args.explanation and not _has_figure(before, figures):
                return fail(f"情况说明是对本期完成值的说明：任务 {display_seq(key.seq)} {unit.name}{key.period.label}"
                            "尚未填报完成值（或状态），请先填报（--actual），情况说明未保存")  # fmt: skip
            who = args.who or load_profile(store).operator
            stored = record_achievement(store, key, changes, who)
            indicator = _indicator(plan, key)
            baseline = unit_quota(store, plan.id or 0, key.seq, indicator.name, unit.name) if indicator else None
        except (StoreError, InputError) as exc:
            return fail(str(exc))
    where = f"{plan.title} 任务 {display_seq(key.seq)} {unit.name}"
    if args.baseline is not None:
        value = baseline.baseline if baseline else None
        print(f"已记录：{where} {baseline_text(value, indicator.measure if indicator else '')}")
    if figures and period is not None:
        print(_confirmation(f"{where} {period.label}", figures, before, stored, indicator))
        if "explanation" not in figures and _field(before, "explanation") and not _field(stored, "explanation"):
            print(f"情况说明已清除：“{_field(before, 'explanation')}”说明的是修改前的数字；"
                  "新数字如仍异常，报送前会再次要求说明")  # fmt: skip
    return 0


def _indicator(plan: Plan, key: AchievementKey) -> Indicator | None:
    """The indicator a recorded key names (record_achievement has checked that it is one)."""
    task = plan.task(key.seq)
    if task is None:
        return None
    return next((i for i in task.indicators if i.name == key.indicator or not key.indicator), None)


def _has_figure(before: Achievement | None, given: dict[str, str]) -> bool:
    """Whether the period will hold a figure (完成值 or 状态) once `given` is recorded over `before`."""
    for name in ("actual", "status"):
        value = given[name] if name in given else _field(before, name)
        if value is not None and str(value).strip():
            return True
    return False


def _recorded(store: Store, plan: Plan, key: AchievementKey) -> Achievement | None:
    """What is recorded now for the key, to tell afterwards what the command changed."""
    indicator = _indicator(plan, key)
    if indicator is None:
        return None
    history = achievement_history(store, plan.id or 0, key.unit, [key.seq])
    task = plan.task(key.seq)
    items = history.get((task.seq if task else key.seq, indicator.name), [])
    return next((a for a in items if a.period == key.period), None)


def _confirmation(
    where: str, given: dict[str, str], before: Achievement | None, stored: Achievement | None,
    indicator: Indicator | None,
) -> str:  # fmt: skip
    """已记录：… 工作进展“=1+1”: each field the command gave, with the value now stored; unchanged ones said so."""
    measure = indicator.measure if indicator else ""
    changed, same = [], []
    for name in given:
        now, was = _field(stored, name), _field(before, name)
        (changed if now != was else same).append(_shown(name, now, measure))
    parts = []
    if changed:
        parts.append("；".join(changed))
    if same:
        parts.append(f"未改动（与已记录的相同）：{'；'.join(same)}")
    return f"已记录：{where} {'，'.join(parts)}" if changed else f"未改动：{where} {'；'.join(same)}（与已记录的相同）"


def _field(achievement: Achievement | None, name: str) -> object:
    if achievement is None:
        return None
    value = getattr(achievement, name)
    if name == "actual":
        return value
    if name == "status":
        return value.value if value is not None else None
    return value or None  # an empty text is no text


def _shown(name: str, value: object, measure: str) -> str:
    label = FIELD_LABELS[name]
    if value is None:
        return f"{label}已清除"
    if name == "actual":
        return f"{label} {_number(float(value))}{measure}"  # type: ignore[arg-type]
    if name == "status":
        return f"{label} {value}"
    text = " ".join(str(value).split())
    if len(text) > SHOWN_TEXT:
        text = f"{text[:SHOWN_TEXT]}…（共 {len(str(value))} 字）"
    return f"{label}“{text}”"


def _number(value: float) -> str:
    """35000, 0.3, 0.00000123: every digit stored, none invented (no 3.5e+04)."""
    return format(Decimal(repr(value)).normalize(), "f")

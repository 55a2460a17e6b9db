"""`main.py export`: the breakdown table or a unit's progress return as an .xlsx file.

`export breakdown --plan P [--unit U] [-o OUT.xlsx]` and `export progress --plan P --unit U --period 2022-10
[-o OUT.xlsx] [--final]`. A progress return is a draft unless --final, which submits (报送) and locks the period
after the window's 报送前检查: unfilled rows are a note, an odd figure without its 情况说明 a refusal. Without -o
the file goes to the current folder under the name the window's save dialog suggests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli import ChineseArgumentParser, fail
from cli.common import PERIOD_HELP, PLAN_HELP, UNIT_HELP, add_db_argument, open_for, period_arg
from cli.console import command_name
from domain.periods import Period
from domain.plans import Plan
from domain.submit_check import RowCheck, UnexplainedFigures, check_return, missing_explanations, unfilled
from exporters.safe_write import ExportError
from importers.unit_keys import read_unit_key
from operations.export_return import (
    ExportCancelled,
    export_breakdown,
    export_progress,
    suggested_breakdown_name,
    suggested_return_name,
)
from operations.ledger import load_ledger
from storage.db import Store, StoreError
from storage.plans import find_plan
from storage.settings import load_profile
from storage.units import get_unit


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="导出任务分工表或完成情况表（Excel）",
        description=(
            f"例：{command_name()} export progress --plan 创新创业 --unit 北流 --period 2022-10 -o 北流10月.xlsx\n"
            f"    {command_name()} export breakdown --plan 创新创业 --unit 北流 -o 分工表.xlsx"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = parser.add_subparsers(dest="kind", title="报表", metavar="报表", parser_class=ChineseArgumentParser)
    kinds.required = True

    breakdown = kinds.add_parser("breakdown", help="任务分工表（全表，或某单位的任务与分解指标）")
    add_db_argument(breakdown)
    breakdown.add_argument("--plan", required=True, help=PLAN_HELP)
    breakdown.add_argument("--unit", help="只导出该单位的任务，如 北流市（可用简称 北流）；不写则导出全表")
    breakdown.add_argument("-o", "--output", metavar="OUT.xlsx",
                           help="保存为（.xlsx）；不写则存入当前文件夹，如“北流市_任务分工表.xlsx”")  # fmt: skip
    breakdown.add_argument(
        "--no-key", action="store_true",
        help="市本级导出某县级单位的分工表时，默认附带该单位的单位密钥（供其报表签名）；加此项则不附带",
    )  # fmt: skip
    breakdown.set_defaults(run=run)

    progress = kinds.add_parser("progress", help="某单位某填报期的完成情况表（默认草稿；--final 为报送）")
    add_db_argument(progress)
    progress.add_argument("--plan", required=True, help=PLAN_HELP)
    progress.add_argument("--unit", required=True, help=UNIT_HELP)
    progress.add_argument("--period", required=True, help=PERIOD_HELP)
    progress.add_argument(
        "-o", "--output", metavar="OUT.xlsx",
        help="保存为（.xlsx）；不写则存入当前文件夹，文件名如“北流市_2022年10月_完成情况表.xlsx”",
    )  # fmt: skip
    progress.add_argument(
        "--final", action="store_true",
        help="报送：先做报送前检查（列出未填的项；异常的数字须先用 set … --explanation 写情况说明），"
        "再导出并锁定该填报期，不能再修改（需解锁）",
    )  # fmt: skip
    progress.add_argument("--who", help="报送人（默认取本机设置中的填报人）")
    progress.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() != ".xlsx":
        return fail(f"-o：输出文件须以 .xlsx 结尾，收到“{args.output}”")
    period = None
    if args.kind == "progress":
        period = period_arg(args.period)
    if output is not None and not output.parent.is_dir():
        return fail(f"-o：文件夹“{output.parent}”不存在")
    # A return from a ledger made just now is empty: the --db is mistyped (the built-in breakdown table is not).
    store = open_for(args, must_exist=args.kind == "progress")
    with store:
        try:
            plan = find_plan(store, args.plan)
            if period is None:
                unit = get_unit(store, args.unit).name if args.unit else None
                path = output or _default_path(suggested_breakdown_name(plan.title, unit))
                written = export_breakdown(store, plan.id or 0, args.unit, path, with_key=not args.no_key)
                print(f"已导出任务分工表：{written}")
                if (key := read_unit_key(written)) is not None:
                    print(
                        f"表中附带{key.unit}的单位密钥（编号 {key.key_id}）：该单位导入后，其报送的完成情况表将带签名"
                    )
                return 0
            unit = get_unit(store, args.unit).name
            path = output or _default_path(suggested_return_name(unit, period, final=args.final))
            if args.final and (refusal := _check_before_submit(store, args, plan, unit, period)) is not None:
                return refusal
            who = args.who or load_profile(store).operator
            result = export_progress(store, plan.id or 0, args.unit, period, path, final=args.final, who=who)
        except UnexplainedFigures as exc:  # changed since the check above (another window): refused all the same
            return fail(_how_to_explain(args, plan, unit, period, exc))
        except (StoreError, ExportError, ExportCancelled) as exc:
            return fail(str(exc))
    print(result.message)
    return 0


def _default_path(name: str) -> Path:
    """The suggested name in the current folder; an existing file is never overwritten unasked."""
    path = Path.cwd() / name
    if path.exists():
        raise StoreError(f"文件已存在：{path}；如要覆盖或另存，请用 -o 写明文件名")
    return path


def _check_before_submit(store: Store, args: argparse.Namespace, plan: Plan, unit: str, period: Period) -> int | None:
    """The window's 报送前检查 (domain.submit_check): unfilled rows noted, an unexplained odd figure refused.

    Returns the exit status of a refusal, or None to go on. A locked period is left to export_progress to refuse.
    """
    view = load_ledger(store, plan.id or 0, unit, period)
    if view.locked:
        return None
    checks = check_return(view.rows)
    if empty := unfilled(checks):
        lines = "".join(f"\n  {c.label}：{'；'.join(c.reasons)}" for c in empty)
        print(f"注意：{unit}{period.label}有 {len(empty)} 项未填（仍可报送，报表中为空）：{lines}", file=sys.stderr)
    if missing := missing_explanations(checks, {}):
        return fail(_how_to_explain(args, plan, unit, period, UnexplainedFigures(missing)))
    return None


def _how_to_explain(args: argparse.Namespace, plan: Plan, unit: str, period: Period, exc: UnexplainedFigures) -> str:
    """The refusal: each odd figure with its reasons, and the command that gives it an explanation."""
    lines = [f"报送前检查：{unit}{period.label}有 {len(exc.missing)} 项数字异常，须先写一句情况说明才能报送"
             "（未导出，未锁定）："]  # fmt: skip
    lines += [f"  {c.label}：{'；'.join(c.reasons)}" for c in exc.missing]
    lines.append("情况说明写在报表的“说明”中。请逐项运行（引号中写明原因），再重新报送：")
    lines += [f"  {_set_command(args, plan, unit, period, c)}" for c in exc.missing]
    return "\n".join(lines)


def _set_command(args: argparse.Namespace, plan: Plan, unit: str, period: Period, check: RowCheck) -> str:
    task = plan.task(check.seq)
    words = [command_name(), "set"]
    if args.db:
        words += ["--db", _quoted(args.db)]
    words += ["--plan", _quoted(args.plan), "--seq", check.seq]
    if task is not None and len(task.indicators) > 1:
        words += ["--indicator", _quoted(check.indicator)]
    words += ["--unit", unit, "--period", period.code, "--explanation", '"……"']
    return " ".join(words)


def _quoted(text: str) -> str:
    """A value as typed on a Windows or Unix command line: in double quotes when it holds a space."""
    return f'"{text}"' if any(ch.isspace() for ch in text) or not text else text

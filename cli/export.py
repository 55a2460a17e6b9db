"""`main.py export`: the breakdown table or a unit's progress return as an .xlsx file.

`export breakdown --plan P [--unit U] -o OUT.xlsx` and `export progress --plan P --unit U --period 2022-10
-o OUT.xlsx [--final]`. A progress return is a draft unless --final, which submits (报送) and locks the period.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli import ChineseArgumentParser, fail
from cli.common import PERIOD_HELP, PLAN_HELP, UNIT_HELP, add_db_argument, open_for, period_arg
from exporters.safe_write import ExportError
from importers.unit_keys import read_unit_key
from operations.export_return import ExportCancelled, export_breakdown, export_progress
from storage.db import StoreError
from storage.plans import find_plan
from storage.settings import load_profile


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="导出任务分工表或完成情况表（Excel）",
        description=(
            "例：python main.py export progress --plan 创新创业 --unit 北流 --period 2022-10 -o 北流10月.xlsx\n"
            "    python main.py export breakdown --plan 创新创业 --unit 北流 -o 分工表.xlsx"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    kinds = parser.add_subparsers(dest="kind", title="报表", metavar="报表", parser_class=ChineseArgumentParser)
    kinds.required = True

    breakdown = kinds.add_parser("breakdown", help="任务分工表（全表，或某单位的任务与分解指标）")
    add_db_argument(breakdown)
    breakdown.add_argument("--plan", required=True, help=PLAN_HELP)
    breakdown.add_argument("--unit", help="只导出该单位的任务，如 北流市（可用简称 北流）；不写则导出全表")
    breakdown.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="保存为（.xlsx）")
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
    progress.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="保存为（.xlsx）")
    progress.add_argument("--final", action="store_true", help="报送：导出后锁定该填报期，不能再修改（需解锁）")
    progress.add_argument("--who", help="报送人（默认取本机设置中的填报人）")
    progress.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        return fail(f"-o：输出文件须以 .xlsx 结尾，收到“{args.output}”")
    period = None
    if args.kind == "progress":
        period = period_arg(args.period)
    if not output.parent.is_dir():
        return fail(f"-o：文件夹“{output.parent}”不存在")
    store = open_for(args)
    with store:
        try:
            plan = find_plan(store, args.plan)
            if period is None:
                written = export_breakdown(store, plan.id or 0, args.unit, output, with_key=not args.no_key)
                print(f"已导出任务分工表：{written}")
                if (key := read_unit_key(written)) is not None:
                    print(
                        f"表中附带{key.unit}的单位密钥（编号 {key.key_id}）：该单位导入后，其报送的完成情况表将带签名"
                    )
                return 0
            who = args.who or load_profile(store).operator
            result = export_progress(store, plan.id or 0, args.unit, period, output, final=args.final, who=who)
        except (StoreError, ExportError, ExportCancelled) as exc:
            return fail(str(exc))
    print(result.message)
    return 0

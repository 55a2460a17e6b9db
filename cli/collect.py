"""`main.py collect`: the city collects the counties' returns, and prints its consolidation (汇总表).

`collect FILE [FILE ...] [--dry-run] [--json]` stores the returns' figures as the units' achievements, all
files or none. `collect --summary --plan P --period 2022-10 -o OUT.xlsx` writes the 汇总表 from the store.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli import fail
from cli.common import PERIOD_HELP, PLAN_HELP, add_db_argument, open_for, period_arg
from cli.console import command_name
from exporters.safe_write import ExportError
from importers.returns import ReturnError, check_return_file
from operations.collect import CollectCancelled, CollectError, collect_returns
from operations.consolidate import export_consolidation
from operations.export_return import ExportCancelled
from storage.db import StoreError
from storage.plans import find_plan
from storage.settings import load_profile


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "collect",
        help="市级汇总：收取各县报送的完成情况表，或导出汇总表",
        description=(
            f"例：{command_name()} collect 北流市.xlsx 容县.xlsx --db 市台账.sqlite3 --dry-run\n"
            f"    {command_name()} collect --summary --plan 创新创业 --period 2022-10 -o 汇总表.xlsx "
            "--db 市台账.sqlite3\n"
            "收取时全部文件无误才写入；有手工改动的报表照收，并逐项列出改动。\n"
            "报表来自与此前不同的电脑、或落款与其他单位相同的，不予收取；\n"
            "确认该单位已更换电脑后，加 --pc-changed 单位 重新收取。"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="各单位报送的完成情况表（.xlsx）")
    add_db_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="只检查并显示将收取的内容，不写入数据库")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出收取结果（文件、单位、校验、警告、错误）")
    parser.add_argument("--who", help="收取人（默认取本机设置中的填报人）")
    parser.add_argument(
        "--pc-changed", action="append", default=[], metavar="单位",
        help="确认该单位已更换报送电脑（可多次给出；记入修改留痕），其报表照收",
    )  # fmt: skip
    parser.add_argument("--summary", action="store_true", help="导出汇总表（需 --plan、--period、-o），不收取文件")
    parser.add_argument("--plan", help=f"{PLAN_HELP}（--summary 用）")
    parser.add_argument("--period", help=f"{PERIOD_HELP}（--summary 用）")
    parser.add_argument("-o", "--output", metavar="OUT.xlsx", help="汇总表保存为（.xlsx，--summary 用）")
    parser.add_argument(
        "--paper", choices=("A4", "A3"), default="A4",
        help="汇总表的纸张（--summary 用）：A4 每项指标一块、各单位成行；A3 各单位成列，放不下时分页续排",
    )  # fmt: skip
    parser.set_defaults(run=run)


def _print_json(data: dict) -> None:
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def run(args: argparse.Namespace) -> int:
    if args.summary:
        return _summary(args)
    if not args.files:
        return fail("请给出要收取的报表文件（FILE …），或用 --summary 导出汇总表")
    stray = [name for name in ("plan", "period", "output") if getattr(args, name)]
    if args.paper != "A4":
        stray.append("paper")
    if stray:
        return fail(f"--{stray[0]} 只用于 --summary（导出汇总表）；收取报表时不需要")
    # Files that cannot be returns are refused before the store is opened, so not even a new store is made.
    refused = []
    for name in args.files:
        try:
            check_return_file(name)
        except ReturnError as exc:
            refused.append(str(exc))
    if refused:
        return _refuse(args, refused)
    store = open_for(args)
    with store:
        who = args.who or load_profile(store).operator
        try:
            report = collect_returns(store, args.files, who, dry_run=args.dry_run, pc_changed=args.pc_changed)
        except CollectError as exc:
            hint = ""
            if exc.to_confirm:
                again = " ".join(f"--pc-changed {unit}" for unit in exc.to_confirm)
                hint = f"如确认上述单位已更换报送电脑，请加 {again} 重新收取"
            return _refuse(args, exc.errors, hint)
        except (CollectCancelled, StoreError) as exc:
            return fail(str(exc))
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.message)
    return 0


def _refuse(args: argparse.Namespace, errors: list[str], hint: str = "") -> int:
    if args.json:
        _print_json({"dry_run": args.dry_run, "files": [], "errors": errors})
    for line in errors:
        fail(line)
    if hint:
        fail(hint)
    return fail(f"{len(errors)} 处错误，未收取任何报表")


def _summary(args: argparse.Namespace) -> int:
    if args.files or args.pc_changed:
        return fail("--summary 导出汇总表时不收取文件；请先单独运行 collect FILE …")
    missing = [
        flag for flag, value in (("--plan", args.plan), ("--period", args.period), ("-o", args.output)) if not value
    ]
    if missing:
        return fail(f"--summary 需要 {'、'.join(missing)}")
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        return fail(f"-o：输出文件须以 .xlsx 结尾，收到“{args.output}”")
    if not output.parent.is_dir():
        return fail(f"-o：文件夹“{output.parent}”不存在")
    period = period_arg(args.period)
    store = open_for(args)
    with store:
        try:
            plan = find_plan(store, args.plan)
            result = export_consolidation(store, plan.id or 0, period, output, paper=args.paper)
        except (StoreError, ExportError, ExportCancelled) as exc:
            return fail(str(exc))
    print(result.message)
    return 0

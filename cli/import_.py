"""`main.py import FILE`: read a city's breakdown table, show what was found, and store it (unless --dry-run)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from cli import fail
from cli.common import add_db_argument, db_path, open_for
from cli.console import command_name
from domain.plans import display_seq
from importers.table_review import parse_decision_value
from operations.bootstrap import open_with_builtin
from operations.import_table import (
    ImportNeedsReview,
    ImportPreview,
    ImportRefused,
    Review,
    ReviewError,
    TableFileError,
    check_import_file,
    describe_decision,
    describe_pending,
    import_breakdown_table,
    preview_import,
)
from storage.db import Store, StoreError
from storage.settings import load_profile


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="导入市里下发的指标任务分工表（.xlsx / .xls），先显示识别结果",
        description=f"例：{command_name()} import 分工表.xlsx --db 台账.sqlite3 --dry-run",
    )
    parser.add_argument("file", metavar="FILE", help="市里下发的任务分工表或指标分解表（.xlsx 或 .xls）")
    add_db_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="只显示识别结果，不写入数据库")
    parser.add_argument(
        "--json", action="store_true",
        help="以 JSON 输出识别结果（方案、任务、指标、分解指标、警告、错误、待确认项）；--json 只改变输出格式："
        "不加 --dry-run 时照常导入并写入数据库，JSON 中 written 为 true、plan_id 为方案编号；只想查看请加 --dry-run",
    )  # fmt: skip
    parser.add_argument("--who", help="导入人（默认取本机设置中的填报人）")
    parser.add_argument(
        "--sheet", metavar="SHEET", default="",
        help="只读取名为 SHEET 的工作表（表中既有原表又有修订版时，用它选定要导入的一张），如 --sheet 分解表（修订版）",
    )  # fmt: skip
    review = parser.add_argument_group("待确认项（读不准的分解指标，先用 --dry-run 或 --json 查看编号）")
    review.add_argument(
        "--accept-all-certain", action="store_true",
        help="只导入有把握读出的分解指标；没有确认的待确认项不登记（不加此项时，有待确认项就不导入）",
    )  # fmt: skip
    review.add_argument(
        "--resolve", nargs="+", action="extend", default=[], metavar="编号=数值",
        help="确认待确认项的数值，如 --resolve 237/1=18 3/2=25%%；数值写“无”表示该单位不分解",
    )  # fmt: skip
    review.add_argument(
        "--map", nargs="+", action="extend", default=[], metavar="名称=单位",
        help="把表中登记表没有的名称对应到已登记的单位，如 --map 玉林高新区=玉东新区",
    )  # fmt: skip
    review.add_argument(
        "--add-zone", nargs="+", action="extend", default=[], metavar="名称[=登记名称]",
        help="把表中的名称新增为本市的开发区（园区），如 --add-zone 玉林经开区；登记名称默认去掉“管委会”"
        "（南宁高新区管委会 → 南宁高新区），也可自己起名：--add-zone 南宁高新区管委会=南宁高新技术产业开发区",
    )  # fmt: skip
    parser.set_defaults(run=run)


def _empty_report(message: str) -> dict[str, Any]:
    return {"plan": None, "tasks": [], "indicators": [], "quotas": [], "warnings": [], "notes": [],
            "errors": [message], "unresolved": [], "pending": []}  # fmt: skip


def _print_json(data: dict[str, Any]) -> None:
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _pairs(items: list[str], flag: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ReviewError(f"{flag} 应写成 {'编号=数值' if flag == '--resolve' else '名称=单位'}：“{item}”")
        pairs.append((key.strip(), value.strip()))
    return pairs


def review_from_args(args: argparse.Namespace, preview: ImportPreview) -> Review:
    """The decisions given on the command line; ReviewError (Chinese) for one that cannot be read."""
    review = Review(accept_certain=args.accept_all_certain)
    measures = {p.id: p.measure for p in preview.pending}
    for item_id, text in _pairs(args.resolve, "--resolve"):
        review.resolved[item_id] = parse_decision_value(text, measures.get(item_id, ""))
    for name, unit in _pairs(args.map, "--map"):
        review.mapped[name] = unit
    for zone in (z.strip() for z in args.add_zone if z.strip()):
        written, _, named = zone.partition("=")
        review.zones.append(written.strip())
        if named.strip():
            review.zone_names[written.strip()] = named.strip()
    return review


def run(args: argparse.Namespace) -> int:
    try:
        # A bad file is refused before the store is opened, so not even a new store is created for it.
        check_import_file(args.file)
    except TableFileError as exc:
        if args.json:
            _print_json(_empty_report(str(exc)))
        return fail(str(exc))
    if not args.dry_run and not db_path(args).exists():
        # A ledger that does not exist yet is made only for a file that can be imported: the refusals come first.
        with ExitStack() as stack:
            trial = _store_for(argparse.Namespace(**{**vars(args), "dry_run": True}), stack)
            refused = _preview_or_refusal(args, trial)
            if isinstance(refused, int):
                return refused
    with ExitStack() as stack:
        store = _store_for(args, stack)
        preview = _preview_or_refusal(args, store)
        if isinstance(preview, int):
            return preview
        report = preview.report()
        report.update(dry_run=bool(args.dry_run), written=False, plan_id=None, changes=[], decisions=[])
        if not args.json:
            _print_preview(preview)
        if args.dry_run:
            if args.json:
                _print_json(report)
            else:
                for item in preview.pending:
                    print(f"待确认：{describe_pending(item)}")
                print("（试运行：未写入数据库）")
            return 0
        return _import(args, store, preview, report)


def _preview_or_refusal(args: argparse.Namespace, store: Store) -> ImportPreview | int:
    """The file's preview, or the exit status of its refusal (said in Chinese): not a table, or rows in error."""
    try:
        preview = preview_import(store, args.file, sheet=args.sheet)
    except TableFileError as exc:
        if args.json:
            _print_json(_empty_report(str(exc)))
        return fail(str(exc))
    return _refuse_errors(args, preview) if preview.errors else preview


def _refuse_errors(args: argparse.Namespace, preview: ImportPreview) -> int:
    """Show the preview and its errors, and refuse the import (exit status 2): nothing is written."""
    report = preview.report()
    report.update(dry_run=bool(args.dry_run), written=False, plan_id=None, changes=[], decisions=[])
    if args.json:
        _print_json(report)
    else:
        _print_preview(preview)
    for line in preview.errors:
        fail(line)
    return fail(f"表中有 {len(preview.errors)} 处错误，未导入任何数据")


def _store_for(args: argparse.Namespace, stack: ExitStack) -> Store:
    """The store to import into; for --dry-run one that nothing is written to.

    A dry run reads a copy of the ledger made in a temporary folder (SQLite writes beside a file it merely
    opens, even read-only: its -wal and -shm), or a throw-away ledger with the built-in data when there is
    none: it creates and changes no file where --db points.
    """
    if not args.dry_run:
        return stack.enter_context(open_for(args))
    path = db_path(args)
    if getattr(args, "db", None) and not path.parent.is_dir():
        raise StoreError(f"数据库所在文件夹不存在：{path.parent.absolute()}")
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="import-dry-run-")))
    copy = folder / "ledger.sqlite3"
    if path.exists():
        try:
            shutil.copyfile(path, copy)
            wal = path.with_name(path.name + "-wal")
            if wal.exists():
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        except OSError as exc:
            raise StoreError(f"无法读取数据库文件 {path.absolute()}：{exc.strerror or exc}") from None
    return stack.enter_context(open_with_builtin(copy))


def _import(args: argparse.Namespace, store, preview: ImportPreview, report: dict[str, Any]) -> int:
    """Store the previewed plan as decided on the command line; say what was decided and what was written."""
    who = args.who or load_profile(store).operator
    try:
        review = review_from_args(args, preview)
        changes = import_breakdown_table(store, preview, who, review=review)
    except ImportNeedsReview as exc:
        left = {item.id for item in exc.pending}
        lines = [describe_decision(item, review) for item in preview.pending if item.id not in left]
        report["decisions"] = lines
        if args.json:
            _print_json(report)
        for line in lines:
            print(line, file=sys.stderr)
        for item in exc.pending:
            print(f"待确认：{describe_pending(item)}", file=sys.stderr)
        return fail(
            f"表中有 {len(exc.pending)} 项待确认，未导入任何数据；请用 --resolve 编号=数值、--map 名称=单位、"
            "--add-zone 名称 逐项确认，或加 --accept-all-certain 只导入有把握的分解指标"
        )
    except (ImportRefused, ReviewError, StoreError) as exc:
        if args.json:
            _print_json(report)
        return fail(str(exc))
    verb = "已导入新方案" if changes.created else "已更新方案"
    decisions = [describe_decision(item, review) for item in preview.pending]
    report.update(written=True, plan_id=changes.plan_id, changes=list(changes.lines), decisions=decisions)
    if args.json:
        _print_json(report)
    out = sys.stderr if args.json else sys.stdout
    for line in decisions:
        print(line, file=out)
    print(f"{verb}：{preview.replaces or preview.plan.title}（编号 {changes.plan_id}）", file=out)
    for line in changes.lines:
        print(f"  {line}", file=out)
    return 0


def plain_number(value: float | None) -> str:
    """18.0 as "18", 11.5 as "11.5"."""
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def _print_preview(preview: ImportPreview) -> None:
    plan = preview.plan
    print(f"文件：{preview.file}（工作表“{preview.sheet}”，{preview.shape}）")
    print(f"方案：{plan.title}（{plan.year} 年{('，' + plan.city) if plan.city else ''}）")
    if preview.replaces:
        print(f"库中已有同一方案：{preview.replaces}；导入将按序号更新任务和分解指标，已填报的完成情况保留")
    quotas = preview.quotas
    print(f"任务 {len(plan.tasks)} 项，指标 {len(preview.indicators)} 个，分解指标 {len(quotas)} 条")
    for seq, indicator in preview.indicators:
        target = f"{indicator.direction.label}{plain_number(indicator.target)}{indicator.target_measure}"
        total = target if indicator.target is not None else "（无总目标）"
        print(f"{display_seq(seq)} {indicator.name} [{indicator.kind.label}] {total}")
        for quota in indicator.quotas:
            figure = f"{plain_number(quota.target)}" if quota.target is not None else "—"
            baseline = f"，基础数 {plain_number(quota.baseline)}" if quota.baseline is not None else ""
            print(f"    {quota.unit}：{figure}{baseline}  ← {quota.source}")
    for line in preview.table_notes:
        print(f"表下注释：{line}")
    for line in preview.notes:
        print(f"说明：{line}")
    for line in preview.warnings:
        print(f"警告：{line}")

"""`main.py dump`: the whole store as JSON on standard output."""

from __future__ import annotations

import argparse
import json
import sys

from cli.common import add_db_argument, open_for
from storage.dump import dump_store


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("dump", help="以 JSON 输出库中全部单位、方案、任务、指标、分解指标和完成情况")
    add_db_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_for(args, must_exist=False)
    with store:
        data = dump_store(store)
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0

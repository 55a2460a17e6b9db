"""The layers stay honest: no Qt below gui/ and cli/, no SQL outside storage/."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def python_files(package: str):
    return sorted((ROOT / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["domain", "storage", "importers", "exporters", "operations"])
def test_no_qt_below_the_gui(package):
    offenders = [p.name for p in python_files(package) if imported_modules(p) & {"PySide6", "shiboken6"}]
    assert offenders == []


def test_domain_imports_nothing_of_ours_but_domain():
    ours = {"storage", "importers", "exporters", "operations", "gui", "cli", "sqlite3", "sqlite_utils", "openpyxl"}
    offenders = {p.name: imported_modules(p) & ours for p in python_files("domain")}
    assert {k: v for k, v in offenders.items() if v} == {}


SQL = re.compile(r"\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.IGNORECASE)


@pytest.mark.parametrize("package", ["gui", "cli", "domain", "importers", "exporters", "operations"])
def test_sql_lives_only_in_storage(package):
    offenders = [p.name for p in python_files(package) if SQL.search(p.read_text(encoding="utf-8"))]
    assert offenders == []

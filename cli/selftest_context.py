"""What the selftest's checks share: the figures they record, the context they hand on, how one fails."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

UNIT = "北流市"
PLAN = "优化营商环境创新创业"
PERIOD = "2022-10"
REPORT_DAY = date(2022, 10, 31)
WHO = "自检"
# Figures of the seed's 北流市 rows: increment, a growth target against its baseline, and a qualitative task.
FIGURES = [
    ("237", {"actual": "12", "progress": "新认定高新技术企业3家，另有5家待公示", "evidence": "认定名单"}),
    ("238", {"actual": "41", "progress": "已完成入库评价41家"}),
    ("252", {"actual": "5200"}),
    ("239", {"status": "推进中", "progress": "走访技改企业12家"}),
]


class CheckFailed(Exception):
    """A check's finding, in Chinese: what was expected and what was found."""


@dataclass
class Context:
    """What the checks hand on to each other: the folder, the store, the plan and the files written."""

    folder: Path
    store: Any = None
    plan_id: int | None = None
    app: Any = None
    files: dict[str, Path] = field(default_factory=dict)

    def need_store(self) -> Any:
        if self.store is None or self.plan_id is None:
            raise CheckFailed("未执行：数据库或内置方案未能建立")
        return self.store

    def need_file(self, kind: str, label: str) -> Path:
        """A file an earlier check wrote (`kind` in `files`); CheckFailed naming that check when it did not."""
        if kind not in self.files:
            raise CheckFailed(f"未执行：{label}未能完成")
        return self.files[kind]


def expect(condition: bool, message: str) -> None:
    """Fail the running check with `message` unless `condition` holds."""
    if not condition:
        raise CheckFailed(message)

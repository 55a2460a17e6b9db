"""What a collection of county returns did: per file, whose return, what it changed, and what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from domain.periods import Period


class CollectError(Exception):
    """One or more files cannot be collected; nothing was stored. `errors` name the files, in Chinese.

    `to_confirm` lists the units whose returns come from a PC other than the one that reported for them
    before: when those are the only errors, the official may confirm the change and collect again.
    """

    def __init__(self, errors: list[str], to_confirm: list[str] | None = None) -> None:
        super().__init__("未收取任何报表（全部文件须无误才会收取）：\n" + "\n".join(errors))
        self.errors = errors
        self.to_confirm = list(dict.fromkeys(to_confirm or []))

    @property
    def only_confirmable(self) -> bool:
        """True when confirming a change of PC for `to_confirm` would clear every error."""
        return bool(self.to_confirm) and all(e.startswith(PC_CHANGE) for e in self.errors)


# How every error that a confirmed change of PC clears begins, so callers can tell them apart.
PC_CHANGE = "【需确认更换电脑】"


class CollectCancelled(Exception):
    """The user cancelled; nothing was stored."""

    def __init__(self) -> None:
        super().__init__("收取已取消，未写入任何数据")


@dataclass
class CollectedFile:
    """One return as collected (or, in a dry run, as it would be): whose, and what it changed."""

    path: Path
    plan_id: int
    plan_title: str
    unit: str
    period: Period
    final: bool
    exported_at: datetime | None
    checksum: str
    lines: int
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fields_changed: int = 0
    stored: bool = False

    @property
    def check(self) -> str:
        return "一致" if not self.changed else f"手工改动 {len(self.changed)} 处"

    @property
    def summary(self) -> str:
        """One line per file: 北流市 2022年10月（报送，校验一致）：更新 12 处数据 (figures and texts changed)."""
        kind = "报送" if self.final else "草稿"
        done = f"更新 {self.fields_changed} 处数据" if self.stored else "未收取"
        return f"{self.unit} {self.period.label}（{kind}，校验{self.check}）：{done}　[{self.path.name}]"


@dataclass
class CollectReport:
    """What a collection did (or would do, with `dry_run`)."""

    files: list[CollectedFile]
    dry_run: bool = False

    @property
    def stored(self) -> list[CollectedFile]:
        return [f for f in self.files if f.stored]

    @property
    def message(self) -> str:
        """What the user reads: a line per file, then every warning and note."""
        verb = "试收取（未写入）" if self.dry_run else "已收取"
        lines = [f"{verb} {len(self.stored)} 份报表（共 {len(self.files)} 个文件）："]
        for item in self.files:
            lines.append(f"  {item.summary}")
            lines.extend(f"    警告：{w}" for w in item.warnings)
            lines.extend(f"    说明：{n}" for n in item.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """The report for `collect --json`."""
        return {
            "dry_run": self.dry_run,
            "files": [
                {
                    "file": str(f.path),
                    "plan_id": f.plan_id,
                    "plan": f.plan_title,
                    "unit": f.unit,
                    "period": f.period.code,
                    "final": f.final,
                    "check": f.check,
                    "changed": f.changed,
                    "exported_at": f.exported_at.isoformat() if f.exported_at else None,
                    "lines": f.lines,
                    "fields_changed": f.fields_changed,
                    "stored": f.stored,
                    "warnings": f.warnings,
                    "notes": f.notes,
                }  # fmt: skip
                for f in self.files
            ],
            "errors": [],
        }

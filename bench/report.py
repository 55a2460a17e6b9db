"""BENCHMARKS.md: the machine, the date, and one row per figure (ours, floor, ratio, target, memory)."""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime
from pathlib import Path

from bench.figures import MEMORY_TARGET_MIB, Result, Run


def machine() -> dict[str, str]:
    """CPU model, cores, OS, Python and Qt versions, and how busy the machine was."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        qt = "Qt not installed"
    load = ""
    if hasattr(os, "getloadavg"):
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "OS": platform.platform(),
        "Python": sys.version.split()[0],
        "Qt": qt,
        "load average (1/5/15 min) at the end": load or "n/a",
    }


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def _side(run: Run, stat: str = "median") -> str:
    if run.error:
        return run.error
    if not run.times:
        return "—"
    shown = f"{_ms(run.stat(stat))} ms"
    if stat == "p95":
        shown = f"p95 {shown}, median {_ms(run.median)} ms"
    return f"{shown} ({_ms(min(run.times))}–{_ms(max(run.times))})"


def _memory(result: Result) -> str:
    ours = f"{result.ours.peak_mib:.0f}" if result.ours.peak_mib else "—"
    floor = f"{result.floor.peak_mib:.0f}" if result.floor.peak_mib else "—"
    return f"{ours} / {floor}"


def table(results: list[Result]) -> list[str]:
    lines = [
        "| Figure | Ours: median (min–max) | Floor: median (min–max) | Ratio | Target | Peak MiB ours / floor "
        "| Verdict |",
        "|---|---|---|---:|---|---:|---|",
    ]
    for r in results:
        f = r.figure
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else "—"
        target = f"{f.target.text}; < {MEMORY_TARGET_MIB:.0f} MiB"
        lines.append(f"| {f.label} | {_side(r.ours, f.target.stat)} | {_side(r.floor)} | {ratio} | {target} "
                     f"| {_memory(r)} | {r.verdict} |")  # fmt: skip
    return lines


def write_report(path: Path, results: list[Result], *, quick: bool, scale: str, started: datetime,
                 stores: dict[str, dict]) -> None:  # fmt: skip
    """Write BENCHMARKS.md (the whole file: it is the benchmark's output, not edited by hand)."""
    m = machine()
    lines = [
        "# Benchmarks",
        "",
        "Written by `python -m bench` (see bench/ and the README's developer section); do not edit by hand.",
        "Each figure is measured several times beside a floor measured in the same run on the same machine:",
        "what the machine does for the same result with the least software (a bare window, xlsxwriter,",
        "python-calamine, a bare Qt table). Times are wall-clock medians with min–max; ratio = ours ÷ floor.",
        "Each side runs in a child process of its own, after one untimed warm-up run; peak memory is that",
        "process's peak resident set (VmHWM). Targets are from issue 16; a figure without a time target",
        "(paste, collect) is reported for its ratio and memory only.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M} (run took {(datetime.now() - started).seconds} s)"
        + (" — **quick run (fewer repeats)**" if quick else ""),
        *(f"- {key}: {value}" for key, value in m.items()),
        f"- Stores ({scale}): "
        + "; ".join(
            f"{name} ({meta.get('size_mib', '?')}): {meta.get('shape', '')}" for name, meta in stores.items()
        ),  # fmt: skip
        "",
        *table(results),
        "",
        "## What each figure measures",
        "",
    ]
    for r in results:
        f = r.figure
        extra = ", ".join(f"{k} {_value(v)}" for k, v in r.ours.info.items()) if r.ours.info else ""
        runs = len(r.ours.times)
        lines.append(f"- **{f.label}** ({runs} runs{'; ' + extra if extra else ''}) — floor: {f.floor_label}.")
    causes = [r for r in results if r.figure.cause and (r.verdict.startswith("missed") or _far_without_target(r))]
    if causes:
        lines += ["", "## Where a target is missed: the cause (profiled) and what it would take", ""]
        lines += [f"- **{r.figure.label}** ({_standing(r)}): {r.figure.cause}" for r in causes]
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def _standing(result: Result) -> str:
    if result.verdict.startswith("missed"):
        return result.verdict
    return f"no time target; {result.ratio:.0f}× its floor"


def _far_without_target(result: Result) -> bool:
    """A figure without a time target that is far above its floor still gets its cause written."""
    return result.figure.target.text == "—" and result.ratio is not None and result.ratio > 3


def _value(value: object) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


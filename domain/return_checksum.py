"""The checksum of a return's figures: written by the exporter, verified when the city reads it back.

One rule in one place, so a return written by one version is verified the same way by another.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

CHECKSUM_FIELDS = ("seq", "indicator", "target", "actual", "rate", "status")


def canonical(value: object) -> str:
    """A figure as the checksum sees it: numbers to six decimals, text trimmed, blanks empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return f"{round(float(value), 6):.6f}"
    return str(value).strip()


def figures_checksum(plan_key: str, unit: str, period: str, figures: Iterable[Sequence[str]]) -> str:
    """SHA-256 over the return's identity (plan, unit, period code) and each line's canonical figures."""
    payload = {"plan": plan_key, "unit": unit, "period": str(period), "figures": [list(f) for f in figures]}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""The checksum of a return's figures: written by the exporter, verified when the city reads it back.

One rule in one place, so a return written by one version is verified the same way by another.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


# --- who made a return: the installation, its registered unit, the names it is signed with -------------

IDENTITY_LABELS = {
    "installation": "安装标识",
    "city": "登记市",
    "unit": "登记单位",
    "head": "单位负责人",
    "reviewer": "审核人",
    "filler": "填报人",
    "phone": "联系电话",
}
SIGNATURE_NAMES = ("head", "reviewer", "filler", "phone")


@dataclass(frozen=True)
class ReturnIdentity:
    """The installation that exported a return, the unit it is registered to, and the footer's names."""

    installation: str
    city: str = ""
    unit: str = ""
    head: str = ""
    reviewer: str = ""
    filler: str = ""
    phone: str = ""

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in IDENTITY_LABELS}

    def signature_names(self) -> dict[str, str]:
        """The footer's names and phone that are filled in: what tells one unit's returns from another's."""
        return {name: getattr(self, name).strip() for name in SIGNATURE_NAMES if getattr(self, name).strip()}


def identity_digest(checksum: str, final: bool, exported_at: str, identity: ReturnIdentity) -> str:
    """SHA-256 binding a return's figures checksum to who exported it, when, and whether as 报送.

    Anyone can recompute it (the rule is public): it shows an accidental or casual edit of the hidden sheet,
    not a deliberate one; the HMAC signature below is what a unit's key adds.
    """
    payload = {"checksum": checksum, "final": bool(final), "exported_at": exported_at, **identity.as_dict()}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_id(key: bytes) -> str:
    """A short public name of a unit key, so a return says which key signed it without revealing it."""
    return hashlib.sha256(b"st-ledger unit key\x00" + key).hexdigest()[:12]


def sign(key: bytes, digest: str) -> str:
    """HMAC-SHA256 of a return's identity digest under the unit's key."""
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


def signature_valid(key: bytes, digest: str, signature: str) -> bool:
    """Whether `signature` is the unit key's HMAC of `digest` (compared in constant time)."""
    return hmac.compare_digest(sign(key, digest), signature.strip().lower())


# The hidden sheet of the city's 汇总表 that says what it is, so no reader takes it for a breakdown table.
SUMMARY_SHEET_MARK = "汇总信息"
SUMMARY_FORMAT = "科技指标任务台账·汇总表"

# The hidden sheet of a unit's breakdown table that carries the unit's key from the city to the county.
UNIT_KEY_SHEET = "单位密钥"
UNIT_KEY_FORMAT = "科技指标任务台账·单位密钥"

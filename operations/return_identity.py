"""At the city: is a return what its unit sent? Its installation, registration, signature names and key.

A county installation exports returns only for its own unit, and every return says which installation
made it. The city remembers the installation that first reported for each unit and the names its returns
are signed with; a return from another installation, or signed with another unit's names, is refused
unless the official confirms the unit changed its PC (audited). A return signed with the unit's key (from
the city's breakdown table) is known to come from that unit's own installation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.return_checksum import IDENTITY_LABELS, key_id, signature_valid
from domain.units import Unit
from importers.returns import ReturnReading
from storage.db import Store
from storage.return_identity import ReturnSource, return_sources, unit_key

# Two of the footer's four entries matching another unit's returns is a return of that unit's PC, not chance.
SAME_NAMES = 2


@dataclass
class IdentityCheck:
    """What the city can tell about who made one return."""

    unit: str
    refusals: list[str] = field(default_factory=list)  # nothing but the official's word can clear these
    doubts: list[str] = field(default_factory=list)  # cleared when the official confirms a change of PC
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: ReturnSource | None = None  # what to remember for the unit once the return is stored
    previous: ReturnSource | None = None


class ReturnSources:
    """The city's record of where each unit's returns come from, with the returns of this batch added."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known = return_sources(store)

    def check(self, reading: ReturnReading, unit: Unit, city: str, file: str) -> IdentityCheck:
        """Check one return against what the city knows; the batch's later files see this one's source."""
        result = IdentityCheck(unit.name)
        identity = reading.identity
        if identity is None:
            result.warnings.append("该报表由旧版程序导出，没有安装标识和落款信息，无法核对是哪台电脑报送的")
            return result
        if not reading.identity_intact:
            result.refusals.append(
                "校验信息表中的报送电脑或落款信息已被改动，无法确认报表来自哪个单位，请该单位重新导出"
            )
            return result
        if identity.unit and identity.unit not in (unit.name, city):
            result.refusals.append(
                f"报表由登记为“{identity.unit}”的电脑导出，却以{unit.name}的名义报送；"
                f"请{unit.name}用本单位的电脑导出报表"
            )
        self._signature(reading, unit, result)
        mine = short(identity.installation)
        previous = self.known.get(unit.name)
        result.previous = previous
        if previous and previous.installation != identity.installation:
            result.doubts.append(
                f"{unit.name}此前的报表来自另一台电脑（安装标识 {short(previous.installation)}，"
                f"{_day(previous.since)}起），本报表来自安装标识 {mine}"
            )
        if identity.unit != city:  # the city's own installation may export for any of its units
            others = [u for u, s in self.known.items() if u != unit.name and s.installation == identity.installation]
            if others:
                result.doubts.append(f"本报表所来自的电脑（安装标识 {mine}）此前报送的是{'、'.join(others)}的报表")
        names = identity.signature_names()
        for other, source in self.known.items():
            shared = [k for k, v in names.items() if other != unit.name and source.names.get(k) == v]
            if len(shared) >= SAME_NAMES:
                said = "、".join(f"{IDENTITY_LABELS[k]}“{names[k]}”" for k in shared)
                result.doubts.append(f"落款（{said}）与{other}报表的落款相同")
        moment = datetime.now().isoformat(timespec="seconds")
        since = previous.since if previous and previous.installation == identity.installation else moment
        result.source = ReturnSource(identity.installation, since, file, names)
        self.known[unit.name] = result.source
        return result

    def _signature(self, reading: ReturnReading, unit: Unit, result: IdentityCheck) -> None:
        key = unit_key(self.store, unit.name)
        if reading.signature:
            if key is None:
                result.warnings.append(f"报表已签名，但本库中没有{unit.name}的单位密钥，无法核验签名")
            elif key_id(key) != reading.key_id or not signature_valid(key, reading.identity_digest, reading.signature):
                result.refusals.append(
                    f"签名无效：报表不是用市里发给{unit.name}的单位密钥签名的（可能被改动，或由其他单位的电脑导出）"
                )
            else:
                result.notes.append(f"签名有效：由{unit.name}本单位的电脑导出")
        elif key is not None:
            result.warnings.append(
                f"报表未签名：{unit.name}的电脑尚未导入市里发出的带单位密钥的任务分工表，无法确认是本单位电脑导出"
            )


def short(installation: str) -> str:
    """The first eight characters of an installation id: enough to tell two PCs apart in a message."""
    return installation[:8]


def _day(moment: str) -> str:
    try:
        when = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    return f"{when.year}年{when.month}月{when.day}日"

"""The unit key a city's breakdown table may carry (hidden sheet 单位密钥), read when a county imports it.

The county keeps the key and signs its returns with it (HMAC), so the city can tell a return made by that
unit's own installation. Read with python-calamine, so a table WPS saved as .xls still gives its key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from domain.return_checksum import UNIT_KEY_FORMAT, UNIT_KEY_SHEET, key_id
from importers.file_safety import check_file
from importers.table_reader import by_content


@dataclass(frozen=True)
class UnitKey:
    """A unit's key as the city issued it."""

    unit: str
    city: str
    key: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.key)


def read_unit_key(path: str | Path) -> UnitKey | None:
    """The key in a breakdown table, or None when it carries none (or one that cannot be read whole).

    Call only on a file the import's safety checks have passed; never raises for a missing or odd sheet.
    """
    try:
        file = Path(path)
        with by_content(file, check_file(file)) as readable:
            workbook = CalamineWorkbook.from_path(str(readable))
            if UNIT_KEY_SHEET not in workbook.sheet_names:
                return None
            rows = workbook.get_sheet_by_name(UNIT_KEY_SHEET).to_python()
            workbook.close()
    except Exception:  # calamine raises its own error types for damaged parts: a table without a key
        return None
    values = {str(row[0]).strip(): str(row[1]).strip() for row in rows if len(row) >= 2 and row[0]}
    if values.get("格式") != UNIT_KEY_FORMAT or not values.get("单位"):
        return None
    try:
        key = bytes.fromhex(values.get("密钥", ""))
    except ValueError:
        return None
    if len(key) < 16 or values.get("密钥编号") != key_id(key):
        return None  # cut or retyped: a wrong key would only make every signed return look forged
    return UnitKey(values["单位"], values.get("所属市", ""), key)

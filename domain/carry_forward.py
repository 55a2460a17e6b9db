"""沿用上期: last period's texts offered for this period's empty cells (a pure rule)."""

from __future__ import annotations

from collections.abc import Sequence

from domain.achievements import TEXT_FIELDS
from domain.progress import ProgressRow


def texts_to_carry(rows: Sequence[ProgressRow]) -> list[tuple[int, str, str]]:
    """(row index, text field, text) for every empty text of this period that the latest earlier one filled.

    Figures are never carried (a figure is what this period reports); a text already written stays.
    """
    found = []
    for index, row in enumerate(rows):
        if row.earlier is None:
            continue
        for name in TEXT_FIELDS:
            now = getattr(row.achievement, name) if row.achievement else ""
            before = getattr(row.earlier, name)
            if not now and before:
                found.append((index, name, before))
    return found

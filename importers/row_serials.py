"""Serials, section headings and deadlines as breakdown tables write them: (237), 1., ①, （一）; 一、科技企业培育
merged across the table; 2023年11月底, 年底, 12月."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from importers.table_reader import cell_text

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

_NO_DEADLINE = re.compile(r"^(长期|持续|常态化|全年|按.*要求|—|-|/|无)")
_CIRCLED = {chr(0x2460 + i): str(i + 1) for i in range(20)}
_CN_SERIAL = re.compile(r"^[一二三四五六七八九十]+$")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部分章节类项])"
)


def clean_seq(text: str) -> str:
    """A serial as written in any style — (237), 1., 1、, ①, （一） — without its brackets and dots."""
    bare = re.sub(r"[()（）\s、.．]+$|^[()（）\s]+|[()（）\s]", "", text)
    return _CIRCLED.get(bare, bare)


def section_heading(ctx: ReadContext, row: int, text_columns: list[int]) -> str:
    """The heading text when the row is a section heading (一、科技企业培育 merged across the table), else "".

    A heading has one distinct text and no responsible office, deadline or figure; it is either merged
    across several columns, or numbered as a section (一、 / （一） / 第一部分), or the only cell filled.
    """
    values = ctx.layout.grid.rows[row]
    texts = [re.sub(r"\s+", "", cell_text(v)) for v in values]
    distinct = list(dict.fromkeys(t for t in texts if t))
    if len(distinct) == 1 and not re.search(r"\d", distinct[0]):
        merged = ctx.layout.grid.merged_range(row, texts.index(distinct[0]))
        if merged is not None and merged[3] - merged[1] >= 2:
            return distinct[0]
    filled = {c.field for c in ctx.layout.columns if c.index < len(values) and cell_text(values[c.index])}
    if filled & {"responsible", "lead", "partners", "deadline"}:
        return ""
    seq_column = ctx.layout.column("seq")
    seq = texts[seq_column.index] if seq_column and seq_column.index < len(texts) else ""
    if len(distinct) == 2 and seq and _CN_SERIAL.match(clean_seq(seq)) and _has_arabic_serials(ctx):
        # 序号 "一" with the section's name beside it, nothing else on the row.
        return f"{clean_seq(seq)}、{distinct[1] if distinct[0] == seq else distinct[0]}"
    if len(distinct) == 1 and _HEADING.match(distinct[0]) and not re.search(r"\d", distinct[0]):
        return distinct[0]
    return ""


def _has_arabic_serials(ctx: ReadContext) -> bool:
    """Whether tasks are numbered 1 2 3 somewhere: only then is a row numbered 一 / （一） a section."""
    if ctx.arabic_serials is None:
        column = ctx.layout.column("seq")
        rows = ctx.layout.grid.rows[ctx.layout.header_last + 1 :]
        ctx.arabic_serials = column is not None and any(
            clean_seq(cell_text(r[column.index])).replace(".", "").isdigit() for r in rows if column.index < len(r)
        )
    return ctx.arabic_serials


def parse_deadline(value: Any, year: int) -> tuple[date | None, str]:
    """A 完成时限 cell as a date, or (None, why) when it cannot be read; "年底" is 31 December."""
    if value is None:
        return None, ""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = re.sub(r"\s+", "", cell_text(value))
    if not text or _NO_DEADLINE.match(text):
        return None, ""
    match = re.search(r"(?:(\d{4})[年.\-/])?(\d{1,2})[月.\-/](\d{1,2})日?", text)
    try:
        if match:
            return date(int(match.group(1) or year), int(match.group(2)), int(match.group(3))), ""
        match = re.search(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(?:底|末)", text) or re.search(r"(\d{4})年(\d{1,2})月$", text)
        if match and (match.group(1) or match.group(2)):
            y = int(match.group(1) or year)
            m = int(match.group(2) or 12)
            following = date(y + (m == 12), m % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1), ""
        match = re.fullmatch(r"(\d{4})年?", text)
        if match:
            return date(int(match.group(1)), 12, 31), ""
        match = re.fullmatch(r"(\d{1,2})月(?:份)?", text)
        if match:  # "12月": the end of that month of the plan's year
            month = int(match.group(1))
            following = date(year + (month == 12), month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1), ""
    except ValueError:
        pass
    return None, f"完成时限“{text}”无法识别，按方案年底计"

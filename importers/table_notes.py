"""The notes under a table (注：…), read where they redefine a measure or a scope with certainty.

"注：各县（市、区）技术合同成交额单位为万元" under a table whose 计量单位 column says 亿元 makes the units'
figures of that indicator 万元; "单位：万元" under the table is the table's measure, as it is above the header;
"注：“各县（区）”含横州市" makes a sentence's 各县（区） cover 横州市 too. A note that cannot be applied with
certainty is still shown to the user beside the review (ImportPreview.table_notes), never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.plans import Quota
from importers.table_layout import Layout, ends_table
from importers.table_reader import cell_text

if TYPE_CHECKING:
    from importers.breakdown import ReadContext

_AMOUNTS = "万元|亿元|元|千元"
# "(各县（市、区）)(技术合同成交额)单位为万元" — the scope is optional, the indicator words too.
_SCOPE_WORDS = r"各县[（(]?[市区、]*[）)]?|各县区|县区|各单位|各县级单位"
_MEASURE_NOTE = re.compile(
    rf"(?P<scope>{_SCOPE_WORDS})?(?P<what>[^，,。；;：:]{{0,30}}?)的?"
    rf"(?:(?:计量|金额)?单位(?:均为|为|是|[:：])\s*(?P<measure>{_AMOUNTS}|家|项|个|人次|件)"
    rf"|(?:均|都)?(?:以|按)(?P<by>{_AMOUNTS})(?:为单位|计)?)"
)
_NUMBERING = re.compile(r"(?:^|(?<=[。；;\s]))\s*[（(]?\d{1,2}[)）.、．]\s*")
_NOTE_HEAD = re.compile(r"^(?:注|备注|说明)\s*[:：]?\s*")
_SCOPE_NOTE = re.compile(
    r"[“\"‘]?(?P<scope>(?:各|每个|其余各?)?县[（(][^）)]*[）)]|各县区)[”\"’]?(?:均|都)?(?:含|包括|包含)(?P<units>[^，,。；;]+)"
)


@dataclass(frozen=True)
class MeasureNote:
    """A note that gives a measure: for the units' figures (`scope` named) or for the whole indicator."""

    text: str
    scope: str
    what: str
    measure: str


_NOTE_START = re.compile(r"^(?:注|备注|说明|附注|填表说明)\s*\d*\s*[:：、.．]?")
_NOTE_MORE = re.compile(r"^[（(]?\d{1,2}[)）.、．]")


def notes_under(layout: Layout) -> list[str]:
    """The notes under the table (注：… and the numbered lines that continue it), each once; not the
    signature, the issuing office or the date under them."""
    grid = layout.grid
    start = next((r for r in range(layout.header_last + 1, len(grid.rows)) if ends_table(grid.rows[r])), None)
    found: list[str] = list(grid.furniture.notes) if grid.furniture is not None else []  # 说明 under the header
    if start is None:
        return found
    within = False
    for row in range(start, len(grid.rows)):
        for text in dict.fromkeys(re.sub(r"\s+", "", cell_text(v)) for v in grid.rows[row] if cell_text(v)):
            within = bool(_NOTE_START.match(text)) or (within and bool(_NOTE_MORE.match(text)))
            if within and text not in found:
                found.append(text)
    return found


def sentences(note: str) -> list[str]:
    """A note cut into its numbered parts ("注：1.…2.…" gives two), without the 注： head."""
    body = _NOTE_HEAD.sub("", note)
    parts = [p.strip("。；; ") for p in _NUMBERING.split(body)]
    return [p for p in parts if p]


def measure_notes(notes: list[str]) -> list[MeasureNote]:
    found = []
    for note in notes:
        for part in sentences(note):
            match = _MEASURE_NOTE.search(part)
            if match:
                what = re.sub(r"(均|都)$", "", match.group("what").strip("的"))
                measure = match.group("measure") or match.group("by")
                found.append(MeasureNote(part, match.group("scope") or "", what, measure))
    return found


def note_measure(ctx: ReadContext, name: str, measure: str) -> str:
    """The measure a note under the table gives the units' figures of indicator `name`, or "".

    Only a note that names a scope of units (各县（市、区）) and words of this indicator applies; a note whose
    measure is the indicator's own changes nothing. The note is said once where it is applied.
    """
    if not ctx.footnotes or measure not in _AMOUNTS.split("|"):
        return ""
    bare = re.sub(r"\s+|[（(][^）)]*[)）]", "", name)
    for note in measure_notes(ctx.footnotes):
        if not note.scope or not note.what or note.measure == measure or note.measure not in _AMOUNTS.split("|"):
            continue
        what = re.sub(r"\s+", "", note.what)
        if what and (what in bare or bare in what):
            if note.text not in ctx.applied_notes:
                ctx.applied_notes.add(note.text)
                ctx.preview.notes.append(
                    f"“{name}”：按表下注释“{note.text}”，各单位的数以{note.measure}读取，换算为{measure}"
                )
            return note.measure
    return ""


def table_measure(notes: list[str]) -> str:
    """The one measure a note under the table gives the whole table ("单位：万元"), or ""."""
    found = {n.measure for n in measure_notes(notes) if not n.scope and not n.what}
    return found.pop() if len(found) == 1 else ""


def scope_notes(notes: list[str]) -> list[tuple[str, str, list[str]]]:
    """(note, scope words, names it adds) for notes like "“各县（区）”含横州市"."""
    found = []
    for note in notes:
        for part in sentences(note):
            for match in _SCOPE_NOTE.finditer(part):
                names = [n for n in re.split(r"[、和及与]", match.group("units").strip("”\"’ ")) if n]
                if names:
                    found.append((part, match.group("scope"), names))
    return found


def apply_scope_notes(ctx: ReadContext, start: int) -> None:
    """Settle the 待确认 items a scope note answers: "“各县（区）”含横州市" gives 横州市 the figure its sentence
    gives 各县（区）.

    Only an item asked because the scope's words leave the unit out (rule scope_kind) is settled, and only when
    its sentence, with the scope read as that unit, gives that unit exactly one certain figure.
    """
    from domain.quota_text import read_quotas

    notes = scope_notes(ctx.footnotes)
    if not notes:
        return
    tasks = {t.seq: t for t in ctx.tasks_read}
    for item in list(ctx.preview.pending[start:]):
        if item.rule != "scope_kind" or not item.unit or item.seq not in tasks:
            continue
        for note, scope, names in notes:
            units = {u.name for u in (ctx.registry.resolve(n) for n in names) if u is not None}
            if item.unit not in units:
                continue
            core = re.escape(re.sub(r"^(各|每个|其余各?)", "", scope)).replace(r"（", "[（(]").replace(r"）", "[）)]")
            core = core.replace(r"\(", "[（(]").replace(r"\)", "[）)]")
            words = re.compile(rf"(?:其余|其他)?(?:各|每个|每)?{core}")
            if not words.search(item.source):
                continue
            clause = words.sub(item.unit, item.source, count=1)  # the full name: a short one may read as a word
            reading = read_quotas(clause, ctx.registry, measure=item.measure, city=ctx.city, check_total=False)
            found = [q for q in reading.quotas if q.target is not None and _same_unit(ctx, q.unit, item.unit)]
            if len(found) != 1 or len(reading.quotas) != 1 or getattr(reading, "pending", []):
                continue
            task = tasks[item.seq]
            indicator = next((i for i in task.indicators if i.name == item.indicator), None)
            if indicator is None or indicator.quota_for(item.unit) is not None:
                continue
            indicator.quotas.append(Quota(item.unit, found[0].target, None, f"{item.source}（按表下注释“{note}”）"))
            ctx.preview.pending.remove(item)
            ctx.preview.notes.append(
                f"任务 {item.seq}：按表下注释“{note}”，{item.unit}取“{scope}”的分解数 {found[0].target:g}{item.measure}"
            )
            break


def _same_unit(ctx: ReadContext, written: str, unit: str) -> bool:
    found = ctx.registry.resolve(written)
    return found is not None and found.name == unit

"""A unit's progress return (完成情况表) for one period, as an .xlsx file ready to print, stamp and send.

Besides the visible table, the workbook carries a hidden, protected sheet (校验信息) with the plan,
unit, period, export time, program version, a checksum of the figures, and who exported it (the
installation, its registered unit, the footer's names, and an HMAC under the unit's key when it has one),
so that the city can read the return back (importers/returns.py), notice figures changed by hand, and
tell a return made by the unit's own installation.

`build_return` composes everything the file says (no I/O), so that 报送 can lock the period with the
very checksum the file will carry before the file is written; `write_return` writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from domain.periods import Period, cn_date
from domain.plans import Plan
from domain.profile import Profile
from domain.progress import ProgressRow
from domain.return_checksum import IDENTITY_LABELS, ReturnIdentity, identity_digest, key_id, sign
from domain.units import Unit
from exporters.annex import Annex
from exporters.column_fit import Chars, RowLines, paragraph_ems, widen
from exporters.paper import A4, SLACK, PageFrame, Paper, column_points, frame_for, pixels, row_limit
from exporters.return_layout import (
    CHECKSUM_FIELDS,
    FIGURE,
    FITTED,
    FOOTER_SHARES,
    RETURN_COLUMNS,
    TEXT,
    WIDENED_FIRST,
    ReturnLine,
    figures_checksum,
    line_figures,
    measures_text,
    return_lines,
    return_title,
)
from exporters.return_notes import return_notes, write_notes
from exporters.sheet import CENTRE, LEFT, RIGHT, Book, Sheet, font, style
from exporters.text_fit import chars_width, fit_width, text_width
from exporters.xlsx_style import (
    BOLD_STATUSES,
    HEADER_FILL,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    FontSet,
    choose_fonts,
    fit_row_height,
    set_widths,
    setup_print,
    spans_by_width,
    status_fill,
)
from exporters.xlsx_writer import write_book
from version import APP_NAME, __version__

RETURN_SHEET = "完成情况表"
META_SHEET = "校验信息"
META_FORMAT = "科技指标任务台账·完成情况表"
# 2: who exported it (installation, registered unit, names, signature), 计量单位 among the figures.
META_FORMAT_VERSION = 2
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
FIGURES_HEADER_ROW = 40
FIGURE_COLUMNS = ("行号", "序号", "细化任务序号", "指标", "指标类型", "目标值", "完成值", "完成率", "状态", "基础数",
                  "计量单位")  # fmt: skip
# Not a secret (it is in the source): it only stops the sheet being edited by accident; the
# checksum is what detects a change, and the signature who made it.
META_PASSWORD = "st-ledger"


def unit_names(unit: Unit | str) -> tuple[str, tuple[str, ...]]:
    """A unit's full name and the names tables use for it (北流市 → 北流)."""
    if isinstance(unit, Unit):
        return unit.name, tuple(dict.fromkeys((unit.short_name, *unit.aliases)))
    return str(unit), ()


@dataclass(frozen=True)
class ReturnContent:
    """Everything a return file says, composed before it is written: lines, checksum, who and when."""

    plan: Plan
    unit: str
    period: Period
    as_of: date
    exported_at: datetime
    lines: tuple[ReturnLine, ...]
    checksum: str
    profile: Profile
    final: bool
    identity: ReturnIdentity | None = None
    key: bytes | None = None
    # 说明 lines under the table (基数, explanations: exporters.return_notes) and the send-back it answers:
    # (line printed under the footer, token kept in the hidden sheet; operations.send_back.answer_text).
    notes: tuple[str, ...] = ()
    answer: tuple[str, str] = ("", "")

    @property
    def identity_digest(self) -> str:
        return identity_digest(self.checksum, self.final, self.exported_at.isoformat(timespec="seconds"),
                               self.identity or ReturnIdentity(""))  # fmt: skip


def build_return(
    plan: Plan,
    unit: Unit | str,
    period: Period,
    rows: Sequence[ProgressRow],
    profile: Profile,
    *,
    final: bool,
    report_date: date | None = None,
    exported_at: datetime | None = None,
    identity: ReturnIdentity | None = None,
    key: bytes | None = None,
    answer: tuple[str, str] = ("", ""),
) -> ReturnContent:
    """What the return of `rows` (domain.progress.progress_rows for this unit and period) will say.

    `report_date` is the 截至 date (default: the period's last day); `identity` says which installation
    exports it, and `key` (the unit's key from the city, if it has one) signs it. `answer` is (line, token)
    of the city's send-back this return answers (operations.send_back.answer_text).
    """
    name, names = unit_names(unit)
    lines = return_lines(rows, name, names)
    checksum = figures_checksum(plan.key or plan.title, name, period, [line_figures(x) for x in lines])
    moment = (exported_at or datetime.now()).replace(microsecond=0)
    return ReturnContent(plan, name, period, report_date or period.end, moment, tuple(lines), checksum, profile,
                         final, identity, key, tuple(return_notes(rows)), answer)  # fmt: skip


def write_return(content: ReturnContent, path: str | Path, *, fonts: FontSet | None = None) -> Path:
    """Write a composed return to `path` (safely: the old file stays if anything fails).

    Raises exporters.safe_write.ExportError with a Chinese message when the file cannot be written.
    """
    fonts = fonts or choose_fonts()
    book = Book(title=return_title(content.plan, content.unit), creator=f"{APP_NAME} {__version__}")
    ws = book.add_sheet(RETURN_SHEET)
    widths = set_widths(ws, return_widths(content.lines))
    frame = frame_for(widths, A4)
    last_col = len(RETURN_COLUMNS)
    _write_heading(ws, content, fonts, widths)
    annex = Annex()
    # A row fits under the title as well as under the repeated header: page 1 is never left with the title alone.
    limit = row_limit(frame, sum(ws.height(r) for r in range(1, HEADER_ROW + 1)))
    last_row = _write_lines(ws, content.lines, fonts, widths, annex, limit)
    last_row = write_notes(ws, last_row, content.notes, fonts, widths)  # 基数 and explanations, above the footer
    footer_row = last_row + 1
    _write_footer(ws, footer_row, content.profile, content.exported_at.date(), fonts, widths)
    if content.answer[0]:  # a send-back answered: said on paper, under the footer (readers stop at the footer)
        footer_row += 1
        ws.merge(footer_row, 1, footer_row, last_col)
        ws.put(footer_row, 1, content.answer[0], style(font(fonts.body, SIZE_SUBTITLE), LEFT, border=False))
        fit_row_height(ws, footer_row, widths, minimum=24)
    _, end = annex.write(ws, footer_row, widths, fonts, limit)
    setup_print(ws, frame, header_rows=(HEADER_ROW, HEADER_ROW), last_col=last_col, fonts=fonts,
                draft=not content.final, last_row=end, breaks=[footer_row] if end > footer_row else [])  # fmt: skip
    _write_meta(book.add_sheet(META_SHEET), content)
    return write_book(book, path)


def write_progress_return(
    plan: Plan,
    unit: Unit | str,
    period: Period,
    rows: Sequence[ProgressRow],
    profile: Profile,
    path: str | Path,
    *,
    final: bool,
    report_date: date | None = None,
    exported_at: datetime | None = None,
    fonts: FontSet | None = None,
    identity: ReturnIdentity | None = None,
    key: bytes | None = None,
    answer: tuple[str, str] = ("", ""),
) -> str:
    """Compose and write the return in one step (see build_return and write_return); returns its checksum."""
    content = build_return(plan, unit, period, rows, profile, final=final, report_date=report_date,
                           exported_at=exported_at, identity=identity, key=key, answer=answer)  # fmt: skip
    write_return(content, path, fonts=fonts)
    return content.checksum


def return_widths(lines: Sequence[ReturnLine], paper: Paper = A4) -> list[float]:
    """Each column's width (Excel units, whole pixels) for the table to print at full size, 10.5 pt.

    A figure column is as wide as its widest printed value (5200万元, 100.0% never print as ###); a text
    column is a whole number of characters wide (exporters.text_fit.chars_width), at least its design's,
    and while the page has room a character wider goes, one at a time, to the column whose widening makes
    the table shortest (the texts this return has: a long 工作进展 gets the room a short one does not need).
    """
    fitted = {c.key: fit_width((line.shown(c.key) for line in lines), SIZE_BODY, least=c.width)
              for c in RETURN_COLUMNS if c.key in FITTED}  # fmt: skip
    keys = [c.key for c in RETURN_COLUMNS if c.align == TEXT]
    rows = RowLines([{key: paragraph_ems(line.value(key)) for key in keys} for line in lines])

    def widths(chars: Chars) -> list[float]:
        return [fitted[c.key] if c.key in fitted else chars_width(chars[c.key], SIZE_BODY) if c.align == TEXT
                else pixels(c.width) / 7 for c in RETURN_COLUMNS]  # fmt: skip

    def length(chars: Chars) -> int:
        return sum(rows.tallest(keys, chars))

    room = PageFrame(paper, True, 100).printable_width * SLACK / column_points(1)
    # A text column nobody filled (存在问题 on a good month) keeps two characters, its title on two lines or three:
    # the room goes to the texts there are.
    base = {c.key: int(c.width) if any(str(line.value(c.key) or "").strip() for line in lines) else 2
            for c in RETURN_COLUMNS if c.align == TEXT}  # fmt: skip
    return widths(widen(base, WIDENED_FIRST, lambda chars: sum(widths(chars)) <= room, length))


def _write_heading(ws: Sheet, content: ReturnContent, fonts: FontSet, widths: list[float]) -> None:
    last_col = len(RETURN_COLUMNS)
    ws.merge(1, 1, 1, last_col)
    ws.put(1, 1, return_title(content.plan, content.unit), style(font(fonts.title, SIZE_TITLE), CENTRE, border=False))
    fit_row_height(ws, 1, widths, minimum=40)

    texts = (
        (f"填报单位（盖章）：{content.unit}", LEFT),
        (f"填报期：{content.period.label}　　截至日期：{cn_date(content.as_of)}", CENTRE),
        (f"计量单位：{measures_text(content.lines)}", RIGHT),
    )
    # Each part gets the share of the width its words take, so that none wraps when the line has room.
    needs = [text_width(text, SIZE_SUBTITLE) for text, _ in texts]
    shares = (0.0, needs[0] / sum(needs), (needs[0] + needs[1]) / sum(needs))
    for (text, align), (first, last) in zip(texts, spans_by_width(widths, shares), strict=True):
        ws.merge(2, first, 2, last)
        ws.put(2, first, text, style(font(fonts.body, SIZE_SUBTITLE), align, border=False))
    fit_row_height(ws, 2, widths, minimum=24)

    header = style(font(fonts.label, SIZE_BODY), CENTRE, fill=HEADER_FILL)
    for col, column in enumerate(RETURN_COLUMNS, start=1):
        ws.put(HEADER_ROW, col, column.title, header)
    fit_row_height(ws, HEADER_ROW, widths, minimum=30)


def _write_lines(
    ws: Sheet,
    lines: Sequence[ReturnLine],
    fonts: FontSet,
    widths: list[float],
    annex: Annex,
    limit: float,
) -> int:
    body = font(fonts.body, SIZE_BODY)
    strong = font(fonts.body, SIZE_BODY, bold=True)
    row = HEADER_ROW
    for line in lines:
        row += 1
        for col, column in enumerate(RETURN_COLUMNS, start=1):
            value = line.value(column.key)
            if column.align == TEXT and isinstance(value, str):
                where = f"序号{line.number}（细化任务序号{line.seq}）{column.title}"
                value = annex.fit(value, widths[col - 1], SIZE_BODY, limit, where)
            align = LEFT if column.align == TEXT else RIGHT if column.align == FIGURE else CENTRE
            status = column.key == "status"
            cell_style = style(strong if status and line.status_word in BOLD_STATUSES else body, align,
                               fill=status_fill(line.status_word) if status else None,
                               number_format=line.format_of(column.key))  # fmt: skip
            ws.put(row, col, None if value == "" else value, cell_style)
        fit_row_height(ws, row, widths, minimum=24)
    if not lines:
        row += 1
        ws.merge(row, 1, row, len(RETURN_COLUMNS))
        ws.put(row, 1, "本单位在该方案中没有需要填报的任务", style(body, CENTRE))
        ws.heights[row] = 30
    return row


def _write_footer(ws: Sheet, row: int, profile: Profile, filled: date, fonts: FontSet, widths: list[float]) -> None:
    values = {
        "单位负责人": profile.head,
        "审核人": profile.reviewer,
        "填报人": profile.filler,
        "联系电话": profile.phone,
        "填报日期": cn_date(filled),
    }
    signature = style(font(fonts.body, SIZE_SUBTITLE), LEFT, border=False)
    for (label, _), (first, last) in zip(FOOTER_SHARES, spans_by_width(widths, [s for _, s in FOOTER_SHARES]),
                                         strict=True):  # fmt: skip
        ws.merge(row, first, row, last)
        ws.put(row, first, f"{label}：{values[label]}", signature)
    fit_row_height(ws, row, widths, minimum=36)


def meta_entries(content: ReturnContent) -> list[tuple[str, object]]:
    """The hidden sheet's label → value pairs, in order."""
    entries: list[tuple[str, object]] = [
        ("格式", META_FORMAT),
        ("格式版本", META_FORMAT_VERSION),
        ("方案编号", content.plan.id if content.plan.id is not None else ""),
        ("方案键", content.plan.key or content.plan.title),
        ("方案标题", content.plan.title),
        ("填报单位", content.unit),
        ("填报期", content.period.code),
        ("填报期名称", content.period.label),
        ("截至日期", content.as_of.isoformat()),
        ("导出时间", content.exported_at.isoformat(timespec="seconds")),
        ("程序版本", __version__),
        ("导出类型", "报送" if content.final else "草稿"),
        ("表头行", HEADER_ROW),
        ("行数", len(content.lines)),
        ("校验字段", "、".join(CHECKSUM_FIELDS)),
        ("校验码", content.checksum),
    ]
    if content.answer[1]:  # read by importers.send_back.answered_token (by label)
        entries += [("答复退回", content.answer[1]), ("答复说明", content.answer[0])]
    if content.identity is not None:
        entries.extend((label, getattr(content.identity, name)) for name, label in IDENTITY_LABELS.items())
        digest = content.identity_digest
        entries.append(("身份校验码", digest))
        if content.key:
            entries.append(("签名密钥编号", key_id(content.key)))
            entries.append(("签名", sign(content.key, digest)))
    return entries


def _write_meta(ws: Sheet, content: ReturnContent) -> None:
    ws.put(1, 1, "项目")
    ws.put(1, 2, "内容")
    for index, (label, value) in enumerate(meta_entries(content), start=2):
        ws.put(index, 1, label)
        ws.put(index, 2, value)
    for col, title in enumerate(FIGURE_COLUMNS, start=1):
        ws.put(FIGURES_HEADER_ROW, col, title)
    for offset, line in enumerate(content.lines):
        values = (
            FIRST_DATA_ROW + offset, line.number, line.seq, line.indicator, line.kind.value,
            line.target, line.actual, line.rate, line.status_word, line.baseline, line.measure,
        )  # fmt: skip
        for col, value in enumerate(values, start=1):
            ws.put(FIGURES_HEADER_ROW + 1 + offset, col, value)
    ws.widths.update({1: 14, 2: 70})
    # veryHidden: Excel's "unhide" menu does not list it; the protection stops accidental edits.
    ws.state = "veryHidden"
    ws.password = META_PASSWORD

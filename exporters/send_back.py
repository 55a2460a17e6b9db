"""The 退回意见 file: one printable sheet of the city's comments on a unit's return, with hidden metadata.

The metadata (format, token, plan, unit, period, the returned return's checksum, time, city and a checksum
of the comments) sits on the same sheet in hidden rows below the footer and in hidden columns right of the
table, outside the print area: the file stays one sheet that prints as it looks, and a table row deleted
by hand moves the metadata but cannot take part of it away. importers/send_back.py reads it back.
"""

from __future__ import annotations

from pathlib import Path

from domain.periods import cn_date, cn_datetime
from domain.plans import display_seq
from domain.send_back import SendBack, comments_checksum
from exporters.paper import A4, frame_for
from exporters.sheet import CENTRE, LEFT, Book, Sheet, font, style
from exporters.xlsx_style import (
    HEADER_FILL,
    SIZE_BODY,
    SIZE_SUBTITLE,
    SIZE_TITLE,
    FontSet,
    choose_fonts,
    fit_row_height,
    set_widths,
    setup_print,
)
from exporters.xlsx_writer import write_book
from version import APP_NAME, __version__

SHEET = "退回意见"
META_FORMAT = "科技指标任务台账·退回意见"
META_FORMAT_VERSION = 1
COLUMNS = (("序号", 6), ("细化任务序号", 11), ("任务 / 指标", 34), ("目标值", 10), ("报表中的完成值", 12),
           ("退回意见", 48))  # fmt: skip
# Key/value metadata in two hidden columns after a spare one, so widening the table never reaches them.
META_KEY_COLUMN = len(COLUMNS) + 2
HEADER_ROW = 5


def write_send_back(send_back: SendBack, path: str | Path, *, fonts: FontSet | None = None) -> Path:
    """Write the 退回意见 file (safely: an old file stays if anything fails); returns its path.

    Raises exporters.safe_write.ExportError with a Chinese message when it cannot be written.
    """
    fonts = fonts or choose_fonts()
    book = Book(title=send_back.title, creator=f"{APP_NAME} {__version__}")
    ws = book.add_sheet(SHEET)
    widths = set_widths(ws, [w for _, w in COLUMNS])
    last_col = len(COLUMNS)
    _heading(ws, send_back, fonts, widths)
    row = _items(ws, send_back, fonts, widths)
    _footer(ws, row + 1, send_back, fonts, widths)
    setup_print(ws, frame_for(widths, A4, landscape=False), header_rows=(HEADER_ROW, HEADER_ROW), last_col=last_col,
                fonts=fonts, draft=False, last_row=row + 1)  # fmt: skip
    _meta(ws, send_back, first_row=row + 3)
    return write_book(book, path)


def suggested_send_back_name(send_back: SendBack) -> str:
    """北流市_2022年10月_退回意见.xlsx."""
    return f"{send_back.unit}_{send_back.period.label}_退回意见.xlsx"


def _heading(ws: Sheet, send_back: SendBack, fonts: FontSet, widths: list[float]) -> None:
    last_col = len(COLUMNS)
    lines = (
        (send_back.title, font(fonts.title, SIZE_TITLE), CENTRE, 40),
        (f"方案：《{send_back.plan_title}》　　填报期：{send_back.period.label}", font(fonts.body, SIZE_SUBTITLE),
         LEFT, 24),
        (f"退回的报表：{send_back.return_name or '（未收到文件）'}　　退回时间：{cn_datetime(send_back.sent_at)}",
         font(fonts.body, SIZE_SUBTITLE), LEFT, 24),
        (f"总体意见：{send_back.general or '见下表各项'}", font(fonts.body, SIZE_SUBTITLE), LEFT, 30),
    )  # fmt: skip
    for row, (text, cell_font, align, minimum) in enumerate(lines, start=1):
        ws.merge(row, 1, row, last_col)
        ws.put(row, 1, text, style(cell_font, align, border=False))
        fit_row_height(ws, row, widths, minimum=minimum)
    header = style(font(fonts.label, SIZE_BODY), CENTRE, fill=HEADER_FILL)
    for col, (title, _) in enumerate(COLUMNS, start=1):
        ws.put(HEADER_ROW, col, title, header)
    fit_row_height(ws, HEADER_ROW, widths, minimum=28)


def _items(ws: Sheet, send_back: SendBack, fonts: FontSet, widths: list[float]) -> int:
    body = font(fonts.body, SIZE_BODY)
    row = HEADER_ROW
    for number, item in enumerate(send_back.items, start=1):
        row += 1
        values = (number, display_seq(item.seq), item.indicator, item.target, item.reported, item.comment)
        for col, value in enumerate(values, start=1):
            ws.put(row, col, value, style(body, LEFT if col in (3, 6) else CENTRE))
        fit_row_height(ws, row, widths, minimum=24)
    if not send_back.items:
        row += 1
        ws.merge(row, 1, row, len(COLUMNS))
        ws.put(row, 1, "无逐项意见，见总体意见", style(body, CENTRE))
        ws.heights[row] = 28
    return row


def _footer(ws: Sheet, row: int, send_back: SendBack, fonts: FontSet, widths: list[float]) -> None:
    ws.merge(row, 1, row, len(COLUMNS))
    text = (
        f"{send_back.city}科技局　经办人：{send_back.sent_by}　　{cn_date(send_back.sent_at.date())}\n"
        f"请{send_back.unit}在本程序中导入本文件（报送 → 导入市里退回意见），修改后重新报送。"
    )
    ws.put(row, 1, text, style(font(fonts.body, SIZE_SUBTITLE), LEFT, border=False))
    fit_row_height(ws, row, widths, minimum=40)


def meta_entries(send_back: SendBack) -> list[tuple[str, object]]:
    """The hidden key/value pairs, in order (importers/send_back.py reads them by key)."""
    return [
        ("格式", META_FORMAT),
        ("格式版本", META_FORMAT_VERSION),
        ("标识", send_back.token),
        ("方案键", send_back.plan_key),
        ("方案标题", send_back.plan_title),
        ("市", send_back.city),
        ("填报单位", send_back.unit),
        ("填报期", send_back.period.code),
        ("退回时间", send_back.sent_at.isoformat(timespec="seconds")),
        ("经办人", send_back.sent_by),
        ("报表文件", send_back.return_name),
        ("报表校验码", send_back.return_checksum),
        ("总体意见", send_back.general),
        ("意见条数", len(send_back.items)),
        ("意见校验码", comments_checksum(send_back.general, send_back.items)),
        ("程序版本", __version__),
    ]


def _meta(ws: Sheet, send_back: SendBack, first_row: int) -> None:
    entries = meta_entries(send_back)
    for row, (key, value) in enumerate(entries, start=first_row):
        ws.put(row, META_KEY_COLUMN, key)
        ws.put(row, META_KEY_COLUMN + 1, value)
    # The comments' own serials and indicator names, exactly as stored (the visible ones are for reading).
    base = first_row + len(entries)
    ws.put(base, META_KEY_COLUMN, "意见行")
    for offset, item in enumerate(send_back.items, start=1):
        ws.put(base + offset, META_KEY_COLUMN, item.seq)
        ws.put(base + offset, META_KEY_COLUMN + 1, item.indicator)
    ws.hidden_rows.update(range(first_row, base + len(send_back.items) + 1))
    ws.hidden_columns.update((META_KEY_COLUMN - 1, META_KEY_COLUMN, META_KEY_COLUMN + 1))

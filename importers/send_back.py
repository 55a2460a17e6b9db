"""Reading a 退回意见 file back at the county, and telling whether a return says it answers one.

The file is checked by the same safety rules as every file from outside before openpyxl opens it; its
hidden metadata (exporters/send_back.py) says whose return was sent back, and its visible rows hold the
comments as the city finally worded them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from domain.periods import Period, PeriodError
from domain.plans import normalize_seq
from domain.send_back import ItemComment, SendBack, SendBackError, clean_comment, comments_checksum
from importers.file_safety import FileKind, Purpose, TableFileError, check_file

SHEET = "退回意见"
META_FORMAT = "科技指标任务台账·退回意见"
ANSWER_KEY = "答复退回"
COMMENT_HEADER = "退回意见"
FOR_SEND_BACK = Purpose(
    action="导入",
    what="退回意见",
    not_excel="不是 Excel 表格，无法作为退回意见导入；退回意见须为市里用本程序导出的 .xlsx 文件",
    html_hint="不是本程序导出的退回意见，请市里用本程序重新导出",
)
_DAMAGED = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError,
            SyntaxError, EOFError)  # fmt: skip


@dataclass
class SendBackReading:
    """A 退回意见 file as read: the send-back, and what the reader must be told about the file."""

    path: Path
    send_back: SendBack
    warnings: list[str] = field(default_factory=list)


def read_send_back(path: str | Path) -> SendBackReading:
    """Read a 退回意见 file; SendBackError (Chinese, naming the file) when it is not one or is damaged."""
    file = Path(path)
    if not file.exists():
        raise SendBackError(f"文件不存在：{file}")
    try:
        kind = check_file(file, FOR_SEND_BACK)
    except TableFileError as exc:
        raise SendBackError(str(exc)) from None
    if kind is not FileKind.XLSX:
        raise SendBackError(f"“{file.name}”不是本程序导出的退回意见（退回意见为 .xlsx 文件）")
    try:
        wb = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except _DAMAGED:
        raise SendBackError(f"文件 {file.name} 已损坏，无法作为 Excel 工作簿打开；请市里重新导出后再发送") from None
    try:
        return _read(wb, file)
    except SendBackError:
        raise  # already says what is wrong (it is a ValueError too, so it must pass before _DAMAGED)
    except _DAMAGED:
        raise SendBackError(f"“{file.name}”：无法读取为退回意见（表格或隐藏信息已损坏）；请市里重新导出") from None
    finally:
        wb.close()


def _read(wb, file: Path) -> SendBackReading:
    if SHEET not in wb.sheetnames:
        raise SendBackError(f"“{file.name}”不是退回意见（没有“{SHEET}”工作表）")
    rows = [tuple(r) for r in wb[SHEET].iter_rows(values_only=True)]
    meta, listed = _meta(rows)
    if meta.get("格式") != META_FORMAT:
        raise SendBackError(f"“{file.name}”不是本程序导出的退回意见（缺少隐藏的校验信息）")
    try:
        period = Period.parse(str(meta.get("填报期") or ""))
        sent_at = datetime.fromisoformat(str(meta.get("退回时间") or ""))
    except (PeriodError, ValueError):
        raise SendBackError(f"“{file.name}”的隐藏信息已损坏（填报期或退回时间无效），请市里重新导出") from None
    token, unit = _text(meta.get("标识")), _text(meta.get("填报单位"))
    if len(token) < 16 or not unit:
        raise SendBackError(f"“{file.name}”的隐藏信息已损坏（缺少标识或填报单位），请市里重新导出")
    comments = _visible_comments(rows)
    if len(comments) != len(listed):
        raise SendBackError(
            f"“{file.name}”中的意见行数（{len(comments)}）与导出时（{len(listed)}）不同，"
            "可能被删改了行；请市里重新导出"
        )
    items: list[ItemComment] = []
    for (seq, indicator), (row, target, reported, comment) in zip(listed, comments, strict=True):
        try:
            text = clean_comment(comment)
        except SendBackError as exc:
            raise SendBackError(f"“{file.name}”第 {row} 行：{exc}") from None
        if text:
            items.append(ItemComment(normalize_seq(seq), indicator, text, reported, target))
    general = clean_comment(meta.get("总体意见"))
    send_back = SendBack(
        token=token, plan_key=_text(meta.get("方案键")), plan_title=_text(meta.get("方案标题")),
        city=_text(meta.get("市")), unit=unit, period=period, sent_at=sent_at.replace(tzinfo=None),
        sent_by=_text(meta.get("经办人")), return_name=_text(meta.get("报表文件")),
        return_checksum=_text(meta.get("报表校验码")), general=general, items=tuple(items),
    )  # fmt: skip
    reading = SendBackReading(file, send_back)
    if comments_checksum(general, send_back.items) != _text(meta.get("意见校验码")):
        reading.warnings.append("退回意见在导出后被改动过（校验码不符），以文件中现有的文字为准")
    if not send_back.count:
        raise SendBackError(f"“{file.name}”中没有任何意见")
    return reading


def _meta(rows: list[tuple]) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """The key/value pairs of the hidden columns, and the (serial, indicator) list of the comment rows."""
    found = _meta_start(rows)
    meta: dict[str, object] = {}
    listed: list[tuple[str, str]] = []
    if found is None:
        return meta, listed
    start, column = found
    in_list = False
    for values in rows[start:]:
        key = values[column] if column < len(values) else None
        value = values[column + 1] if column + 1 < len(values) else None
        if key is None:
            continue
        if in_list:
            listed.append((_text(key), _text(value)))
        elif key == "意见行":
            in_list = True
        else:
            meta[str(key)] = value
    return meta, listed


def _meta_start(rows: list[tuple]) -> tuple[int, int] | None:
    """Where the metadata begins (row index, column index): the 格式 pair, wherever rows moved it."""
    for number, values in enumerate(rows):
        for index, value in enumerate(values):
            if value == "格式" and index + 1 < len(values) and values[index + 1] == META_FORMAT:
                return number, index
    return None


def _visible_comments(rows: list[tuple]) -> list[tuple[int, str, str, object]]:
    """(row, target, reported, comment) of each line under the visible header, up to the footer."""
    header_row, columns = None, {}
    for number, values in enumerate(rows, start=1):
        titles = [_text(v) for v in values]
        if COMMENT_HEADER in titles and "序号" in titles:
            header_row = number
            columns = {t: i for i, t in enumerate(titles) if t}
            break
    if header_row is None:
        return []
    found = []
    for number, values in enumerate(rows[header_row:], start=header_row + 1):
        serial = values[columns["序号"]] if columns["序号"] < len(values) else None
        if not isinstance(serial, (int, float)):
            break  # the footer, or the 无逐项意见 line
        found.append((
            number,
            _text(values[columns["目标值"]]) if "目标值" in columns else "",
            _text(values[columns["报表中的完成值"]]) if "报表中的完成值" in columns else "",
            values[columns[COMMENT_HEADER]],
        ))  # fmt: skip
    return found


def answered_token(path: str | Path) -> str:
    """The token of the send-back a progress return says it answers; empty when it answers none.

    Reads only the return's hidden 校验信息 sheet; a file that cannot be read says nothing (the collect
    itself reports why it is unreadable).
    """
    try:
        wb = openpyxl.load_workbook(Path(path), read_only=True, data_only=True)
    except _DAMAGED:
        return ""
    try:
        if "校验信息" not in wb.sheetnames:
            return ""
        for values in wb["校验信息"].iter_rows(values_only=True, max_col=2):
            if values and values[0] == ANSWER_KEY:
                return _text(values[1] if len(values) > 1 else "")
        return ""
    except _DAMAGED:
        return ""
    finally:
        wb.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()

"""Reading a unit's progress return (完成情况表) back: what the city does with the files counties send.

The return's hidden sheet (校验信息) says whose return it is and carries the figures as exported with
their checksum; the visible table is read by its column titles, so a moved column still reads. Any
figure that differs from the exported one is reported by line, so the city sees what was changed by hand.

Read with python-calamine: every check needs only the cells' values (the hidden sheet's rows and the
table's), which it gives, very hidden sheets included, in a fraction of openpyxl's time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from domain.continuation import read_annex, rejoin
from domain.periods import Period, PeriodError
from domain.return_checksum import (
    CHECKSUM_FIELDS,
    IDENTITY_LABELS,
    ReturnIdentity,
    canonical,
    figures_checksum,
    identity_digest,
)
from importers.file_safety import FileKind, Purpose, TableFileError, check_file

META_SHEET = "校验信息"
META_FORMAT = "科技指标任务台账·完成情况表"
FIGURES_HEADER = "行号"
FIELD_LABELS = {"target": "目标值", "actual": "完成值", "rate": "完成率", "status": "状态"}
VISIBLE_COLUMNS = {
    "序号": "number",
    "对应市任务分解表序号": "city_seq",
    "细化任务序号": "seq",
    "任务 / 指标": "task",
    "计量单位": "measure",
    "目标值": "target",
    "完成值": "actual",
    "完成率": "rate",
    "序时进度": "time_progress",
    "状态": "status",
    "工作进展": "progress",
    "存在问题": "problems",
    "下一步计划": "next_steps",
    "佐证材料": "evidence",
    "责任单位": "responsible",
    "完成时限": "deadline",
}


class ReturnError(Exception):
    """A file that is not a readable return; the message says why in Chinese."""


FOR_COLLECT = Purpose(
    action="收取",
    what="完成情况表",
    not_excel="不是有效的 Excel 表格，无法收取；完成情况表须为本程序导出的 .xlsx 文件",
    html_hint="不是本程序导出的完成情况表，请该单位用本程序重新导出 .xlsx 报表",
)
Row = tuple[object, ...]


@dataclass(frozen=True)
class ReturnLine:
    """One line of the visible table as it stands in the file now."""

    row: int
    number: int
    city_seq: str
    seq: str
    indicator: str
    task: str
    measure: str
    target: float | None
    actual: float | str | None
    rate: float | None
    time_progress: float | None
    status: str
    progress: str
    problems: str
    next_steps: str
    evidence: str
    responsible: str
    deadline: str


@dataclass(frozen=True)
class ChangedFigure:
    """A figure that differs from what the program exported."""

    row: int
    number: int
    seq: str
    indicator: str
    field: str
    exported: object
    found: object
    kind: str = ""  # the indicator's kind (stock, growth, ratio…), so figures are said with their unit
    measure: str = ""

    @property
    def message(self) -> str:
        where = f"第 {self.row} 行（序号 {self.number}，{self.seq} {self.indicator}）"
        if self.field == "行":
            return f"{where}已被删除"
        before, after = self._said(self.exported), self._said(self.found)
        return f"{where}的{self.field}：导出时为“{before}”，现为“{after}”"

    def _said(self, value: object) -> str:
        """A figure as the return prints it: 66.7% for a rate, 5200万元 for an amount, 增长35% for a growth target."""
        if value is None or value == "":
            return "空"
        if not isinstance(value, float):
            return str(value)
        if self.field == "完成率":
            return f"{value * 100:.1f}%"
        number = _plain(value)
        if self.kind == "ratio":
            return f"{number}%"
        if self.kind == "growth" and self.field == "目标值":
            return f"增长{number}%"
        return f"{number}{self.measure}"


@dataclass
class ReturnReading:
    """A return read back: whose it is, its lines, and whether its figures are as exported."""

    path: Path
    plan_id: int | None
    plan_key: str
    plan_title: str
    unit: str
    period: Period
    as_of: date | None
    exported_at: datetime | None
    app_version: str
    final: bool
    checksum: str
    computed_checksum: str
    meta_intact: bool
    lines: list[ReturnLine] = field(default_factory=list)
    changed: list[ChangedFigure] = field(default_factory=list)
    identity: ReturnIdentity | None = None  # None for a return of a version that did not say who made it
    identity_intact: bool = True
    identity_digest: str = ""
    key_id: str = ""
    signature: str = ""
    meta: dict[str, object] = field(default_factory=dict)
    baselines: dict[int, float] = field(default_factory=dict)  # line number → the 基数 the county stated

    @property
    def intact(self) -> bool:
        """True when every figure is exactly as exported and the hidden sheet is untouched."""
        return self.meta_intact and not self.changed and self.computed_checksum == self.checksum

    @property
    def problems(self) -> list[str]:
        """What a reader must be told, in Chinese; empty for an intact return."""
        notes = []
        if not self.meta_intact or not self.identity_intact:
            notes.append("校验信息表已被改动，无法确认导出时的数字")
        notes.extend(c.message for c in self.changed)
        if not notes and self.computed_checksum != self.checksum:
            notes.append("表中数字与导出时不一致（校验码不符）")
        return notes

    @property
    def content_digest(self) -> str:
        """SHA-256 of what the return says (hidden sheet and every line), not of its bytes.

        A return opened and saved again unchanged by Excel, WPS or LibreOffice has new bytes but the same
        content, so it is recognised as the submission already collected.
        """
        lines = [[canonical(getattr(line, name)) for name in ReturnLine.__dataclass_fields__ if name != "row"]
                 for line in self.lines]  # fmt: skip
        meta = {str(k): canonical(v) for k, v in self.meta.items()}
        text = json.dumps({"meta": meta, "lines": lines}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def figures(self) -> dict[tuple[str, str], tuple[float | None, float | str | None]]:
        """(细化任务序号, 指标) → (目标值, 完成值) as they stand in the file: what consolidation adds up."""
        return {(line.seq, line.indicator): (line.target, line.actual) for line in self.lines}


def read_progress_return(path: str | Path) -> ReturnReading:
    """Read a progress return exported by this program; ReturnError (Chinese) when it is not one.

    Figures changed by hand are listed in `changed`; `intact` is True only when nothing was.
    """
    file = check_return_file(path)
    try:
        book = CalamineWorkbook.from_path(str(file))
        names = list(book.sheet_names)
    except Exception:  # calamine's own errors for a workbook it cannot open
        raise ReturnError(f"文件 {file.name} 已损坏，无法作为 Excel 工作簿打开；请该单位重新导出后再发送") from None
    try:
        if META_SHEET not in names:
            raise ReturnError(f"“{file.name}”不是本程序导出的完成情况表（缺少“{META_SHEET}”）")
        meta, figures = _read_meta(_rows(book, META_SHEET), file)
        visible = next((n for n in names if n != META_SHEET), None)
        if visible is None:
            raise ReturnError(f"“{file.name}”中没有完成情况表")
        lines = _read_lines(_rows(book, visible), figures, file)
        return _verify(file, meta, figures, lines)
    except ReturnError:
        raise
    except Exception:
        # Damaged in a way no check names (a 序号 that is not a number in the hidden sheet, a broken sheet
        # part, calamine's errors): still just a bad file, named, in Chinese, never the library's English.
        raise ReturnError(
            f"“{file.name}”：无法读取为完成情况表（表格或校验信息已损坏）；请该单位重新导出后再发送"
        ) from None


def _rows(book: CalamineWorkbook, sheet: str) -> list[Row]:
    """A sheet's rows from A1 (row 1 first, as the sheet numbers them), an empty cell as None."""
    return [tuple(None if v == "" else v for v in row) for row in book.get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)]  # fmt: skip


def check_return_file(path: str | Path) -> Path:
    """Refuse, before any spreadsheet library opens it, what cannot be a return; ReturnError names the file.

    The same safety checks as importing a breakdown table (not a spreadsheet, damaged or truncated,
    password-protected, a zip bomb, XML entities), then what a return must be: an .xlsx named .xlsx.
    Cheap: it reads the file's first bytes and zip directory only.
    """
    file = Path(path)
    if not file.exists():
        raise ReturnError(f"文件不存在：{file}")
    try:
        kind = check_file(file, FOR_COLLECT)
    except TableFileError as exc:
        raise ReturnError(str(exc)) from None
    if kind is FileKind.XLS:
        raise ReturnError(
            f"文件 {file.name} 是旧版 Excel 97-2003（.xls）格式，不是本程序导出的完成情况表；"
            "完成情况表须为 .xlsx 文件，请该单位用本程序重新导出"
        )
    if file.suffix.lower() != ".xlsx":
        suffix = f"扩展名是 {file.suffix}" if file.suffix else "没有扩展名"
        raise ReturnError(
            f"文件 {file.name} {suffix}，不是 .xlsx；完成情况表须为本程序导出的 .xlsx 文件，"
            "如确是完成情况表，请把扩展名改为 .xlsx 后再收取"
        )
    return file


def _read_meta(rows: list[Row], file: Path) -> tuple[dict[str, object], list[dict[str, object]]]:
    meta: dict[str, object] = {}
    figures: list[dict[str, object]] = []
    header: list[str] | None = None
    for values in rows:
        if not values or values[0] is None:
            continue
        if header is not None:
            figures.append(dict(zip(header, values, strict=False)))
        elif values[0] == FIGURES_HEADER:
            header = [str(v) for v in values if v is not None]
        elif len(values) > 1:
            meta[str(values[0])] = values[1]
    if meta.get("格式") != META_FORMAT:
        raise ReturnError(f"“{file.name}”不是本程序导出的完成情况表（校验信息格式不符）")
    return meta, figures


def _read_lines(rows: list[Row], figures: list[dict[str, object]], file: Path) -> list[ReturnLine]:
    by_number = {int(f["序号"]): f for f in figures if isinstance(f.get("序号"), (int, float))}
    columns: dict[str, int] | None = None
    lines: list[ReturnLine] = []
    after: list[str] = []  # first cells of the rows below the table: the footer, then any 附页
    ended = False
    for row_number, values in enumerate(rows, start=1):
        if columns is None:
            titles = [str(v).strip() if v is not None else "" for v in values]
            if "序号" in titles and "完成值" in titles:
                columns = {VISIBLE_COLUMNS[t]: i for i, t in enumerate(titles) if t in VISIBLE_COLUMNS}
            continue
        if ended:
            after.append("" if not values or values[0] is None else str(values[0]))
            continue
        number = _number(_at(values, columns, "number"))
        if number is None:
            ended = bool(lines)  # the table ends at the footer (单位负责人…): the first line without a 序号
            continue
        figure = by_number.get(int(number), {})
        lines.append(_line(row_number, int(number), values, columns, str(figure.get("指标") or "")))
    if columns is None:
        raise ReturnError(f"“{file.name}”中找不到表头（序号、完成值……）")
    annex = read_annex(after)
    if not annex:
        return lines
    # Texts too long for their row were cut with （续见附页N）: put them back together with the 附页.
    texts = ("task", "progress", "problems", "next_steps", "evidence", "responsible")
    return [replace(line, **{name: rejoin(getattr(line, name), annex) for name in texts}) for line in lines]


def _line(row: int, number: int, values: tuple, columns: dict[str, int], indicator: str) -> ReturnLine:
    def text(key: str) -> str:
        value = _at(values, columns, key)
        return "" if value is None else str(value).strip()

    return ReturnLine(
        row=row,
        number=number,
        city_seq=text("city_seq"),
        seq=text("seq"),
        indicator=indicator,
        task=text("task"),
        measure=text("measure"),
        target=_number(_at(values, columns, "target")),
        actual=_figure(_at(values, columns, "actual")),
        rate=_number(_at(values, columns, "rate")),
        time_progress=_number(_at(values, columns, "time_progress")),
        status=text("status"),
        progress=text("progress"),
        problems=text("problems"),
        next_steps=text("next_steps"),
        evidence=text("evidence"),
        responsible=text("responsible"),
        deadline=text("deadline"),
    )


def _verify(
    file: Path, meta: dict[str, object], figures: list[dict[str, object]], lines: list[ReturnLine]
) -> ReturnReading:
    try:
        period = Period.parse(str(meta.get("填报期", "")))
    except PeriodError as exc:
        raise ReturnError(f"“{file.name}”的校验信息中填报期无效：{exc}") from exc
    plan_key, unit = str(meta.get("方案键") or ""), str(meta.get("填报单位") or "")
    stored = str(meta.get("校验码") or "")
    exported = [[canonical(_figure_field(f, name)) for name in CHECKSUM_FIELDS] for f in figures]
    meta_intact = figures_checksum(plan_key, unit, period.code, exported) == stored
    by_number = {line.number: line for line in lines}
    changed: list[ChangedFigure] = []
    baselines: dict[int, float] = {}
    found_figures: list[list[str]] = []
    for figure, canon in zip(figures, exported, strict=True):
        number = int(figure.get("序号") or 0)
        row = int(figure.get("行号") or 0)
        seq, indicator = str(figure.get("细化任务序号") or ""), str(figure.get("指标") or "")
        kind, measure = str(figure.get("指标类型") or ""), str(figure.get("计量单位") or "")
        line = by_number.get(number)
        if line is None or line.seq != seq:
            changed.append(ChangedFigure(row, number, seq, indicator, "行", None, None))
            continue
        base = _figure(figure.get("基础数"))
        if isinstance(base, float):
            baselines[number] = base
        now = {"seq": line.seq, "indicator": indicator, "target": line.target, "actual": line.actual,
               "rate": line.rate, "status": line.status}  # fmt: skip
        found = [canonical(now[name]) for name in CHECKSUM_FIELDS]
        found_figures.append(found)
        for index, name in enumerate(CHECKSUM_FIELDS):
            if name in FIELD_LABELS and found[index] != canon[index]:
                changed.append(
                    ChangedFigure(
                        line.row,
                        number,
                        seq,
                        indicator,
                        FIELD_LABELS[name],
                        _figure_field(figure, name),
                        now[name],
                        kind,
                        measure,
                    )  # fmt: skip
                )
    extra = len(lines) - len(found_figures)
    computed = figures_checksum(plan_key, unit, period.code, found_figures) if extra == 0 else ""
    identity, digest = _identity(meta)
    exported_text = str(meta.get("导出时间") or "")
    final = meta.get("导出类型") == "报送"
    identity_intact = identity is None or identity_digest(stored, final, exported_text, identity) == digest
    return ReturnReading(
        path=file,
        plan_id=int(meta["方案编号"]) if isinstance(meta.get("方案编号"), (int, float)) else None,
        plan_key=plan_key,
        plan_title=str(meta.get("方案标题") or ""),
        unit=unit,
        period=period,
        as_of=_date(meta.get("截至日期")),
        exported_at=_datetime(meta.get("导出时间")),
        app_version=str(meta.get("程序版本") or ""),
        final=final,
        checksum=stored,
        computed_checksum=computed,
        meta_intact=meta_intact,
        lines=lines,
        changed=changed,
        identity=identity,
        identity_intact=identity_intact,
        identity_digest=digest,
        key_id=str(meta.get("签名密钥编号") or ""),
        signature=str(meta.get("签名") or ""),
        baselines=baselines,
        meta=meta,
    )


def _identity(meta: dict[str, object]) -> tuple[ReturnIdentity | None, str]:
    """Who exported the return and the digest binding it, or (None, "") for a return that does not say."""
    if "安装标识" not in meta:
        return None, ""
    values = {name: "" if meta.get(label) is None else str(meta.get(label)) for name, label in IDENTITY_LABELS.items()}
    return ReturnIdentity(**values), str(meta.get("身份校验码") or "")


def _figure_field(figure: dict[str, object], name: str) -> object:
    key = {"seq": "细化任务序号", "indicator": "指标", "target": "目标值", "actual": "完成值",
           "rate": "完成率", "status": "状态"}[name]  # fmt: skip
    value = figure.get(key)
    return _figure(value) if name in ("target", "actual", "rate") else ("" if value is None else value)


def _at(values: tuple, columns: dict[str, int], key: str) -> object:
    index = columns.get(key)
    return values[index] if index is not None and index < len(values) else None


def _number(value: object) -> float | None:
    figure = _figure(value)
    return figure if isinstance(figure, float) else None


def _figure(value: object) -> float | str | None:
    """A cell's figure: numbers (also numbers typed as text, as WPS sometimes stores them) or text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def _plain(value: float) -> str:
    """18.0 → 18, 11.5 → 11.5 (the return prints at most four decimals)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _datetime(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None

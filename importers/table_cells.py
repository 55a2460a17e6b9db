"""A matrix cell read as a figure, or the reason it cannot be read with certainty.

Officials type figures as numbers (18, 0.25 under a % format, which the reader already turned into
"25%"), as text ("不低于18家", "25%左右", "增长25%", "1.2亿元", "十二"), or as words no figure can be
taken from ("约十几家", "视情况", "待定"). A cell that is not certainly one figure becomes a 待确认 item
with the cell's own words, never a guess and never an error that stops the whole import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from domain.achievements import InputError
from domain.figures import Figure, normalize_text, parse_figure
from domain.measure_words import COUNT_MEASURES, PERCENT_MEASURES
from domain.numerals import number_text
from domain.plans import Direction

# Words before a figure that say what the figure is, not how much: "增长25%", "新增10家", "达到1.94%".
_LEADING = re.compile(
    r"^(?:较上年|比上年|同比)?(?:增长|增幅|增速|提高|提升|新增|新培育|培育|净增|累计|达到|达|突破|保持|年均增长)"
)
_TRAILING = re.compile(r"(?:以上|左右|及以上)?(?:[（(].{0,12}[)）])?$")
# Cells that mean "no quota here" rather than a figure.
_NOTHING = ("", "—", "-", "–", "/", "／", "无", "0/0", "\\", "——", "－", "不分解", "不考核", "—/—")
_RANGE = re.compile(r"\d\s*[-~～至到]\s*\d")
# Signs officials type before a figure: "≥30" is "不低于30", "≤5%" is "不高于5%".
_COMPARISON_WORDS = {
    **dict.fromkeys(("≥", "≧", ">=", "＞=", "＞", ">"), "不低于"),
    **dict.fromkeys(("≤", "≦", "<=", "＜=", "＜", "<"), "不高于"),
}
_COMPARISON = re.compile(r"^(?:>=|＞=|<=|＜=|[≥≧＞>≤≦＜<])\s*")


# "80（2021年：66）", "80(2021年基数66家)": another year's figure in brackets after the target.
_PAST_BRACKET = re.compile(
    r"[（(]\s*((?:20\d{2}|上)\s*年(?:度)?(?:基数|完成|实际)?\s*[:：为是]?\s*([0-9０-９][0-9０-９.,，]*)\s*"
    r"(?:万元|亿元|元|家|项|个|人次|人|件|%)?)\s*[)）]\s*$"
)


@dataclass(frozen=True)
class CellReading:
    """What a cell says: a figure, nothing, or a doubt (`doubt` is the Chinese reason).

    `past` is another year's figure written in brackets after the target ("80（2021年：66）"), perhaps its
    基数: the reader asks about it, with `past_words` ("2021年：66") as the cell shows them.
    """

    figure: Figure | None = None
    doubt: str = ""
    written: str = ""
    past: float | None = None
    past_words: str = ""
    share: float | None = None  # a bare "10%" under a count or an amount: a share of the city total, in %


def read_cell(value: object, measure: str, percent_column: bool = False) -> CellReading:
    """Read one matrix cell in the indicator's measure; `percent_column` when the indicator is a %.

    A bare fraction (0 < x < 1) in a % column without a % format is a doubt: 0.25 may mean 25 % or 0.25 %.
    Under a count (家, 个, 项) a fraction (1.5) is a doubt, and under a count or an amount a bare "10%" is a
    share of the city total (`share`), asked, never a target in %.
    """
    cell = _read_cell(value, measure, percent_column)
    figure = cell.figure
    if figure is None or not measure or measure in PERCENT_MEASURES:
        return cell
    written = cell.written or number_text(figure.value)
    if measure in COUNT_MEASURES and figure.measure == measure and figure.value != round(figure.value):
        reason = f"“{written}”不是整数，本指标按{measure}计数：请确认目标"
        return replace(cell, figure=None, doubt=reason)
    return cell


def _read_cell(value: object, measure: str, percent_column: bool) -> CellReading:
    if value is None or isinstance(value, bool):
        return CellReading()
    if isinstance(value, (int, float)):
        number = float(value)
        if percent_column and 0 < abs(number) < 1:
            return CellReading(
                doubt=f"单元格是 {number:g}，没有设为百分比格式：是 {number * 100:g}% 还是 {number:g}%？",
                written=f"{number:g}",
            )
        return CellReading(Figure(number, None, measure), written=f"{number:g}")
    written = normalize_text(str(value)).strip()
    text = _COMPARISON.sub(lambda m: _COMPARISON_WORDS[m.group(0).strip()], written)
    past = _PAST_BRACKET.search(text)
    if past is not None:
        reading = _read_text(text[: past.start()].strip(), measure)
        number = past.group(2).replace(",", "").replace("，", "")
        try:
            value_past = float(number)
        except ValueError:
            return replace(reading, written=written)
        if reading.figure is not None:
            return replace(reading, written=written, past=value_past, past_words=past.group(1))
        return replace(reading, written=written)
    if text != written:
        return replace(_read_text(text, measure), written=written)
    return _read_text(text, measure)


def _read_text(text: str, measure: str) -> CellReading:
    if text in _NOTHING:
        return CellReading(written=text)
    if "百分点" in text:
        return CellReading(doubt=f"“{text}”是百分点（差值），不是本指标的目标值", written=text)
    if _RANGE.search(text):
        return CellReading(doubt=f"“{text}”是一个范围，不是一个目标值", written=text)
    if re.search(r"约|大约|若干|十几|几十|左右各|待定|视情况|力争.*或", text) and not re.search(r"\d.*左右$", text):
        return CellReading(doubt=f"“{text}”不是确定的数字", written=text)
    for candidate in _candidates(text):
        try:
            figure = parse_figure(candidate, measure)
        except InputError:
            continue
        if figure is None:
            return CellReading(written=text)
        written = _written_measure(candidate)
        if written == "%" and measure and measure not in PERCENT_MEASURES and not _LEADING.match(text):
            reason = f"“{text}”是百分比，本指标的计量单位是{measure}：可能是占全市目标的比例"
            return CellReading(doubt=reason, written=text, share=figure.value)
        if measure and written and written != measure and not _convertible(written, measure):
            return CellReading(doubt=f"“{text}”的单位（{written}）与本指标的计量单位（{measure}）不同", written=text)
        direction = figure.direction
        if direction is None and re.search(r"以下|以内|不超过|不高于", text):
            direction = Direction.AT_MOST
        return CellReading(Figure(figure.value, direction, figure.measure), written=text)
    return CellReading(doubt=f"“{text}”不是数字", written=text)


def _candidates(text: str) -> list[str]:
    """The cell's text, then without the words around its figure ("增长25%以上" → "25%以上")."""
    out = [text]
    stripped = _LEADING.sub("", text)
    if stripped != text:
        out.append(stripped)
    bare = _TRAILING.sub("", stripped)
    if bare and bare not in out:
        out.append(bare)
    return out


def _written_measure(text: str) -> str:
    found = re.findall(r"万元|亿元|元|人次|家|项|个|人|件|%", text)
    return found[-1] if found else ""


def _convertible(written: str, wanted: str) -> bool:
    amounts = ("元", "万元", "亿元")
    return written in amounts and wanted in amounts

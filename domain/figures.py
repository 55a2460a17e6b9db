"""Figures as breakdown tables write them: 十二, 1.2亿元, 不低于18家, 35%以上, with full-width digits and stray spaces.

The words and conversions the quota grammar shares with the importer's matrix cells (parse_figure reads a cell
with the grammar's own tokens, domain.quota_tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.achievements import AMOUNT_FACTORS, InputError
from domain.numerals import number_text, read_numeral
from domain.plans import Direction
from domain.quota_decrease import LEVEL_VERBS
from domain.quota_doubts import doubt_reason
from domain.quota_tokens import prepare, tokenize

__all__ = [
    "AMOUNT_FACTORS", "Figure", "convert_amount", "direction_of", "figure_doubt", "normalize_text", "number_text",
    "parse_figure", "to_number",
]  # fmt: skip

_AT_MOST = ("不高于", "不超过", "不多于", "控制在", "以下", "以内")
# Words that mark a figure next to them as a total, not one unit's share ("全市不低于101家", "总数300家", "小计3家",
# "星创天地共5家"); 共 of 公共, 共同, 共享, 共建 is no total.
TOTAL_WORDS = re.compile(r"合计|共计|总计|小计|全市|全区|总数|总量|(?<!公)共(?![同享建性])")
# Figures of a rule, not a target: "比例上限可由7%提高到15%", "不得大于总建筑面积的30%", "每家奖励200000元".
RULE_WORDS = re.compile(
    r"(?:由|提高到|提高至|增加到|降低到|降至|调整为|调整到)$|不得|上限|下限"
    r"|每(?:家|个|项|人|名|户|所)[^,，;；]{0,6}(?:奖励|补助|资助|补贴|奖补)$"
)
_BARE_RANGE = re.compile(r"\d\s*(?:[-~～至到—–]|－)\s*\d")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，：；（）", "0123456789.%,:;()")


def normalize_text(text: str) -> str:
    """Full-width digits and punctuation made plain, and the spaces of extracted text taken out.

    Spaces are kept only between two Latin letters ("R and D" stays readable).
    """
    plain = str(text).translate(_FULL_WIDTH)
    plain = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", plain)
    return re.sub(r"\s+", lambda m: _keep_space(plain, m), plain)


def _keep_space(text: str, match: re.Match[str]) -> str:
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return " " if before.isascii() and before.isalpha() and after.isascii() and after.isalpha() else ""


def to_number(text: str) -> float:
    """A numeral as written in a table, Arabic or Chinese (十二, 一百零一); InputError otherwise."""
    value = read_numeral(text)
    if value is None:
        raise InputError(f"“{text}”不是数字")
    return value


def convert_amount(value: float, written: str, wanted: str) -> float:
    """An amount in `written` (元 / 万元 / 亿元) expressed in `wanted`; other measures pass unchanged."""
    if written in AMOUNT_FACTORS and wanted in AMOUNT_FACTORS and written != wanted:
        return round(value * AMOUNT_FACTORS[written] / AMOUNT_FACTORS[wanted], 6)
    return value


def direction_of(*words: str | None) -> Direction:
    """不高于 / 不超过 / 以下 / 降至 make an at-most figure; everything else (不低于, 以上, 力争, 下降) at-least.

    "下降3%" is at least a decline of 3 % (domain.quota_decrease keeps it a decline), "降至0.45吨" a level.
    """
    return (
        Direction.AT_MOST
        if any(w and (w in _AT_MOST or w.startswith(LEVEL_VERBS)) for w in words)
        else (Direction.AT_LEAST)
    )


_EMPTY_CELL = ("", "—", "-", "–", "/", "／", "无", "0/0", "\\")


@dataclass(frozen=True)
class Figure:
    """A figure typed into a table cell: its value in the wanted measure, and its direction if it states one."""

    value: float
    direction: Direction | None
    measure: str


def figure_doubt(text: str) -> str:
    """Why a cell's words are no certain figure ("约3", "2-3", "5家左右", "十几家"), or "" when they are one.

    The grammar's own rule (domain.quota_doubts), for a matrix cell to ask what a sentence asks: a rate with
    左右 ("25%左右") is certain, a count or an amount with it is not.
    """
    plain = normalize_text(str(text))
    tokens = [t for t in tokenize(prepare(plain)) if t.kind in ("figure", "number")]
    doubtful = [t for t in tokens if t.doubt]
    if doubtful:
        return doubt_reason(doubtful[0])
    return f"“{plain}”是一个范围，不是一个目标值" if _BARE_RANGE.search(plain) else ""


def parse_figure(value: object, measure: str = "") -> Figure | None:
    """A matrix cell as a figure ("不低于18家", "十二", "1.2亿元" → 12000 in 万元); None when the cell is empty.

    Read with the tokens of quota sentences (domain.quota_tokens), so a cell knows every numeral, measure and
    qualifier a sentence does (‰, 个百分点, 1.2万人次, 三点五%). Raises InputError for text that is not one
    figure, so the importer can name the row and column.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Figure(float(value), None, measure)
    text = normalize_text(str(value)).strip()
    if text in _EMPTY_CELL:
        return None
    sign = -1.0 if text.startswith(("-", "－")) else 1.0
    tokens = tokenize(prepare(text.lstrip("-－")))
    if len(tokens) == 1 and tokens[0].doubt:
        raise InputError(doubt_reason(tokens[0]))  # "约5", "3-5家", "十几家": no certain figure
    if len(tokens) != 1 or tokens[0].kind not in ("figure", "number") or tokens[0].value is None:
        raise InputError(f"“{value}”不是数字")
    token = tokens[0]
    written = token.measure or measure
    quals = (token.qualifier, token.after)
    direction = direction_of(*quals) if any(quals) else None
    return Figure(convert_amount(sign * token.value, written, measure or written), direction, measure or written)

"""The tokens of a quota sentence: figures, bare numbers, scope words, separators, and the words between them.

The first stage of reading a quota sentence (tokens → clauses → scoped assignments, see domain.quota_text).
A figure is a number with its measure and the qualifiers around it ("不低于18家", "15%以上", "1.2亿元",
"十四家", "0.5个百分点"); a bare number ("18" of "分别为18、14、10家") takes its measure from the list it
stands in. Scope words ("全市", "市本级", "各县（市、区）", "其余各县（区）") are tokens of their own, so the
brackets and 、 inside them never split a clause. Everything else is words, where names are looked for later.

The text is read as `Text.plain` (full-width digits and punctuation made ASCII, spaces of extracted text
taken out) while `Text.shown` keeps the text's own punctuation at the same positions: sources and clauses
are cut from `shown`, so the user sees "各县（市、区）…" as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from domain.measure_words import MEASURE_WORDS, PERCENT_MEASURES
from domain.numerals import read_numeral
from domain.quota_decrease import mark_decreases
from domain.quota_scope_words import SCOPE_PATTERNS
from domain.quota_stated_measure import stated_spans

# Classifiers that with a lone 一 make an idiom, not a count: 一批, 一种, 一部分, 一支队伍, 一期工程.
_ONE_IDIOMS = frozenset("批种部支门位处期队轮届份例户间栋株辆")
# Before the number: at least / at most / reach. 为, 达 and 是 are no qualifier the user needs to see again.
QUALIFIERS = (
    "不低于", "不少于", "不小于", "至少", "力争达到", "力争", "争取达到", "确保达到", "达到", "超过", "突破",
    "不高于", "不超过", "不多于", "控制在", "保持在", "约为", "大约", "约", "将近", "接近", "为", "达", "是",
)  # fmt: skip
AFTER_WORDS = ("及以上", "以上", "以下", "以内", "左右", "上下")
# Words that make a figure an approximation: "约5家", "5家左右". A rate with 左右 ("增长15%左右") is how plans
# state a rate target and is read; a count or an amount that is only about so much is asked (domain.quota_doubts).
APPROX_BEFORE = ("约为", "大约", "约", "将近", "接近")
APPROX_AFTER = ("左右", "上下")
_SILENT_QUALIFIERS = ("为", "达", "是")
_MEASURE = "|".join(re.escape(m) for m in MEASURE_WORDS)
# A measure word that starts another word is none: 3个月, 2个工作日, 5家庭, 3人民币, 名单, 所属.
_NOT_AFTER_MEASURE = (
    r"(?<=个)(?:月|工作日|小时|季度|方面|环节|问题|领域|重点|层面|阶段)|(?<=家)庭|(?<=人)民|(?<=名)单|(?<=所)[属有在以]"
    r"|(?<=元)旦|(?<=部)[门署分]|(?<=支)[出持撑付]|(?<=门)[户槛类]|(?<=期)[间末初限内]|(?<=台)[账阶]|(?<=座)谈"
    r"|(?<=间)[隔接断]|(?<=位)[于置]|(?<=种)[植养子]|(?<=份)额|(?<=户)籍|(?<=场)[所地景馆]|(?<=条)[件例]"
    r"|(?<=处)[理置于]|(?<=批)[准复示]|(?<=届)[时满]|(?<=队)伍|(?<=例)[如会行]"
)
_QUAL = "|".join(QUALIFIERS)
_AFTER = "|".join(AFTER_WORDS)
_CN_DIGIT = "零〇一二两三四五六七八九十"
_CN_WHOLE = _CN_DIGIT + "百千万亿"
_CN_DECIMAL = "(?:点[零〇一二三四五六七八九]+)?"
# A Chinese numeral needs a digit ("万元" alone is a measure); before a measure it is as short as it can be, so
# "五千万元" is 五千 万元, not 五千万 元.
_CN_NUMBER = rf"(?=[{_CN_WHOLE}]*[{_CN_DIGIT}])[{_CN_WHOLE}]+?{_CN_DECIMAL}"
_ARABIC = r"\d+(?:\.\d+)?"
_ONE_NUMBER = rf"{_ARABIC}(?:[十百千万亿](?!元))?|{_CN_NUMBER}"
# A range is one figure whose two ends are both written: "3-5家", "3至5家", "1～2家", "10%-15%", "三至五家".
_RANGE = rf"(?P<low>{_ONE_NUMBER})(?:{_MEASURE})?\s*(?:[-~～—–至到]|－)\s*"
_FIGURE = re.compile(
    rf"(?<![第\d.])(?P<qual>{_QUAL})?(?:{_RANGE})?(?P<num>{_ARABIC}(?P<mult>[十百千万亿](?!元))?|{_CN_NUMBER})"
    rf"(?P<measure>{_MEASURE})(?!{_NOT_AFTER_MEASURE})(?P<after>上下(?!游)|{_AFTER})?"
)
# A count that says no number: "十几家", "数家", "若干项", "20余家", "二十多人次", "上百家", and "实现“零”的突破".
_VAGUE = re.compile(
    rf"(?<![第\d.])(?P<qual>{_QUAL})?(?P<num>十几|几十|几百|数十|数百|若干|几|数|上百|上千|近百|"
    rf"(?:\d+|[{_CN_WHOLE}]+)(?:余|多))(?P<measure>{_MEASURE})(?!{_NOT_AFTER_MEASURE})"
    r"|(?P<zero>(?:实现)?[“\"‘']?零[”\"’']?的?突破)"
)
_CLAUSE_END = r"(?=[、,;:。!?\n()]|和|及|$)"
# "1.5亿", "3000万" with no 元: an amount, most likely, but the text does not say so — asked (rule "no_yuan"), as
# typing "3.5亿" in the window is (domain.achievements).
_MAGNIFIED = re.compile(
    rf"(?<![第\d.])(?P<qual>{_QUAL})?(?P<num>{_ARABIC})(?P<mult>[万亿])(?P<after>{_AFTER})?{_CLAUSE_END}"
)
# A classifier this module does not list, after a number at the end of a clause ("4场", "10架次"): still a measure.
# Not a time, an order or a size (3年, 2倍, 3成, 5级, 8大), nor the words of a vague count (3多, 5余).
_ANY_MEASURE = re.compile(
    rf"(?<![第\d.])(?P<qual>{_QUAL})?(?P<num>{_ARABIC}(?P<mult>[十百千万亿](?!元))?)"
    rf"(?P<measure>(?![年月日天周时分秒岁倍成号级层楼度折代类样大多余几些点强型线环侧方面之的以及和与或等万亿千百十])"
    rf"[\u4e00-\u9fff]{{1,2}}?)(?P<after>{_AFTER})?{_CLAUSE_END}"
)
# "比港北区少2个", "较全市平均高2个百分点": a figure relative to another's, not a target of its own. "比上年增长
# 15%" and "较2021年增加3家" are a unit's own growth and increment, not relative to someone else's figure.
_RELATIVE = re.compile(r"(?:比|较)(?P<ref>[\u4e00-\u9fffA-Za-z]{1,12}?)(?:少|多|低|高|增加|减少|提高|降低|增长)了?$")
_OWN_PAST = re.compile(
    r"^(?:上年|去年|上一年|上年度|前一年|同期|上年同期|基期|基数|年初|上期|\d{4}年(?:度|底|末)?)(?:分别|均)?$"
)
# A number without a measure counts only where a list or a line ends it ("分别为18、14、10家", "江州区：8").
_BARE = re.compile(
    rf"(?<![第\d.])(?P<qual>{_QUAL})?(?P<num>{_ARABIC}|(?=[{_CN_WHOLE}]*[{_CN_DIGIT}])[{_CN_WHOLE}]+{_CN_DECIMAL})"
    # "20000（含市本级2000）": a bracket that says what the number holds ends it too.
    rf"(?=[、,;，；。!?\n)）]|和|及|与|计|[(（](?:其中)?(?:含|包含|包括)|[(（](?:计量)?单位|$)"
)
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}

_SCOPE = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in SCOPE_PATTERNS))
# Separators: 、 joins a list, ， and ； end an item, ： introduces a list or labels a line, 。 ends a sentence.
_SEPARATORS = {"、": "list", "…": "list", ",": "item", ";": "hard", "\n": "hard", "。": "hard", "!": "hard",
               "?": "hard", ":": "colon", "(": "open", ")": "close"}  # fmt: skip
_TO_PLAIN = str.maketrans("０１２３４５６７８９．％，：；（）！？", "0123456789.%,:;()!?")
_TO_SHOWN = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
# A bracket inside a name ("中国—东盟（玉林）产业园", "扶绥县（含空港经济区）", "R&D（研究与试验发展）经费"):
# short, no figure, no separator.
_NAME_BRACKET = re.compile(r"\(([^()、,;:。\d]{1,12})\)")
_NOTE_BRACKET = re.compile(r"^(?:含|包括|包含|不含|即|原|下同|以下简称)")
_QUOTED = re.compile(r"《[^》]*》")
# What a line can not start with when the break before it cuts a figure ("18家⏎以上", "3个⏎百分点").
_NOT_AFTER_BREAK = (*MEASURE_WORDS, *AFTER_WORDS, "年", "月", "日")


@dataclass(frozen=True)
class Text:
    """A sentence as the grammar reads it: `plain` for matching, `shown` (same positions) for showing."""

    plain: str
    shown: str

    def show(self, start: int, end: int) -> str:
        return self.shown[start:end]


@dataclass(frozen=True)
class Token:
    """One token: kind is "figure", "number", "scope", "sep" or "words"; `start`/`end` index the Text.

    A figure or number has `value` (converted by its multiplier: "1.2万人次" is 12000 人次), `measure`
    ("" for a bare number), `qualifier` and `after` (the words around it) and `wording` (the figure as a user
    reads it: "不低于18家"). A scope has `scope` (a kind of SCOPE_PATTERNS); a separator has `sep`.
    A figure that is no certain target has `doubt`: "range" ("3-5家"), "approximate" ("约5家", "5家左右"),
    "vague" ("十几家", "实现零的突破"), "relative" ("比港北区少2个") or "dated" (a past year's figure beside a
    target, domain.quota_clauses); its `value` is None unless it is an approximation or dated (then the figure
    written). Such a figure is asked, never stored (domain.quota_doubts).
    """

    kind: str
    text: str
    start: int
    end: int
    value: float | None = None
    measure: str = ""
    qualifier: str = ""
    after: str = ""
    number: str = ""
    scope: str = ""
    sep: str = ""
    doubt: str = ""
    per: str = ""

    @property
    def wording(self) -> str:
        qualifier = "" if self.qualifier in _SILENT_QUALIFIERS else self.qualifier
        if self.doubt == "no_yuan":
            return f"{qualifier}{self.number}{self.after}"  # as written: "不低于1.5亿"
        return f"{self.per}{qualifier}{self.number}{self.measure}{self.after}"

    def with_measure(self, measure: str) -> Token:
        """A bare number given the measure its list states."""
        return replace(self, measure=measure)


def prepare(text: str) -> Text:
    """The sentence with full-width digits made plain and the spaces and line breaks of extracted text taken out.

    A line break that ends an item ("江州区：8家⏎扶绥县：6家") stays, as a separator; one inside a name or a
    figure ("玉⏎林健康产业园 3 家") goes. Spaces stay only between two Latin letters ("R and D").
    """
    raw = str(text)
    plain_raw, shown_raw = raw.translate(_TO_PLAIN), raw.translate(_TO_SHOWN)
    plain, shown, position = [], [], 0
    for match in re.finditer(r"\s+", plain_raw):
        plain.append(plain_raw[position : match.start()])
        shown.append(shown_raw[position : match.start()])
        kept = _kept_space(plain_raw[: match.start()], match.group(0), plain_raw[match.end() :])
        plain.append(kept)
        shown.append(kept)
        position = match.end()
    plain.append(plain_raw[position:])
    shown.append(shown_raw[position:])
    joined, shown_joined = "".join(plain), "".join(shown)
    # Thousands separators: "1,000万元" (only a group of exactly three digits).
    for match in reversed(list(re.finditer(r"(?<=\d),(?=\d{3}(?!\d))", joined))):
        joined = joined[: match.start()] + joined[match.end() :]
        shown_joined = shown_joined[: match.start()] + shown_joined[match.end() :]
    return Text(joined, shown_joined)


def _kept_space(before: str, space: str, after: str) -> str:
    """What a run of whitespace becomes: "" (dropped), " " (between two letters) or "\n" (a separator)."""
    if not before or not after:
        return ""
    if before[-1].isascii() and before[-1].isalpha() and after[0].isascii() and after[0].isalpha():
        return " "
    if "\n" not in space:
        return ""
    # The spaces of extracted text may cut the words on either side too ("以 上").
    before, after = re.sub(r"\s+", "", before[-12:]), re.sub(r"\s+", "", after[:12])
    return "\n" if before and after and _ends_item(before, after) else ""


def _ends_item(before: str, after: str) -> bool:
    """Whether a line break between `before` and `after` ends an item rather than cutting a word or figure."""
    if before[-1] in "、,;:。!?(" or after[0] in "、,;:。!?()":
        return False
    if after[0].isdigit() or after.startswith(_NOT_AFTER_BREAK):
        return False
    if after[0] in _CN_DIGIT and re.match(rf"{_CN_NUMBER}(?:{_MEASURE})", after):
        return False  # a figure in Chinese numerals cut by the break ("十⏎二家"), not a name (三江, 八步)
    if re.search(rf"(?:{_MEASURE}|{_AFTER}|\))$", before):
        return True
    return before[-1].isdigit()


def tokenize(text: Text) -> list[Token]:
    """The tokens of a prepared sentence, in order; every character belongs to exactly one token."""
    plain = text.plain
    spans: list[Token] = []
    protected = [m.span() for m in _QUOTED.finditer(plain)]  # titles 《…》 hold no figures of their own
    protected += stated_spans(plain)  # "（单位：人次）" is words: no figure, no separator of the list
    for match in _SCOPE.finditer(plain):
        if not _inside(match.span(), protected):
            spans.append(Token("scope", match.group(0), *match.span(), scope=match.lastgroup or ""))
    taken = [(t.start, t.end) for t in spans] + protected
    for match in _FIGURE.finditer(plain):
        if not _overlaps(match.span(), taken) and (figure := _figure(match)) is not None:
            spans.append(_relative(plain, figure))
    taken = [(t.start, t.end) for t in spans] + protected
    for match in _VAGUE.finditer(plain):
        if not _overlaps(match.span(), taken):
            spans.append(_vague(match))
    taken = [(t.start, t.end) for t in spans] + protected
    for match in _MAGNIFIED.finditer(plain):
        if not _overlaps(match.span(), taken):
            spans.append(_no_yuan(match))
    taken = [(t.start, t.end) for t in spans] + protected
    for match in _ANY_MEASURE.finditer(plain):
        if match["measure"].startswith(MEASURE_WORDS):
            continue  # a known measure that starts another word: 3个月, 5家庭 (_NOT_AFTER_MEASURE)
        if not _overlaps(match.span(), taken) and (figure := _figure(match)) is not None:
            spans.append(_relative(plain, figure))
    taken = [(t.start, t.end) for t in spans] + protected
    for match in _BARE.finditer(plain):
        if _overlaps(match.span(), taken) or _year_or_serial(plain, match):
            continue
        if (figure := _figure(match, bare=True)) is not None:
            spans.append(figure)
    taken = [(t.start, t.end) for t in spans] + protected
    inner = {m.start(1) - 1 for m in _NAME_BRACKET.finditer(plain)
             if _name_bracket(plain, m) and not _overlaps(m.span(), _figure_spans(spans))}  # fmt: skip
    skip_to = -1
    for index, char in enumerate(plain):
        if index < skip_to:
            continue
        if char in _SEPARATORS and not _overlaps((index, index + 1), taken):
            if char == "(" and index in inner:
                skip_to = plain.index(")", index) + 1
                continue
            spans.append(Token("sep", char, index, index + 1, sep=_SEPARATORS[char]))
    spans.sort(key=lambda t: t.start)
    tokens: list[Token] = []
    position = 0
    for token in spans:
        if token.start > position:
            tokens.append(Token("words", plain[position : token.start], position, token.start))
        tokens.append(token)
        position = token.end
    if position < len(plain):
        tokens.append(Token("words", plain[position:], position, len(plain)))
    return mark_decreases(_per_part(tokens))


def _per_part(tokens: list[Token]) -> list[Token]:
    """"各县（区）每个乡镇至少选派…1名": the figure is each township's, not the county's — a figure in doubt.

    The words 每个乡镇 stay words of the head (the unit before them is still its subject); the next figure of the
    clause is marked (doubt "per_part", no value: the unit's figure depends on how many townships it has).
    """
    if not any(t.kind == "scope" and t.scope == "per_part" for t in tokens):
        return tokens
    result: list[Token] = []
    per = ""
    for token in tokens:
        if token.kind == "scope" and token.scope == "per_part":
            per = token.text
            token = Token("words", token.text, token.start, token.end)
        elif token.kind == "sep" and token.sep in ("item", "hard", "open", "close"):
            per = ""
        elif token.kind in ("figure", "number") and per:
            token = replace(token, value=None, doubt="per_part", per=per)
            per = ""
        if token.kind == "words" and result and result[-1].kind == "words" and result[-1].end == token.start:
            last = result.pop()
            token = Token("words", last.text + token.text, last.start, token.end)
        result.append(token)
    return result


def _figure(match: re.Match[str], *, bare: bool = False) -> Token | None:
    """The figure (or bare number) a match is, or None for a numeral that reads as none ("十百千")."""
    number = match["num"]
    mult = "" if bare else match["mult"] or ""
    value = read_numeral(number[: len(number) - len(mult)])
    if value is None:
        return None
    value *= _MULTIPLIERS.get(mult, 1)
    measure = "" if bare else match["measure"]
    measure = "个百分点" if measure == "百分点" else measure
    if number == "一" and measure in _ONE_IDIOMS:
        return None  # "推动一批成果", "一种模式", "一支队伍": a way of speaking, no count
    qualifier, after = match["qual"] or "", "" if bare else match["after"] or ""
    doubt = ""
    if not bare and match.re.groupindex.get("low") and match["low"] is not None:
        doubt, number = "range", match.group(0)[len(qualifier) : match.end("num") - match.start()]
    elif qualifier in APPROX_BEFORE or (after in APPROX_AFTER and measure not in PERCENT_MEASURES):
        doubt = "approximate"
    return Token(
        "number" if bare else "figure",
        match.group(0),
        match.start(),
        match.end(),
        value=None if doubt == "range" else round(value, 6),
        measure=measure,
        qualifier=qualifier,
        after=after,
        number=number,
        doubt=doubt,
    )


def _no_yuan(match: re.Match[str]) -> Token:
    """"1.5亿" with no 元: offered as 1.5亿元 and asked (doubt "no_yuan")."""
    number = match["num"] + match["mult"]
    return Token("figure", match.group(0), match.start(), match.end(), value=float(match["num"]),
                 measure=match["mult"] + "元", qualifier=match["qual"] or "", after=match["after"] or "",
                 number=number, doubt="no_yuan")  # fmt: skip


def _vague(match: re.Match[str]) -> Token:
    """A count that names no number ("十几家", "数家", "20余家", "实现“零”的突破"): a figure in doubt, no value."""
    if match["zero"]:
        return Token("figure", match.group(0), match.start(), match.end(), number=match.group(0), doubt="vague")
    measure = "个百分点" if match["measure"] == "百分点" else match["measure"]
    return Token("figure", match.group(0), match.start(), match.end(), measure=measure,
                 qualifier=match["qual"] or "", number=match["num"], doubt="vague")  # fmt: skip


def _relative(plain: str, figure: Token) -> Token:
    """The figure, in doubt when the words before it compare it with someone else's ("比港北区少2个")."""
    match = _RELATIVE.search(plain[max(0, figure.start - 16) : figure.start])
    if match is None or figure.qualifier or _OWN_PAST.match(match["ref"]):
        return figure
    return replace(figure, value=None, qualifier=match.group(0), doubt="relative")


def _year_or_serial(plain: str, match: re.Match[str]) -> bool:
    """A bare "2021" before 年 cannot reach here; what remains are serials such as "〔2020〕" and "(1)"."""
    before = plain[match.start() - 1] if match.start() else ""
    return bool(before) and before in "〔[【(" and not match["qual"]


def _name_bracket(plain: str, match: re.Match[str]) -> bool:
    """A bracket that belongs to the name before it: a note ("含空港经济区") or a part (中国—东盟（玉林）产业园)."""
    if match.start() == 0 or not re.match(r"[\u4e00-\u9fffA-Za-z]", plain[match.start() - 1]):
        return False
    after = plain[match.end() : match.end() + 1]
    if _PLACE_IN_BRACKET.fullmatch(match.group(1)) and _PLACE_BEFORE.search(plain[: match.start()]):
        return True  # "桂林高新区管委会（七星区）12亿元": the zone, with the county it lies in
    return bool(_NOTE_BRACKET.match(match.group(1))) or bool(re.match(r"[\u4e00-\u9fffA-Za-z]", after))


# A county written in brackets after a zone or an office: where the zone lies, part of its name as written.
_PLACE_IN_BRACKET = re.compile(r"[\u4e00-\u9fff]{1,8}[区县市]")
_PLACE_BEFORE = re.compile(r"(?:区|园|管委会|管委|管理委员会)$")


def _figure_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in tokens if t.kind in ("figure", "number")]


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in taken)

"""Names in quota sentences: units resolved through the registry, unknown names told from words, indicator names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.figures import RULE_WORDS, TOTAL_WORDS
from domain.units import Unit, UnitRegistry, leading_office, split_office

# The characters a name is written in; a run of them before a figure is the name of that figure.
NAME_CHARS = r"[\u4e00-\u9fffA-Za-z&]"
_PLACE_ENDINGS = ("县", "区", "市", "园", "园区", "新区", "开发区", "产业园", "工业园", "工业区", "镇", "乡", "管委会")
# "县级", "市区两级": a level of government, not a place.
_LEVEL = re.compile(r"[县区市]级")
# Words of an indicator or a quantity: a list item named by them is no unit ("新增科技型企业10家").
_NOT_A_NAME = re.compile(
    r"企业|项目|平台|基地|中心|经费|支出|投入|收入|资金|金额|贷款|专利|成果|合同|人才|机构|高校|院所|团队|人员|"
    r"特派员|培训|数|量|率|额|比重|强度|增长|新增|新建|培育|申报|认定|建设|完成|实现|达到|累计|指标|任务|目标|上年|年度|"
    # A time or a batch ("全年3家", "上半年1家", "一季度", "第四批"), and the verbs around a figure ("争取3家",
    # "每家奖励10万元"): no unit. The registry has no unit whose name holds one of them.
    r"年|季度|批|月|争取|确保|推荐|奖励"
)
# A remainder ("其余11家由高新区完成") is no name; "其余各县区" names the units it leaves out, and is listed.
_REMAINDER = re.compile(r"(?:其余|其他|其它|剩余|余下)")
_UNKNOWN_LEAD = re.compile(r"^(?:其中|另外|另|以及|及|和|与|含|包括|故设|设|对|给)+")
_UNKNOWN_TAIL = re.compile(r"(?:各|均|分别|基础数|基数|基期数|基期|目标任务|目标|任务数|分解数)+$")
# What may stand between two items of one list: "北流18家，容县14家、陆川11家；…".
_LIST_GAP = re.compile(r"[,，、;；\s]*")


@dataclass
class Piece:
    """A "name + figure" piece of the sentence, read or not, for telling which pieces form one list.

    `unknown` holds the names the registry does not know (empty for a piece that names units);
    `kind` is "fragment" (北京不低于3家), "group" (北京、陆州各2家 / …分别为3家、2家) or "baseline"
    (北京、陆州基础数分别为800万元、1000万元); a fragment has its `value` and `measure`.
    """

    start: int
    end: int
    unknown: tuple[str, ...] = ()
    kind: str = "fragment"
    value: float | None = None
    measure: str = ""


def list_unknown_names(
    plain: str, pieces: list[Piece], sure: list[tuple[int, str]], totals: list[tuple], *, has_units: bool
) -> tuple[list[tuple[int, str]], list[tuple]]:
    """The names that stand where a unit belongs but are not in the registry, and the totals left.

    A name is listed, never dropped, when it stands in a list with names of units ("北流不低于18家，北京不低于3家"),
    in a list of two or more names in a sentence that names units elsewhere, before 基础数分别为 (baselines
    belong to units), or when it is written as a place (桃源县, 新城产业园区) or is another city's unit in a
    sentence with quotas. Words that name an indicator or a quantity ("新增科技型企业10家") are never listed.

    `plain` is the normalized sentence the pieces' positions point into; `sure` holds (position, name) of the
    names that are listed whenever `has_units` (the sentence names a unit somewhere). `totals` are the total
    candidates, each a tuple whose first item is its position: what is listed is no total candidate. The names
    come as (position, name), those of `sure` first.
    """
    groups = [p for p in pieces if p.kind != "fragment" and p.unknown]
    ordered = sorted(
        (p for p in pieces if p.kind != "fragment" or not any(_inside(p, g) for g in groups)),
        key=lambda p: p.start,
    )
    chains: list[list[Piece]] = []
    for piece in ordered:
        if chains and _LIST_GAP.fullmatch(plain[chains[-1][-1].end : piece.start]):
            chains[-1].append(piece)
        else:
            chains.append([piece])
    listed: list[Piece] = []
    for chain in chains:
        if _leads_as_total(plain, chain):
            chain = chain[1:]
        unknown = [p for p in chain if p.unknown]
        names_like = all(looks_like_name(n) for p in chain for n in p.unknown)
        many = sum(len(p.unknown) for p in chain) >= 2
        for piece in unknown:
            if not all(looks_like_name(n) for n in piece.unknown):
                continue
            if len(unknown) < len(chain) or piece.kind == "baseline" or (has_units and many and names_like):
                listed.append(piece)
    names = list(sure) if has_units else []
    for piece in listed:
        names.extend((piece.start, name) for name in piece.unknown)
    dropped = {start for start, _ in sure} if has_units else set()
    dropped |= {p.start for p in listed if p.kind == "fragment"}
    spans = [(p.start, p.end) for p in listed if p.kind != "fragment"]
    return names, [t for t in totals if t.start not in dropped and not any(a <= t.start < b for a, b in spans)]


def _leads_as_total(plain: str, chain: list[Piece]) -> bool:
    """Whether the chain's first piece, an unknown name, is the total of the list it introduces.

    "众创空间3家，北流1家、容县1家", "星创天地3家：北流1家…", "创新联合体1家，右江区1家": the total comes first,
    then "：" or "，", then the units' shares. A name in the list itself ("北京不低于3家，北流不低于18家，…",
    "北京3家、北流1家") is not: the shares after it are joined the way it is joined to them, or one of them is
    larger, or (one share after it) the name is as short as a county's ("北京7家，北流1家").
    """
    if len(chain) < 2 or chain[0].kind != "fragment" or not chain[0].unknown or chain[1].unknown:
        return False
    first, rest = chain[0], chain[1:]
    if first.value is not None and any(
        p.value is not None and p.measure == first.measure and p.value > first.value for p in rest
    ):
        return False
    gap = plain[first.end : rest[0].start].strip()
    if ":" in gap:
        return True
    if gap != ",":
        return False
    joins = [plain[a.end : b.start].strip() for a, b in zip(rest, rest[1:], strict=False)]
    if joins:
        return all("," not in j and ";" not in j for j in joins)
    return len(first.unknown[0]) > 2


def _inside(piece: Piece, group: Piece) -> bool:
    return piece.start < group.end and group.start < piece.end


def unknown_name(name: str) -> str:
    """An unknown name as a user looks for it: "其中北京" is 北京, "陆州基础数" is 陆州, "陆州各" is 陆州.

    The words around it are taken off only when something is left; otherwise the name comes back as written.
    A place's office is no part of it: "玉林高新区管委会" is 玉林高新区, the zone a user adds (without_office).
    """
    bare = _UNKNOWN_TAIL.sub("", _UNKNOWN_LEAD.sub("", name))
    return without_office(bare or name)


def without_office(name: str) -> str:
    """A place's name without the office it is written with: "南宁高新区管委会" → 南宁高新区, "粤桂合作特别试验区
    （梧州）管委会" → 粤桂合作特别试验区（梧州）, "容县科技局" → 容县; other words come back as they are."""
    split = split_office(name, _place_like)
    return split[0] if split is not None else name


def _place_like(words: str) -> bool:
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", words)
    return len(bare) >= 2 and (written_as_place(bare) or _PLACE_END.search(bare) is not None)


def written_as_place(name: str) -> bool:
    """Whether a name ends the way a place does (桃源县, 新城产业园区); "县级" and its like are levels, not places.

    Says nothing of the registry: the caller resolves the name first and asks this of what stays unknown.
    """
    return name.endswith(_PLACE_ENDINGS) and _LEVEL.search(name) is None


def looks_like_name(name: str) -> bool:
    """Whether a word could be a unit's name: short, Chinese, and not the words of an indicator or a total."""
    return (
        2 <= len(name) <= 12
        and re.fullmatch(r"[\u4e00-\u9fff]+", name) is not None
        and TOTAL_WORDS.search(name) is None
        and _REMAINDER.fullmatch(name) is None
        and _NOT_A_NAME.search(name) is None
        and RULE_WORDS.search(name) is None
        and _LEVEL.search(name) is None
    )


# Words a short name (北流, 资源) may follow at the end of a member; elsewhere it is part of a word ("科技资源").
_LEAD_BEFORE_NAME = re.compile(r"(?:其中|另外|另|以及|及|和|与|含|包括|设|对|给|由|在|即|中有|有)$")
# Words that may stand before the subject of a clause and leave it the subject: connectives, adverbs, modal and
# causative verbs, years and times ("其中港口区…", "确保防城区新增…", "2022年上思县…", "推动港口区建成…",
# "力争2022年底东兴市…"). A unit after them is still whom the figure is for.
LEAD_WORDS = (
    r"(?:其中|另外|另|以及|此外|同时|并且|并|且|由|在|确保|力争|争取|努力|全力|着力|重点|加快|积极|继续|持续|进一步|"
    r"计划|预计|要求|推动|推进|促进|支持|鼓励|引导|督促|指导|帮助|今年|年内|全年|年底前|到年底|"
    r"到?\d{4}年度?(?:底|末|内)?前?)"
)
# Words before a name at the start of a member: "其中港口区增长20%", "另外北流新增…", "由平果市负责…".
_LEAD_AT_START = re.compile(rf"^{LEAD_WORDS}+")
# Endings of a place's name: a zone's (the longer first) or a county-level unit's. A registered name at the start
# of a longer place's name is no mention of that unit: 凭祥综合保税区 is not 凭祥市, 东兴试验区 not 东兴市.
ZONE_ENDINGS = (
    r"(?:高新技术产业开发区|经济技术开发区|高新区|开发区|经开区|工业园区|产业园区|园区|产业园|工业园|科技园|工业区|片区|"
    r"新区|试验区|合作区|管理区|保税区|示范区)"
)
_PLACE_END = re.compile(rf"(?:{ZONE_ENDINGS}|(?<![地社库景辖校街城市县园])区|(?<!城)市|县)$")
# A place named only by its ending ("园区", "城区", "高新区") names nobody in particular.
_GENERIC_PLACE = re.compile(rf"^(?:{ZONE_ENDINGS}|[城市县]区|自治区|全区|本区|该区|各区)$")
# The verbs and function words that may follow a name ("港口区新增…", "港口区的…"): a name ends before them.
_VERB_AFTER_NAME = re.compile(
    r"^(?:完成|新增|新建|新培育|新认定|培育|力争|争取|确保|达到|实现|推荐|申报|建设|建成|引进|选派|认定|组建|转化|增长|提高|"
    r"承办|举办|开展|组织|配备|为|的|要|应|需|各(?!族)|均|不|约|比|较|基础数|基数|基期|\d{4}年|全年|年度|今年|分别|入库|"
    r"每(?:一个|个|所|家|座|条)?)"
)
# Words a short name may be followed by at the start of a member ("北流新增", "北流基础数"); "资源共享" is a word.
_AFTER_NAME = re.compile(
    r"^(?:完成|新增|新建|新培育|新认定|培育|力争|争取|确保|达到|实现|推荐|申报|建设|建成|引进|选派|认定|组建|转化|增长|提高|"
    r"为|的|要|应|需|各(?!族)|均|不|约|比|较|基础数|基数|基期|\d{4}年|全年|年度|今年|分别|研发|R&D|高新|科技|规上|规模以上|财政|"
    r"技术|专利|发明|全社会|入库|星创|众创|孵化|每(?:一个|个|所|家|座|条)?)"
)


def find_name(
    registry: UnitRegistry, words: str, city: str = "", *, at: str = "end", strict: bool = True
) -> tuple[Unit | None, int, int]:
    """The unit `words` name at their end (at="end"), start (at="start") or either (at="either"), and where.

    Returns (unit, start, end) of the name inside `words`, or (None, 0, 0). The longest name wins; a short one
    (two characters: 北流, 资源) counts only where a name can stand: at the very start or after a lead word
    ("其中北流") when at the end, and followed by nothing or a verb ("北流新增") when at the start, so that
    "科技资源" and "资源共享" name no 资源县. A bracketed note ("扶绥县（含空港经济区）") is part of the name.
    With a `city`, only that city's county-level units count. In a list of names (strict=False) the list
    itself says where the names are, and a short name needs no lead word.
    """
    bare = re.sub(r"\([^()]*\)$", "", words)
    if at in ("end", "either"):
        # A tail longer than any name the registry resolves names nobody: start where one could.
        for begin in range(max(0, len(bare) - registry.longest_name), len(bare) - 1):
            unit = _city_unit(registry, bare[begin:], city)
            if unit is None:
                continue
            if strict and _short(registry, bare[begin:]) and begin and not _LEAD_BEFORE_NAME.search(bare[:begin]):
                continue
            return unit, begin, len(words)
    if at in ("start", "either"):
        # "其中港口区增长": the lead word first, then the name and the indicator's words.
        lead = _LEAD_AT_START.match(words)
        begin = lead.end() if lead else 0
        for stop in range(len(words), begin + 1, -1):
            part = words[begin:stop]
            unit = _city_unit(registry, re.sub(r"\([^()]*\)$", "", part), city)
            if unit is None:
                continue
            if strict and _short(registry, part) and stop < len(words) and not _AFTER_NAME.match(words[stop:]):
                continue
            if _longer_place(words, begin, stop):
                continue
            return unit, begin, stop
    return None, 0, 0


def _longer_place(words: str, begin: int, stop: int) -> bool:
    """Whether the name at words[begin:stop] starts a longer place's name ("凭祥综合保税区", "防城区工业园区").

    Words up to a place's ending that hold no verb make a longer name; a verb first ("港口区新增自治区级…") leaves
    the name the unit's.
    """
    rest = words[stop:]
    for end in range(1, min(len(rest), 16) + 1):
        if _VERB_AFTER_NAME.match(rest[end - 1 :]) or not re.match(NAME_CHARS, rest[end - 1]):
            return False
        if _PLACE_END.search(rest[:end]) and not _LEVEL.search(words[begin : stop + end + 1]):
            return True
    return False


def place_subject(words: str) -> str:
    """The name of a place the registry lacks that is the subject of the words ("贵港高新区新增高新技术企业" →
    贵港高新区, "确保长州区完成…" → 长州区), or "".

    The subject stands first, after lead words only (LEAD_WORDS), ends as a place does (…高新区, …园区, …县,
    …区) and is followed by the end of the words or a verb or an indicator's words; a place named by its ending
    alone (园区, 城区) or a level (县级) is none.
    """
    lead = _LEAD_AT_START.match(words)
    begin = lead.end() if lead else 0
    for stop in range(begin + 2, min(len(words), begin + 20) + 1):
        name = words[begin:stop]
        if _VERB_AFTER_NAME.match(words[stop - 1 :]):
            return ""  # a verb before any place's ending: the words are no place's name
        if not _PLACE_END.search(name) or _LEVEL.search(words[begin : stop + 1]) or _GENERIC_PLACE.match(name):
            continue
        rest = words[stop:]
        rest = rest[len(leading_office(rest)) :]  # "南宁高新区管委会新增…": the zone, written with its office
        if rest and not _AFTER_NAME.match(rest) and not rest.startswith("("):
            continue
        if _longer_place(words, begin, stop):
            continue  # "八步区高新区…": the zone of 八步区, not 八步区
        if re.match(r"(?:各|每|全[市区县]|其余|其他|其它|所有|[本该我][县区市])", name):
            return ""  # 各县, 全区, 本县: a scope or a deixis, no place's name
        zone = re.search(rf"{ZONE_ENDINGS}$", name)
        if not re.fullmatch(r"[\u4e00-\u9fff—–\-·]+", name) or (not zone and _NOT_A_NAME.search(name)):
            return ""
        return name
    return ""


def units_inside(registry: UnitRegistry, words: str, city: str) -> list[Unit]:
    """The city's units whose full name stands anywhere in the words ("组织企业赴港口区开展…" → 港口区)."""
    if not city:
        return []
    return [u for u in registry.units_of_city(city) if len(u.name) >= 3 and u.name in words]


def _city_unit(registry: UnitRegistry, name: str, city: str) -> Unit | None:
    unit = registry.resolve(name)
    if unit is None or (city and (unit.city != city or unit.is_city)):
        return None
    return unit


def _short(registry: UnitRegistry, name: str) -> bool:
    """A name that is also an everyday word: two characters and not the unit's full name (北流, not 容县)."""
    unit = registry.resolve(name)
    return len(name) <= 2 and unit is not None and unit.name != name


def name_before(plain: str, end: int) -> tuple[int, str]:
    """Where the run of name characters just before position `end` starts, and the run; "数（242家）" looks past "（".

    A year inside the words ("贷款金额比2021年增长") and a bracket between them ("（R&D）经费") belong to them.
    The run may be empty, and may be a unit's name, an indicator's words or both run together.
    """
    start = end
    while True:
        while start > 0 and re.match(NAME_CHARS, plain[start - 1]):
            start -= 1
        if start >= 4 and start < end and plain[start] == "年" and plain[start - 4 : start].isdigit():
            start -= 4
            continue
        inner = re.search(rf"\({NAME_CHARS}+\)$", plain[:start])
        if inner and start < end and inner.start() > 0 and re.match(NAME_CHARS, plain[inner.start() - 1]):
            start = inner.start()  # a bracket inside the words: 研究与试验发展（R&D）经费
            continue
        break
    if start == end and start > 0 and plain[start - 1] in "(（":
        inner = start - 1
        start = inner
        while start > 0 and re.match(NAME_CHARS, plain[start - 1]):
            start -= 1
        return start, plain[start:inner]
    return start, plain[start:end]


# Scope and lead words before an indicator's words ("全市R&D经费投入强度", "各县区新增…", "合计新增…").
_NAME_LEAD = re.compile(
    r"^(?:全市|全区|我市|市本级|各县区|(?:各|每个?)县(?:\([^()]{1,6}\)|（[^（）]{1,6}）)?|县级|其中|力争|确保|争取|努力|至少|"
    r"不少于|不低于|(?:要|需要|应当?)(?=完成|实现|确保|新增|达到)|"
    r"合计|共计|总计|每(?:一个|个|所|家|座|条)?(?:乡镇|乡|镇|街道|行政村|村|社区|园区|学校|中小学|高校|医院|企业))+"
)
# Qualifiers and verbs of reaching after an indicator's words ("技术合同成交额力争突破", "…确保完成"): no name's part.
_NAME_TAIL = re.compile(r"(?:力争|争取|确保|努力|力求|全力|要|需|应|将|预计|计划|达到|达|实现|完成|突破|超过|为|是)+$")


def indicator_name(name: str, context: str = "") -> str:
    """An indicator name out of the words before its figure: 较上年增长 → 增长率, 占…比重 gets its subject.

    `context` is the text before the figure; without it a name that starts with 占 stays as written.
    """
    subject = place_subject(name)
    if subject and subject in name:
        name = name.split(subject, 1)[1]  # "贵港高新区新增高新技术企业": the place asked about is no part of the name
        name = name[len(leading_office(name)) :]  # nor its office: "南宁高新区管委会新增…"
    bare = _NAME_TAIL.sub("", _NAME_LEAD.sub("", name))
    bare = bare if bare else _NAME_LEAD.sub("", name)
    if not bare and context:
        # "技术合同成交额：全市3亿元": 全市 names no indicator; the label before the colon does.
        label = re.search(r"([\u4e00-\u9fffA-Za-z&]+)[(（]?[^:：()（）]{0,6}[)）]?[:：][^:：]*$", context)
        bare = _NAME_LEAD.sub("", label.group(1)) if label else ""
    name = bare
    name = re.sub(r"^(?:完成|实现|确保|新增加)", "", name)
    growth = re.sub(r"(?:较上年|比上年|比\d{4}年|同比)?增长$", "", name)
    if growth != name:
        return growth + "增长率"
    if name.startswith("占") and context:
        subject = re.split(r"[,，。;；]", context)[-2] if re.search(r"[,，]", context) else ""
        subject = subject.rsplit("的", 1)[-1]
        return subject + name
    return name

"""The scope words of quota sentences — who a figure is for — as patterns the tokens match (domain.quota_tokens).

Each pattern is named by its kind: two_levels (市县两级), city_own (市本级), counted (五个县（市、区）), group (一类县
（市、区）, a group the registry does not define), per_part (每个乡镇: each part of a unit), counties, zones, rest
(其余…), total (全市) and hint (县（市、区） without 各). What each means is domain.quota_scopes'.
"""

from __future__ import annotations

_BRACKET_LEVEL = r"[(（](?:市[、,，]?区|区[、,，]?市|区|市|市区)[)）]"
# Scope words: who a figure is for. Order matters: the longer forms first.
_COUNT = r"(?:[一二两三四五六七八九十]+|\d+)"
# A named group of counties the registry does not define: 一类县（市、区）, 重点县, 边境县（市、区）.
_GROUP_WORDS = r"(?:[一二三四五六\d]+类|[一二三\d]+档|重点|边境|沿边|沿海|山区|贫困|脱贫|欠发达)"
# The parts of a unit a figure may be written for, one at a time: 每个乡镇, 每所学校, 每个园区 (rule "per_part").
_PARTS = r"(?:乡镇|乡|镇|街道|行政村|村|社区|园区|开发区|工业园区|学校|中小学|高校|医院|卫生院|站|基地|企业|合作社)"
# Scope words: who a figure is for. Order matters: the longer forms first.
SCOPE_PATTERNS = (
    ("two_levels", r"市[、,，]?县两级|市县[(（]区[)）]两级"),
    ("city_own", r"市本级"),
    # 五个县（市、区）: as many units as the count says, when the city has exactly that many.
    ("counted", rf"{_COUNT}个(?:县{_BRACKET_LEVEL}|县市区|县区|区县|县市|县(?![城域委级])|城区)"),
    ("group", rf"{_GROUP_WORDS}(?:县{_BRACKET_LEVEL}|县市区|县区|县市|县(?![城域委级])|城区)"),
    ("per_part", rf"每(?:一个|个|所|家|座|条)?{_PARTS}"),
    ("counties", rf"(?:各|每个|每一个|每|所有|全部)县{_BRACKET_LEVEL}级?|各县[、,，]市[、,，]区"
                 rf"|各(?:县市区|县区|区县|县市)|各县(?![城域委])|每个?县(?:区)?"
                 rf"|县级(?=财政|政府|层面|单位|不|均|各|为|达|新增|培育|完成|实现|力争|争取|确保|要|应|须|[:：])|县{_BRACKET_LEVEL}级"),
    ("zones", r"各(?:开发园区|园区|开发区|工业园区|产业园区|高新区)"),
    ("rest", rf"(?:其余|其他|其它|剩余|余下)的?(?:各县{_BRACKET_LEVEL}|县{_BRACKET_LEVEL}|各?(?:县市区|县区|区县|县市"
             r"|开发园区|园区|开发区|单位|县|区)(?![域城级])|各)"),
    ("total", r"全市|全区"),
    # A county scope without 各: whether the figure is each unit's or their sum is not said.
    ("hint", rf"县{_BRACKET_LEVEL}|县区|区县"),
)  # fmt: skip

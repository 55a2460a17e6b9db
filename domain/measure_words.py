"""The measures written after a figure (家, 万元, %, 个百分点 …): shared by the quota grammar and typed entries.

A module of its own so that reading what a user types into the grid (domain.achievements) does not import the
grammar's tokenizer, whose patterns are compiled on import: the window's start would wait for them.
"""

# Measures as written, longest first; 百分点 is written 个百分点 in the reading.
MEASURE_WORDS = (
    "个百分点", "百分点", "万元", "亿元", "千元", "元", "人次", "家", "项", "个", "人", "名", "件", "次", "所",
    "座", "条", "篇", "台", "套", "%", "‰",
)  # fmt: skip
PERCENT_MEASURES = ("%", "‰", "个百分点")

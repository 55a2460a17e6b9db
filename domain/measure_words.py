"""The measures written after a figure (家, 万元, %, 个百分点 …): shared by the quota grammar and typed entries.

A module of its own so that reading what a user types into the grid (domain.achievements) does not import the
grammar's tokenizer, whose patterns are compiled on import: the window's start would wait for them.
"""

# Measures as written, a longer one before its prefix (人次 before 人); 百分点 is written 个百分点 in the reading.
# Officials count in any classifier: every common one is here (场, 人年, 平方米, 亩 …), and an unlisted one after
# a number at a clause's end is still a measure (quota_tokens' _ANY_MEASURE), never a reason to read a figure as
# qualitative. No "万…" measure (万人次): 万 is a multiplier, so 1.2万人次 is 12000 人次.
MEASURE_WORDS = (
    "个百分点", "百分点", "万元", "亿元", "千元", "元", "人次", "人年", "人天", "家次", "场次", "批次", "户次", "项次",
    "平方公里", "平方米", "公顷", "家", "项", "个", "人", "名", "件", "次", "所", "座", "条", "篇", "台", "套", "场",
    "期", "批", "户", "部", "册", "份", "例", "位", "种", "处", "支", "队", "门", "届", "轮", "吨", "亩", "株", "辆",
    "间", "栋", "%", "‰",
)  # fmt: skip
PERCENT_MEASURES = ("%", "‰", "个百分点")
# Measures that count whole things: a decimal under one (1.5个, 0.5家) is a slip or a share, never a target as it
# stands. Areas, weights and person-years (亩, 吨, 人年) may well be decimals.
COUNT_MEASURES = tuple(
    m for m in MEASURE_WORDS
    if m not in ("个百分点", "百分点", "万元", "亿元", "千元", "元", "人年", "人天", "平方公里", "平方米", "公顷", "吨",
                 "亩", "%", "‰")
)  # fmt: skip

"""Quota lists as cities word them, read from a real table: totals before the list, and words that are no units."""

from __future__ import annotations

from operations.import_table import preview_import
from tests.import_tables import PARTNERS, RESP, write_long_table

TEXTS = [
    ("(301)", "众创空间3家，北流1家、容县1家、陆川1家。"),
    ("(302)", "院士工作站2个，北流1个、容县1个。"),
    ("(303)", "北流2家、容县1家，争取3家，上半年1家、下半年2家，每家奖励10万元。"),
    ("(304)", "新增高新技术企业20家：北流5家、容县4家，其余11家由高新区完成。"),
    ("(305)", "北流不低于5家，容县不低于4家，中国—东盟（玉林）产业园不低于2家。"),
]


def test_totals_before_a_list_and_words_after_it_give_no_false_warning(store, tmp_path):
    subs = [(seq, text, RESP, "2022年12月31日", "市科技局", PARTNERS) for seq, text in TEXTS]
    path = write_long_table(
        tmp_path / "t.xlsx", rows=[("180", "创新创业", "培育平台", "培育平台。", "培育平台。", subs)]
    )
    preview = preview_import(store, path)
    targets = {i.name: i.target for _, i in preview.indicators}
    assert targets["众创空间"] == 3 and targets["院士工作站"] == 2
    assert preview.unresolved == ["中国—东盟（玉林）产业园"]
    assert [w for w in preview.warnings if "(301)" in w or "(302)" in w or "(303)" in w] == []
    assert [w for w in preview.warnings if "(304)" in w] == [
        "第 7 行：任务 (304)：各单位分解数合计 9家，低于总目标 20家（新增高新技术企业20家）"
    ]

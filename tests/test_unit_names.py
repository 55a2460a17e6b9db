"""How the registry resolves what tables write: the quick refusal of most word spans changes no answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.units import UnitRegistry
from importers.builtin import builtin_registry

REGISTRY: UnitRegistry = builtin_registry()
NAMES = sorted({n for u in REGISTRY for n in (u.name, *u.aliases)})
OFFICES = ["科技局", "人民政府", "管委会", "工业和信息化局", "发展和改革委员会", "科技主管部门", "办公室", "布局"]
WORDS = ["新增", "高新技术企业", "不低于", "18家", "其中", "的", "区", "县", "市", "委", "局", "（含空港经济区）"]


def slow_resolve(text: str):
    """resolve as it was before the quick refusal: every text tried for a unit followed by an office."""
    return REGISTRY._resolve(text.strip(), quick=False)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NAMES + OFFICES + WORDS), min_size=1, max_size=6))
def test_resolve_answers_as_trying_every_office_would(parts):
    text = "".join(parts)
    assert REGISTRY.resolve(text) == slow_resolve(text)


def test_a_unit_with_the_longest_office_is_still_found():
    assert REGISTRY.resolve("容县工业和信息化局") is not None
    assert REGISTRY.resolve("北流市人民政府").name == "北流市"
    assert REGISTRY.resolve("北流市" + "科" * 12 + "局").name == "北流市"
    assert REGISTRY.resolve("北流市" + "科" * 13 + "局") is None  # an office is 15 characters at most


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAMES + OFFICES + WORDS), min_size=1, max_size=10))
def test_no_text_longer_than_longest_name_resolves(parts):
    # find_name starts its search where a tail can still be this short: the bound must hold for every text.
    text = "".join(parts)
    if len(text.strip()) > REGISTRY.longest_name:
        assert slow_resolve(text) is None


def test_a_name_at_the_end_of_a_long_sentence_is_found():
    from domain.quota_names import find_name

    words = "各县（市、区）要围绕高新技术企业培育和科技型中小企业入库开展工作其中" * 3 + "容县科技局"
    unit, start, end = find_name(REGISTRY, words, "玉林市")
    assert unit is not None and unit.name == "容县" and words[start:end] == "容县科技局"


def test_a_unit_after_its_own_citys_name_is_that_unit():
    assert REGISTRY.resolve("防城港市防城区").name == "防城区"
    assert REGISTRY.resolve("防城港市东兴市科技局").name == "东兴市"
    assert REGISTRY.resolve("南宁市防城区") is None  # another city's name before it: asked, never guessed

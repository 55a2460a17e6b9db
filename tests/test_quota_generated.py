"""Generated sentences in the blind tester's forms, for any city: every figure is stored right or asked.

The forms of issue 11's blind test, generalised: ranges, approximations, vague and relative figures beside
certain ones (and a 其余 scope after them), a unit named after 其中 inside a county scope, county scopes of
every wording over the cities' kinds of unit, 分别 with a verb, and sentences of two indicators (one unit's two
figures, or two 分别 lists of the same units). The truth is written by the generator, by hand-written rules
(which kinds each scope names), never by the code under test. Asserted over every reading of read_indicators:
no stored figure differs from the truth, a figure the truth asks about is never stored, and every certain figure
is stored or asked — none dropped.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.quota_text import read_indicators
from importers.builtin import builtin_registry

REGISTRY = builtin_registry()
CITIES = [c.name for c in REGISTRY.cities()]
ASK = "ask"
ALL = {"county", "county_city", "district"}
SCOPES = {
    "各县（市、区）": ALL, "各县(市、区)": ALL, "各县区": ALL, "每个县（市、区）": ALL, "各县、市、区": ALL,
    "各县（区）": {"county", "district"}, "每个县（区）": {"county", "district"},
    "各县（市）": {"county", "county_city"}, "各县": {"county"},
}  # fmt: skip
# Indicators no two of which are one (their words differ), with the measure each is written in.
INDICATORS = [
    ("新增高新技术企业", "家"), ("科技型中小企业入库", "家"), ("技术合同成交额", "万元"), ("R&D经费投入强度", "%"),
    ("研发经费增长", "%"), ("选派科技特派员", "人次"), ("新建星创天地", "个"),
]  # fmt: skip
CN_DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else CN_DIGITS[tens] + "十") + (CN_DIGITS[ones] if ones else "")


class Writer:
    """One generated text: its words and the truth, one {unit: value or ASK} per indicator, in order."""

    def __init__(self, rnd: random.Random, city: str) -> None:
        self.rnd, self.city = rnd, city
        self.counties = [u for u in REGISTRY.units_of_city(city) if not u.is_zone]
        self.truth: list[dict[str, float | str]] = []

    def name(self, unit) -> str:
        return self.rnd.choice([n for n in (unit.name, *unit.aliases) if REGISTRY.resolve(n) is unit])

    def value(self, measure: str) -> float:
        if measure == "%":
            return self.rnd.choice((1.2, 1.5, 2.0, 10.0, 15.0, 20.0))
        return float(self.rnd.choice((300, 800, 1500, 2000, 5000))) if measure == "万元" else self.rnd.randint(1, 60)

    def number(self, value: float) -> str:
        style = self.rnd.choice(("arabic", "arabic", "full", "chinese"))
        if style == "chinese" and value == int(value) and 0 < value < 100:
            return chinese(int(value))
        return f"{value:g}".translate(FULL_WIDTH) if style == "full" else f"{value:g}"

    def certain(self, value: float, measure: str) -> str:
        qualifier = self.rnd.choice(("", "", "不低于", "力争", "达到"))
        after = self.rnd.choice(("", "以上", *(("左右",) if measure == "%" else ())))
        return f"{qualifier}{self.number(value)}{measure}{after}"

    def doubtful(self, measure: str, others: list) -> str:
        """A figure that is no certain target: a range, an approximation, a vague count or a relative figure."""
        low = self.rnd.randint(1, 5)
        forms = [f"{low}-{low + 2}{measure}", f"{low}至{low + 3}{measure}", f"{low}～{low + 1}{measure}",
                 f"约{low * 10}{measure}", f"大约{low}{measure}"]  # fmt: skip
        if measure != "%":
            forms += [f"{low}{measure}左右", f"十几{measure}", f"数{measure}", f"{low * 10}余{measure}"]
        if others:
            forms.append(f"比{self.name(self.rnd.choice(others))}少{low}{measure}")
        return self.rnd.choice(forms)


def doubts(rnd: random.Random, w: Writer) -> str:
    """A total, certain units, units in doubt, and sometimes 其余各县（市、区）各N after them."""
    words, measure = rnd.choice(INDICATORS)
    units = rnd.sample(w.counties, min(len(w.counties), rnd.randint(2, 4)))
    truth: dict[str, float | str] = {}
    parts = []
    for index, unit in enumerate(units):
        if index and rnd.random() < 0.5:
            parts.append(f"{w.name(unit)}{w.doubtful(measure, units[:index])}")
            truth[unit.name] = ASK
        else:
            value = w.value(measure)
            parts.append(f"{w.name(unit)}{w.certain(value, measure)}")
            truth[unit.name] = value
    text = f"{words}{w.number(w.value(measure) * 10)}{measure}，其中" + rnd.choice(("，", "、")).join(parts)
    left = [u for u in w.counties if u.name not in truth]
    if left and rnd.random() < 0.5:
        value = w.value(measure)
        truth.update({u.name: value for u in left})
        text += f"，其余各县（市、区）各{w.certain(value, measure)}"
    w.truth.append(truth)
    return text


def override(rnd: random.Random, w: Writer) -> str:
    """A county scope's figure, and a unit after 其中 with a verb before its own figure: the unit's wins."""
    words, measure = rnd.choice(INDICATORS)
    scope = rnd.choice(list(SCOPES))
    value, own = w.value(measure), w.value(measure)
    unit = rnd.choice(w.counties)
    truth: dict[str, float | str] = {u.name: value for u in w.counties if u.kind in SCOPES[scope]}
    truth.update({u.name: ASK for u in w.counties if u.kind not in SCOPES[scope]})
    truth[unit.name] = own
    verbs = ("达到", "为") if "强度" in words else ("增长", "达到") if measure == "%" else ("新增", "完成", "力争", "")
    verb = rnd.choice(verbs)
    w.truth.append(truth)
    return f"{scope}{words}{w.certain(value, measure)}，其中{w.name(unit)}{verb}{w.certain(own, measure)}"


def respectively(rnd: random.Random, w: Writer) -> str:
    """分别 with a verb or the indicator's words between it and the figures."""
    words, measure = rnd.choice([i for i in INDICATORS if i[1] != "%"])
    units = rnd.sample(w.counties, min(len(w.counties), rnd.randint(2, 4)))
    values = [w.value(measure) for _ in units]
    w.truth.append({u.name: v for u, v in zip(units, values, strict=True)})
    verb = rnd.choice(("转化", "新增", "培育", "完成", words, f"{words}为"))
    joined = "、".join(f"{w.number(v)}{measure}" for v in values)
    if len(values) == 2 and rnd.random() < 0.5:
        joined = f"{w.number(values[0])}{measure}和{w.number(values[1])}{measure}"
    return f"{'、'.join(w.name(u) for u in units)}分别{verb}{joined}"


def two_indicators(rnd: random.Random, w: Writer) -> str:
    """One unit's figures of two indicators, or two 分别 lists of the same units."""
    (first, m1), (second, m2) = rnd.sample(INDICATORS, 2)
    if rnd.random() < 0.5:
        unit = rnd.choice(w.counties)
        a, b = w.value(m1), w.value(m2)
        w.truth += [{unit.name: a}, {unit.name: b}]
        return f"{w.name(unit)}{first}{w.certain(a, m1)}、{second}{w.certain(b, m2)}"
    units = rnd.sample(w.counties, 2)
    a, b = [w.value(m1) for _ in units], [w.value(m2) for _ in units]
    w.truth += [{u.name: v for u, v in zip(units, a, strict=True)}, {u.name: v for u, v in zip(units, b, strict=True)}]
    names = "、".join(w.name(u) for u in units)
    return (f"{names}{first}分别为{w.number(a[0])}{m1}、{w.number(a[1])}{m1}，"
            f"{second}分别为{w.number(b[0])}{m2}、{w.number(b[1])}{m2}")  # fmt: skip


FORMS = (doubts, override, respectively, two_indicators)


def text_and_truth(seed: int) -> tuple[str, str, list[dict[str, float | str]]]:
    rnd = random.Random(seed)
    city = rnd.choice(CITIES)
    writer = Writer(rnd, city)
    text = rnd.choice(FORMS)(rnd, writer)
    return city, text, writer.truth


def judge(seed: int) -> tuple[int, int, list[str]]:
    """(figures stored right, expected certain figures, problems) for one generated text."""
    city, text, truth = text_and_truth(seed)
    readings = read_indicators(text, REGISTRY, city=city)
    problems = [] if len(readings) == len(truth) else [f"{len(readings)} readings for {len(truth)} in {text!r}"]
    right = 0
    for reading, wanted in zip(readings, truth, strict=False):
        asked = {p.unit or p.name for p in reading.pending}
        for quota in reading.quotas:
            expected = wanted.get(quota.unit)
            if expected == ASK or expected is None or quota.target is None or abs(quota.target - expected) > 1e-6:
                problems.append(f"{quota.unit} stored {quota.target}, truth {expected} in {text!r}")
            else:
                right += 1
        stored = {q.unit for q in reading.quotas}
        for unit, expected in wanted.items():
            if unit not in stored and unit not in asked:
                problems.append(f"{unit} ({expected}) neither stored nor asked in {text!r}")
    certain = sum(1 for wanted in truth for v in wanted.values() if v != ASK)
    return right, certain, problems


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_a_generated_sentence_stores_the_truth_or_asks_never_another_figure(seed):
    _, _, problems = judge(seed)
    assert problems == []


def test_over_500_generated_sentences_nothing_is_wrong_and_almost_every_certain_figure_is_stored():
    right = certain = 0
    for seed in range(500):
        r, c, problems = judge(seed)
        assert problems == [], problems
        right, certain = right + r, certain + c
    assert right / certain >= 0.95, f"recall {right / certain:.3f}"

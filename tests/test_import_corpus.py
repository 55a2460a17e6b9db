"""The corpus of other cities' tables (tests/corpus): what is stored is right, and nearly all of it is stored.

And a property: a matrix of any registered units, with figures typed as numbers, as text with their
qualifiers, or as fractions under a % format, is read back exactly; a doubtful cell is asked, never stored.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from tests.corpus.make_corpus import TABLES
from tests.corpus.score import FILES, TRUTH, score_corpus

REGISTRY = builtin_registry()


def test_every_table_has_its_truth_and_the_corpus_covers_every_shape():
    truths = sorted(p.stem for p in TRUTH.glob("*.json"))
    assert truths == sorted(Path(name).stem for name in TABLES) and len(truths) >= 12
    assert any(name.endswith(".xls") for name in TABLES)
    shapes = {shape for name in TABLES for shape in read_breakdown_table(FILES / name, REGISTRY).shape.split("、")}
    assert shapes == {"任务清单", "指标×单位矩阵", "单位×指标矩阵"}


def test_stored_figures_are_all_right_and_nearly_all_are_stored():
    total, tables = score_corpus()
    assert total.wrong == [] and total.precision == 1.0, total.wrong
    assert total.recall >= 0.95, total.missed
    assert total.not_asked == [] and total.asked == total.doubts > 0
    assert total.stored > 350 and len(tables) >= 12


_UNITS = [u.name for u in REGISTRY.units_of_city("柳州市")]
_CELL = st.one_of(
    st.tuples(st.just("number"), st.integers(1, 500)),
    st.tuples(st.just("text"), st.integers(1, 500)),
    st.tuples(st.just("qualified"), st.integers(1, 500)),
    st.tuples(st.just("chinese"), st.integers(1, 99)),
    st.tuples(st.just("doubt"), st.integers(1, 500)),
    st.tuples(st.just("empty"), st.just(0)),
)
_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN[tens] + "十")
    return head + (_CN[ones] if ones or not head else "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    units=st.lists(st.sampled_from(_UNITS), min_size=2, max_size=6, unique=True),
    rows=st.lists(st.tuples(st.booleans(), st.lists(_CELL, min_size=6, max_size=6)), min_size=1, max_size=4),
)
def test_any_matrix_is_read_back_exactly_or_asked(tmp_path_factory, units, rows):
    path = tmp_path_factory.mktemp("m") / "矩阵.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["2023年柳州市科技创新指标任务分解表"])
    ws.append(["序号", "指标名称", "计量单位", "全市目标", *units])
    expected, doubts = {}, set()
    for number, (percent, cells) in enumerate(rows, start=1):
        measure = "%" if percent else "家"
        ws.append([number, f"指标{number}{'增长率' if percent else '数'}", measure, None])
        for column, (unit, (kind, value)) in enumerate(zip(units, cells, strict=False), start=5):
            cell = ws.cell(ws.max_row, column)
            if kind == "number" and percent:
                cell.value, cell.number_format = value / 100, "0%"
            elif kind == "number":
                cell.value = value
            elif kind == "text":
                cell.value = f"{value}{measure}"
            elif kind == "qualified":
                cell.value = f"不低于{value}{measure}" if not percent else f"增长{value}%以上"
            elif kind == "chinese":
                cell.value = _chinese(value) + ("" if percent else "家")
            elif kind == "doubt":
                cell.value = f"约{value}{measure}" if not percent else value / 1000
            if kind == "doubt":
                doubts.add((str(number), unit))
            elif kind != "empty":
                expected[(str(number), unit)] = float(value)
    wb.save(path)
    preview = read_breakdown_table(path, REGISTRY)
    assert {(q.seq, q.unit): q.target for q in preview.quotas} == expected
    assert {(p.seq, p.unit) for p in preview.pending} == doubts
    assert preview.errors == []

"""Notes under a table that redefine a measure or a scope, and quotas whose sum says their measure is not the
indicator's: applied where certain, asked otherwise, and always shown beside the review."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from domain.plans import Indicator, IndicatorKind, Quota
from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from importers.table_checks import measure_mismatch
from importers.table_notes import measure_notes, scope_notes

REGISTRY = builtin_registry()
UNITS = ["万秀区", "长洲区", "龙圩区", "苍梧县", "藤县", "蒙山县", "岑溪市"]


def quotas(preview) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    return {(q.seq, q.unit): (q.target, q.baseline) for q in preview.quotas}


def wuzhou(path: Path, note: str | None) -> Path:
    """计量单位 says 亿元 for 技术合同成交额, the units' cells are 万元; a note under the table may say so."""
    wb = Workbook()
    ws = wb.active
    ws.append(["梧州市2022年科技创新考核指标分解表"])
    ws.append(["序号", "指标名称", "计量单位", "全市目标", *UNITS])
    ws.append([1, "高新技术企业保有量", "家", 300, 80, 70, 35, 30, 40, 15, 30])
    ws.append([2, "技术合同成交额", "亿元", 12, 30000, 25000, 8000, 6000, 20000, 3000, 28000])
    if note:
        ws.append([note])
    wb.save(path)
    return path


def test_a_note_giving_the_units_measure_is_applied(tmp_path: Path):
    note = "注：1.各县（市、区）技术合同成交额单位为万元。2.“/”表示不作考核。"
    preview = read_breakdown_table(wuzhou(tmp_path / "t.xlsx", note), REGISTRY)
    assert quotas(preview)[("2", "万秀区")] == (3, None) and quotas(preview)[("2", "岑溪市")] == (2.8, None)
    assert preview.pending == [] and preview.table_notes == [note]
    assert "“技术合同成交额”：按表下注释“各县（市、区）技术合同成交额单位为万元”，各单位的数以万元读取，换算为亿元" in (
        preview.notes
    )


def test_without_the_note_figures_a_measure_off_are_asked_never_stored(tmp_path: Path):
    preview = read_breakdown_table(wuzhou(tmp_path / "t.xlsx", None), REGISTRY)
    assert not [q for q in preview.quotas if q.seq == "2"]
    asked = [(p.unit, p.value) for p in preview.pending]
    assert asked == [("万秀区", 30000), ("长洲区", 25000), ("龙圩区", 8000), ("苍梧县", 6000), ("藤县", 20000),
                     ("蒙山县", 3000), ("岑溪市", 28000)]  # fmt: skip
    reason = "各单位分解数相加为 120000亿元，是全市目标 12亿元 的 1 万倍：很可能各单位的数用的是另一个计量单位（如万元与亿元）"
    assert preview.pending[0].reason.startswith(reason)
    assert quotas(preview)[("1", "万秀区")] == (80, None)  # the other indicator is read as it was


def test_a_measure_line_under_the_table(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["梧州市2022年科技经费分解表"])
    ws.append(["序号", "指标名称", "全市目标", "万秀区", "长洲区"])
    ws.append([1, "财政科技支出", 3000, 1800, 1200])
    ws.append(["注：单位：万元"])
    wb.save(tmp_path / "t.xlsx")
    preview = read_breakdown_table(tmp_path / "t.xlsx", REGISTRY)
    assert [(i.measure, i.target) for _, i in preview.indicators] == [("万元", 3000)]


def test_a_note_that_widens_a_scope_gives_the_unit_the_scopes_figure(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["南宁市2023年科技工作要点任务分解表"])
    ws.append(["序号", "工作要点", "目标任务", "责任单位"])
    ws.append([1, "科技型中小企业", "新增科技型中小企业30家，青秀区、西乡塘区各5家，其余各县（区）各2家。", "市科技局"])
    ws.append(["注：“各县（区）”含横州市。"])
    wb.save(tmp_path / "t.xlsx")
    preview = read_breakdown_table(tmp_path / "t.xlsx", REGISTRY)
    assert quotas(preview)[("1", "横州市")] == (2, None)
    assert not any(p.unit == "横州市" for p in preview.pending)
    assert any("按表下注释““各县（区）”含横州市”" in n for n in preview.notes), preview.notes


def test_notes_are_cut_into_what_they_define():
    [found] = measure_notes(["注：1.各县（市、区）技术合同成交额单位为万元。2.其余不变。"])
    assert (found.scope, found.what, found.measure) == ("各县（市、区）", "技术合同成交额", "万元")
    assert scope_notes(["注：“各县（区）”含横州市、宾阳县。"]) == [("“各县（区）”含横州市、宾阳县", "各县（区）", ["横州市", "宾阳县"])]


def _indicator(target: float, values: list[float], measure: str = "万元") -> Indicator:
    quotas = [Quota(f"单位{n}", v) for n, v in enumerate(values)]
    return Indicator("技术合同成交额", measure, IndicatorKind.INCREMENT, target=target, quotas=quotas)


@pytest.mark.parametrize("factor", [1e3, 1e4, 1e8])
def test_a_sum_a_measures_factor_off_is_a_mismatch(factor: float):
    assert measure_mismatch(_indicator(12, [3 * factor, 4 * factor, 5 * factor]), 7)
    assert measure_mismatch(_indicator(12 * factor, [3, 4, 5]), 7)


@given(st.lists(st.floats(0.1, 1000), min_size=1, max_size=12), st.floats(0.5, 1.5))
def test_quotas_near_their_target_are_never_a_mismatch(values: list[float], spread: float):
    assert measure_mismatch(_indicator(sum(values) * spread, values), 12) == ""


def test_a_few_units_named_in_a_sentence_may_add_up_to_little_of_the_target():
    assert measure_mismatch(_indicator(680, [45]), 17) == ""  # 全市680家，其中秀峰区45家
    assert measure_mismatch(_indicator(680, [2] * 17), 17) != ""  # every unit, a twentieth of the target

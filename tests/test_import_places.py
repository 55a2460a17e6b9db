"""Places in a table and the figures column, at their edges and as properties: any registered unit (with a
bracketed note) is a unit, the city's own name is the city, 合计 / 小计 rows are checks, a name written as a
zone is an unregistered zone; a text names units with figures only when it holds a figure that is no date;
and a unit × indicator table of any registered units under one to three header rows reads back exactly."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from importers.breakdown import read_breakdown_table
from importers.builtin import builtin_registry
from importers.table_content import names_units_with_figures
from importers.table_places import Place, looks_like_place, place_of, unknown_name_reason
from importers.table_unit_rows import indicator_of

REGISTRY = builtin_registry()
COUNTY_UNITS = [u for u in REGISTRY if not u.is_city]
CITIES = [u.name for u in REGISTRY.cities()]


@given(unit=st.sampled_from(COUNTY_UNITS), note=st.sampled_from(["", "（含工业园）", "(不含高新区)"]))
def test_every_registered_unit_is_a_unit_with_or_without_a_note(unit, note):
    for written in {unit.name, unit.short_name}:
        assert place_of(written + note, REGISTRY) == (Place.UNIT, unit)


@pytest.mark.parametrize(
    ("written", "place"),
    [("全市", Place.CITY), ("贺州市", Place.CITY), ("合计", Place.SUM), ("城区小计", Place.SUM),
     ("县（市）合计", Place.SUM), ("市本级", Place.OWN), ("平桂管理区", Place.UNKNOWN), ("旺高工业区", Place.UNKNOWN),
     ("凭祥综合保税区", Place.UNKNOWN), ("一、城区", None), ("高新技术企业", None), ("注：数据截至2023年底", None),
     ("各县（市、区）", None), ("", None)],
)  # fmt: skip
def test_what_a_row_label_names(written, place):
    assert place_of(written, REGISTRY)[0] is place


@given(prefix=st.text(alphabet="东西南北中新金龙凤华", min_size=2, max_size=5),
       ending=st.sampled_from(["高新区", "开发区", "经开区", "工业园区", "产业园", "片区", "保税区"]))  # fmt: skip
def test_a_name_written_as_a_zone_is_an_unregistered_zone(prefix, ending):
    name = prefix + ending
    assert looks_like_place(name)
    if REGISTRY.resolve(name) is None:
        reason = unknown_name_reason(name, REGISTRY, "贺州市")
        assert reason == f"“{name}”是未登记的开发区（园区）：可映射到已登记单位或新增为本市开发区"


@given(unit=st.sampled_from(COUNTY_UNITS), city=st.sampled_from(CITIES))
def test_another_citys_unit_says_whose_it_is(unit, city):
    reason = unknown_name_reason(unit.name, REGISTRY, city)
    if unit.city != city:
        assert reason.startswith(f"{unit.name}属于{unit.city}，不是{city}的单位")


@given(unit=st.sampled_from(COUNTY_UNITS), value=st.integers(1, 9999), measure=st.sampled_from(["家", "项", "%", "万元"]))
def test_a_unit_with_a_figure_is_a_figures_cell_and_a_date_is_not(unit, value, measure):
    assert names_units_with_figures(f"其中{unit.short_name}{value}{measure}", REGISTRY)
    assert not names_units_with_figures(f"{unit.name}人民政府，2024年12月31日前", REGISTRY)
    assert not names_units_with_figures(f"新增高新技术企业{value}{measure}", REGISTRY)


@pytest.mark.parametrize(
    ("parts", "name"),
    [(["高新技术企业", "保有量(家)", "基数"], "高新技术企业保有量(家)"), (["高新技术企业", "保有量(家)", "目标"], "高新技术企业保有量(家)"),
     (["高新技术企业", "新增(家)"], "高新技术企业新增(家)"), (["高新技术企业", "保有量基数"], "高新技术企业保有量"),
     (["研发经费", "2023年基数(万元)"], "研发经费"), (["研发经费", "2024年增长目标"], "研发经费"),
     (["科技型中小企业(家)", "目标任务"], "科技型中小企业(家)"), (["2024年目标"], "")],
)  # fmt: skip
def test_an_indicator_is_named_by_its_header_path_without_the_sub_heading(parts, name):
    assert indicator_of(parts) == name


_NAME_HEADERS = ["单位", "县（市、区）", "地区", "县区"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    city=st.sampled_from([c for c in CITIES if len(REGISTRY.units_of_city(c)) >= 4]),
    depth=st.integers(1, 3),
    name_header=st.sampled_from(_NAME_HEADERS),
    city_row=st.sampled_from(["全市", "own", ""]),
    zone=st.booleans(),
    data=st.data(),
)
def test_units_as_rows_read_back_exactly_under_any_header(tmp_path_factory, city, depth, name_header, city_row, zone,
                                                          data):  # fmt: skip
    units = [u for u in REGISTRY.units_of_city(city) if not u.is_zone]
    chosen = data.draw(st.lists(st.sampled_from(units), min_size=2, max_size=len(units), unique=True))
    figures = {u.name: (data.draw(st.integers(1, 90)), data.draw(st.integers(1, 90))) for u in chosen}
    path = tmp_path_factory.mktemp("u") / "单位行.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append([f"{city}2024年科技创新指标分解表"])
    if depth == 1:
        ws.append(["序号", name_header, "高新技术企业保有量（家）", "科技型中小企业（家）"])
    elif depth == 2:
        ws.append(["序号", name_header, "高新技术企业（家）", None, "科技型中小企业（家）"])
        ws.append([None, None, "基数", "目标", None])
        for cells in ("A2:A3", "B2:B3", "C2:D2", "E2:E3"):
            ws.merge_cells(cells)
    else:
        ws.append(["序号", name_header, "科技企业", None, None])
        ws.append([None, None, "高新技术企业（家）", None, "科技型中小企业（家）"])
        ws.append([None, None, "基数", "目标", None])
        for cells in ("A2:A4", "B2:B4", "C2:E2", "C3:D3", "E3:E4"):
            ws.merge_cells(cells)
    total = sum(b for _, b in figures.values())
    label = {"全市": "全市", "own": city, "": None}[city_row]
    if label:
        ws.append([None, label, *([0, total] if depth > 1 else [total]), 99])
    for number, unit in enumerate(chosen, start=1):
        baseline, target = figures[unit.name]
        ws.append([number, unit.short_name if number % 2 else unit.name, *([baseline] if depth > 1 else []), target, 5])
    if zone:
        ws.append([None, "东湖片区", *([1] if depth > 1 else []), 2, 3])
    ws.append(["注：数据截至2023年底。"])
    wb.save(path)
    preview = read_breakdown_table(path, REGISTRY)
    assert preview.shape == "单位×指标矩阵" and preview.plan.city == city and preview.errors == []
    first, second = (i for _, i in preview.indicators)
    assert {q.unit: (q.baseline, q.target) for q in first.quotas} == {
        unit: ((baseline if depth > 1 else None), target) for unit, (baseline, target) in figures.items()
    }
    assert {q.unit: q.target for q in second.quotas} == {unit: 5 for unit in figures}
    assert first.target == (total if label else None)
    assert [p.name for p in preview.pending] == (["东湖片区", "东湖片区"] if zone else [])

"""The plan data a breakdown table carries reads back as the plan it was written from; a changed row is refused."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.plan_data import plan_data_rows, read_plan_data
from domain.plans import Direction, Indicator, IndicatorKind, Quota, Task

UNITS = ["万秀区", "长洲区", "藤县"]
figures = st.one_of(st.none(), st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda v: round(v, 4)))
indicators = st.builds(
    Indicator,
    name=st.text(alphabet="高新技术企业保有量研发经费投入增长率", min_size=1, max_size=12),
    measure=st.sampled_from(["家", "万元", "亿元", "%", "人次", ""]),
    kind=st.sampled_from(list(IndicatorKind)),
    direction=st.sampled_from(list(Direction)),
    target=figures,
    quotas=st.lists(st.builds(Quota, unit=st.sampled_from(UNITS), target=figures, baseline=figures), max_size=3,
                    unique_by=lambda q: q.unit),
)  # fmt: skip
tasks = st.lists(
    st.builds(Task, seq=st.sampled_from(["1", "2", "(237)", "表2-1"]), text=st.just("任务"),
              indicators=st.lists(indicators, min_size=1, max_size=2)),
    min_size=1, max_size=3, unique_by=lambda t: t.seq,
)  # fmt: skip


def written_and_read(rows):
    """As a spreadsheet gives the rows back: numbers as floats, empty cells as None."""
    return [[None if v == "" else float(v) if isinstance(v, int | float) else v for v in row] for row in rows]


@settings(max_examples=150, deadline=None)
@given(tasks)
def test_the_data_reads_back_as_the_plan(plan_tasks):
    found = read_plan_data(written_and_read(plan_data_rows(plan_tasks)))
    assert found is not None
    for task in plan_tasks:
        words, got = found[task.seq]
        assert words == task.text
        assert [(i.name, i.measure, i.kind, i.direction, i.target) for i in got] == [
            (i.name, i.measure, i.kind, i.direction, i.target) for i in task.indicators]  # fmt: skip
        assert [[(q.unit, q.target, q.baseline) for q in i.quotas] for i in got] == [
            [(q.unit, q.target, q.baseline) for q in i.quotas] for i in task.indicators]  # fmt: skip


def test_a_units_copy_carries_its_own_quotas_only():
    task = Task("4", "研发", indicators=[Indicator("全社会研发经费投入增长", "万元", IndicatorKind.GROWTH, target=12,
                                             quotas=[Quota("万秀区", 15, 32000), Quota("藤县", 10, 9000)])])  # fmt: skip
    [growth] = read_plan_data(plan_data_rows([task], holder="万秀区"))["4"][1]
    assert (growth.name, growth.measure, growth.kind) == ("全社会研发经费投入增长", "万元", IndicatorKind.GROWTH)
    assert [(q.unit, q.target, q.baseline) for q in growth.quotas] == [("万秀区", 15, 32000)]


def test_a_changed_figure_or_an_unknown_format_is_not_taken():
    task = Task("1", "企业", indicators=[Indicator("高新技术企业保有量", "家", IndicatorKind.STOCK, target=260,
                                            quotas=[Quota("万秀区", 60)])])  # fmt: skip
    rows = plan_data_rows([task])
    changed = [list(r) for r in rows]
    changed[-1][7] = 6  # someone typed over the quota in the hidden sheet
    assert read_plan_data(changed) is None
    other = [list(r) for r in rows]
    other[0][1] = "科技指标任务台账·方案数据 99"
    assert read_plan_data(other) is None
    assert read_plan_data([]) is None

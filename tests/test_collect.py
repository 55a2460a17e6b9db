"""The city collects the counties' returns into its own store: figures, audit, all or nothing, hand edits."""

from __future__ import annotations

import pytest

from domain.plans import Indicator, IndicatorKind, Plan, Quota, Task
from domain.units import Unit, UnitRegistry
from importers.returns import read_progress_return
from operations.collect import CollectError, collect_returns, collected_return
from operations.consolidate import consolidation_rows
from storage.achievements import AchievementKey, LockedError, achievement_history, record_achievement
from storage.audit import audit_count, audit_entries
from storage.dump import dump_store
from storage.plans import load_plan, save_plan
from storage.submissions import is_locked, submissions
from storage.units import load_units
from tests.collect_support import OCTOBER, as_installation, edit_cell, make_city, make_counties


@pytest.fixture
def counties(tmp_path):
    c = make_counties(tmp_path / "counties")
    yield c
    c.store.close()


@pytest.fixture
def city(tmp_path):
    store = make_city(tmp_path / "city")
    yield store
    store.close()


def figure(store, plan_id, unit, seq):
    [record] = [a for a in achievement_history(store, plan_id, unit)[(seq, _name(store, plan_id, seq))]
                if a.period == OCTOBER]  # fmt: skip
    return record


def _name(store, plan_id, seq):
    return load_plan(store, plan_id).task(seq).indicators[0].name


def test_returns_become_the_units_figures_in_the_city_store(counties, city):
    report = collect_returns(city, list(counties.returns.values()), "赵明")
    assert [f.unit for f in report.stored] == ["北流市", "容县", "玉州区", "兴业县"]
    plan_id = report.files[0].plan_id
    beiliu = figure(city, plan_id, "北流市", "237")
    assert (beiliu.actual, beiliu.progress) == (12, "北流市第237项进展")
    assert figure(city, plan_id, "北流市", "239").status.value == "推进中"
    assert figure(city, plan_id, "北流市", "251").actual == 0.8
    assert figure(city, plan_id, "容县", "252").actual == 3000
    assert figure(city, plan_id, "兴业县", "238").actual == 12
    # Submitted returns lock the unit's period at the city too; the draft does not.
    assert is_locked(city, plan_id, "北流市", OCTOBER) and not is_locked(city, plan_id, "玉州区", OCTOBER)
    with pytest.raises(LockedError):
        record_achievement(city, AchievementKey(plan_id, "237", "", "北流市", OCTOBER), {"actual": 20}, "赵明")
    [draft] = [f for f in report.files if f.unit == "玉州区"]
    assert not draft.final and any("草稿" in n for n in draft.notes)
    assert "已收取 4 份报表（共 4 个文件）" in report.message
    assert "北流市 2022年10月（报送，校验一致）：更新" in report.message


def test_the_audit_says_who_collected_which_file_and_every_figure(counties, city):
    collect_returns(city, [counties.returns["北流市"]], "赵明")
    entries = audit_entries(city, "方案")
    collected = [e for e in entries if e.action == "收取报表"]
    assert [(e.who, e.subject, e.new) for e in collected] == [
        ("赵明", "方案1/北流市/2022-10", "北流市_2022年10月.xlsx（报送，校验一致）")
    ]
    figures = {(e.subject, e.field): e.new for e in entries if e.action == "填报"}
    assert figures[("方案1/(237)/高新技术企业保有量/北流市/2022-10", "actual")] == "12"
    assert all(e.who == "赵明" for e in entries if e.action in ("填报", "报送"))


def test_one_bad_file_stores_nothing_and_is_named(counties, city, tmp_path):
    not_a_return = tmp_path / "通知.xlsx"
    not_a_return.write_text("这不是报表", encoding="utf-8")
    before, audits = dump_store(city), audit_count(city)
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [counties.returns["北流市"], not_a_return, counties.returns["容县"]], "赵明")
    assert caught.value.errors == [
        "文件 通知.xlsx 不是有效的 Excel 表格，无法收取；完成情况表须为本程序导出的 .xlsx 文件"
    ]
    assert str(caught.value).startswith("未收取任何报表")
    assert dump_store(city) == before and audit_count(city) == audits and submissions(city) == []


def test_a_return_of_a_plan_the_city_lacks_is_refused(counties, city):
    task = Task(seq="1", text="新增孵化器", indicators=[Indicator("孵化器数", "家", IndicatorKind.INCREMENT, target=2,
                                                             quotas=[Quota("北流市", 2)])])  # fmt: skip
    other = Plan(title="2022年北流市孵化器建设方案", year=2022, key="beiliu-incubators", city="玉林市", tasks=[task])
    save_plan(counties.store, other, "测试")
    record_achievement(counties.store, AchievementKey(other.id, "1", "", "北流市", OCTOBER), {"actual": 1}, "测试")
    path = counties.folder / "孵化器.xlsx"
    from operations.export_return import export_progress

    as_installation(counties.store, "北流市")
    export_progress(counties.store, other.id, "北流市", OCTOBER, path, final=True, who="测试")
    before = dump_store(city)
    with pytest.raises(CollectError, match="孵化器.xlsx.*《2022年北流市孵化器建设方案》.*本库中没有该方案"):
        collect_returns(city, [counties.returns["容县"], path], "赵明")
    assert dump_store(city) == before


def test_a_unit_the_city_does_not_know_or_of_another_city_is_refused(counties, city):
    # A new zone registered on the county's PC but not (yet) in the city's registry.
    load_units(counties.store, UnitRegistry([Unit("玉林高新区", "玉林市", "zone")]))
    record_achievement(counties.store, AchievementKey(counties.plan_id, "238", "", "玉林高新区", OCTOBER),
                       {"actual": 3}, "测试")  # fmt: skip
    new_zone = counties.export("玉林高新区")
    # 右江区 (百色市) is asked by 各县 wording but is not one of 玉林市's units. Its PC holds a copy of the plan
    # that names no city (imported from a table without one), so it could record and export a return.
    with counties.store.transaction() as conn:
        conn.execute("UPDATE plans SET city = '' WHERE id = ?", (counties.plan_id,))
    counties.record("右江区", {"240": 1})
    stranger = counties.export("右江区")
    before, audits = dump_store(city), audit_count(city)
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [counties.returns["北流市"], new_zone, stranger], "赵明")
    errors = caught.value.errors
    assert any("玉林高新区" in e and "不在单位登记表中" in e for e in errors)
    assert any("右江区" in e and "属于百色市" in e and "不是玉林市所属的县级单位" in e for e in errors)
    assert dump_store(city) == before and audit_count(city) == audits


def test_a_figure_changed_by_hand_is_collected_with_the_change_named(counties, city, tmp_path):
    edited = tmp_path / "北流市_改.xlsx"
    row = edit_cell(counties.returns["北流市"], edited, "237", "完成值", 18)
    assert not read_progress_return(edited).intact
    report = collect_returns(city, [edited], "赵明")
    [item] = report.files
    assert item.stored and item.check == "手工改动 1 处"
    expected = f"第 {row} 行（序号 1，(237) 高新技术企业保有量）的完成值：导出时为“12家”，现为“18家”"
    assert item.changed == [expected] and f"手工改动：{expected}" in item.warnings
    assert f"警告：手工改动：{expected}" in report.message
    assert figure(city, item.plan_id, "北流市", "237").actual == 18  # what the stamped paper copy says
    record = collected_return(city, item.plan_id, "北流市", OCTOBER)
    assert record.changed == 1 and record.changes == (expected,) and record.name == "北流市_改.xlsx"
    assert record.final and record.collected_by == "赵明"
    assert audit_entries(city, "方案1/北流市")[0].new == "北流市_改.xlsx（报送，校验手工改动 1 处）"


def test_a_tampered_hidden_sheet_is_refused(counties, city, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(counties.returns["容县"])
    meta = wb["校验信息"]
    for row in meta.iter_rows():
        if row[0].value == "填报单位":
            row[1].value = "北流市"  # someone passes 容县's figures off as 北流市's
    forged = tmp_path / "伪.xlsx"
    wb.save(forged)
    with pytest.raises(CollectError, match="伪.xlsx.*校验信息表已被改动"):
        collect_returns(city, [forged], "赵明")


def test_a_figure_the_rules_refuse_names_file_and_row(counties, city, tmp_path):
    edited = tmp_path / "容县_改.xlsx"
    row = edit_cell(counties.returns["容县"], edited, "238", "完成值", "三十多家")
    before = dump_store(city)
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [counties.returns["北流市"], edited], "赵明")
    [error] = caught.value.errors
    assert error.startswith(f"“容县_改.xlsx”第 {row} 行（(238) 国家科技型中小企业入库数）：完成值：")
    assert dump_store(city) == before


def test_a_newer_return_overwrites_and_the_audit_shows_it(counties, city):
    first = counties.returns["北流市"]
    collect_returns(city, [first], "赵明")
    newer = counties.resubmit("北流市", {"237": 14, "238": 43}, "北流市_更正.xlsx")
    report = collect_returns(city, [newer], "赵明")
    [item] = report.files
    assert item.stored and any("覆盖先前收取的报表（北流市_2022年10月.xlsx）" in n for n in item.notes)
    assert figure(city, item.plan_id, "北流市", "237").actual == 14
    entries = audit_entries(city, "方案1/")
    actions = [(e.action, e.field, e.old, e.new) for e in entries[:6]]
    assert actions[0] == ("收取报表", "file", "北流市_2022年10月.xlsx", "北流市_更正.xlsx（报送，校验一致）")
    assert ("填报", "actual", "12", "14") in actions and ("填报", "actual", "41", "43") in actions
    assert any(e.action == "解锁" and "北流市_更正.xlsx" in e.new for e in entries)
    assert is_locked(city, item.plan_id, "北流市", OCTOBER)
    # The older file arriving late changes nothing.
    late = collect_returns(city, [first], "赵明")
    assert not late.files[0].stored and "旧，未收取" in late.files[0].notes[-1]
    assert figure(city, item.plan_id, "北流市", "237").actual == 14


def test_collecting_the_same_file_twice_changes_nothing(counties, city):
    collect_returns(city, [counties.returns["容县"]], "赵明")
    before, audits = dump_store(city), audit_count(city)
    again = collect_returns(city, [counties.returns["容县"]], "赵明")
    assert not again.files[0].stored and "未重复收取" in again.files[0].notes[-1]
    assert dump_store(city) == before and audit_count(city) == audits


def test_of_two_files_for_one_unit_in_a_batch_the_newer_is_collected(counties, city):
    newer = counties.resubmit("北流市", {"237": 16}, "北流市_新.xlsx")
    report = collect_returns(city, [newer, counties.returns["北流市"]], "赵明")
    old = report.files[1]
    assert not old.stored and "北流市_新.xlsx" in old.notes[-1]
    assert figure(city, report.files[0].plan_id, "北流市", "237").actual == 16


def test_a_dry_run_counts_everything_and_stores_nothing(counties, city):
    before, audits = dump_store(city), audit_count(city)
    report = collect_returns(city, list(counties.returns.values()), "赵明", dry_run=True)
    assert report.dry_run and len(report.stored) == 4 and report.files[0].fields_changed > 0
    assert report.message.startswith("试收取（未写入） 4 份报表")
    assert dump_store(city) == before and audit_count(city) == audits and submissions(city) == []


def test_a_target_that_differs_from_the_citys_quota_is_warned(counties, city):
    plan = load_plan(city, counties.plan_id)
    plan.task("237").indicators[0].quota_for("北流市").target = 20
    save_plan(city, plan, "市科技局")
    report = collect_returns(city, [counties.returns["北流市"]], "赵明")
    assert any("(237)" in w and "目标值（18）与本库分解指标（20）不一致" in w for w in report.files[0].warnings)


def test_progress_is_reported_and_cancel_stores_nothing(counties, city):
    from operations.collect import CollectCancelled

    seen = []
    collect_returns(city, [counties.returns["容县"]], "赵明", progress=lambda d, t, m: seen.append((d, t, m)))
    assert seen[0] == (0, 3, "正在读取 容县_2022年10月.xlsx……") and seen[-1][0] == seen[-1][1] == 3
    before = dump_store(city)
    calls = []

    def cancel_while_storing() -> bool:
        calls.append(1)
        return len(calls) > 3  # after reading both files, while recording

    with pytest.raises(CollectCancelled):
        collect_returns(city, [counties.returns["北流市"], counties.returns["兴业县"]], "赵明",
                        cancelled=cancel_while_storing)  # fmt: skip
    assert dump_store(city) == before


def test_a_damaged_hidden_sheet_is_a_named_bad_file(counties, city, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(counties.returns["兴业县"])
    meta = wb["校验信息"]
    header = next(r for r in range(1, meta.max_row + 1) if meta.cell(row=r, column=1).value == "行号")
    meta.cell(row=header + 1, column=2).value = "甲"  # a 序号 that is not a number
    damaged = tmp_path / "兴业县_坏.xlsx"
    wb.save(damaged)
    before = dump_store(city)
    with pytest.raises(CollectError, match="“兴业县_坏.xlsx”：无法读取为完成情况表"):
        collect_returns(city, [counties.returns["容县"], damaged], "赵明")
    assert dump_store(city) == before


def test_the_same_file_given_twice_is_collected_once(counties, city):
    path = counties.returns["容县"]
    report = collect_returns(city, [path, str(path)], "赵明")
    assert len(report.files) == 1 and report.files[0].stored and report.files[0].notes == []


def test_the_countys_baseline_travels_with_its_return_and_the_city_can_rate_growth(counties, city):
    # (252) is a growth rate: without the 基数 the county stated, the 汇总表 could only say 缺基数.
    key = AchievementKey(counties.plan_id, "252", "", "容县", OCTOBER)
    record_achievement(counties.store, key, {"baseline": 2500}, "容县填报员")
    path = counties.resubmit("容县", {"252": 3000}, "容县_基数.xlsx")
    assert read_progress_return(path).baselines  # carried in the very hidden 校验信息 sheet
    collect_returns(city, [path], "赵明")
    plan = load_plan(city, counties.plan_id)
    quota = plan.task("252").indicators[0].quota_for("容县")
    assert quota is not None and quota.baseline == 2500
    [line] = [ln for ln in consolidation_rows(city, counties.plan_id, OCTOBER).lines if ln.seq == "(252)"]
    rong = line.figures[consolidation_rows(city, counties.plan_id, OCTOBER).units.index("容县")]
    assert rong.baseline == 2500 and rong.rate == pytest.approx(20 / 35)  # grew 20 % of the 35 % asked
    assert any(e.action == "修改基数" and e.subject.endswith("/容县") and e.new == "2500" for e in audit_entries(city))

"""A return is what its unit sent: refused at the county for another unit, and at the city from another PC,
with another unit's names or a forged signature, unless the official confirms a change of PC (audited)."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from dataclasses import replace

import openpyxl
import pytest

from cli import main
from domain.progress import progress_rows
from domain.return_checksum import ReturnIdentity, canonical, figures_checksum, identity_digest
from exporters.progress_return import write_progress_return
from importers.returns import read_progress_return
from operations.collect import CollectError, collect_returns, collected_return
from operations.export_return import export_breakdown, export_progress
from operations.import_table import import_breakdown_table
from storage.achievements import achievement_history
from storage.audit import audit_entries
from storage.db import StoreError, open_store
from storage.dump import dump_store
from storage.plans import find_plan, load_plan
from storage.return_identity import installation_id, unit_key
from storage.settings import save_profile
from storage.units import get_unit
from tests.collect_support import (
    CITY_PROFILE,
    OCTOBER,
    as_installation,
    county_profile,
    make_city,
    make_counties,
)


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


def test_a_county_installation_exports_only_its_own_units_return(counties, tmp_path):
    as_installation(counties.store, "北流市")
    with pytest.raises(StoreError, match="本机登记为北流市，只能导出北流市的完成情况表；容县的报表须由容县"):
        export_progress(counties.store, counties.plan_id, "容县", OCTOBER, tmp_path / "容县.xlsx", final=False, who="x")
    assert not (tmp_path / "容县.xlsx").exists()
    db = str(counties.store.path)
    argv = ["export", "progress", "--db", db, "--plan", "创新创业", "--unit", "容县", "--period", "2022-10"]
    assert main([*argv, "-o", str(tmp_path / "容县.xlsx")]) == 2
    # The city's installation may export any of its units' returns (figures typed or phoned in at the city).
    save_profile(counties.store, CITY_PROFILE, "测试")
    result = export_progress(counties.store, counties.plan_id, "容县", OCTOBER, tmp_path / "市.xlsx", final=False,
                             who="赵明")  # fmt: skip
    assert read_progress_return(result.path).identity.unit == "玉林市"


def test_a_return_says_which_installation_and_unit_made_it(counties):
    reading = read_progress_return(counties.returns["北流市"])
    identity = reading.identity
    assert (identity.installation, identity.unit, identity.city) == ("pc-北流市", "北流市", "玉林市")
    assert (identity.head, identity.filler) == ("北流市负责人", "北流市填报员")
    assert reading.identity_intact and not reading.signature  # no key from the city yet


def test_the_city_refuses_a_units_return_from_another_pc_until_the_change_is_confirmed(counties, city):
    collect_returns(city, [counties.returns["北流市"]], "赵明")
    # 北流's next return comes from a new PC (a reinstalled one has a new installation id).
    counties.installations["北流市"] = "new-pc-of-beiliu"
    newer = counties.resubmit("北流市", {"237": 13}, "北流市_新电脑.xlsx")
    before = dump_store(city)
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [newer], "赵明")
    assert caught.value.to_confirm == ["北流市"] and caught.value.only_confirmable
    [error] = caught.value.errors
    assert "北流市此前的报表来自另一台电脑（安装标识 pc-北流市" in error and "new-pc-o" in error
    assert dump_store(city) == before
    report = collect_returns(city, [newer], "赵明", pc_changed=["北流"])
    [item] = report.files
    assert item.stored and any("已确认该单位更换了报送电脑" in n for n in item.notes)
    [audit] = [e for e in audit_entries(city, "北流市") if e.action == "确认更换电脑"]
    assert audit.old == "pc-北流市" and audit.new.startswith("new-pc-of-beiliu") and audit.who == "赵明"
    # From now on the new PC is 北流's: its next return needs no confirmation.
    third = counties.resubmit("北流市", {"237": 14}, "北流市_第三次.xlsx")
    assert collect_returns(city, [third], "赵明").files[0].stored


def test_one_pc_sending_another_units_return_is_refused(counties, city):
    collect_returns(city, [counties.returns["北流市"]], "赵明")
    # 北流's PC, its 本机信息 switched to 容县, sends a 容县 return: the PC is known as 北流's.
    counties.installations["容县"] = "pc-北流市"
    path = counties.export("容县", "容县_北流电脑.xlsx", final=False)
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [path], "赵明")
    assert caught.value.to_confirm == ["容县"]
    assert "本报表所来自的电脑（安装标识 pc-北流市）此前报送的是北流市的报表" in caught.value.errors[0]


def test_a_return_signed_with_another_units_names_is_refused(counties, city):
    collect_returns(city, [counties.returns["北流市"]], "赵明")
    # 容县's return from a PC whose 本机信息 still carries 北流's footer (a copied ledger, say).
    as_installation(counties.store, "容县")
    save_profile(counties.store, replace(county_profile("北流市"), unit="容县"), "测试")
    path = counties.folder / "容县_北流落款.xlsx"
    export_progress(counties.store, counties.plan_id, "容县", OCTOBER, path, final=False, who="x")
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [path], "赵明")
    assert (
        "落款（单位负责人“北流市负责人”、审核人“北流市审核人”、填报人“北流市填报员”、联系电话" in caught.value.errors[0]
    )
    assert "与北流市报表的落款相同" in caught.value.errors[0]


def retarget(source, target, unit: str, *, registration: str | None = None) -> None:
    """Relabel a return as another unit's the way a careful hand would: every checksum recomputed."""
    wb = openpyxl.load_workbook(source)
    meta = wb["校验信息"]
    meta.protection.sheet = False
    rows = {meta.cell(row=r, column=1).value: r for r in range(1, meta.max_row + 1)}
    values = {label: meta.cell(row=r, column=2).value for label, r in rows.items()}
    header = rows["行号"]
    titles = [c.value for c in meta[header]]
    figures = []
    for r in range(header + 1, meta.max_row + 1):
        line = dict(zip(titles, (c.value for c in meta[r]), strict=False))
        figures.append([canonical(line[k]) for k in ("细化任务序号", "指标", "目标值", "完成值", "完成率", "状态")])
    checksum = figures_checksum(values["方案键"], unit, values["填报期"], figures)
    meta.cell(row=rows["填报单位"], column=2).value = unit
    meta.cell(row=rows["校验码"], column=2).value = checksum
    if registration is not None:
        meta.cell(row=rows["登记单位"], column=2).value = registration
    identity = ReturnIdentity(*(str(meta.cell(row=rows[label], column=2).value or "") for label in (
        "安装标识", "登记市", "登记单位", "单位负责人", "审核人", "填报人", "联系电话")))  # fmt: skip
    digest = identity_digest(checksum, values["导出类型"] == "报送", values["导出时间"], identity)
    meta.cell(row=rows["身份校验码"], column=2).value = digest
    wb.save(target)


def test_a_return_relabelled_as_another_units_is_refused(counties, city, tmp_path):
    relabelled = tmp_path / "容县_改名.xlsx"
    retarget(counties.returns["北流市"], relabelled, "容县")
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [relabelled], "赵明")
    assert "报表由登记为“北流市”的电脑导出，却以容县的名义报送" in caught.value.errors[0]
    assert caught.value.to_confirm == []  # no change of PC explains that: it cannot be confirmed away
    # Also relabelling the registration: the PC is known as 北流's.
    collect_returns(city, [counties.returns["北流市"]], "赵明")
    both = tmp_path / "容县_改名改登记.xlsx"
    retarget(counties.returns["北流市"], both, "容县", registration="容县")
    with pytest.raises(CollectError, match="此前报送的是北流市的报表"):
        collect_returns(city, [both], "赵明")
    # An edit that leaves the identity digest stale is a changed hidden sheet.
    stale = tmp_path / "容县_未重算.xlsx"
    wb = openpyxl.load_workbook(relabelled)
    meta = wb["校验信息"]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(row=r, column=1).value == "填报人")
    meta.cell(row=row, column=2).value = "容县填报员"
    wb.save(stale)
    with pytest.raises(CollectError, match="报送电脑或落款信息已被改动"):
        collect_returns(city, [stale], "赵明")


def test_a_unit_key_from_the_citys_table_signs_the_countys_returns(counties, city, tmp_path):
    """The city exports 北流's table with its key; 北流 imports it, and its returns are known as its own."""
    table = tmp_path / "北流市_任务分工表.xlsx"
    export_breakdown(city, counties.plan_id, "北流", table, who="赵明")
    key = unit_key(city, "北流市")
    assert key is not None and [e.action for e in audit_entries(city, "北流市")] == ["生成单位密钥"]
    # The county's own PC imports it: the key is kept, and said so.
    beiliu_pc = open_store(tmp_path / "beiliu.sqlite3")
    try:
        from operations.bootstrap import ensure_builtin

        ensure_builtin(beiliu_pc)
        save_profile(beiliu_pc, county_profile("北流市"), "测试")
        changes = import_breakdown_table(beiliu_pc, table, "北流市填报员")
        assert any(line.startswith("已保存市里发给北流市的单位密钥") for line in changes.lines)
        assert unit_key(beiliu_pc, "北流市") == key
        plan_id = find_plan(beiliu_pc, "优化营商环境创新创业专项实施方案").id
        path = tmp_path / "北流市_签名.xlsx"
        export_progress(beiliu_pc, plan_id, "北流市", OCTOBER, path, final=True, who="北流市填报员")
        assert read_progress_return(path).signature
        assert installation_id(beiliu_pc) != installation_id(city)
    finally:
        beiliu_pc.close()
    report = collect_returns(city, [path], "赵明", dry_run=True)
    assert "签名有效：由北流市本单位的电脑导出" in report.files[0].notes
    # A return signed with a key that is not 北流's (or altered after signing) is refused outright.
    forged = tmp_path / "北流市_伪签.xlsx"
    wb = openpyxl.load_workbook(path)
    meta = wb["校验信息"]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(row=r, column=1).value == "签名")
    meta.cell(row=row, column=2).value = "0" * 64
    wb.save(forged)
    with pytest.raises(CollectError, match="签名无效：报表不是用市里发给北流市的单位密钥签名的"):
        collect_returns(city, [forged], "赵明")
    # An unsigned return of a unit that was given a key is collected, with a warning.
    unsigned = collect_returns(city, [counties.returns["北流市"]], "赵明", dry_run=True)
    assert any("报表未签名" in w for w in unsigned.files[0].warnings)


def test_a_table_with_another_units_key_is_not_kept(counties, city, tmp_path):
    table = tmp_path / "北流市_任务分工表.xlsx"
    export_breakdown(city, counties.plan_id, "北流", table, who="赵明")
    other = open_store(tmp_path / "rongxian.sqlite3")
    try:
        from operations.bootstrap import ensure_builtin

        ensure_builtin(other)
        save_profile(other, county_profile("容县"), "测试")
        changes = import_breakdown_table(other, table, "容县填报员")
        assert "该分工表附带的是北流市的单位密钥，本机登记为容县，未保存" in changes.lines
        assert unit_key(other, "北流市") is None and unit_key(other, "容县") is None
    finally:
        other.close()


def test_a_return_saved_again_unchanged_is_the_same_submission(counties, city, tmp_path):
    collect_returns(city, [counties.returns["容县"]], "赵明")
    resaved = tmp_path / "容县_另存.xlsx"
    openpyxl.load_workbook(counties.returns["容县"]).save(resaved)  # new bytes, same content
    assert resaved.read_bytes() != counties.returns["容县"].read_bytes()
    report = collect_returns(city, [resaved], "赵明")
    [item] = report.files
    assert not item.stored and any("已收取的报表相同，未重复收取" in n for n in item.notes)
    assert collected_return(city, item.plan_id, "容县", OCTOBER).name == "容县_2022年10月.xlsx"


def test_the_cli_names_the_flag_that_confirms_a_change_of_pc(counties, tmp_path, capsys):
    db = tmp_path / "city_cli.sqlite3"
    assert main(["collect", str(counties.returns["北流市"]), "--db", str(db), "--who", "赵明"]) == 0
    counties.installations["北流市"] = "another-pc"
    newer = counties.resubmit("北流市", {"237": 13}, "北流市_新.xlsx")
    capsys.readouterr()
    assert main(["collect", str(newer), "--db", str(db), "--who", "赵明"]) == 2
    err = capsys.readouterr().err
    assert "如确认上述单位已更换报送电脑，请加 --pc-changed 北流市 重新收取" in err and "未收取任何报表" in err
    assert main(["collect", str(newer), "--db", str(db), "--who", "赵明", "--pc-changed", "北流"]) == 0
    assert "已确认该单位更换了报送电脑" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_return_libreoffice_saved_again_is_the_same_submission(counties, city, tmp_path):
    collect_returns(city, [counties.returns["兴业县"]], "赵明")
    profile = tmp_path / f"lo_profile_{uuid.uuid4().hex[:8]}"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to",
         "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "again"), str(counties.returns["兴业县"])],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    resaved = tmp_path / "again" / counties.returns["兴业县"].name
    assert resaved.exists() and resaved.read_bytes() != counties.returns["兴业县"].read_bytes()
    [item] = collect_returns(city, [resaved], "赵明").files
    assert not item.stored and any("已收取的报表相同，未重复收取" in n for n in item.notes)


def test_a_return_of_an_older_version_is_collected_with_a_warning(counties, city, tmp_path):
    """Returns exported before returns said who made them are still collected, and the city is told."""
    plan = load_plan(counties.store, counties.plan_id)
    unit = get_unit(counties.store, "陆川县")
    counties.record("陆川县", {"237": 3})
    rows = progress_rows(plan, unit.name, unit.kind, OCTOBER,
                         achievement_history(counties.store, counties.plan_id, unit.name))  # fmt: skip
    old = tmp_path / "陆川县_旧版.xlsx"
    write_progress_return(plan, unit, OCTOBER, rows, county_profile("陆川县"), old, final=True)  # no identity
    assert read_progress_return(old).identity is None
    [item] = collect_returns(city, [old], "赵明").files
    assert item.stored and any("旧版程序导出，没有安装标识" in w for w in item.warnings)


def test_the_city_refuses_a_return_of_another_citys_plan(city, tmp_path):
    # Every ledger carries the built-in plans of 玉林 and 百色: a 百色 county's return is no return of 玉林's.
    other = open_store(tmp_path / "田阳.sqlite3")
    try:
        from operations.bootstrap import ensure_builtin

        ensure_builtin(other)
        save_profile(other, county_profile("田阳区"))
        plan = find_plan(other, "百色")
        path = tmp_path / "田阳区_2022年10月.xlsx"
        export_progress(other, plan.id, "田阳区", OCTOBER, path, final=True, who="田阳填报员")
    finally:
        other.close()
    before = dump_store(city)
    with pytest.raises(CollectError) as caught:
        collect_returns(city, [path], "赵明")
    [error] = caught.value.errors
    assert "是百色市《2022年百色市科技创新工作要点》的完成情况表（填报单位田阳区），本机所属市为玉林市" in error
    assert dump_store(city) == before

"""Draft and final (报送): a draft changes nothing; 报送 locks the period, only once the file is in place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from exporters.safe_write import ExportError
from importers.returns import read_progress_return
from operations.export_return import (
    ExportCancelled,
    export_breakdown,
    export_progress,
    suggested_breakdown_name,
    suggested_return_name,
)
from storage.achievements import AchievementKey, LockedError, record_achievement
from storage.audit import audit_count, audit_entries
from storage.db import StoreError
from storage.dump import dump_store
from storage.submissions import is_locked, submissions, unlock_period
from tests.test_export_support import OCTOBER, calamine_rows, open_xlsx, seed_beiliu


@pytest.fixture
def beiliu(store, yulin_plan_id):
    seed_beiliu(store, yulin_plan_id)
    return store, yulin_plan_id


def test_a_draft_changes_nothing_in_the_store(beiliu, tmp_path):
    store, plan_id = beiliu
    before, audits = dump_store(store), audit_count(store)
    result = export_progress(store, plan_id, "北流", OCTOBER, tmp_path / "草稿.xlsx", final=False, who="黄小玲")
    assert dump_store(store) == before and audit_count(store) == audits
    assert submissions(store) == [] and not is_locked(store, plan_id, "北流市", OCTOBER)
    assert result.path == (tmp_path / "草稿.xlsx").absolute() and not result.final
    assert result.message.startswith("已导出草稿（未报送）") and str(result.path) in result.message
    assert open_xlsx(result.path)["完成情况表"].oddHeader.right.text == "草稿（未报送）"
    assert read_progress_return(result.path).final is False


def test_final_export_submits_and_locks_the_period(beiliu, tmp_path):
    store, plan_id = beiliu
    audits = audit_count(store)
    path = tmp_path / "报送.xlsx"
    result = export_progress(store, plan_id, "北流市", "2022-10", path, final=True, who="黄小玲")
    assert is_locked(store, plan_id, "北流市", OCTOBER)
    [submission] = submissions(store)
    assert submission.file == str(path.absolute()) and submission.checksum == result.checksum
    assert submission.submitted_by == "黄小玲"
    assert audit_count(store) == audits + 1 and audit_entries(store)[0].action == "报送"
    assert result.message == f"已报送并锁定北流市2022年10月的填报；文件保存在：{path.absolute()}"
    reading = read_progress_return(path)
    assert reading.final and reading.checksum == result.checksum and reading.intact
    assert not open_xlsx(path)["完成情况表"].oddHeader.right.text
    with pytest.raises(LockedError, match="已于 .* 报送并锁定"):
        record_achievement(store, AchievementKey(plan_id, "237", "", "北流市", OCTOBER), {"actual": 13}, "黄小玲")


def test_a_failed_save_does_not_lock_the_period(beiliu, tmp_path):
    store, plan_id = beiliu
    with pytest.raises(ExportError, match="不存在"):
        export_progress(store, plan_id, "北流市", OCTOBER, tmp_path / "无" / "r.xlsx", final=True, who="黄小玲")
    assert not is_locked(store, plan_id, "北流市", OCTOBER) and submissions(store) == []
    # The lock was taken with the figures, then released when the file could not be written: both audited.
    withdrawn, submitted = audit_entries(store)[:2]
    assert (submitted.action, withdrawn.action) == ("报送", "撤销报送")
    assert withdrawn.new.startswith("否（文件未能保存：保存失败：文件夹")
    record_achievement(store, AchievementKey(plan_id, "237", "", "北流市", OCTOBER), {"actual": 13}, "黄小玲")


# A second process records 237 again and again (as `main.py set` does, through the same storage call) until
# the period is locked under it; it prints the number of each record the store accepted. Record i is the
# figure 10 + i % 20 (sane, so 报送前检查 lets it through) with the note 第i次, which tells records apart.
CONCURRENT_SET = """
import sys
import time
sys.path.insert(0, sys.argv[4])
from domain.periods import Period
from storage.achievements import AchievementKey, LockedError, record_achievement
from storage.db import open_store

store = open_store(sys.argv[1], create=False)
key = AchievementKey(int(sys.argv[2]), "237", "", "北流市", Period.parse("2022-10"))
value = int(sys.argv[3])
while True:
    try:
        record_achievement(store, key, {"actual": 10 + value % 20, "progress": f"第{value}次"}, "另一进程")
    except LockedError:
        print("locked", value, flush=True)
        break
    print("ok", value, flush=True)
    value += 1
    time.sleep(0.003)  # as fast as a script could type, and no faster: SQLite's lock is not a fair queue
"""


def test_a_figure_recorded_during_submission_is_in_the_file_or_refused_never_lost(beiliu, tmp_path):
    """Repeated: 报送 while another process records; the file holds the last accepted figure, every time."""
    store, plan_id = beiliu
    root = Path(__file__).resolve().parent.parent
    for attempt in range(5):
        start = 1000 * (attempt + 1)
        writer = subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_SET, str(store.path), str(plan_id), str(start), str(root)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        first = writer.stdout.readline()  # the writer is under way before 报送 starts
        assert first.startswith("ok"), first
        path = tmp_path / f"报送{attempt}.xlsx"
        export_progress(store, plan_id, "北流市", OCTOBER, path, final=True, who="黄小玲")
        # Read through the same buffered pipe readline used (communicate with a timeout would bypass it).
        rest = writer.stdout.read()
        writer.wait(timeout=60)
        lines = [first, *rest.splitlines()]
        accepted = [int(line.split()[1]) for line in lines if line.startswith("ok")]
        assert lines[-1].startswith("locked") and accepted == list(range(start, start + len(accepted)))
        [line] = [x for x in read_progress_return(path).lines if x.seq == "(237)"]
        last = accepted[-1]
        assert (line.actual, line.progress) == (10 + last % 20, f"第{last}次"), (attempt, line.progress, last)
        unlock_period(store, plan_id, "北流市", OCTOBER, "黄小玲", "再报送一次")


def test_submitting_twice_is_refused_before_the_file_is_touched(beiliu, tmp_path):
    store, plan_id = beiliu
    path = tmp_path / "报送.xlsx"
    export_progress(store, plan_id, "北流市", OCTOBER, path, final=True, who="黄小玲")
    first = path.read_bytes()
    with pytest.raises(StoreError, match="已报送并锁定"):
        export_progress(store, plan_id, "北流市", OCTOBER, path, final=True, who="黄小玲")
    assert path.read_bytes() == first and len(submissions(store)) == 1
    # A draft of a locked period can still be printed.
    export_progress(store, plan_id, "北流市", OCTOBER, tmp_path / "draft.xlsx", final=False, who="黄小玲")


def test_cancel_before_writing_leaves_no_file(beiliu, tmp_path):
    store, plan_id = beiliu
    path = tmp_path / "r.xlsx"
    with pytest.raises(ExportCancelled, match="已取消"):
        export_progress(store, plan_id, "北流市", OCTOBER, path, final=True, who="x", cancelled=lambda: True)
    assert not path.exists() and not is_locked(store, plan_id, "北流市", OCTOBER)


def test_progress_is_reported_in_chinese_up_to_done(beiliu, tmp_path):
    store, plan_id = beiliu
    seen: list[tuple[int, int, str]] = []
    export_progress(store, plan_id, "北流市", OCTOBER, tmp_path / "r.xlsx", final=True, who="x",
                    progress=lambda d, t, m: seen.append((d, t, m)))  # fmt: skip
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert seen[-1][0] == seen[-1][1] and "已报送" in seen[-1][2]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for _, _, m in seen)


def test_a_period_outside_the_plans_year_is_refused(beiliu, tmp_path):
    store, plan_id = beiliu
    with pytest.raises(ExportError, match="不在方案年度"):
        export_progress(store, plan_id, "北流市", "2023-01", tmp_path / "r.xlsx", final=False, who="x")
    assert not (tmp_path / "r.xlsx").exists()


def test_export_breakdown_operation_for_city_and_county(store, yulin_plan_id, tmp_path):
    before = dump_store(store)
    steps: list[int] = []
    city = export_breakdown(
        store, yulin_plan_id, None, tmp_path / "全表.xlsx", progress=lambda d, t, m: steps.append(d)
    )
    county = export_breakdown(store, yulin_plan_id, "北流", tmp_path / "北流.xlsx")
    assert calamine_rows(city)[1][0] == "2022年玉林市优化营商环境创新创业指标任务分工表"
    assert calamine_rows(county)[1][0].endswith("（北流市）")
    assert steps[-1] == 3 and dump_store(store) == before
    with pytest.raises(StoreError, match="找不到单位"):
        export_breakdown(store, yulin_plan_id, "火星", tmp_path / "x.xlsx")


def test_suggested_file_names_say_whose_return_and_whether_it_is_a_draft():
    assert suggested_return_name("北流市", OCTOBER, final=False) == "北流市_2022年10月_完成情况表（草稿）.xlsx"
    assert suggested_return_name("北流市", OCTOBER, final=True) == "北流市_2022年10月_完成情况表.xlsx"
    assert suggested_breakdown_name("2022年玉林市…方案", "北流市") == "北流市_任务分工表.xlsx"

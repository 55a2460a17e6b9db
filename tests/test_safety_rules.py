"""The pure rules of the safety net: backup names and rotation, text an Excel file can hold, network shares."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.achievements import InputError, validate_text
from domain.backup_rules import (
    KEEP_LATEST,
    KEEP_MONTHS,
    BackupName,
    BackupReason,
    backup_file_name,
    backup_taken_on,
    backups_to_delete,
    backups_to_keep,
    parse_backup_name,
)
from domain.profile import Profile, checked_profile
from domain.text_safety import NAME_MAX, UnsafeText, is_xml_char, safe_name, safe_text, unsafe_characters
from storage.location import mount_type, network_warning, parse_mounts, windows_share

NOW = datetime(2026, 11, 25, 9, 30, 0)
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 25, 9, 30))
backups = st.lists(st.builds(BackupName, moments, st.sampled_from(list(BackupReason)), st.integers(1, 3)),
                   max_size=80, unique=True)  # fmt: skip


# --- names ------------------------------------------------------------------------------------------------


def test_a_backup_is_named_after_its_store_time_and_reason():
    assert backup_file_name("ledger", NOW, BackupReason.IMPORT) == "ledger-20261125-093000-导入前.sqlite3"
    taken = {"ledger-20261125-093000-导入前.sqlite3", "ledger-20261125-093000-导入前-2.sqlite3"}
    assert backup_file_name("ledger", NOW, BackupReason.IMPORT, taken) == "ledger-20261125-093000-导入前-3.sqlite3"


@given(stem=st.text(st.characters(blacklist_characters="/\\\x00", blacklist_categories=("Cs",)), min_size=1,
                    max_size=20),
       taken=moments, reason=st.sampled_from(list(BackupReason)), serial=st.integers(1, 50))  # fmt: skip
def test_names_read_back_as_written(stem, taken, reason, serial):
    name = BackupName(taken.replace(microsecond=0), reason, serial)
    file_name = name.file_name(stem)
    assert parse_backup_name(stem, file_name) == name
    assert parse_backup_name(None, file_name) == name


@pytest.mark.parametrize("file_name", [
    "ledger.sqlite3", "ledger-20261125-093000-导入前.sqlite3-wal", "other-20261125-093000-导入前.sqlite3",
    "ledger-20261325-093000-导入前.sqlite3", "ledger-20261125-093000-随便.sqlite3", "ledger-副本-20261125.sqlite3",
])  # fmt: skip
def test_other_files_in_the_folder_are_not_taken_for_backups_of_ledger(file_name):
    assert parse_backup_name("ledger", file_name) is None


def test_a_store_whose_name_extends_another_does_not_claim_its_backups():
    assert parse_backup_name("my", "my-ledger-20261125-093000-手动.sqlite3") is None


# --- rotation ---------------------------------------------------------------------------------------------


def test_rotation_keeps_the_last_ten_and_one_per_month_for_two_years():
    daily = [BackupName(NOW - timedelta(days=d), BackupReason.DAILY) for d in range(0, 1000)]
    kept = sorted(backups_to_keep(daily, NOW), reverse=True)
    assert kept[:KEEP_LATEST] == daily[:KEEP_LATEST]
    older = kept[KEEP_LATEST:]
    # One per month before these ten days, the newest of each month, back to December 2024 (24 months).
    assert [b.taken.strftime("%Y-%m") for b in older][:3] == ["2026-10", "2026-09", "2026-08"]
    assert older[0].taken.day == 31 and older[-1].taken.strftime("%Y-%m") == "2024-12"
    assert len(kept) == KEEP_LATEST + KEEP_MONTHS - 1  # the current month is among the ten


def test_upgrade_backups_and_damaged_files_are_never_rotated_away():
    old = [BackupName(datetime(2021, 5, 1), BackupReason.UPGRADE), BackupName(datetime(2021, 6, 1), BackupReason.DAMAGED)]
    recent = [BackupName(NOW - timedelta(hours=h), BackupReason.IMPORT) for h in range(40)]
    assert set(old) <= backups_to_keep(old + recent, NOW)
    assert not set(old) & set(backups_to_delete(old + recent, NOW))


@settings(max_examples=200)
@given(backups)
def test_rotation_properties(found):
    kept = backups_to_keep(found, NOW)
    deleted = backups_to_delete(found, NOW)
    assert kept | set(deleted) == set(found) and not kept & set(deleted)
    rotated = sorted((b for b in found if b.reason.rotated), reverse=True)
    assert set(rotated[:KEEP_LATEST]) <= kept  # the newest ten always stay
    months = {(b.taken.year, b.taken.month) for b in rotated
              if (NOW.year * 12 + NOW.month) - (b.taken.year * 12 + b.taken.month) < KEEP_MONTHS}  # fmt: skip
    assert months <= {(b.taken.year, b.taken.month) for b in kept}  # every recent month keeps one
    assert len([b for b in kept if b.reason.rotated]) <= KEEP_LATEST + KEEP_MONTHS
    assert all(b in kept for b in found if not b.reason.rotated)
    assert backups_to_delete(kept, NOW) == []  # rotating again deletes nothing more


def test_the_daily_backup_is_due_once_a_day():
    assert not backup_taken_on([], NOW)
    assert backup_taken_on([BackupName(NOW.replace(hour=0), BackupReason.IMPORT)], NOW)
    assert not backup_taken_on([BackupName(NOW - timedelta(days=1), BackupReason.DAILY)], NOW)


# --- text an Excel file can hold -------------------------------------------------------------------------


def test_u_fffe_and_control_characters_are_refused_with_their_position():
    with pytest.raises(UnsafeText, match=r"第 3 个字为 U\+FFFE"):
        safe_text("工作进展", "新认\ufffe定")
    with pytest.raises(InputError, match=r"工作进展含有 Excel 报表无法保存的字符（第 6 个字为 控制字符 U\+0007"):
        validate_text("progress", "新认定3家\x07")
    with pytest.raises(InputError, match=r"U\+FFFF等 2 个"):
        validate_text("evidence", "\uffff文件\x01")


def test_line_breaks_from_word_and_wps_become_newlines():
    assert validate_text("problems", "资金不足\r\n人员不足\x0b设备老旧\u2028场地小") == "资金不足\n人员不足\n设备老旧\n场地小"
    assert validate_text("progress", "  有\t制表符  ") == "有\t制表符"


@given(st.text())
def test_what_safe_text_returns_xml_can_hold(text):
    try:
        cleaned = safe_text("字段", text)
    except UnsafeText:
        assert unsafe_characters(text.replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n"))
    else:
        assert all(is_xml_char(ch) for ch in cleaned) and "\r" not in cleaned


def test_names_have_length_limits_and_one_line():
    assert safe_name("填报人", "  黄小玲 ") == "黄小玲"
    assert safe_name("填报人", "阿卜杜热西提·买买提") == "阿卜杜热西提·买买提"
    with pytest.raises(UnsafeText, match=f"填报人过长（{NAME_MAX + 1} 字），最多 {NAME_MAX} 字"):
        safe_name("填报人", "黄" * (NAME_MAX + 1))
    with pytest.raises(UnsafeText, match="只能写一行"):
        safe_name("审核人", "刘芳\n李四")
    with pytest.raises(UnsafeText, match="单位负责人含有"):
        checked_profile(Profile(unit="北流市", head="陈\ufffe志强"))
    assert checked_profile(Profile(unit=" 北流市 ", phone="0775-6212345 ")).phone == "0775-6212345"


# --- network shares --------------------------------------------------------------------------------------

MOUNTS = """/dev/vda / ext4 rw 0 0
server:/export /mnt/nfs nfs4 rw 0 0
//pc/共享 /mnt/office\\040share cifs rw 0 0
tmpfs /mnt/nfs/local tmpfs rw 0 0
"""


def test_linux_network_file_systems_are_found_in_the_mount_table():
    assert ("/mnt/office share", "cifs") in parse_mounts(MOUNTS)
    assert mount_type("/mnt/nfs/x/ledger.sqlite3", parse_mounts(MOUNTS)) == "nfs4"
    assert mount_type("/mnt/nfs/local/ledger.sqlite3", parse_mounts(MOUNTS)) == "tmpfs"  # the deepest mount
    assert mount_type("/mnt/nfsx/ledger.sqlite3", parse_mounts(MOUNTS)) == "ext4"
    warning = network_warning("/mnt/office share/台账.sqlite3", mounts_text=MOUNTS, windows=False)
    assert warning is not None and "网络文件系统（cifs）" in warning and "另存数据库副本" in warning
    assert network_warning("/home/u/台账.sqlite3", mounts_text=MOUNTS, windows=False) is None


def test_windows_unc_paths_and_mapped_drives_are_network_shares():
    assert windows_share(r"\\server\科技局\台账\ledger.sqlite3") == r"\\server\科技局"
    assert windows_share(r"\\?\UNC\server\share\x.sqlite3") == r"\\server\share"
    assert windows_share(r"\\?\C:\x.sqlite3") is None and windows_share(r"C:\x.sqlite3") is None
    assert "网络共享文件夹 \\\\server\\科技局 上" in network_warning(r"\\server\科技局\ledger.sqlite3", windows=True)
    assert "网络驱动器 Z: 上" in network_warning(r"Z:\台账\ledger.sqlite3", windows=True, drive_type=4)
    assert network_warning(r"D:\台账\ledger.sqlite3", windows=True, drive_type=3) is None


@given(st.lists(st.text(st.characters(blacklist_characters="/\\\x00 \n", blacklist_categories=("Cs",)),
                        min_size=1, max_size=8), min_size=1, max_size=4))  # fmt: skip
def test_anything_under_a_network_mount_is_warned_about(parts):
    path = "/mnt/nfs/" + "/".join(parts)
    assert network_warning(path, mounts_text=MOUNTS, windows=False) is not None

"""A failed save never costs the old file, says why in Chinese, and leaves no half-written file behind."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from exporters.safe_write import ExportError, write_atomically
from exporters.sheet import Book
from exporters.xlsx_writer import write_book

ROOT = Path(__file__).resolve().parent.parent
OLD = b"old return, already stamped and filed"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    folder = tmp_path / "报表"
    folder.mkdir()
    path = folder / "北流市_2022年10月.xlsx"
    path.write_bytes(OLD)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def one_cell(value: str) -> Book:
    book = Book()
    book.add_sheet("Sheet1").put(1, 1, value)
    return book


def test_a_successful_save_replaces_the_old_file_and_leaves_nothing_else(old_file):
    assert write_book(one_cell("新的报表"), old_file) == old_file
    assert openpyxl.load_workbook(old_file).active["A1"].value == "新的报表"
    assert sorted(p.name for p in old_file.parent.iterdir()) == [old_file.name]


def test_missing_folder_is_reported_in_chinese_and_nothing_is_created(tmp_path):
    target = tmp_path / "U盘" / "报表.xlsx"
    with pytest.raises(ExportError, match="文件夹.*不存在"):
        write_atomically(target, lambda tmp: tmp.write_bytes(b"x"))
    assert not target.parent.exists()


def test_folder_removed_while_writing_keeps_the_message_clear(old_file):
    folder = old_file.parent

    def write_then_lose_folder(tmp: Path) -> None:
        tmp.write_bytes(b"new")
        shutil.rmtree(folder)  # the USB stick is pulled out

    with pytest.raises(ExportError, match="保存失败"):
        write_atomically(old_file, write_then_lose_folder)


def test_a_failing_writer_leaves_the_old_file_untouched(old_file):
    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half a file")
        raise RuntimeError("disk hiccup")

    with pytest.raises(RuntimeError):
        write_atomically(old_file, broken)
    assert old_file.read_bytes() == OLD
    assert leftovers(old_file.parent) == []


def test_old_file_open_in_excel_is_left_untouched(old_file, monkeypatch):
    # On Windows os.replace fails with a sharing violation (PermissionError) while Excel holds the file.
    def locked(src, dst):
        raise PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as info:
        write_atomically(old_file, lambda tmp: tmp.write_bytes(b"new"))
    message = str(info.value)
    assert "正在 Excel 或 WPS 中打开" in message and "原文件未改动" in message
    assert old_file.read_bytes() == OLD
    assert leftovers(old_file.parent) == []


def test_immutable_old_file_is_left_untouched(old_file):
    """A file the system refuses to replace (chattr +i, like a file locked by another program)."""
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(old_file)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here (needs root on a filesystem with attributes)")
    try:
        with pytest.raises(ExportError, match="无法覆盖"):
            write_atomically(old_file, lambda tmp: tmp.write_bytes(b"new"))
        assert old_file.read_bytes() == OLD
    finally:
        subprocess.run(["chattr", "-i", str(old_file)], check=True)
    assert leftovers(old_file.parent) == []


def test_read_only_folder_is_reported_and_the_old_file_kept(old_file):
    folder = old_file.parent
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from exporters.safe_write import ExportError, write_atomically
        try:
            write_atomically(Path({str(old_file)!r}), lambda tmp: tmp.write_bytes(b"new"))
        except ExportError as exc:
            print(exc)
            sys.exit(3)
        """
    )
    command = [sys.executable, "-c", script]
    if os.geteuid() == 0:
        # root ignores permission bits; without CAP_DAC_OVERRIDE it is held to them like a user.
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot drop the right to ignore permissions")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", *command]
    folder.chmod(0o555)
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=60)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 3, done.stderr
    assert "没有权限" in done.stdout and str(folder) in done.stdout and "原文件未改动" in done.stdout
    assert old_file.read_bytes() == OLD
    assert leftovers(folder) == []


def test_a_folder_in_the_way_is_refused(tmp_path):
    (tmp_path / "报表.xlsx").mkdir()
    with pytest.raises(ExportError, match="是一个文件夹"):
        write_atomically(tmp_path / "报表.xlsx", lambda tmp: tmp.write_bytes(b"x"))


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-1", "@A1", "=cmd|' /C calc'!A0", "＝SUM(A1)", "普通文字"])
def test_put_keeps_text_as_text(tmp_path, typed):
    path = write_book(one_cell(typed), tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(path).active["A1"]
    assert cell.value == typed and cell.data_type == "s"
    # Text that a program would take for a formula keeps a quote prefix, so it stays words when edited.
    assert cell.quotePrefix == typed.startswith(("=", "+", "-", "@", "＝", "＋", "－", "＠"))
    from python_calamine import CalamineWorkbook

    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python() == [[typed]]


def test_control_characters_pasted_from_word_do_not_break_the_export(tmp_path):
    path = write_book(one_cell("第一段\x0b第二段\x0c完"), tmp_path / "t.xlsx")
    assert openpyxl.load_workbook(path).active["A1"].value == "第一段 第二段 完"

"""Writing a file so that a failure never costs the old one."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class ExportError(Exception):
    """A file that could not be written; the message says why in Chinese and that the old file stands."""


def write_atomically(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call `write` on a temporary file beside `path`, then move it over `path` in one step.

    Raises ExportError (Chinese message) when the folder is missing or not writable, the disk is full,
    or the old file is open in another program; `path` is then exactly as it was before.
    """
    target = Path(path).expanduser().absolute()
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"保存失败：文件夹“{folder}”不存在（可能已被移动、删除或U盘已拔出），请另选保存位置。")
    if target.is_dir():
        raise ExportError(f"保存失败：“{target}”是一个文件夹，请另取文件名。")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(_message(exc, target, stage="create")) from exc
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        write(tmp)
        _flush_to_disk(tmp)
        _normal_permissions(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise ExportError(_message(exc, target, stage="replace")) from exc
    except BaseException:
        _remove(tmp)
        raise
    return target


def _message(exc: OSError, target: Path, *, stage: str) -> str:
    unchanged = "原文件未改动。" if target.exists() else "未生成文件。"
    if isinstance(exc, FileNotFoundError):
        return f"保存失败：文件夹“{target.parent}”不存在或已被移走。{unchanged}"
    if exc.errno == errno.ENOSPC:
        return f"保存失败：“{target.parent}”所在磁盘空间不足。{unchanged}"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if stage == "replace" and target.exists():
            return (
                f"保存失败：文件“{target.name}”可能正在 Excel 或 WPS 中打开，或为只读，无法覆盖。"
                f"请关闭该文件后重试，或另存为其他文件名。{unchanged}"
            )
        return f"保存失败：没有权限在文件夹“{target.parent}”中保存文件，请另选保存位置。{unchanged}"
    return f"保存失败：无法写入“{target}”（{exc.strerror or exc}）。{unchanged}"


def _flush_to_disk(tmp: Path) -> None:
    # A power cut after the move must not leave an empty return where the old one was.
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())


def _normal_permissions(tmp: Path) -> None:
    # mkstemp makes the file private (0600); a saved return should have the user's usual permissions.
    if os.name == "nt":
        return  # Windows has no permission bits here; the folder's ACL applies
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o666 & ~_umask())


def _umask() -> int:
    # /proc tells without changing it; os.umask() can only be read by setting it, which races other threads.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()

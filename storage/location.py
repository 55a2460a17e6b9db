"""Where a store lies: a network share is warned about, since SQLite's locks are not reliable over it.

Two PCs writing one ledger on a shared folder can corrupt it, and a dropped connection loses a write. The
rules are pure functions of the path and of the mount table (Linux) or drive type (Windows), so they are
tested without a network.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePosixPath

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gfs2", "ocfs2",
    "fuse.sshfs", "sshfs", "fuse.davfs2", "davfs", "fuse.glusterfs", "fuse.cephfs", "fuse.rclone", "fuse.smbnetfs",
})  # fmt: skip
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file system type) from /proc/mounts; octal escapes such as \\040 (a space) undone."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mounts.append((re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), parts[1]), parts[2]))
    return mounts


def mount_type(path: str, mounts: list[tuple[str, str]]) -> str | None:
    """The file system type of the deepest mount holding the absolute POSIX `path`."""
    target = PurePosixPath(path)
    best: tuple[int, str] | None = None
    for point, kind in mounts:
        mount = PurePosixPath(point)
        if (target == mount or mount in target.parents) and (best is None or len(mount.parts) >= best[0]):
            best = (len(mount.parts), kind)
    return best[1] if best else None


def windows_share(path: str) -> str | None:
    r"""The \\server\share a Windows path names, or None for a local path (also for \\?\C:\…)."""
    text = path.replace("/", "\\")
    if text.upper().startswith("\\\\?\\UNC\\"):
        text = "\\\\" + text[8:]
    elif text.startswith(("\\\\?\\", "\\\\.\\")):
        return None
    if not text.startswith("\\\\"):
        return None
    parts = [p for p in text[2:].split("\\") if p]
    return "\\\\" + "\\".join(parts[:2]) if parts else None


def network_warning(path: str | Path, *, mounts_text: str | None = None, drive_type: int | None = None,
                    windows: bool | None = None) -> str | None:  # fmt: skip
    """A Chinese warning when the store at `path` lies on a network share, else None.

    The optional arguments stand in for the system (the mount table, the drive type, which system), so the
    rule is tested on any machine; left out, they are read from this one.
    """
    windows = sys.platform == "win32" if windows is None else windows
    text = str(path)
    where = None
    if windows:
        share = windows_share(text)
        if share:
            where = f"网络共享文件夹 {share} "
        else:
            drive = os.path.splitdrive(text)[0] or text[:2]
            kind = _drive_type(drive) if drive_type is None else drive_type
            if kind == DRIVE_REMOTE:
                where = f"网络驱动器 {drive} "
    else:
        if mounts_text is None:
            try:
                mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
            except OSError:
                mounts_text = ""
        kind_name = mount_type(os.path.abspath(text), parse_mounts(mounts_text))
        if kind_name in NETWORK_FILESYSTEMS:
            where = f"网络文件系统（{kind_name}）"
    if where is None:
        return None
    return (f"数据库位于{where}上。多台电脑同时打开可能损坏数据，网络断开时可能丢失修改。"
            "建议把数据库放在本机硬盘上；与其他电脑交换数据请用“文件 → 另存数据库副本”。")  # fmt: skip


def _drive_type(drive: str) -> int | None:
    if not drive or sys.platform != "win32":
        return None
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(drive.rstrip("\\") + "\\"))  # type: ignore[attr-defined]

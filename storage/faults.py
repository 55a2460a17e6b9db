"""What went wrong with a file or the database, in the Chinese a user reads: the one place that maps
SQLite's result codes and the operating system's error numbers to messages.

No English text from a library reaches the user: `fault_message` never returns the library's own words.
"""

from __future__ import annotations

import errno
import sqlite3

# SQLite primary result codes (extended codes keep them in the low byte).
_SQLITE = {  # 10 is SQLITE_IOERR
    13: "磁盘空间不足，数据库无法写入。请清理磁盘（或换到有空间的磁盘）后重试",  # SQLITE_FULL
    8: "数据库文件是只读的（文件被设为只读、位于只读的位置，或没有写入权限），修改无法保存",  # SQLITE_READONLY
    5: "数据库正被其他程序占用（如另一个窗口或命令行正在导入、收取或报送），等待后仍未释放。请稍后重试",  # SQLITE_BUSY
    6: "数据库正被其他程序占用，请稍后重试",  # SQLITE_LOCKED
    10: "读写数据库文件时出错（磁盘或网络故障）。请检查磁盘；如反复出现，请用“文件 → 备份与恢复”恢复最近的备份",
    14: "无法打开数据库文件（文件夹不存在、没有权限，或文件正被其他程序独占）",  # SQLITE_CANTOPEN
    11: "数据库文件已损坏",  # SQLITE_CORRUPT
    26: "文件不是台账数据库，或已损坏",  # SQLITE_NOTADB
    3: "没有访问数据库文件的权限",  # SQLITE_PERM
    23: "没有访问数据库文件的权限",  # SQLITE_AUTH
    7: "内存不足，请关闭其他程序后重试",  # SQLITE_NOMEM
    18: "内容过大，无法保存",  # SQLITE_TOOBIG
    9: "操作被中断",  # SQLITE_INTERRUPT
    15: "文件锁定出错（网络文件夹上常见），请把数据库放在本机硬盘上",  # SQLITE_PROTOCOL
}

_ERRNO = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EACCES: "没有权限（文件可能是只读的、正被其他程序如 Excel / WPS 打开，或被安全软件拦截）",
    errno.EPERM: "没有权限（文件可能是只读的、正被其他程序如 Excel / WPS 打开，或被安全软件拦截）",
    errno.EROFS: "位于只读的磁盘上，无法写入",
    errno.ENOENT: "找不到文件或文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被其他程序使用",
    errno.EIO: "磁盘读写错误（磁盘、U 盘或网络故障）",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.EXDEV: "不能跨磁盘移动文件",
}
_EDQUOT = getattr(errno, "EDQUOT", None)
if _EDQUOT is not None:
    _ERRNO[_EDQUOT] = "磁盘配额已用完"

# Windows error numbers that errno does not say well.
_WINERROR = {
    32: "文件正被其他程序使用（如 Excel / WPS），请关闭后重试",  # ERROR_SHARING_VIOLATION
    33: "文件的一部分被其他程序锁定，请关闭其他程序后重试",  # ERROR_LOCK_VIOLATION
    53: "找不到网络路径（网络共享文件夹不可用）",  # ERROR_BAD_NETPATH
    67: "找不到网络名（网络共享文件夹不可用）",  # ERROR_BAD_NET_NAME
    64: "网络连接已断开",  # ERROR_NETNAME_DELETED
    112: "磁盘空间不足",  # ERROR_DISK_FULL
    1224: "文件正被其他程序以映射方式打开，请关闭后重试",  # ERROR_USER_MAPPED_FILE
}

# Faults of the machine (exit status 1 on the command line) rather than of what the user typed.
_MACHINE_SQLITE = {13, 8, 5, 6, 10, 14, 3, 23, 7, 9, 15}
_INPUT_ERRNO = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.ENAMETOOLONG}


def sqlite_code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an exception (None when the library did not give one)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        text = str(exc).lower()
        for words, guess in (("disk is full", 13), ("readonly", 8), ("locked", 5), ("disk i/o", 10),
                             ("unable to open", 14), ("malformed", 11), ("not a database", 26)):  # fmt: skip
            if words in text:
                return guess
        return None
    return code & 0xFF


def fault_message(exc: BaseException, with_file: bool = True) -> str:
    """A Chinese sentence for a database or file error, naming the file where the error says which.

    `with_file` False leaves the file out (when it is a temporary file the user never named).
    """
    if isinstance(exc, sqlite3.Error):
        code = sqlite_code(exc)
        if code in _SQLITE:
            return _SQLITE[code]
        return f"数据库操作失败（错误代码 {code if code is not None else '未知'}）"
    if isinstance(exc, OSError):
        text = _WINERROR.get(getattr(exc, "winerror", None) or 0) or _ERRNO.get(exc.errno or 0)
        if text is None:
            text = f"读写文件时出错（错误代码 {exc.errno}）" if exc.errno else "读写文件时出错"
        where = exc.filename if with_file else None
        return f"{text}：{where}" if where else text
    return "程序内部错误"


def is_machine_fault(exc: BaseException) -> bool:
    """True for a failure of the machine (disk full, permissions, lock held, I/O error), False for bad input."""
    if isinstance(exc, sqlite3.Error):
        return sqlite_code(exc) in _MACHINE_SQLITE
    if isinstance(exc, OSError):
        return exc.errno not in _INPUT_ERRNO
    return False

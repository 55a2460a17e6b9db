"""The store's file itself: its first bytes, read-only opening, and publishing a new file without a race.

What storage.db needs about files beneath SQLite, kept apart so that module stays about the store.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from urllib.parse import quote

SQLITE_HEADER = b"SQLite format 3\x00"


# Paths this process has opened read-only (another window holds the store, or it may not be written):
# every later open_store of the same file in this process, such as a worker's, is read-only too.
_READ_ONLY: dict[Path, str] = {}


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def keep_read_only(path: str | Path, reason: str) -> None:
    """From now on, this process opens the store at `path` read-only, for `reason` (Chinese, for the banner)."""
    _READ_ONLY[_key(Path(path))] = reason


def kept_read_only(path: str | Path) -> bool:
    return _key(Path(path)) in _READ_ONLY


def read_only_reason(path: str | Path) -> str | None:
    return _READ_ONLY.get(_key(Path(path)))


def release_read_only(path: str | Path) -> None:
    """Undo keep_read_only (when the window that asked for it closes)."""
    _READ_ONLY.pop(_key(Path(path)), None)


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening `path` read-only; UNC paths (//server/share) keep their double slash."""
    text = _key(path).as_posix()
    if text.startswith("//"):
        prefix = "file://"
    elif re.match(r"^[A-Za-z]:", text):
        prefix = "file:///"
    else:
        prefix = "file:"
    return prefix + quote(text, safe="/:") + "?mode=ro"


def publish_new_file(temp: Path, target: Path) -> bool:
    """Give `temp` the name `target` unless `target` exists; True when it did. Atomic on both systems."""
    try:
        if os.name == "nt":
            os.rename(temp, target)  # Windows' rename refuses an existing target
        else:
            os.link(temp, target)  # a hard link refuses an existing target; rename would replace it
    except FileExistsError:
        return False
    except OSError:
        if os.name == "nt" or target.exists():  # e.g. a FAT-formatted USB disk has no hard links
            raise
        os.rename(temp, target)
    return True


def remove_quietly(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()

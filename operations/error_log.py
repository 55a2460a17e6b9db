"""The error log: what a support person needs (time, version, command, traceback) in a rotating file.

The user sees a Chinese sentence; the log keeps the library's own words and the traceback behind it. It
lives in the user data folder's `日志` folder (帮助 → 打开日志文件夹), five files of 1 MB at most.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from storage.app_folder import log_folder
from version import __version__

LOG_FILE = "ledger.log"
LOG_BYTES = 1_000_000
LOG_COPIES = 4
_LOGGER = logging.getLogger("ledger")


class _LogFile(logging.handlers.RotatingFileHandler):
    """Makes its folder on first use; a log that cannot be written (disk full) never raises or prints."""

    def _open(self):  # type: ignore[override]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        # Nothing more can be done about a log that cannot be written; the user has already been told the
        # error itself, and printing logging's English report would only add noise.
        return


def start_error_log(folder: Path | None = None) -> Path:
    """Send this process's errors to `<folder>/ledger.log` (default: the user data folder's 日志); its path.

    Nothing is created until the first error is logged. Calling again with another folder moves the log.
    """
    path = (folder or log_folder()) / LOG_FILE
    for handler in list(_LOGGER.handlers):
        if isinstance(handler, _LogFile):
            if Path(handler.baseFilename) == path.absolute():
                return path
            _LOGGER.removeHandler(handler)
            handler.close()
    handler = _LogFile(path, maxBytes=LOG_BYTES, backupCount=LOG_COPIES, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [进程 %(process)d] %(message)s"))
    _LOGGER.addHandler(handler)
    _LOGGER.setLevel(logging.INFO)
    _LOGGER.propagate = False
    return path


def log_path() -> Path:
    """The log file errors go to (the default one when start_error_log has not run)."""
    for handler in _LOGGER.handlers:
        if isinstance(handler, _LogFile):
            return Path(handler.baseFilename)
    return log_folder() / LOG_FILE


def log_message(level: int, text: str) -> None:
    """Record a library's own message (Qt's warnings, in English, for a developer) in the log, never on screen."""
    if not _LOGGER.handlers:
        start_error_log()
    _LOGGER.log(level, text)


def log_failure(shown: str, exc: BaseException | None = None) -> None:
    """Record an error: what the user was shown, the program version and command, and the traceback.

    A worker's exception carries the traceback of its thread in `details` (gui.workers); it is kept too.
    """
    if not _LOGGER.handlers:
        start_error_log()
    lines = [shown, f"版本 {__version__}；命令行：{' '.join(sys.argv)}"]
    details = getattr(exc, "details", None)
    if exc is not None:
        lines.append("".join(traceback.format_exception(exc)).rstrip())
    if details:
        lines.append(f"工作线程中的经过：\n{details.rstrip()}")
    _LOGGER.error("\n".join(lines))

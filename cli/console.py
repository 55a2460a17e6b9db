"""The console: output that never fails on a character, and the program's name as the user types it.

A Chinese Windows PC pipes and redirects in code page 936, an English one in 1252; neither has "✓", and
1252 has no Chinese at all. Python would raise UnicodeEncodeError in the middle of a verb (after its work
was done). The frozen exe ignores PYTHONIOENCODING, so the program sets its streams itself, once, at the
start of cli.main(): a console keeps its own encoding (Windows' console takes Unicode), anything else gets
UTF-8; a character the stream cannot take is replaced, never fatal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

from version import APP_ID


def stream_settings(stream: TextIO, *, frozen: bool, environ: Any = os.environ) -> dict[str, str]:
    """The reconfigure() arguments for one standard stream.

    A terminal keeps the encoding it shows (on Windows, Python writes Unicode to the console whatever the
    code page). A pipe or file gets UTF-8, unless a developer's PYTHONIOENCODING asks for another (the
    frozen program never sees it). Errors are always replaced.
    """
    try:
        terminal = stream.isatty()
    except (ValueError, OSError):  # closed or detached
        terminal = False
    if terminal or (environ.get("PYTHONIOENCODING") and not frozen):
        return {"errors": "replace"}
    return {"encoding": "utf-8", "errors": "replace"}


def setup_output() -> None:
    """Set sys.stdout and sys.stderr so that no text makes a verb crash (see the module's docstring).

    The windowed exe has no standard streams (None): nothing to do there.
    """
    frozen = bool(getattr(sys, "frozen", False))
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.flush()
            stream.reconfigure(**stream_settings(stream, frozen=frozen))
        except (ValueError, OSError):  # a closed stream: whatever is printed there is lost anyway
            continue


def prog_name() -> str:
    """argparse's prog: 'main.py' from the source tree, the executable's own name when installed."""
    return Path(sys.executable).name if getattr(sys, "frozen", False) else "main.py"


def command_name() -> str:
    """The command a user types for the command line here, for messages that tell them what to run.

    'python main.py' from the source tree; the installed program's console exe on Windows (the windowed
    exe has no console output), the executable itself elsewhere.
    """
    if not getattr(sys, "frozen", False):
        return "python main.py"
    if sys.platform == "win32":
        return f"{APP_ID}-cli.exe"
    return Path(sys.executable).name

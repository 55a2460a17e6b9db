"""The Qt binding itself: a release that corrupts the interpreter is refused before it reaches users."""

from __future__ import annotations

import os
import subprocess
import sys

# A widget's setter called as often as a busy day of typing and reloading calls Qt: every call returns None.
_PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(20000):
    label.setText("北流市")
print(before - sys.getrefcount(None))
"""


def test_qt_calls_that_return_nothing_do_not_use_up_none():
    """PySide6 6.12.0 on Python 3.11 lost a reference to None per such call and aborted the program."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout.strip().splitlines()[-1]) <= 0

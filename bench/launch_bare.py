"""The floor for start-up: a bare PySide6 main window from the same interpreter, shown and responsive.

Run as a script by bench.startup; prints `LOADED {"peak_mib": …}` from the first event-loop turn after
show(), then ends at once, as bench/launch_app.py does.
"""

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import peak_rss_mib


def _loaded() -> None:
    sys.stdout.write("LOADED " + json.dumps({"peak_mib": round(peak_rss_mib(), 1)}) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.resize(1366, 720)
    window.show()
    QTimer.singleShot(0, _loaded)
    sys.exit(app.exec())

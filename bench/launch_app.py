"""Start the app as `python main.py --db STORE` does, and say when its window has the ledger loaded.

Run as a script by bench.startup (`python bench/launch_app.py STORE`); the parent times it from spawn to
the `LOADED` line. Nothing of the app is imported ahead of what main.py imports: an import hook wraps
MainWindow.__init__ when gui.main_window is first imported, to hear its `loaded` signal. Then the line
`LOADED {"peak_mib": …}` goes to stdout and the process ends at once (os._exit), skipping the teardown.
"""

import importlib.abc
import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # as for `python main.py`: the repository is the first entry


def _peak_mib() -> float:
    sys.path.insert(0, str(ROOT / "bench"))
    from measure import peak_rss_mib  # bench/measure.py, imported only now (it imports nothing of the app)

    return peak_rss_mib()


def _on_loaded(window) -> None:
    shown = {"peak_mib": round(_peak_mib(), 1), "title": window.windowTitle(), "rows": window.model.rowCount()}
    sys.stdout.write("LOADED " + json.dumps(shown, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    os._exit(0)


def _hook_main_window(module) -> None:
    window_class = module.MainWindow
    original = window_class.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        self.loaded.connect(lambda: _on_loaded(self))

    window_class.__init__ = init


class _Finder(importlib.abc.MetaPathFinder):
    """Lets gui.main_window load as usual, then wraps its MainWindow."""

    def find_spec(self, name, path, target=None):
        if name != "gui.main_window":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module

        def exec_module(module) -> None:
            execute(module)
            _hook_main_window(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _Finder())

from cli import main  # noqa: E402 - what main.py does, after the hook is in place

if __name__ == "__main__":
    sys.exit(main(["--db", sys.argv[1]]))

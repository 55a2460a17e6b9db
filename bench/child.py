"""A measuring child process: `python -m bench.child FIGURE ARGS.json` runs one figure and reports it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench import gui_figures, io_figures

FIGURES = {**io_figures.FIGURES, **gui_figures.FIGURES}


def main() -> int:
    name, args_file = sys.argv[1], Path(sys.argv[2])
    FIGURES[name](json.loads(args_file.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""科技指标任务台账: start the window, or run a command-line verb (`python main.py --help`)."""

import sys

from cli import main

if __name__ == "__main__":
    sys.exit(main())

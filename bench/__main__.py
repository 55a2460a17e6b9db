"""`python -m bench`: see bench/run_bench.py."""

import sys

from bench.run_bench import main

sys.exit(main())

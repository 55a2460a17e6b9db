"""Killed mid-write: every figure the program acknowledged is in the store after reopening.

A child process records figures through the storage API and prints an acknowledgement after each commit;
the test kills it with SIGKILL at a random moment (often in the middle of the next transaction), reopens
the store (quick_check runs on open) and checks every acknowledged figure. 5 kills by default; 50 with
LEDGER_SLOW=1 (the slow set).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.db import open_store
from tests.fault_support import ledger_with_figure

ROOT = Path(__file__).resolve().parent.parent
MONTHS = 12

WRITER = """
import sys
sys.path.insert(0, {root!r})
from domain.periods import Period
from storage.achievements import AchievementKey, record_achievement
from storage.db import open_store

store = open_store({db!r}, create=False)
plan_id = {plan_id}
value = {start}
while True:
    month = value % {months} + 1
    key = AchievementKey(plan_id, "237", "", "北流市", Period.parse(f"2022-{{month:02d}}"))
    record_achievement(store, key, {{"actual": str(value), "progress": f"第{{value}}次"}}, "测试")
    print(value, flush=True)  # acknowledged: committed
    value += 1
"""


def kill_mid_write(db: Path, plan_id: int, start: int, rng: random.Random) -> list[int]:
    """Run a writer from `start`, kill it after a random number of acknowledgements; what it acknowledged."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(root=str(ROOT), db=str(db), plan_id=plan_id, start=start,
                                             months=MONTHS)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    acknowledged: list[int] = []
    wanted = rng.randint(1, 40)
    try:
        assert child.stdout is not None
        while len(acknowledged) < wanted:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the writer stopped by itself: {child.stderr.read() if child.stderr else ''}")
            acknowledged.append(int(line))
        time.sleep(rng.uniform(0, 0.01))  # somewhere inside the next transaction, or between two
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        acknowledged.extend(int(line) for line in child.stdout.read().split())  # printed before the kill
    finally:
        if child.poll() is None:
            child.kill()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    return acknowledged


SLOW = os.environ.get("LEDGER_SLOW") == "1"


@pytest.mark.parametrize("count", [
    5, pytest.param(50, marks=pytest.mark.skipif(not SLOW, reason="the slow set: run with LEDGER_SLOW=1")),
], ids=lambda n: f"{n}_kills")  # fmt: skip
def test_every_acknowledged_figure_survives_sigkill(tmp_path, count):
    db = tmp_path / "ledger.sqlite3"
    plan_id = ledger_with_figure(db)
    rng = random.Random(count)
    start = 100
    known: dict[int, float] = {}  # month -> the figure the store must hold
    for _ in range(count):
        acknowledged = kill_mid_write(db, plan_id, start, rng)
        for value in acknowledged:
            known[value % MONTHS + 1] = value
        unacknowledged = max(acknowledged) + 1  # perhaps committed just before the kill, never printed
        with open_store(db, create=False) as store:  # quick_check on open: a damaged store would raise
            rows = store.query("SELECT period, actual, progress FROM achievements WHERE period LIKE '2022-%'")
        stored = {int(period[5:]): (actual, progress) for period, actual, progress in rows}
        for month, value in known.items():
            actual, progress = stored[month]
            newer = month == unacknowledged % MONTHS + 1 and actual == unacknowledged
            assert actual == value or newer, (month, value, actual)
            assert progress == f"第{int(actual)}次"  # one transaction: both fields, or neither
            known[month] = actual
        start = unacknowledged + 1

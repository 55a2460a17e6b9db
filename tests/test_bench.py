"""The benchmark harness runs end to end on tiny stores (a smoke check: no time is asserted here)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_measures_ours_and_the_floor_and_writes_its_table(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "tiny", "--only", "export_return,edit_county", "--repeats", "1",
         "--cache", str(tmp_path / "cache"), "--out", str(out), "--timeout", "120"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "- Python: " in text and "- Qt: Qt " in text and "- cores: " in text
    rows = [line for line in text.splitlines() if line.startswith("| Export a county") or line.startswith("| One grid")]
    assert len(rows) == 2
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        ours, floor, ratio, verdict = cells[1], cells[2], cells[3], cells[-1]
        assert " ms (" in ours and " ms (" in floor, row  # both sides measured, none failed or timed out
        assert ratio.endswith("×") and verdict in ("met", "missed (time)", "missed (memory)", "missed (time, memory)")
    assert (tmp_path / "cache").is_dir() and list((tmp_path / "cache").glob("county-*.sqlite3"))

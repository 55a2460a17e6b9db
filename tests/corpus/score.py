"""Import every table of the corpus and score the stored figures against the hand-written truth.

python -m tests.corpus.score [-v]

Each table is imported as a user who accepts only what was read with certainty would import it
(`import FILE --accept-all-certain`), into a fresh ledger. A stored figure is a city target, a quota's
target or its baseline. Precision: stored figures that the truth holds, over all stored figures (a figure
the truth marks "pending" — a doubt that must be asked — counts as wrong when stored). Recall: the
truth's figures that were stored. Pending: the truth's doubts that the preview listed as 待确认.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from domain.figures import convert_amount
from domain.plans import normalize_seq
from operations.bootstrap import open_with_builtin
from operations.import_table import Review, import_breakdown_table, preview_import
from storage.plans import load_plan

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
TRUTH = HERE / "truth"


@dataclass
class Score:
    """The counts for one table (or the corpus); `wrong` and `missed` say which figures."""

    name: str
    stored: int = 0
    correct: int = 0
    expected: int = 0
    doubts: int = 0
    asked: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    not_asked: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.stored if self.stored else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def add(self, other: Score) -> None:
        for name in ("stored", "correct", "expected", "doubts", "asked"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wrong += [f"{other.name}: {w}" for w in other.wrong]
        self.missed += [f"{other.name}: {m}" for m in other.missed]
        self.not_asked += [f"{other.name}: {m}" for m in other.not_asked]


def truth_figures(truth: dict) -> tuple[dict[tuple[str, str, str], float | None], set[tuple[str, str]]]:
    """(seq, unit, part) → value (None: nothing may be stored there), and the (seq, name) pairs to be asked."""
    figures: dict[tuple[str, str, str], float | None] = {}
    doubts: set[tuple[str, str]] = set()
    for seq, indicator in truth["indicators"].items():
        seq = normalize_seq(seq)
        if "total" in indicator:
            figures[(seq, "全市", "target")] = indicator["total"]
        for unit, value in indicator["quotas"].items():
            if value == "pending":
                doubts.add((seq, unit))
                figures[(seq, unit, "target")] = None
                figures[(seq, unit, "baseline")] = None
            elif isinstance(value, dict):
                # {"target": "pending", "baseline": 2000}: the 基数 is certain, the target must be asked.
                for part in ("target", "baseline"):
                    written = value.get(part)
                    if written == "pending":
                        doubts.add((seq, unit))
                    figures[(seq, unit, part)] = None if written == "pending" else written
            else:
                figures[(seq, unit, "target")] = float(value)
                figures[(seq, unit, "baseline")] = None
    return figures, doubts


def score_table(store, path: Path, truth: dict) -> Score:
    """Import one table into `store` and count its stored figures against the truth."""
    score = Score(path.name)
    preview = preview_import(store, path)
    changes = import_breakdown_table(store, preview, "语料评分", review=Review(accept_certain=True))
    plan = load_plan(store, changes.plan_id)
    expected, doubts = truth_figures(truth)
    measures = {normalize_seq(s): i.get("measure", "") for s, i in truth["indicators"].items()}
    stored: dict[tuple[str, str, str], float] = {}
    for task in plan.tasks:
        seq = normalize_seq(task.seq)
        # The truth describes one indicator per task; a text of several indicators is judged by the one it names.
        for indicator in _described(task.indicators, seq, expected)[:1]:
            wanted = measures.get(seq, "")

            def convert(value: float, measure: str = indicator.measure, wanted: str = wanted) -> float:
                return convert_amount(value, measure, wanted) if wanted else value

            if indicator.target is not None:
                stored[(seq, "全市", "target")] = convert(indicator.target)
            for quota in indicator.quotas:
                if quota.target is not None:
                    stored[(seq, quota.unit, "target")] = convert(quota.target)
                if quota.baseline is not None:
                    stored[(seq, quota.unit, "baseline")] = quota.baseline
    for key, value in stored.items():
        if key[1] == "全市" and key not in expected:
            continue  # the truth does not judge this city target
        score.stored += 1
        truth_value = expected.get(key)
        if truth_value is not None and abs(truth_value - value) <= 1e-6 * max(1.0, abs(truth_value)):
            score.correct += 1
        else:
            score.wrong.append(
                f"{'/'.join(key)} 存为 {value:g}，应为 {'（不应登记）' if truth_value is None else f'{truth_value:g}'}"
            )
    for key, value in expected.items():
        if value is not None:
            score.expected += 1
            if key not in stored:
                score.missed.append(f"{'/'.join(key)} 应为 {value:g}，未登记")
    asked = {(normalize_seq(p.seq), n) for p in preview.pending for n in (p.name, p.unit) if n}
    score.doubts = len(doubts)
    for seq, name in sorted(doubts):
        if (seq, name) in asked:
            score.asked += 1
        else:
            score.not_asked.append(f"{seq}/{name} 未列为待确认")
    return score


def _described(indicators: list, seq: str, expected: dict) -> list:
    """The task's indicators, the one whose units the truth gives first (the first when none or a tie)."""
    units = {unit for s, unit, _ in expected if s == seq and unit != "全市"}
    return sorted(indicators, key=lambda i: -len(units & {q.unit for q in i.quotas}))


def score_corpus(folder: Path = FILES) -> tuple[Score, list[Score]]:
    """Score every table that has a truth file; the corpus total and each table's score."""
    total = Score("语料合计")
    tables = []
    with tempfile.TemporaryDirectory(prefix="corpus-score-") as tmp:
        store = open_with_builtin(Path(tmp) / "ledger.sqlite3")
        try:
            for truth_file in sorted(TRUTH.glob("*.json")):
                truth = json.loads(truth_file.read_text(encoding="utf-8"))
                score = score_table(store, folder / truth["file"], truth)
                tables.append(score)
                total.add(score)
        finally:
            store.close()
    return total, tables


def _line(score: Score) -> str:
    return (
        f"{score.name:<28} 登记 {score.stored:>4}  正确 {score.correct:>4}  应有 {score.expected:>4}  "
        f"精确率 {score.precision:.2f}  召回率 {score.recall:.2f}  待确认 {score.asked}/{score.doubts}"
    )


def main(argv: list[str]) -> int:
    total, tables = score_corpus()
    for score in tables:
        print(_line(score))
        if "-v" in argv:
            for line in score.wrong + score.missed + score.not_asked:
                print(f"    {line}")
    print(_line(total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

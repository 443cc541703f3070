"""Measure the feedback coach on labelled comments.

    .venv/bin/python -m trellis.work.coach_eval [tests/work/data/feedback_examples.csv]

Each row has a comment, the criterion it was written against, and a label: helpful, vague
or personal. "Needs work" is the positive class (vague or personal); the coach's flag is
the prediction.
"""

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import coach

DEFAULT = Path("tests/work/data/feedback_examples.csv")


@dataclass
class Result:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def load_examples(path: Path = DEFAULT) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def evaluate(rows: list[dict]) -> Result:
    result = Result()
    for row in rows:
        advice = coach.check(row["comment"], criterion_text=row["criterion"])
        actual = row["label"] != "helpful"
        if advice.needs_work and actual:
            result.tp += 1
        elif advice.needs_work:
            result.fp += 1
            result.misses.append(("false alarm", row["comment"], advice.flags))
        elif actual:
            result.fn += 1
            result.misses.append((f"missed ({row['label']})", row["comment"], advice.signals))
        else:
            result.tn += 1
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows = load_examples(Path(argv[0]) if argv else DEFAULT)
    r = evaluate(rows)
    print(
        f"{len(rows)} comments; needs-work flag: precision {r.precision:.2f}, recall {r.recall:.2f}"
    )
    print(
        f"true positives {r.tp}, false positives {r.fp}, "
        f"false negatives {r.fn}, true negatives {r.tn}"
    )
    for kind, comment, detail in r.misses:
        print(f"  {kind}: {comment!r} {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

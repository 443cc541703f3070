"""The feedback coach, measured on labelled examples (tests/work/data/feedback_examples.csv).

Run `.venv/bin/python -m trellis.work.coach_eval` to print the numbers that docs/feedback.md
reports; this test keeps the docs honest and the rules above a floor.
"""

import re
from pathlib import Path

from trellis.work import coach
from trellis.work.coach_eval import evaluate, load_examples

DATA = Path(__file__).parent / "data" / "feedback_examples.csv"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "feedback.md"
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.85


def test_the_labelled_set_is_large_and_mixed():
    rows = load_examples(DATA)
    labels = {r["label"] for r in rows}
    assert len(rows) >= 60
    assert labels == {"helpful", "vague", "personal"}


def test_needs_work_flag_meets_its_floor_and_matches_the_docs():
    result = evaluate(load_examples(DATA))
    assert result.precision >= PRECISION_FLOOR
    assert result.recall >= RECALL_FLOOR
    docs = DOCS.read_text()
    m = re.search(r"precision \*\*(\d\.\d\d)\*\*.*?recall \*\*(\d\.\d\d)\*\*", docs, re.S)
    assert m, "docs/feedback.md must state the measured precision and recall"
    assert (float(m.group(1)), float(m.group(2))) == (
        round(result.precision, 2),
        round(result.recall, 2),
    )


def test_each_rule():
    assert coach.check("Nice.").flags == ["too-short", "generic"]
    assert coach.check("Great work, I really liked reading all of it").flags == ["generic"]
    assert coach.check("You are so lazy and it shows in everything").flags == ["personal"]
    helpful = coach.check(
        "Add units to the answer in step 3 because the question asks for centimetres.",
        criterion_text="Shows reasoning",
    )
    assert not helpful.needs_work
    assert set(helpful.signals) >= {"place", "action", "reason"}


def test_criterion_words_and_quotes_count_as_specific():
    advice = coach.check(
        "The evidence here is good but thin in places overall",
        criterion_text="Claim and evidence",
        quote="four degrees cooler",
    )
    assert "criterion" in advice.signals and "quote" in advice.signals
    assert not advice.needs_work

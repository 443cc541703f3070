"""AUC, expected calibration error and the reliability table, and the simulate command."""

import json

import numpy as np
import pytest

from trellis.grr.calibration import auc, expected_calibration_error, reliability_table
from trellis.grr.cli import main


def test_calibrated_predictions_have_a_small_error_and_biased_ones_a_large_one():
    rng = np.random.default_rng(0)
    p = rng.uniform(0, 1, 50_000)
    y = (rng.random(50_000) < p).astype(float)
    assert expected_calibration_error(y, p) < 0.01
    assert expected_calibration_error(y, np.clip(p + 0.1, 0, 1)) == pytest.approx(0.09, abs=0.01)
    assert auc(y, p) == pytest.approx(auc(y, p**2))  # AUC only reads the order


def test_reliability_table_bins_by_prediction():
    y = [0, 1, 1, 1, 0]
    p = [0.05, 0.95, 1.0, 0.55, 0.5]
    table = reliability_table(y, p)
    assert [b.count for b in table] == [1, 0, 0, 0, 0, 2, 0, 0, 0, 2]
    assert table[5].predicted == pytest.approx(0.525) and table[5].observed == 0.5
    assert table[1].predicted is None and table[1].gap is None
    assert table[9].low == 0.9 and table[9].high == 1.0


def test_auc_ties_count_half_and_one_class_gives_nan():
    assert auc([0, 1], [0.5, 0.5]) == 0.5
    assert auc([1, 0, 1], [0.9, 0.1, 0.8]) == 1.0
    assert np.isnan(auc([1, 1], [0.2, 0.3]))


def test_mismatched_or_out_of_range_input_says_what_is_wrong():
    with pytest.raises(ValueError, match="3 outcomes but 2 predictions"):
        expected_calibration_error([0, 1, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\]"):
        reliability_table([0, 1], [0.2, 1.3])


def test_simulate_command_prints_a_row_per_policy(capsys):
    assert main(["simulate", "--classes", "2", "--students", "10", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = [r["policy"] for r in rows]
    assert names == [
        "fixed pacing (10 items)",
        "3 right in a row",
        "4 of the last 5",
        "oracle (released on the first item answered while mastered)",
        "oracle, stalls re-taught after the first item",
        "engine, previous thresholds",
        "engine, answers only",
        "engine, teacher ignores step backs",
        "engine, a re-teach only ends a stall",
        "engine",
    ]
    assert all(r["students"] == 20 and 0 <= r["released"] <= 1 for r in rows)
    assert all(0 <= r["retaught"] <= 1 for r in rows)
    assert main(["simulate", "--classes", "1", "--students", "5"]) == 0
    assert capsys.readouterr().out.startswith("| policy | released |")

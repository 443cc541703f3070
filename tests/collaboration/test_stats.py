"""The honest interval of a before/after change (pure functions)."""

import pytest

from trellis.collaboration.stats import TOO_FEW, change, wilson


def test_wilson_interval_brackets_the_share():
    low, high = wilson(14, 28)
    assert low < 0.5 < high
    assert low == pytest.approx(0.326, abs=0.002) and high == pytest.approx(0.674, abs=0.002)
    assert wilson(0, 0) == (0.0, 1.0)


def test_a_change_from_too_few_students_is_not_told():
    c = change((5, 9), (9, 9))
    assert c.too_few and c.describe() == TOO_FEW and c.verdict == TOO_FEW


def test_a_clear_rise_and_no_clear_change():
    rise = change((10, 40), (30, 40))
    assert rise.difference == pytest.approx(0.5) and rise.low > 0 and rise.verdict == "a clear rise"
    assert rise.describe().startswith("+50 points (95% interval +")
    flat = change((20, 40), (22, 40))
    assert flat.low < 0 < flat.high and flat.verdict.startswith("no clear change")
    fall = change((30, 40), (10, 40))
    assert fall.verdict == "a clear fall"

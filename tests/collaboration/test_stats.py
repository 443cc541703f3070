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


def test_a_mean_change_has_an_interval_or_says_too_few():
    from trellis.collaboration.stats import mean_change, mean_interval

    before = [1] * 10 + [2] * 10  # mean 1.5
    after = [2] * 10 + [3] * 10  # mean 2.5
    c = mean_change(
        (sum(before), sum(v * v for v in before), len(before)),
        (sum(after), sum(v * v for v in after), len(after)),
        unit="revisions per student",
    )
    assert c.difference == pytest.approx(1.0)
    # Each sd is ~0.513: half-width 1.96 * sqrt(2 * 0.263 / 20) = 0.318.
    assert c.low == pytest.approx(0.682, abs=0.005) and c.high == pytest.approx(1.318, abs=0.005)
    assert c.verdict == "a clear rise"
    assert c.describe() == "+1.0 revisions per student (95% interval +0.7 to +1.3)"
    few = mean_change((9, 9, 9), (30, 100, 20))
    assert few.too_few and few.describe() == TOO_FEW
    low, high = mean_interval(30, 50, 20)
    assert low < 1.5 < high

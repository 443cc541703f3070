"""Confidence ratings as evidence, per student: profiles learned from a school's history,
an over-confident student's top ratings weigh little, a calibrated student's weigh a lot, and
mastery and confidence stay apart in what the teacher sees."""

from datetime import datetime, timedelta

import numpy as np
import pytest

from trellis.grr import BKTParams, Evidence, Phase, assess, recommend, simulate, update_mastery
from trellis.grr.ratings import RatingProfiles, Step, belief, fit_profiles
from trellis.grr.thresholds import Thresholds

PARAMS = BKTParams(prior=0.15, learn=0.15, guess=0.15, slip=0.08, forget=0.01)


@pytest.fixture(scope="module")
def profiles():
    rng = np.random.default_rng(7)
    return fit_profiles(simulate.history(rng, 16), simulate.POPULATION, k=3)


def test_fit_recovers_the_three_kinds_of_rater(profiles):
    low, matched, high = (profiles.describe(k) for k in range(3))
    assert low == "rates low even when the work is right"
    assert matched == "ratings have matched the work"
    assert high == "rates high before the work shows it"
    # A fifth under-confident, three fifths calibrated, a fifth over-confident.
    assert profiles.weights == pytest.approx((0.2, 0.6, 0.2), abs=0.06)
    # A calibrated student almost never rates 4 before they can do it; an over-confident
    # one does about a quarter of the time.
    assert profiles.unmastered[1][3] < 0.02
    assert 0.15 < profiles.unmastered[2][3] < 0.4
    assert profiles.n_students == 400


def test_without_ratings_the_belief_is_the_mastery_from_answers(profiles):
    answers = [0, 0, 1, 0, 1, 1]
    p = PARAMS.prior
    for y in answers:
        p = update_mastery(p, PARAMS, y)
    got, posterior = belief([Step(float(y)) for y in answers], PARAMS, profiles)
    assert got == pytest.approx(p, abs=1e-12)
    assert posterior == pytest.approx(profiles.weights)


def _student(ratings_before: int, right: int = 2):
    """Eight wrong answers rated ``ratings_before``, then ``right`` right ones rated 4."""
    return [Step(0.0, (ratings_before,)) for _ in range(8)] + [Step(1.0, (4,))] * right


def test_a_top_rating_counts_for_a_calibrated_student_and_little_for_an_over_confident_one(
    profiles,
):
    # One right answer after eight wrong ones: about 0.61 from the answer alone.
    answers_only, _ = belief([Step(s.y) for s in _student(2, 1)], PARAMS, profiles)
    calibrated, post_c = belief(_student(2, 1), PARAMS, profiles)
    over, post_o = belief(_student(3, 1), PARAMS, profiles)
    assert 0.55 < answers_only < 0.7
    assert calibrated > 0.98  # this student's 4 has meant "I can" every time so far
    assert answers_only < over < 0.9  # this one's 4s came before the work, so it adds little
    assert post_c.argmax() == 1 and post_o.argmax() == 2
    # A tempered rating moves the belief less.
    tempered, _ = belief(_student(2, 1), PARAMS, profiles, weight=0.5)
    assert answers_only < tempered < calibrated


def test_readiness_keeps_mastery_and_confidence_apart(profiles):
    at = datetime(2025, 3, 3, 9)
    ev = []
    for i, step in enumerate(_student(2)):
        ev.append(Evidence.answer("t", bool(step.y), at + timedelta(minutes=i)))
        ev.append(Evidence.confidence("t", step.ratings[0], at + timedelta(minutes=i, seconds=1)))
    params = {"t": PARAMS}
    plain = assess(ev, params)
    read = assess(ev, params, profiles=profiles)
    assert read.mastery == plain.mastery and read.confidence == plain.confidence == 4
    assert plain.belief is None and read.belief > 0.98
    assert read.rating_profile == "ratings have matched the work"
    assert not plain.capable and read.capable
    rec = recommend(Phase.GUIDED, ev, params, profiles=profiles)
    assert rec.to is Phase.INDEPENDENT
    assert f"mastery {read.mastery:.2f}, confidence 4 of 4, answers and ratings together" in (
        rec.reason
    )
    assert "this student's ratings matched the work" in rec.reason
    # The work alone must still reach the floor: ratings add to answers, never replace them.
    strict = Thresholds(work_mastery_floor=0.99)
    held = recommend(Phase.GUIDED, ev, params, strict, profiles=profiles)
    assert held.to is Phase.GUIDED and "confident but not yet accurate" in held.reason
    ev.append(Evidence.confidence("t", 2, at + timedelta(minutes=20)))
    held = recommend(Phase.GUIDED, ev, params, strict, profiles=profiles)
    assert "release needs 0.98 from answers and ratings together and mastery 0.99" in held.reason


def test_profiles_refuse_bad_tables_and_round_trip(profiles):
    assert RatingProfiles.from_dict(profiles.to_dict()).weights == profiles.weights
    with pytest.raises(ValueError, match="summing to 1"):
        RatingProfiles((1.0,), ((0.5, 0.5, 0.0, 0.0),), ((0.25,) * 4,))
    with pytest.raises(ValueError, match="one entry per profile"):
        RatingProfiles((0.5, 0.5), ((0.25,) * 4,), ((0.25,) * 4,))
    with pytest.raises(ValueError, match="at least one history"):
        fit_profiles([], PARAMS)
    with pytest.raises(ValueError, match="advance_belief"):
        Thresholds(advance_belief=1.5)

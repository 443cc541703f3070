"""The stall rule (Heick: students who sit still go back to step one), pure."""

from datetime import UTC, datetime, timedelta

import pytest

from trellis.grr import (
    Evidence,
    Phase,
    RecommendationKind,
    Thresholds,
    apply_move,
    apply_stall,
    recommend,
    stall_check,
)

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_quiet_in_guided_for_the_threshold_steps_back_to_modeling():
    ev = [Evidence.confidence("t", 3, at(2))]
    assert stall_check(Phase.GUIDED, ev, active_since=T0, now=at(16)) is None
    stall = stall_check(Phase.GUIDED, ev, active_since=T0, now=at(18))
    assert stall.to is Phase.MODELING and "no work for 16 minutes" in stall.reason
    rec = apply_stall(recommend(Phase.GUIDED, ev, now=at(18)), stall)
    assert rec.kind is RecommendationKind.STEP_BACK and rec.to is Phase.MODELING
    assert "re-teach in a small group" in rec.reason
    # Stepping back two phases is a legal move for the teacher to apply.
    assert apply_move(Phase.GUIDED, rec.move) is Phase.MODELING


def test_quiet_in_independent_goes_back_to_guided_and_the_threshold_is_named():
    th = Thresholds(stall_after=timedelta(minutes=5))
    stall = stall_check(Phase.INDEPENDENT, [], active_since=T0, now=at(6), thresholds=th)
    assert stall.to is Phase.GUIDED
    assert stall_check(Phase.INDEPENDENT, [], active_since=T0, now=at(4), thresholds=th) is None


def test_repeated_lost_is_a_stall_even_when_busy():
    ev = [Evidence.confidence("t", 1, at(1)), Evidence.confidence("t", 1, at(3))]
    stall = stall_check(Phase.INDEPENDENT, ev, active_since=T0, now=at(4))
    assert stall.to is Phase.MODELING and stall.lost_reports == 2


def test_no_stall_outside_a_run_or_in_early_phases_or_right_after_entering():
    assert stall_check(Phase.GUIDED, [], active_since=None, now=at(60)) is None
    assert stall_check(Phase.MODELING, [], active_since=T0, now=at(60)) is None
    # The clock starts when the student entered the phase.
    assert stall_check(Phase.GUIDED, [], active_since=at(50), now=at(60)) is None


def test_thresholds_refuse_nonsense():
    with pytest.raises(ValueError):
        Thresholds(stall_after=timedelta(0))

"""Recommendations and their reasons: advance, hold, step back, help requests, no evidence,
calibration of confidence against capability, ZPD flags, groups and the class-wide pause."""

from datetime import datetime, timedelta

import numpy as np
import pytest

from trellis.grr import (
    BKTParams,
    Calibration,
    Evidence,
    EvidenceKind,
    InvalidEvidence,
    MasteryTable,
    Observation,
    Phase,
    RecommendationKind,
    Thresholds,
    ZPDFlag,
    apply_move,
    assess,
    pause_signal,
    recommend,
    suggest_groups,
    update_mastery,
)

TUESDAY = datetime(2025, 3, 4, 9, 0)
PARAMS = {"fractions": BKTParams(prior=0.3, learn=0.2, guess=0.2, slip=0.1)}


def answers(results, start=TUESDAY + timedelta(days=1), target="fractions"):
    return [
        Evidence.answer(target, bool(c), start + timedelta(minutes=i))
        for i, c in enumerate(results)
    ]


def ratings(values, start=TUESDAY + timedelta(days=3, hours=1)):
    return [
        Evidence.confidence("fractions", v, start + timedelta(minutes=i))
        for i, v in enumerate(values)
    ]


def test_advance_reason_reads_like_the_teacher_would_say_it():
    ev = [Evidence.help_request("fractions", TUESDAY)]
    ev += answers([0, 1, 0, 1, 1, 1, 0, 1, 1])
    ev += ratings([3])
    rec = recommend(Phase.GUIDED, ev, PARAMS)
    assert rec.kind is RecommendationKind.ADVANCE and rec.to is Phase.INDEPENDENT
    m = rec.readiness.mastery
    assert m >= 0.85
    assert rec.reason == (
        f"4 of the last 5 check-in answers right, mastery {m:.2f}, confidence 3 of 4, "
        "no help requests since Tuesday → ready for independent practice"
    )
    assert apply_move(Phase.GUIDED, rec.move) is Phase.INDEPENDENT


def test_advance_from_independent_means_complete():
    rec = recommend(Phase.INDEPENDENT, answers([1, 1, 1, 1]) + ratings([4]), PARAMS)
    assert rec.kind is RecommendationKind.ADVANCE and rec.to is Phase.COMPLETE
    assert "→ ready to mark the task complete" in rec.reason
    assert apply_move(Phase.INDEPENDENT, rec.move) is Phase.COMPLETE


def test_no_evidence_holds_and_claims_nothing():
    rec = recommend(Phase.MODELING, [], PARAMS)
    assert rec.kind is RecommendationKind.HOLD and rec.to is Phase.MODELING
    assert rec.reason == "no evidence yet → hold in modeling (I do)"
    assert rec.readiness.mastery is None


def test_reason_never_claims_missing_evidence():
    # Only confidence ratings: no answers, no mastery, no help requests to speak of.
    rec = recommend(Phase.GUIDED, ratings([4, 4]), PARAMS)
    assert rec.kind is RecommendationKind.HOLD
    assert "check-in answers right" not in rec.reason
    assert "mastery" not in rec.reason
    assert "no check-in answers, observations or rubric scores yet" in rec.reason
    assert "since" not in rec.reason
    assert "needs at least 3 answers or observations (has 0)" in rec.reason


def test_fewer_answers_than_the_window_are_not_called_the_last_five():
    rec = recommend(Phase.GUIDED, answers([1, 1]) + ratings([3]), PARAMS)
    assert "2 of 2 check-in answers right" in rec.reason
    assert "the last" not in rec.reason


def test_step_back_when_mastery_is_low():
    rec = recommend(Phase.INDEPENDENT, answers([0, 0, 1, 0, 0]) + ratings([2]), PARAMS)
    assert rec.kind is RecommendationKind.STEP_BACK and rec.to is Phase.GUIDED
    assert "1 of the last 5 check-in answers right" in rec.reason
    assert "step back to guided practice: mastery under 0.40" in rec.reason
    assert apply_move(Phase.INDEPENDENT, rec.move) is Phase.GUIDED  # the reason is the move's


def test_a_student_brought_back_is_not_sent_back_again_before_working_in_the_phase():
    """After a step back and a re-teach the teacher moves the student forward again; the old
    wrong answers alone do not send them back a second time: a step back for low mastery
    needs min_observations answers made since they (last) entered the phase."""
    old = answers([0, 0, 1, 0, 0])  # Wednesday
    back = TUESDAY + timedelta(days=2)  # re-taught and moved back on Thursday
    rec = recommend(Phase.GUIDED, old, PARAMS, phase_since=back)
    assert rec.kind is RecommendationKind.HOLD
    assert "mastery under" not in rec.reason
    two = answers([0, 0], start=back + timedelta(hours=1))
    assert recommend(Phase.GUIDED, old + two, PARAMS, phase_since=back).kind is (
        RecommendationKind.HOLD
    )
    three = answers([0, 0, 0], start=back + timedelta(hours=1))
    rec = recommend(Phase.GUIDED, old + three, PARAMS, phase_since=back)
    assert rec.kind is RecommendationKind.STEP_BACK and rec.to is Phase.CO_CONSTRUCTION
    # Without phase_since (or entered before the evidence), the whole history counts.
    assert recommend(Phase.GUIDED, old, PARAMS).kind is RecommendationKind.STEP_BACK
    assert recommend(Phase.GUIDED, old, PARAMS, phase_since=TUESDAY).kind is (
        RecommendationKind.STEP_BACK
    )
    # A help request in independent practice still sends them back at once.
    help_now = [Evidence.help_request("fractions", back + timedelta(minutes=5))]
    rec = recommend(Phase.INDEPENDENT, old + help_now, PARAMS, phase_since=back)
    assert rec.kind is RecommendationKind.STEP_BACK and rec.to is Phase.GUIDED


def test_low_mastery_in_modeling_holds_because_there_is_nowhere_to_step_back():
    rec = recommend(Phase.MODELING, answers([0, 0, 0, 0]) + ratings([1]), PARAMS)
    assert rec.kind is RecommendationKind.HOLD


def test_help_request_in_independent_recommends_guided():
    ev = answers([1, 1, 1, 1, 1]) + ratings([4])
    ev.append(Evidence.help_request("fractions", TUESDAY + timedelta(days=3)))
    rec = recommend(Phase.INDEPENDENT, ev, PARAMS)
    assert rec.kind is RecommendationKind.STEP_BACK and rec.to is Phase.GUIDED
    assert "asked for help on Friday" in rec.reason
    assert rec.reason.endswith(
        "asked for help during independent practice; "
        "recent work looks too easy (stretch this student)"
    )


def test_recent_help_request_blocks_advancing():
    ev = answers([1, 1, 1, 1, 1]) + ratings([4])
    ev.append(Evidence.help_request("fractions", TUESDAY + timedelta(days=3)))
    rec = recommend(Phase.GUIDED, ev, PARAMS)
    assert rec.kind is RecommendationKind.HOLD
    assert "a recent help request comes before moving on" in rec.reason
    # The same help request long ago no longer blocks.
    later = TUESDAY + timedelta(days=6)
    assert recommend(Phase.GUIDED, ev, PARAMS, now=later).kind is RecommendationKind.ADVANCE


def test_capable_but_unsure():
    rec = recommend(Phase.GUIDED, answers([1, 1, 1, 1, 0, 1]) + ratings([2, 2]), PARAMS)
    assert rec.readiness.calibration is Calibration.CAPABLE_BUT_UNSURE
    assert rec.kind is RecommendationKind.HOLD
    assert "confidence 2 of 4" in rec.reason and "capable but unsure" in rec.reason


def test_confident_but_not_yet_accurate():
    rec = recommend(Phase.GUIDED, answers([1, 0, 1, 0, 1]) + ratings([4, 4]), PARAMS)
    assert rec.readiness.calibration is Calibration.CONFIDENT_BUT_NOT_YET_ACCURATE
    assert rec.kind is RecommendationKind.HOLD
    assert "confident but not yet accurate" in rec.reason


def test_capable_without_any_rating_asks_for_one():
    rec = recommend(Phase.GUIDED, answers([1, 1, 1, 1, 1]), PARAMS)
    assert rec.kind is RecommendationKind.HOLD
    assert rec.readiness.calibration is Calibration.UNKNOWN
    assert "no confidence ratings yet" in rec.reason and "ask for a confidence rating" in rec.reason


def test_zpd_flags():
    easy = assess(answers([1, 1, 1, 1, 1]), PARAMS)
    hard = assess(answers([0, 0, 1, 0, 0]), PARAMS)
    productive = assess(answers([1, 0, 1, 1, 1]), PARAMS)
    too_few = assess(answers([1, 1, 1]), PARAMS)
    assert easy.zpd is ZPDFlag.TOO_EASY
    assert hard.zpd is ZPDFlag.TOO_HARD
    assert productive.zpd is None and too_few.zpd is None
    rec = recommend(Phase.GUIDED, answers([0, 0, 1, 0, 0]) + ratings([1]), PARAMS)
    assert rec.zpd is ZPDFlag.TOO_HARD and rec.reason.endswith("looks too hard (break it down)")
    narrow = Thresholds(zpd_low=0.7, zpd_high=0.95)
    assert assess(answers([1, 0, 1, 1, 0]), PARAMS, narrow).zpd is ZPDFlag.TOO_HARD


def test_confidence_and_help_are_not_capability_evidence():
    base = answers([1, 0, 1])
    extra = [*ratings([4, 4, 4]), Evidence.help_request("fractions", TUESDAY)]
    a, b = assess(base, PARAMS), assess(base + extra, PARAMS)
    assert a.mastery == b.mastery and a.n_capability == b.n_capability == 3


def test_observations_and_rubric_scores_move_mastery_softly():
    p = PARAMS["fractions"]
    at = TUESDAY
    explained = assess(
        [Evidence.observation("fractions", Observation.EXPLAINED_THE_STEP, at)], PARAMS
    )
    prompted = assess([Evidence.observation("fractions", "needed_prompting", at)], PARAMS)
    off = assess([Evidence.observation("fractions", Observation.OFF_TRACK, at)], PARAMS)
    rubric = assess([Evidence.rubric("fractions", 0.75, at)], PARAMS)
    assert explained.mastery == pytest.approx(update_mastery(p.prior, p, 1))
    assert off.mastery == pytest.approx(update_mastery(p.prior, p, 0))
    assert off.mastery < prompted.mastery < rubric.mastery < explained.mastery


def test_unknown_target_uses_default_params_and_says_so():
    r = assess(answers([1, 1], target="decimals"), PARAMS)
    assert r.default_params_targets == ("decimals",)
    assert assess(answers([1, 1]), PARAMS).default_params_targets == ()


def test_weakest_target_gates_release():
    ev = answers([1, 1, 1, 1, 1]) + answers([0, 0, 0], target="decimals") + ratings([4])
    rec = recommend(Phase.GUIDED, ev, PARAMS)
    assert rec.readiness.weakest_target == "decimals"
    assert rec.kind is not RecommendationKind.ADVANCE
    assert "(weakest: decimals)" in rec.reason


def test_self_assessment_gap_is_mentioned_when_large():
    ev = [*answers([1, 1, 1]), Evidence.self_assessment_gap("fractions", 0.4, TUESDAY)]
    assert (
        "rates own work 0.40 above the teacher's assessment" in recommend(Phase.GUIDED, ev).reason
    )
    ev[-1] = Evidence.self_assessment_gap("fractions", 0.1, TUESDAY)
    assert "rates own work" not in recommend(Phase.GUIDED, ev).reason


def test_completed_task_holds():
    rec = recommend(Phase.COMPLETE, answers([1]), PARAMS)
    assert rec.kind is RecommendationKind.HOLD and "the task is complete" in rec.reason


def test_groups_gather_students_who_need_the_same_move():
    ready = answers([1, 1, 1, 1, 1]) + ratings([4])
    weak = answers([0, 0, 0, 1, 0]) + ratings([2])
    recs = {f"r{i}": recommend(Phase.GUIDED, ready, PARAMS) for i in range(3)}
    recs |= {f"w{i}": recommend(Phase.GUIDED, weak, PARAMS) for i in range(2)}
    recs["new"] = recommend(Phase.GUIDED, [], PARAMS)
    groups = suggest_groups(recs)
    assert [g.label for g in groups] == [
        "ready for independent practice: 3",
        "step back to co-construction (we do): 2",
        "hold in guided practice: 1",
    ]
    assert groups[0].students == ("r0", "r1", "r2")


def test_pause_signal_in_modeling():
    now = TUESDAY + timedelta(hours=1)
    lost = {
        f"s{i}": [Evidence.confidence("fractions", 1, now - timedelta(minutes=2))] for i in range(3)
    }
    fine = {f"f{i}": [Evidence.confidence("fractions", 3, now)] for i in range(6)}
    helped = {"h": [Evidence.help_request("fractions", now - timedelta(minutes=1))]}
    recovered = {
        "r": [
            Evidence.confidence("fractions", 1, now - timedelta(minutes=5)),
            Evidence.confidence("fractions", 3, now - timedelta(minutes=1)),
        ]
    }
    stale = {"old": [Evidence.confidence("fractions", 1, now - timedelta(minutes=30))]}
    cls = lost | fine | helped | recovered | stale
    sig = pause_signal(Phase.MODELING, cls, now=now)
    assert (sig.lost, sig.class_size) == (4, 12)
    assert sig.triggered
    assert (
        sig.reason == "4 of 12 students (33%) reported being lost in the last 10 minutes "
        "→ pause and break it down"
    )
    assert apply_move(Phase.MODELING, sig.move) is Phase.MODELING
    calm = pause_signal(Phase.MODELING, cls, now=now, thresholds=Thresholds(pause_lost_share=0.5))
    assert not calm.triggered and calm.move is None
    assert not pause_signal(Phase.GUIDED, cls, now=now).triggered
    assert not pause_signal(Phase.MODELING, {}, now=now).triggered


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (EvidenceKind.ANSWER, 2),
        (EvidenceKind.CONFIDENCE, 5),
        (EvidenceKind.CONFIDENCE, True),
        (EvidenceKind.OBSERVATION, "asleep"),
        (EvidenceKind.RUBRIC, 1.5),
        (EvidenceKind.RUBRIC, float("nan")),
        (EvidenceKind.SELF_ASSESSMENT_GAP, -2),
    ],
)
def test_invalid_evidence_is_rejected(kind, value):
    with pytest.raises(InvalidEvidence):
        Evidence(kind, "fractions", value, TUESDAY)


def test_thresholds_are_checked():
    with pytest.raises(ValueError, match="step_back_mastery"):
        Thresholds(step_back_mastery=0.9, advance_mastery=0.8)
    with pytest.raises(ValueError, match="1-4"):
        Thresholds(advance_confidence=5)


def test_mastery_table_batch_equals_one_by_one():
    params = [
        BKTParams(prior=0.2, learn=0.1, guess=0.2, slip=0.1),
        BKTParams(prior=0.5, learn=0.3, guess=0.25, slip=0.05, forget=0.02),
    ]
    rng = np.random.default_rng(9)
    students = rng.integers(0, 4, 200)  # few students: many repeats of a cell in one batch
    targets = rng.integers(0, 2, 200)
    obs = rng.choice([0.0, 1.0, 0.5], 200)
    batch = MasteryTable(4, params, dtype=np.float64)
    single = MasteryTable(4, params, dtype=np.float64)
    batch.update_batch(students, targets, obs)
    for s, t, y in zip(students, targets, obs, strict=True):
        single.update(s, t, y)
    np.testing.assert_allclose(batch.mastery, single.mastery, rtol=1e-12)
    assert not np.allclose(batch.mastery, MasteryTable(4, params, dtype=np.float64).mastery)

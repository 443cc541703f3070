"""The engine's reasons as facts (trellis.grr.reasons): codes with parameters, and the English
they read as (`Recommendation.reason`, unchanged for the CLI, the tests and the docs)."""

from datetime import UTC, datetime, timedelta

from trellis.grr import Evidence, Phase, Thresholds, pause_signal, recommend, suggest_groups
from trellis.grr.ratings import RatingProfiles
from trellis.grr.reasons import CODES, PROFILE_CODES, Explanation, english, fact
from trellis.grr.stall import apply_stall, stall_check

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def _scenarios():
    """Recommendations across the engine's branches (and a stall, the pause signal)."""
    ago = lambda minutes: NOW - timedelta(minutes=minutes)  # noqa: E731
    right = [Evidence.answer("t", True, ago(60 - i)) for i in range(5)]
    wrong = [Evidence.answer("t", False, ago(60 - i)) for i in range(5)]
    sure = [Evidence.confidence("t", 4, ago(3))]
    unsure = [Evidence.confidence("t", 1, ago(3))]
    two = [*right, Evidence.answer("u", True, ago(2))]
    cases = [
        (Phase.GUIDED, []),
        (Phase.COMPLETE, right),
        (Phase.INDEPENDENT, [*right, Evidence.help_request("t", ago(1))]),
        (Phase.CO_CONSTRUCTION, [Evidence.confidence("t", 1, ago(i)) for i in range(3)]),
        (Phase.GUIDED, wrong),
        (Phase.GUIDED, [*right, Evidence.help_request("t", ago(1))]),
        (Phase.GUIDED, right[:1]),
        (Phase.GUIDED, right + sure),
        (Phase.GUIDED, right + unsure),
        (Phase.GUIDED, wrong[:2] + right[:2] + sure),
        (Phase.GUIDED, right),
        (Phase.GUIDED, two + sure + [Evidence.self_assessment_gap("t", 0.5, ago(1))]),
        (Phase.INDEPENDENT, right + sure),
    ]
    recs = [recommend(p, ev, now=NOW) for p, ev in cases]
    stall = stall_check(Phase.GUIDED, right, active_since=ago(40), now=NOW)
    recs.append(apply_stall(recs[-3], stall))
    signals = [
        pause_signal(phase, {1: unsure, 2: []}, now=NOW) for phase in (Phase.MODELING, Phase.GUIDED)
    ]
    return recs, signals


def test_every_emitted_code_is_known_and_the_english_is_the_reason():
    recs, signals = _scenarios()
    seen = set()
    for told, text in [(r.explanation, r.reason) for r in recs] + [
        (s.explanation, s.reason) for s in signals
    ]:
        assert told is not None
        assert english(told) == text
        seen |= {f.code for f in told.all}
    assert seen <= CODES
    assert len(seen) >= 25  # the scenarios reach most of the engine's branches


def test_the_decision_is_a_fact_and_reads_as_before():
    recs, _ = _scenarios()
    for rec in recs:
        assert english(Explanation(decision=rec.explanation.decision)) == rec.decision
    groups = suggest_groups({i: r for i, r in enumerate(recs)})
    for g in groups:
        assert english(Explanation(decision=g.decision_fact)) == g.decision


def test_facts_are_frozen_hashable_and_compare_by_value():
    a = fact("mastery", value=0.5, weakest=None)
    assert a == fact("mastery", weakest=None, value=0.5) and hash(a) == hash(
        fact("mastery", weakest=None, value=0.5)
    )
    assert (
        a["value"] == 0.5
        and a.get("missing") is None
        and a.params
        == {
            "value": 0.5,
            "weakest": None,
        }
    )


def test_the_english_joins_facts_decision_why_and_notes():
    told = Explanation(
        (fact("answers_right", right=4, total=5, last=True), fact("mastery", value=0.912)),
        fact("ready_for", phase=Phase.INDEPENDENT),
        None,
        (fact("too_easy"),),
    )
    assert english(told) == (
        "4 of the last 5 check-in answers right, mastery 0.91 → ready for independent practice"
        "; recent work looks too easy (stretch this student)"
    )
    assert english(Explanation((fact("no_evidence"),), fact("hold_in", phase=Phase.MODELING))) == (
        "no evidence yet → hold in modeling (I do)"
    )


def test_a_help_request_within_the_week_is_a_weekday_else_a_date():
    recent = recommend(
        Phase.GUIDED, [Evidence.help_request("t", NOW - timedelta(days=2))], now=NOW
    ).explanation
    (asked,) = [f for f in recent.facts if f.code == "asked_help"]
    assert asked["weekday"] is True and asked["at"] == NOW - timedelta(days=2)
    long_ago = NOW - timedelta(days=20)
    evidence = [Evidence.help_request("t", long_ago)] + [
        Evidence.answer("t", True, NOW - timedelta(minutes=i)) for i in range(5)
    ]
    rec = recommend(Phase.GUIDED, evidence, now=NOW, thresholds=Thresholds())
    (since,) = [f for f in rec.explanation.facts if f.code == "no_help_since"]
    assert since["weekday"] is False
    assert "no help requests since 6 November 2026" in rec.reason


def test_every_rating_profile_phrase_has_a_code():
    low, high = (0.4, 0.4, 0.1, 0.1), (0.1, 0.1, 0.4, 0.4)
    profiles = RatingProfiles((0.3, 0.3, 0.4), (high, low, low), (high, low, high))
    said = {profiles.describe(k) for k in range(3)}
    assert said == set(PROFILE_CODES)
    assert set(PROFILE_CODES.values()) == {"rates_high", "rates_low", "matched"}

"""Recommendations a teacher can trust: advance, hold or step back, with a readable reason.

Domain nouns: a *recommendation* is for one student on one task in their current phase; its
*reason* is built only from evidence that exists ("4 of the last 5 check-in answers right,
mastery 0.91, confidence 3 of 4, no help requests since Tuesday -> ready for independent
practice"); *groups* gather students who need the same move for the next lesson; the
*pause signal* tells a teacher in MODELING that many students report being lost.

The engine recommends; the teacher decides and applies the move with
:func:`trellis.grr.phases.apply_move`.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from trellis.grr.bkt import BKTParams
from trellis.grr.evidence import Evidence, EvidenceKind
from trellis.grr.phases import Move, Phase
from trellis.grr.ratings import RatingProfiles
from trellis.grr.readiness import Calibration, Readiness, ZPDFlag, assess
from trellis.grr.reasons import ARROW, CONFIDENCE_STEP, PROFILE_CODES, Explanation, Fact, english
from trellis.grr.reasons import fact as _f
from trellis.grr.thresholds import Thresholds

__all__ = [
    "ARROW",
    "CONFIDENCE_STEP",
    "Group",
    "PauseSignal",
    "Recommendation",
    "RecommendationKind",
    "co_construction_lost",
    "decision_fact",
    "pause_signal",
    "recommend",
    "suggest_groups",
]


class RecommendationKind(enum.StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    STEP_BACK = "step_back"


def decision_fact(kind: RecommendationKind, phase: Phase, to: Phase) -> Fact:
    """The decision as a fact (``ready_for``, ``step_back_to``, ``hold_in``, ...)."""
    if kind is RecommendationKind.ADVANCE:
        if to is Phase.COMPLETE:
            return _f("ready_complete")
        return _f("ready_for", phase=Phase(to))
    if kind is RecommendationKind.STEP_BACK:
        return _f("step_back_to", phase=Phase(to))
    return _f("hold_in", phase=Phase(phase))


def _decision(kind: RecommendationKind, phase: Phase, to: Phase) -> str:
    return english(Explanation(decision=decision_fact(kind, phase, to)))


@dataclass(frozen=True, slots=True)
class Recommendation:
    """``to`` is the phase the student would be in after following it (= ``phase`` for HOLD).
    ``decision`` is the short phrase used for grouping ("ready for independent practice").
    ``explanation`` is the reason as facts (codes with parameters, :mod:`trellis.grr.reasons`);
    ``reason`` is it said in English."""

    kind: RecommendationKind
    phase: Phase
    to: Phase
    reason: str
    decision: str
    readiness: Readiness
    zpd: ZPDFlag | None = None
    explanation: Explanation | None = None

    @property
    def move(self) -> Move:
        """The move the teacher would apply to follow this recommendation."""
        if self.kind is RecommendationKind.ADVANCE:
            return Move.complete() if self.to is Phase.COMPLETE else Move.advance(self.to)
        if self.kind is RecommendationKind.STEP_BACK:
            return Move.step_back(self.to, reason=self.reason)
        return Move.hold(self.reason)


def _when(code: str, moment: datetime, now: datetime | None) -> Fact:
    # Day names are read in the zone ``now`` carries (the school's), never the storage zone.
    if now is not None and now.tzinfo is not None and moment.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    weekday = now is not None and 0 <= (now - moment).days < 7
    return _f(code, at=moment, weekday=weekday)


def _facts(r: Readiness, th: Thresholds) -> list[Fact]:
    """Plain-words facts, each backed by evidence that exists (or stating its absence)."""
    facts: list[Fact] = []
    if r.recent_answers_total:
        facts.append(
            _f(
                "answers_right",
                right=r.recent_answers_right,
                total=r.recent_answers_total,
                last=r.recent_answers_total == th.recent_window,
            )
        )
    if r.mastery is None:
        facts.append(_f("no_capability"))
    else:
        weakest = r.weakest_target if len(r.mastery_by_target) > 1 else None
        facts.append(_f("mastery", value=r.mastery, weakest=weakest))
    if r.confidence is None:
        facts.append(_f("no_confidence"))
    else:
        facts.append(_f("confidence", value=r.confidence))
    if r.belief is not None:
        profile = PROFILE_CODES.get(r.rating_profile) if r.rating_profile else None
        facts.append(_f("belief", value=r.belief, profile=profile))
    if r.last_help_request is None:
        facts.append(_f("no_help"))
    elif r.recent_help_request:
        facts.append(_when("asked_help", r.last_help_request, r.now))
    else:
        facts.append(_when("no_help_since", r.last_help_request, r.now))
    gap = r.self_assessment_gap
    if gap is not None and abs(gap) >= th.self_assessment_gap:
        facts.append(_f("self_gap", gap=abs(gap), above=gap > 0))
    if r.params_reason:
        facts.append(
            _f(
                "params",
                text=r.params_reason,
                source=r.params_source,
                students=r.params_students,
            )
        )
    return facts


def recommend(
    phase: Phase,
    evidence: Iterable[Evidence],
    params: Mapping[str, BKTParams] | None = None,
    thresholds: Thresholds | None = None,
    now: datetime | None = None,
    profiles: RatingProfiles | None = None,
) -> Recommendation:
    """Recommend ADVANCE, HOLD or STEP_BACK for one student on one task in ``phase``.

    ``evidence`` is this student's evidence for the task (any order); ``params`` maps target
    -> BKT params (missing targets use the defaults); ``now`` defaults to the latest evidence.
    """
    th = thresholds or Thresholds()
    phase = Phase(phase)
    evidence = list(evidence)
    r = assess(evidence, params, th, now, profiles)

    def make(kind: RecommendationKind, to: Phase, why: Fact | None = None) -> Recommendation:
        decision = decision_fact(kind, phase, to)
        if r.n_evidence == 0:
            facts, why = (_f("no_evidence"),), None
        else:
            facts = tuple(_facts(r, th))
        notes = {ZPDFlag.TOO_EASY: (_f("too_easy"),), ZPDFlag.TOO_HARD: (_f("too_hard"),)}
        explanation = Explanation(facts, decision, why, notes.get(r.zpd, ()))  # type: ignore[arg-type]
        return Recommendation(
            kind,
            phase,
            to,
            english(explanation),
            english(Explanation(decision=decision)),
            r,
            r.zpd,
            explanation,
        )

    hold, step_back, advance = (
        RecommendationKind.HOLD,
        RecommendationKind.STEP_BACK,
        RecommendationKind.ADVANCE,
    )
    if phase is Phase.COMPLETE:
        return make(hold, phase, _f("task_complete"))
    if r.n_evidence == 0:
        return make(hold, phase)
    if phase is Phase.INDEPENDENT and r.recent_help_request:
        return make(step_back, Phase.GUIDED, _f("help_in_independent"))
    if phase is Phase.CO_CONSTRUCTION:
        lost = co_construction_lost(evidence, r.now, th)
        if lost >= th.co_construction_lost_reports:
            return make(
                step_back,
                Phase.MODELING,
                _f("lost_in_co_construction", count=lost),
            )
    enough = r.n_capability >= th.min_observations
    previous = phase.previous()
    if enough and r.mastery is not None and r.mastery < th.step_back_mastery and previous:
        return make(step_back, previous, _f("mastery_under", value=th.step_back_mastery))
    if r.recent_help_request:
        return make(hold, phase, _f("recent_help"))
    if not enough:
        return make(
            hold,
            phase,
            _f("needs_observations", needed=th.min_observations, has=r.n_capability),
        )
    if r.calibration is Calibration.CAPABLE_AND_CONFIDENT:
        to = phase.next() or Phase.COMPLETE
        return make(advance, to)
    if r.calibration is Calibration.CAPABLE_BUT_UNSURE:
        return make(hold, phase, _f("capable_but_unsure"))
    if r.calibration is Calibration.CONFIDENT_BUT_NOT_YET_ACCURATE:
        return make(hold, phase, _f("confident_not_accurate"))
    if r.confidence is None and r.capable:
        return make(hold, phase, _f("ask_confidence"))
    if r.belief is not None:
        needs = _f("not_ready_belief", belief=th.advance_belief, floor=th.work_mastery_floor)
    else:
        needs = _f("not_ready_mastery", mastery=th.advance_mastery)
    return make(hold, phase, needs)


def co_construction_lost(evidence: Iterable[Evidence], now: datetime | None, th: Thresholds) -> int:
    """How many "I'm lost" reports (confidence at or below ``lost_rating``) the student made
    within ``co_construction_window`` before ``now`` and after their last higher rating
    (an "I'm with you" cancels what came before it)."""
    if now is None:
        return 0
    ratings = sorted(
        (e for e in evidence if e.kind is EvidenceKind.CONFIDENCE and e.timestamp <= now),
        key=lambda e: e.timestamp,
    )
    lost = 0
    for e in ratings:
        if int(e.value) > th.lost_rating:  # type: ignore[call-overload]
            lost = 0
        elif now - e.timestamp <= th.co_construction_window:
            lost += 1
    return lost


@dataclass(frozen=True, slots=True)
class Group:
    """Students who need the same move next lesson; ``label`` reads "ready for ...: 11".
    ``decision_fact`` is the decision as a fact, to say it in another language."""

    kind: RecommendationKind
    to: Phase
    decision: str
    students: tuple[Hashable, ...]

    @property
    def label(self) -> str:
        return f"{self.decision}: {len(self.students)}"

    @property
    def decision_fact(self) -> Fact:
        return decision_fact(self.kind, self.to, self.to)


def suggest_groups(recommendations: Mapping[Hashable, Recommendation]) -> list[Group]:
    """Group students by the move they need (largest group first, then by phase)."""
    buckets: dict[tuple[RecommendationKind, Phase, str], list[Hashable]] = {}
    for student, rec in recommendations.items():
        buckets.setdefault((rec.kind, rec.to, rec.decision), []).append(student)
    groups = [Group(k, to, d, tuple(s)) for (k, to, d), s in buckets.items()]
    groups.sort(key=lambda g: (-len(g.students), g.to, g.kind.value))
    return groups


@dataclass(frozen=True, slots=True)
class PauseSignal:
    """Whether the class should pause and break the model down, and why."""

    triggered: bool
    lost: int
    class_size: int
    share: float
    reason: str
    explanation: Explanation | None = None

    @property
    def move(self) -> Move | None:
        return Move.pause_and_break_down(self.reason) if self.triggered else None


def pause_signal(
    phase: Phase,
    class_evidence: Mapping[Hashable, Iterable[Evidence]],
    *,
    class_size: int | None = None,
    thresholds: Thresholds | None = None,
    now: datetime | None = None,
) -> PauseSignal:
    """The class-wide "pause and break it down" signal, only raised in MODELING.

    A student counts as lost when, within ``pause_window`` before ``now``, they rated their
    confidence at or below ``lost_rating`` or asked for help (their latest such report counts,
    a later higher rating cancels it). The signal fires when the lost share reaches
    ``pause_lost_share``.
    """
    th = thresholds or Thresholds()
    per_student = {s: sorted(ev, key=lambda e: e.timestamp) for s, ev in class_evidence.items()}
    if now is None:
        stamps = [ev[-1].timestamp for ev in per_student.values() if ev]
        now = max(stamps) if stamps else None
    size = class_size if class_size is not None else len(per_student)
    lost = 0
    for items in per_student.values():
        state = False
        for e in items:
            if now is None or not (now - th.pause_window <= e.timestamp <= now):
                continue
            if e.kind is EvidenceKind.HELP_REQUEST:
                state = True
            elif e.kind is EvidenceKind.CONFIDENCE:
                state = int(e.value) <= th.lost_rating  # type: ignore[call-overload]
        lost += state
    share = lost / size if size else 0.0
    minutes = int(th.pause_window.total_seconds() // 60)
    counted = (_f("lost_share", lost=lost, size=size, share=share, minutes=minutes),)
    if Phase(phase) is not Phase.MODELING:
        told = Explanation(counted, notes=(_f("pause_in_modeling_only"),))
        return PauseSignal(False, lost, size, share, english(told), told)
    if lost and share >= th.pause_lost_share:
        told = Explanation(counted, _f("pause"))
        return PauseSignal(True, lost, size, share, english(told), told)
    told = Explanation(counted, _f("keep_modeling", share=th.pause_lost_share))
    return PauseSignal(False, lost, size, share, english(told), told)

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
from trellis.grr.thresholds import Thresholds

__all__ = [
    "CONFIDENCE_STEP",
    "Group",
    "PauseSignal",
    "Recommendation",
    "RecommendationKind",
    "co_construction_lost",
    "pause_signal",
    "recommend",
    "suggest_groups",
]

ARROW = "→"
#: The step a teacher can take for a student who can do it but does not believe it yet.
CONFIDENCE_STEP = (
    "go through their recent right answers with them, then ask for a fresh confidence rating"
)


class RecommendationKind(enum.StrEnum):
    ADVANCE = "advance"
    HOLD = "hold"
    STEP_BACK = "step_back"


_IN_PHASE = {
    Phase.MODELING: "modeling (I do)",
    Phase.CO_CONSTRUCTION: "co-construction (we do)",
    Phase.GUIDED: "guided practice",
    Phase.INDEPENDENT: "independent practice",
    Phase.COMPLETE: "the completed task",
}


def _decision(kind: RecommendationKind, phase: Phase, to: Phase) -> str:
    if kind is RecommendationKind.ADVANCE:
        if to is Phase.COMPLETE:
            return "ready to mark the task complete"
        return f"ready for {_IN_PHASE[to]}"
    if kind is RecommendationKind.STEP_BACK:
        return f"step back to {_IN_PHASE[to]}"
    return f"hold in {_IN_PHASE[phase]}"


@dataclass(frozen=True, slots=True)
class Recommendation:
    """``to`` is the phase the student would be in after following it (= ``phase`` for HOLD).
    ``decision`` is the short phrase used for grouping ("ready for independent practice")."""

    kind: RecommendationKind
    phase: Phase
    to: Phase
    reason: str
    decision: str
    readiness: Readiness
    zpd: ZPDFlag | None = None

    @property
    def move(self) -> Move:
        """The move the teacher would apply to follow this recommendation."""
        if self.kind is RecommendationKind.ADVANCE:
            return Move.complete() if self.to is Phase.COMPLETE else Move.advance(self.to)
        if self.kind is RecommendationKind.STEP_BACK:
            return Move.step_back(self.to, reason=self.reason)
        return Move.hold(self.reason)


def _when(moment: datetime, now: datetime | None) -> str:
    # Day names are read in the zone ``now`` carries (the school's), never the storage zone.
    if now is not None and now.tzinfo is not None and moment.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    if now is not None and 0 <= (now - moment).days < 7:
        return moment.strftime("%A")
    return f"{moment:%d %B %Y}".lstrip("0")


def _facts(r: Readiness, th: Thresholds) -> list[str]:
    """Plain-words facts, each backed by evidence that exists (or stating its absence)."""
    facts: list[str] = []
    if r.recent_answers_total:
        last = (
            f"the last {r.recent_answers_total}"
            if r.recent_answers_total == th.recent_window
            else f"{r.recent_answers_total}"
        )
        facts.append(f"{r.recent_answers_right} of {last} check-in answers right")
    if r.mastery is None:
        facts.append("no check-in answers, observations or rubric scores yet")
    else:
        text = f"mastery {r.mastery:.2f}"
        if len(r.mastery_by_target) > 1:
            text += f" (weakest: {r.weakest_target})"
        facts.append(text)
    if r.confidence is None:
        facts.append("no confidence ratings yet")
    else:
        facts.append(f"confidence {r.confidence:.3g} of 4")
    if r.belief is not None:
        text = f"answers and ratings together {r.belief:.2f}"
        if r.rating_profile:
            text += f" (this student's {r.rating_profile.replace('ratings have', 'ratings')})"
        facts.append(text)
    if r.last_help_request is None:
        facts.append("no help requests")
    elif r.recent_help_request:
        facts.append(f"asked for help on {_when(r.last_help_request, r.now)}")
    else:
        facts.append(f"no help requests since {_when(r.last_help_request, r.now)}")
    gap = r.self_assessment_gap
    if gap is not None and abs(gap) >= th.self_assessment_gap:
        side = "above" if gap > 0 else "below"
        facts.append(f"rates own work {abs(gap):.2f} {side} the teacher's assessment")
    if r.params_reason:
        facts.append(r.params_reason)
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

    def make(kind: RecommendationKind, to: Phase, why: str | None = None) -> Recommendation:
        decision = _decision(kind, phase, to)
        if r.n_evidence == 0:
            reason = f"no evidence yet {ARROW} {decision}"
        else:
            reason = ", ".join(_facts(r, th)) + f" {ARROW} " + decision
            if why:
                reason += f": {why}"
        if r.zpd is ZPDFlag.TOO_EASY:
            reason += "; recent work looks too easy (stretch this student)"
        elif r.zpd is ZPDFlag.TOO_HARD:
            reason += "; recent work looks too hard (break it down)"
        return Recommendation(kind, phase, to, reason, decision, r, r.zpd)

    hold, step_back, advance = (
        RecommendationKind.HOLD,
        RecommendationKind.STEP_BACK,
        RecommendationKind.ADVANCE,
    )
    if phase is Phase.COMPLETE:
        return make(hold, phase, "the task is complete")
    if r.n_evidence == 0:
        return make(hold, phase)
    if phase is Phase.INDEPENDENT and r.recent_help_request:
        return make(step_back, Phase.GUIDED, "asked for help during independent practice")
    if phase is Phase.CO_CONSTRUCTION:
        lost = co_construction_lost(evidence, r.now, th)
        if lost >= th.co_construction_lost_reports:
            return make(
                step_back,
                Phase.MODELING,
                f"said “I'm lost” {lost} times while the class directed the steps "
                "(model it again, in a small group)",
            )
    enough = r.n_capability >= th.min_observations
    previous = phase.previous()
    if enough and r.mastery is not None and r.mastery < th.step_back_mastery and previous:
        return make(step_back, previous, f"mastery under {th.step_back_mastery:.2f}")
    if r.recent_help_request:
        return make(hold, phase, "a recent help request comes before moving on")
    if not enough:
        return make(
            hold,
            phase,
            f"needs at least {th.min_observations} answers or observations (has {r.n_capability})",
        )
    if r.calibration is Calibration.CAPABLE_AND_CONFIDENT:
        to = phase.next() or Phase.COMPLETE
        return make(advance, to)
    if r.calibration is Calibration.CAPABLE_BUT_UNSURE:
        return make(hold, phase, f"capable but unsure; confidence step: {CONFIDENCE_STEP}")
    if r.calibration is Calibration.CONFIDENT_BUT_NOT_YET_ACCURATE:
        return make(hold, phase, "confident but not yet accurate; check the misconception")
    if r.confidence is None and r.capable:
        return make(hold, phase, "capable; ask for a confidence rating before release")
    if r.belief is not None:
        needs = (
            f"release needs {th.advance_belief:.2f} from answers and ratings together "
            f"and mastery {th.work_mastery_floor:.2f} from the work alone"
        )
    else:
        needs = f"release needs mastery {th.advance_mastery:.2f}"
    return make(hold, phase, f"not yet ready ({needs})")


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
    """Students who need the same move next lesson; ``label`` reads "ready for ...: 11"."""

    kind: RecommendationKind
    to: Phase
    decision: str
    students: tuple[Hashable, ...]

    @property
    def label(self) -> str:
        return f"{self.decision}: {len(self.students)}"


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
    counted = (
        f"{lost} of {size} students ({share:.0%}) reported being lost in the last {minutes} minutes"
    )
    if Phase(phase) is not Phase.MODELING:
        return PauseSignal(False, lost, size, share, f"{counted}; the pause belongs to modeling")
    if lost and share >= th.pause_lost_share:
        return PauseSignal(True, lost, size, share, f"{counted} {ARROW} pause and break it down")
    return PauseSignal(
        False,
        lost,
        size,
        share,
        f"{counted} {ARROW} keep modeling (pause at {th.pause_lost_share:.0%})",
    )

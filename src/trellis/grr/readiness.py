"""Readiness of one student on one task, read from the evidence.

Domain nouns: *mastery* (capability) is BKT's P(mastered) per target, folded over answers,
observations and rubric scores in time order; *confidence* is the mean of the recent 1-4
self-ratings, kept apart from mastery; *calibration* compares the two (capable but unsure,
confident but not yet accurate, both, neither); the *ZPD flag* says recent success is far
outside the productive band; *recent help* is a help request within the lookback.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from trellis.grr.bkt import DEFAULT_PARAMS, BKTParams, update_mastery
from trellis.grr.evidence import Evidence, EvidenceKind, capability_value
from trellis.grr.ratings import RatingProfiles, Step, belief
from trellis.grr.thresholds import Thresholds

__all__ = ["Calibration", "Readiness", "ZPDFlag", "assess"]


class Calibration(enum.StrEnum):
    CAPABLE_AND_CONFIDENT = "capable_and_confident"
    CAPABLE_BUT_UNSURE = "capable_but_unsure"
    CONFIDENT_BUT_NOT_YET_ACCURATE = "confident_but_not_yet_accurate"
    NOT_YET = "not_yet"
    UNKNOWN = "unknown"  # no capability evidence or no confidence rating yet

    @property
    def phrase(self) -> str:
        return _CALIBRATION_PHRASES[self]


_CALIBRATION_PHRASES = {
    Calibration.CAPABLE_AND_CONFIDENT: "capable and confident",
    Calibration.CAPABLE_BUT_UNSURE: "capable but unsure",
    Calibration.CONFIDENT_BUT_NOT_YET_ACCURATE: "confident but not yet accurate",
    Calibration.NOT_YET: "not yet capable or confident",
    Calibration.UNKNOWN: "not enough evidence to compare capability and confidence",
}


class ZPDFlag(enum.StrEnum):
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"


@dataclass(frozen=True, slots=True)
class Readiness:
    """Everything the recommendation and its reason are built from. Counts are of evidence
    that exists; ``None`` means "no such evidence", never zero."""

    n_evidence: int
    mastery: float | None  # weakest target's P(mastered), None without capability evidence
    mastery_by_target: Mapping[str, float]
    n_capability: int
    recent_answers_right: int
    recent_answers_total: int
    recent_success_rate: float | None  # over recent capability observations (soft included)
    confidence: float | None  # mean of recent ratings, 1-4
    n_confidence: int
    calibration: Calibration
    zpd: ZPDFlag | None
    last_help_request: datetime | None
    recent_help_request: bool
    self_assessment_gap: float | None  # latest gap, self minus teacher
    default_params_targets: tuple[str, ...] = field(default=())
    now: datetime | None = None
    #: Where the weakest target's numbers come from, when they were learned (pooled fit) or
    #: are a population estimate: that params' ``reason``. None for fixed defaults.
    params_reason: str | None = None
    #: That params' ``source`` and ``n_students``, so the reason can be said in other words.
    params_source: str | None = None
    params_students: int = 0
    #: P(mastered) of the weakest target from answers AND ratings, each rating read through
    #: this student's own calibration (:mod:`trellis.grr.ratings`); None without profiles.
    #: Release reads it when present; ``mastery`` and ``confidence`` stay apart.
    belief: float | None = None
    #: How this student's ratings sit against their work (the most likely profile, when its
    #: posterior is at least 0.8), and that posterior.
    rating_profile: str | None = None
    rating_profile_weight: float | None = None
    #: Whether the evidence says the student can do it: mastery at ``advance_mastery``, or,
    #: when ratings were read as evidence, the belief at ``advance_belief`` with the mastery
    #: from the work alone at ``work_mastery_floor``. None without capability evidence.
    capable: bool | None = None

    @property
    def confidence_normalised(self) -> float | None:
        """Confidence mapped to 0-1 (rating 1 -> 0, rating 4 -> 1)."""
        return None if self.confidence is None else (self.confidence - 1.0) / 3.0

    @property
    def weakest_target(self) -> str | None:
        if not self.mastery_by_target:
            return None
        return min(self.mastery_by_target, key=self.mastery_by_target.__getitem__)


def assess(
    evidence: Iterable[Evidence],
    params: Mapping[str, BKTParams] | None = None,
    thresholds: Thresholds | None = None,
    now: datetime | None = None,
    profiles: RatingProfiles | None = None,
) -> Readiness:
    """Fold one student's evidence for one task into a :class:`Readiness`.

    ``params`` maps target -> fitted BKT params; missing targets use DEFAULT_PARAMS (and are
    listed in ``default_params_targets``). ``now`` defaults to the latest evidence timestamp.
    With rating ``profiles``, ratings are also read as evidence of mastery (``belief``).
    """
    th = thresholds or Thresholds()
    params = params or {}
    items = sorted(evidence, key=lambda e: e.timestamp)
    if now is None and items:
        now = items[-1].timestamp
    mastery: dict[str, float] = {}
    defaults: set[str] = set()
    capability: list[float] = []
    answers: list[int] = []
    ratings: list[int] = []
    last_help: datetime | None = None
    since_help = 0  # capability observations after the latest help request
    gap: float | None = None
    steps: dict[str, list[tuple[float | None, list[int]]]] = {}
    for item in items:
        y = capability_value(item)
        if y is not None:
            p_target = params.get(item.target)
            if p_target is None or p_target.is_default:
                defaults.add(item.target)
            p_target = p_target or DEFAULT_PARAMS
            mastery[item.target] = update_mastery(
                mastery.get(item.target, p_target.prior), p_target, y
            )
            capability.append(y)
            steps.setdefault(item.target, []).append((y, []))
            since_help += 1
            if item.kind is EvidenceKind.ANSWER:
                answers.append(int(item.value))  # type: ignore[call-overload]
        elif item.kind is EvidenceKind.CONFIDENCE:
            ratings.append(int(item.value))  # type: ignore[call-overload]
            own = steps.setdefault(item.target, [])
            if not own:
                own.append((None, []))
            own[-1][1].append(int(item.value))  # type: ignore[call-overload]
        elif item.kind is EvidenceKind.HELP_REQUEST:
            last_help = item.timestamp
            since_help = 0
        elif item.kind is EvidenceKind.SELF_ASSESSMENT_GAP:
            gap = float(item.value)  # type: ignore[arg-type]

    w = th.recent_window
    recent_answers = answers[-w:]
    recent_cap = capability[-w:]
    rate = sum(recent_cap) / len(recent_cap) if recent_cap else None
    cw = th.confidence_window
    confidence = sum(ratings[-cw:]) / len(ratings[-cw:]) if ratings else None
    weakest = min(mastery.values()) if mastery else None

    zpd = None
    if rate is not None and len(recent_cap) >= th.zpd_min_observations:
        if rate < th.zpd_low:
            zpd = ZPDFlag.TOO_HARD
        elif rate > th.zpd_high:
            zpd = ZPDFlag.TOO_EASY

    beliefs: dict[str, tuple[float, object]] = {}
    if profiles is not None:
        for target in mastery:
            p_target = params.get(target) or DEFAULT_PARAMS
            seq = [Step(y, tuple(rs)) for y, rs in steps[target]]
            beliefs[target] = belief(seq, p_target, profiles, th.rating_weight)
    believed = min(b for b, _ in beliefs.values()) if beliefs else None
    profile = weight = None
    if beliefs:
        _, posterior = min(beliefs.values(), key=lambda b: b[0])
        k = int(posterior.argmax())  # type: ignore[attr-defined]
        weight = float(posterior[k])  # type: ignore[index]
        profile = profiles.describe(k) if profiles is not None and weight >= 0.8 else None
    capable = None
    if weakest is not None:
        if believed is None:
            capable = weakest >= th.advance_mastery
        else:
            capable = believed >= th.advance_belief and weakest >= th.work_mastery_floor

    if capable is None or confidence is None:
        calibration = Calibration.UNKNOWN
    else:
        confident = confidence >= th.advance_confidence
        calibration = {
            (True, True): Calibration.CAPABLE_AND_CONFIDENT,
            (True, False): Calibration.CAPABLE_BUT_UNSURE,
            (False, True): Calibration.CONFIDENT_BUT_NOT_YET_ACCURATE,
            (False, False): Calibration.NOT_YET,
        }[(capable, confident)]

    params_reason = params_source = None
    params_students = 0
    if weakest is not None:
        weakest_params = params.get(min(mastery, key=mastery.__getitem__))
        if weakest_params is not None and weakest_params.source in ("pooled", "population"):
            params_reason = weakest_params.reason or None
            params_source, params_students = weakest_params.source, weakest_params.n_students
    recent_help = last_help is not None and now is not None and now - last_help <= th.help_lookback
    if recent_help and th.help_cleared_after is not None and since_help >= th.help_cleared_after:
        recent_help = False  # the student has shown enough work since asking
    return Readiness(
        n_evidence=len(items),
        mastery=weakest,
        mastery_by_target=mastery,
        n_capability=len(capability),
        recent_answers_right=sum(recent_answers),
        recent_answers_total=len(recent_answers),
        recent_success_rate=rate,
        confidence=confidence,
        n_confidence=len(ratings),
        calibration=calibration,
        zpd=zpd,
        last_help_request=last_help,
        recent_help_request=recent_help,
        self_assessment_gap=gap,
        default_params_targets=tuple(sorted(defaults)),
        now=now,
        params_reason=params_reason,
        params_source=params_source,
        params_students=params_students,
        belief=believed,
        rating_profile=profile,
        rating_profile_weight=weight,
        capable=capable,
    )

"""Named thresholds of the recommendations: the settings a school can tune.

Domain nouns: *mastery* is BKT's P(mastered) in 0-1; *confidence* is the mean of a student's
recent 1-4 self-ratings; the *recent window* is the last N answers or ratings; the *ZPD band*
is the productive range of recent success (outside it the work is too easy or too hard).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

__all__ = ["Thresholds"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    #: Mastery at or above which a student may be released to the next phase (chosen by
    #: ``trellis readiness simulate``: see docs/engine.md).
    advance_mastery: float = 0.97
    #: When ratings are read as evidence (rating profiles learned from the school's history
    #: are given): the belief (answers and ratings) needed for release, how much one rating
    #: counts (1: as the profiles say; below 1 each rating's likelihood is tempered), and the
    #: mastery from the work alone a release still needs (ratings add to the answers, never
    #: replace them). Chosen by ``trellis readiness simulate``: see docs/engine.md.
    advance_belief: float = 0.98
    rating_weight: float = 1.0
    work_mastery_floor: float = 0.9
    #: Mean recent confidence (1-4) at or above which a student counts as confident.
    advance_confidence: float = 3.0
    #: Mastery under which (with enough evidence) the engine suggests stepping back a phase.
    step_back_mastery: float = 0.4
    #: Capability observations needed before the engine suggests advancing or stepping back.
    min_observations: int = 3
    #: How many recent answers / observations the reason and ZPD look at.
    recent_window: int = 5
    #: How many of the latest confidence ratings the confidence is the mean of.
    confidence_window: int = 1
    #: A help request younger than this blocks advancing (and in INDEPENDENT, means GUIDED).
    help_lookback: timedelta = timedelta(days=2)
    #: ... unless this many answers / observations have followed it (None: only time clears
    #: it). BKT's mastery already weighs the work done after the help.
    help_cleared_after: int | None = 2
    #: Productive band of recent success; below ``zpd_low`` is too hard, above ``zpd_high``
    #: too easy. With the default window of 5: 0 or 1 right is too hard, 5 of 5 too easy.
    zpd_low: float = 0.4
    zpd_high: float = 0.9
    #: Recent capability observations needed before a ZPD flag is raised.
    zpd_min_observations: int = 4
    #: Share of the class reporting being lost that triggers "pause and break it down".
    pause_lost_share: float = 0.3
    #: How far back a "lost" report counts for the class-wide pause.
    pause_window: timedelta = timedelta(minutes=10)
    #: A confidence rating at or below this counts as "I'm lost".
    lost_rating: int = 1
    #: A self-assessment gap at least this large (either way) is mentioned in the reason.
    self_assessment_gap: float = 0.25
    #: Stall rule (Heick: students who sit still go back to step one): a student in guided or
    #: independent practice with no evidence for this long during an active run is "stalled".
    stall_after: timedelta = timedelta(minutes=15)
    #: ... or who said "I'm lost" (a rating at or below ``lost_rating``) this many times
    #: within ``stall_after``.
    stall_lost_reports: int = 2
    #: Co-construction (Drew: back to modeling when the class cannot direct the steps): a
    #: student in co-construction who said "I'm lost" this many times within
    #: ``co_construction_window``, with no "I'm with you" (a higher rating) since, is
    #: recommended back to modeling.
    co_construction_lost_reports: int = 2
    co_construction_window: timedelta = timedelta(minutes=20)

    def __post_init__(self) -> None:
        for name in ("advance_mastery", "step_back_mastery", "zpd_low", "zpd_high"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in [0, 1]")
        for name in ("advance_belief", "rating_weight", "work_mastery_floor"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in [0, 1]")
        if self.step_back_mastery >= self.advance_mastery:
            raise ValueError("step_back_mastery must be below advance_mastery")
        if not 1.0 <= self.advance_confidence <= 4.0:
            raise ValueError("advance_confidence is a mean rating on the 1-4 scale")
        if self.zpd_low >= self.zpd_high:
            raise ValueError("zpd_low must be below zpd_high")
        if self.recent_window < 1 or self.min_observations < 1 or self.confidence_window < 1:
            raise ValueError(
                "recent_window, confidence_window and min_observations must be at least 1"
            )
        if self.stall_after <= timedelta(0) or self.stall_lost_reports < 1:
            raise ValueError("stall_after must be positive and stall_lost_reports at least 1")
        if self.co_construction_lost_reports < 1 or self.co_construction_window <= timedelta(0):
            raise ValueError(
                "co_construction_lost_reports must be at least 1 and its window positive"
            )
        if not 0.0 < self.pause_lost_share <= 1.0:
            raise ValueError("pause_lost_share must be in (0, 1]")

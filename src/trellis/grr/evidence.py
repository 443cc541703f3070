"""Evidence about one student: what the engine reads to estimate readiness.

Domain nouns: an *evidence* item has a *kind*, a *target* (the skill it is about), a value,
a timestamp and an optional note. Kinds are check-in *answers* (right/wrong), *confidence*
self-ratings 1-4, teacher *observations* ("explained the step", "needed prompting", "off
track"), *help requests*, *rubric* scores normalised to 0-1, and the *self-assessment gap*
(the student's own score minus the teacher's, both 0-1).

Only answers, observations and rubric scores are *capability* evidence (they feed BKT mastery);
confidence, help requests and self-assessment gaps are read beside it, never mixed into it.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import datetime

from trellis.grr.errors import InvalidEvidence

__all__ = ["Evidence", "EvidenceKind", "Observation", "capability_value"]


class EvidenceKind(enum.StrEnum):
    ANSWER = "answer"
    CONFIDENCE = "confidence"
    OBSERVATION = "observation"
    HELP_REQUEST = "help_request"
    RUBRIC = "rubric"
    SELF_ASSESSMENT_GAP = "self_assessment_gap"


class Observation(enum.StrEnum):
    """A teacher's observation, and the soft score it counts as (see :func:`capability_value`)."""

    EXPLAINED_THE_STEP = "explained_the_step"
    NEEDED_PROMPTING = "needed_prompting"
    OFF_TRACK = "off_track"


#: Observation -> soft observation for BKT: explained = a right answer, needed prompting = half
#: right, off track = a wrong answer.
OBSERVATION_SCORES = {
    Observation.EXPLAINED_THE_STEP: 1.0,
    Observation.NEEDED_PROMPTING: 0.5,
    Observation.OFF_TRACK: 0.0,
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence. ``value`` by kind:

    ANSWER: bool or 0/1 · CONFIDENCE: int 1-4 · OBSERVATION: :class:`Observation` (or its
    value) · HELP_REQUEST: ignored (None) · RUBRIC: float 0-1 · SELF_ASSESSMENT_GAP: float -1..1.
    """

    kind: EvidenceKind
    target: str
    value: object
    timestamp: datetime
    note: str | None = None

    def __post_init__(self) -> None:
        kind = EvidenceKind(self.kind)
        object.__setattr__(self, "kind", kind)
        v = self.value
        if kind is EvidenceKind.ANSWER:
            if v not in (0, 1) or (isinstance(v, float) and math.isnan(v)):
                raise InvalidEvidence(f"an answer is right (1) or wrong (0), got {v!r}")
            object.__setattr__(self, "value", int(bool(v)))
        elif kind is EvidenceKind.CONFIDENCE:
            if isinstance(v, bool) or v not in (1, 2, 3, 4):
                raise InvalidEvidence(f"a confidence rating is 1, 2, 3 or 4, got {v!r}")
            object.__setattr__(self, "value", int(v))
        elif kind is EvidenceKind.OBSERVATION:
            try:
                object.__setattr__(self, "value", Observation(v))
            except ValueError:
                choices = ", ".join(o.value for o in Observation)
                raise InvalidEvidence(f"an observation is one of {choices}, got {v!r}") from None
        elif kind is EvidenceKind.RUBRIC:
            if not _number_in(v, 0.0, 1.0):
                raise InvalidEvidence(f"a rubric score is normalised to 0-1, got {v!r}")
            object.__setattr__(self, "value", float(v))  # type: ignore[arg-type]
        elif kind is EvidenceKind.SELF_ASSESSMENT_GAP:
            if not _number_in(v, -1.0, 1.0):
                raise InvalidEvidence(f"a self-assessment gap is in -1..1, got {v!r}")
            object.__setattr__(self, "value", float(v))  # type: ignore[arg-type]
        if not isinstance(self.timestamp, datetime):
            raise InvalidEvidence(f"timestamp must be a datetime, got {self.timestamp!r}")

    @classmethod
    def answer(cls, target: str, correct: bool, at: datetime, note: str | None = None):
        return cls(EvidenceKind.ANSWER, target, int(correct), at, note)

    @classmethod
    def confidence(cls, target: str, rating: int, at: datetime, note: str | None = None):
        return cls(EvidenceKind.CONFIDENCE, target, rating, at, note)

    @classmethod
    def observation(cls, target: str, seen: Observation | str, at: datetime, note=None):
        return cls(EvidenceKind.OBSERVATION, target, seen, at, note)

    @classmethod
    def help_request(cls, target: str, at: datetime, note: str | None = None):
        return cls(EvidenceKind.HELP_REQUEST, target, None, at, note)

    @classmethod
    def rubric(cls, target: str, score: float, at: datetime, note: str | None = None):
        return cls(EvidenceKind.RUBRIC, target, score, at, note)

    @classmethod
    def self_assessment_gap(cls, target: str, gap: float, at: datetime, note=None):
        return cls(EvidenceKind.SELF_ASSESSMENT_GAP, target, gap, at, note)


def _number_in(v: object, low: float, high: float) -> bool:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return False
    return not math.isnan(v) and low <= v <= high


def capability_value(evidence: Evidence) -> float | None:
    """The BKT observation (0-1) this evidence counts as, or None if it is not capability
    evidence (confidence, help requests and self-assessment gaps are not)."""
    if evidence.kind is EvidenceKind.ANSWER:
        return float(evidence.value)  # type: ignore[arg-type]
    if evidence.kind is EvidenceKind.RUBRIC:
        return float(evidence.value)  # type: ignore[arg-type]
    if evidence.kind is EvidenceKind.OBSERVATION:
        return OBSERVATION_SCORES[evidence.value]  # type: ignore[index]
    return None

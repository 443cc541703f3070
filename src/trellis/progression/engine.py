"""The adapter from the evidence log to the release engine (trellis.grr).

Evidence rows become `trellis.grr.Evidence` following the `result` contract in
trellis.evidence.verbs, whichever app wrote them:

| verb             | becomes                                                            |
|------------------|--------------------------------------------------------------------|
| answered         | a rubric-like soft score when result.score.scaled is strictly      |
|                  | between 0 and 1, else an answer from result.success                |
| rated-confidence | a confidence rating (result.score.raw, 1..4)                       |
| signalled-lost   | a confidence rating of 1: the engine's "I'm lost" (lost_rating)    |
| observed         | an observation: explained / prompted / off-track                   |
| endorsed         | (a "what comes next?" suggestion the teacher followed, tagged with |
|                  | its task) an observation "explained the step": co-construction     |
|                  | evidence; endorsements without a task (charters) are not evidence  |
| requested-help   | a help request                                                     |
| scored           | a rubric score (result.score.scaled)                               |
| self-assessed    | a self-assessment gap, own score minus result.extensions.teacher_scaled |
|                  | (skipped when the teacher's score is not known)                    |

Every other verb (moved, planned, suggested, …) is not readiness evidence. A row whose result
does not fit the contract is skipped and counted, never fatal: one bad write by one app must
not take a class's board down.

Which evidence belongs to a task: rows about one of the task's targets (`target_id`), and
rows tagged with the task itself (`context.extensions.task`). The engine's "target" is the
target id as a string, or "task-<id>" for task rows with no target.

BKT parameters are the engine's defaults (`DEFAULT_PARAMS`); a class never has the 50
students a fit needs, and fitted parameters from a school's history can be passed in
`params`. Nothing here is stored: readiness is recomputed from the log on every read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from trellis.evidence import queries as evidence_queries
from trellis.evidence.queries import class_version
from trellis.evidence.verbs import Verb
from trellis.grr import (
    BKTParams,
    Evidence,
    InvalidEvidence,
    Observation,
    Phase,
    Recommendation,
    Thresholds,
    recommend,
)

from .models import ClassThresholds

READINESS_VERBS = (
    Verb.ANSWERED,
    Verb.RATED_CONFIDENCE,
    Verb.SIGNALLED_LOST,
    Verb.OBSERVED,
    Verb.REQUESTED_HELP,
    Verb.SCORED,
    Verb.SELF_ASSESSED,
    Verb.ENDORSED,
)

OBSERVATIONS = {
    "explained": Observation.EXPLAINED_THE_STEP,
    "prompted": Observation.NEEDED_PROMPTING,
    "off-track": Observation.OFF_TRACK,
}

THRESHOLDS = Thresholds()


@dataclass(frozen=True, slots=True)
class Row:
    """The columns of one evidence event the adapter reads."""

    id: int
    subject_id: int | None
    verb: str
    target_id: int | None
    task_id: int | None
    result: dict
    occurred_at: datetime


def task_of(context) -> int | None:
    try:
        value = (context or {}).get("extensions", {}).get("task")
        return int(value) if value is not None else None
    except (TypeError, ValueError, AttributeError):
        return None


def _scaled(result: dict) -> float | None:
    score = result.get("score")
    if isinstance(score, dict) and isinstance(score.get("scaled"), int | float):
        return float(score["scaled"])
    return None


def to_evidence(row: Row, target: str) -> Evidence | None:
    """One row as engine evidence, or None if it is not readiness evidence or is malformed."""
    r = row.result if isinstance(row.result, dict) else {}
    at = row.occurred_at
    try:
        if row.verb == Verb.ANSWERED:
            scaled = _scaled(r)
            if scaled is not None and 0.0 < scaled < 1.0:
                return Evidence.rubric(target, scaled, at)
            if isinstance(r.get("success"), bool):
                return Evidence.answer(target, r["success"], at)
            if scaled is not None:
                return Evidence.answer(target, scaled >= 1.0, at)
            return None
        if row.verb == Verb.RATED_CONFIDENCE:
            raw = (r.get("score") or {}).get("raw")
            return Evidence.confidence(target, raw, at)
        if row.verb == Verb.SIGNALLED_LOST:
            return Evidence.confidence(target, THRESHOLDS.lost_rating, at)
        if row.verb == Verb.OBSERVED:
            seen = OBSERVATIONS.get(r.get("response"))
            return Evidence.observation(target, seen, at) if seen else None
        if row.verb == Verb.REQUESTED_HELP:
            return Evidence.help_request(target, at, r.get("response"))
        if row.verb == Verb.ENDORSED:
            # The teacher followed the student's "what comes next?": they directed the step.
            if row.task_id is None:
                return None
            return Evidence.observation(target, Observation.EXPLAINED_THE_STEP, at)
        if row.verb == Verb.SCORED:
            scaled = _scaled(r)
            return Evidence.rubric(target, scaled, at) if scaled is not None else None
        if row.verb == Verb.SELF_ASSESSED:
            own = _scaled(r)
            teacher = (r.get("extensions") or {}).get("teacher_scaled")
            if own is None or not isinstance(teacher, int | float):
                return None
            return Evidence.self_assessment_gap(target, own - float(teacher), at)
    except (InvalidEvidence, TypeError, AttributeError):
        return None
    return None


def load_rows(
    classroom,
    target_ids: Iterable[int] = (),
    verbs=READINESS_VERBS,
    *,
    student_id=None,
    student_ids: Iterable[int] | None = None,
) -> list[Row]:
    """Every counting readiness event of a class (of one student, with `student_id`), in one
    query, oldest first.

    Every event about a target names its class (`evidence.actions.record` insists), so the
    class's evidence is the index range `classroom_id = X` (one student's: `classroom_id = X
    AND subject_id = S`) of the (classroom, subject, occurred_at) index: the cost follows the
    class, not the district (tests/evidence/test_query_plan.py checks the plan). `target_ids`
    is kept for callers; rows are matched to tasks by `ClassEvidence`. The read itself is
    `evidence.queries.class_rows`."""
    return [
        Row(pk, subject, verb, target, _int(task_ref), result or {}, at)
        for pk, subject, verb, target, result, task_ref, at in evidence_queries.class_rows(
            classroom.pk, verbs, student_id=student_id, student_ids=student_ids
        )
    ]


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def high_water(classroom, target_ids: Iterable[int] = ()) -> int:
    """The class's evidence high-water mark (evidence.ClassEvidenceMark): any new event of the
    class (readiness, help answered, moves, corrections) changes it. One primary-key read, no
    counting; it keys the readiness cache."""
    return class_version(classroom.pk)


@dataclass
class ClassEvidence:
    """A class's readiness rows indexed for fast per-(student, task) lookups."""

    by_student_target: dict[tuple[int, int], list[Row]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_student_task: dict[tuple[int, int], list[Row]] = field(
        default_factory=lambda: defaultdict(list)
    )
    skipped: int = 0
    # When each help request was made: readiness judges them against the clock (see
    # `fresh_until`), the only part of a recommendation that changes with no new evidence.
    help_times: list[datetime] = field(default_factory=list)

    @classmethod
    def of(cls, rows: Iterable[Row]) -> ClassEvidence:
        idx = cls()
        for row in rows:
            if row.subject_id is None:
                continue
            if row.verb == Verb.REQUESTED_HELP:
                idx.help_times.append(row.occurred_at)
            if row.target_id is not None:
                idx.by_student_target[(row.subject_id, row.target_id)].append(row)
            if row.task_id is not None:
                idx.by_student_task[(row.subject_id, row.task_id)].append(row)
        return idx

    def for_task(self, student_id: int, task_id: int, target_ids: Iterable[int]) -> list[Evidence]:
        """The engine evidence of one student on one task, each event once."""
        target_ids = list(target_ids)
        seen: set[int] = set()
        out: list[Evidence] = []
        fallback = str(target_ids[0]) if target_ids else f"task-{task_id}"
        groups = [self.by_student_target.get((student_id, t), ()) for t in target_ids]
        groups.append(self.by_student_task.get((student_id, task_id), ()))
        for group in groups:
            for row in group:
                if row.id in seen:
                    continue
                seen.add(row.id)
                target = str(row.target_id) if row.target_id is not None else fallback
                item = to_evidence(row, target)
                if item is None:
                    self.skipped += 1
                else:
                    out.append(item)
        return out


def fresh_until(help_times: Iterable[datetime], now: datetime) -> datetime | None:
    """Until when recommendations computed at `now` stay true with no new evidence: the next
    moment a help request stops being recent (THRESHOLDS.help_lookback) or stops being named by
    its weekday (a week). None: forever (until the evidence changes)."""
    edges = [
        t + span
        for t in help_times
        for span in (THRESHOLDS.help_lookback, timedelta(days=7))
        if t + span > now
    ]
    return min(edges) if edges else None


def recommendation_for(
    phase: Phase,
    evidence: list[Evidence],
    now: datetime,
    params: Mapping[str, BKTParams] | None = None,
    thresholds: Thresholds | None = None,
    phase_since: datetime | None = None,
) -> Recommendation:
    """The engine's recommendation at ``now`` (help requests are judged against the clock,
    not against the latest evidence), with the class's own thresholds when given. When the
    school's fit learned rating profiles (``params.profiles``, see `fitting.params_for`),
    ratings count as evidence through each student's own calibration. ``phase_since`` is the
    student's last move (StudentPhase.updated_at): a step back for low mastery then waits for
    work done since (see `trellis.grr.recommend`)."""
    profiles = getattr(params, "profiles", None)
    th = thresholds or THRESHOLDS
    return recommend(phase, evidence, params, th, now, profiles, phase_since=phase_since)


#: The thresholds a teacher may tune per class (the others stay the engine's defaults).
TUNABLE = ("advance_mastery", "advance_confidence", "step_back_mastery")


def tuned(values: Mapping[str, float]) -> Thresholds:
    """The engine's thresholds with a class's tunable ones. The release mastery a teacher
    tunes moves the release belief (answers and ratings together, used once the school has
    rating profiles) by the same amount, so a stricter or looser class stays so either way, but
    never above the higher of the teacher's number and the default (a belief of 1 is never
    reached). Raises ValueError for a combination the engine refuses."""
    th = replace(THRESHOLDS, **{name: float(values[name]) for name in TUNABLE})
    shift = th.advance_mastery - THRESHOLDS.advance_mastery
    ceiling = max(th.advance_mastery, THRESHOLDS.advance_belief)
    belief = min(max(THRESHOLDS.advance_belief + shift, th.step_back_mastery), ceiling)
    return replace(th, advance_belief=belief)


def thresholds_for(classroom) -> Thresholds:
    """The class's own thresholds (one query), or the engine's defaults."""
    row = ClassThresholds.objects.filter(classroom_id=classroom.pk).values_list(*TUNABLE).first()
    if row is None:
        return THRESHOLDS
    return tuned(dict(zip(TUNABLE, row, strict=True)))


def phase_name(phase) -> str:
    return Phase(phase).name.lower()


def phase_from_name(name: str) -> Phase:
    return Phase[str(name).upper()]

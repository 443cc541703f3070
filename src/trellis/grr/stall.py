"""The stall rule: a student who sits still goes back to step one (Heick).

A student in guided or independent practice is **stalled** when, during an active run, they
have produced no evidence for ``Thresholds.stall_after`` (counted from when they entered the
phase or the run started, whichever is later), or said "I'm lost" ``stall_lost_reports``
times within that span. The engine may then recommend stepping back more than one phase: to
modeling for a small-group re-teach (repeated "I'm lost", or stalled in guided practice), or
to guided practice (quiet in independent practice).

Pure: no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from trellis.grr.evidence import Evidence, EvidenceKind
from trellis.grr.phases import Phase
from trellis.grr.reasons import Explanation, Fact, english, fact
from trellis.grr.recommend import Recommendation, RecommendationKind, decision_fact
from trellis.grr.thresholds import Thresholds

__all__ = ["Stall", "apply_stall", "stall_changes_at", "stall_check"]


@dataclass(frozen=True, slots=True)
class Stall:
    """Why a student counts as stalled (``fact``; ``reason`` says it in English), and where
    the engine would take them."""

    to: Phase
    quiet_minutes: int
    lost_reports: int
    reason: str
    fact: Fact | None = None


def stall_check(
    phase: Phase,
    evidence: Iterable[Evidence],
    *,
    active_since: datetime | None,
    now: datetime,
    thresholds: Thresholds | None = None,
) -> Stall | None:
    """The stall of one student on one task, or None. ``active_since`` is when the clock
    starts (the later of the run's start and the student's entry into ``phase``); None means
    the run is not active, and nobody stalls outside a run."""
    th = thresholds or Thresholds()
    phase = Phase(phase)
    if active_since is None or phase not in (Phase.GUIDED, Phase.INDEPENDENT):
        return None
    items = [e for e in evidence if e.timestamp <= now]
    window_start = now - th.stall_after
    lost = sum(
        1
        for e in items
        if e.kind is EvidenceKind.CONFIDENCE
        and int(e.value) <= th.lost_rating  # type: ignore[call-overload]
        and e.timestamp >= max(window_start, active_since)
    )
    last = max([active_since, *(e.timestamp for e in items)])
    quiet = now - last
    minutes = int(quiet.total_seconds() // 60)
    if lost >= th.stall_lost_reports:
        why = fact("stalled_lost", count=lost, minutes=_minutes(th))
        return Stall(Phase.MODELING, minutes, lost, english(Explanation((why,))), why)
    if quiet >= th.stall_after:
        to = Phase.MODELING if phase is Phase.GUIDED else Phase.GUIDED
        why = fact("stalled_quiet", minutes=minutes)
        return Stall(to, minutes, lost, english(Explanation((why,))), why)
    return None


def stall_changes_at(
    phase: Phase,
    evidence: Iterable[Evidence],
    *,
    active_since: datetime | None,
    now: datetime,
    thresholds: Thresholds | None = None,
) -> datetime | None:
    """The next moment ``stall_check`` would answer differently with no new evidence (a quiet
    student crosses ``stall_after``, a stalled one's quiet minutes tick on, a lost report leaves
    the window), or None when the clock cannot change it. Lets a cached board know until when
    it holds."""
    th = thresholds or Thresholds()
    phase = Phase(phase)
    if active_since is None or phase not in (Phase.GUIDED, Phase.INDEPENDENT):
        return None
    items = [e for e in evidence if e.timestamp <= now]
    last = max([active_since, *(e.timestamp for e in items)])
    quiet = now - last
    minute = timedelta(minutes=1)
    edges = [
        last + th.stall_after if quiet < th.stall_after else last + (quiet // minute + 1) * minute
    ]
    edges += [
        e.timestamp + th.stall_after
        for e in items
        if e.kind is EvidenceKind.CONFIDENCE
        and int(e.value) <= th.lost_rating  # type: ignore[call-overload]
        and e.timestamp + th.stall_after > now
    ]
    return min(edges)


def _minutes(th: Thresholds) -> int:
    return int(th.stall_after.total_seconds() // 60)


def apply_stall(rec: Recommendation, stall: Stall | None) -> Recommendation:
    """The recommendation once the stall rule has spoken: a stall outranks hold and advance
    (the student is not working) and may step back further than one phase."""
    if stall is None or rec.phase not in (Phase.GUIDED, Phase.INDEPENDENT):
        return rec
    kind = RecommendationKind.STEP_BACK
    decision = decision_fact(kind, rec.phase, stall.to)
    why = fact("reteach_small_group" if stall.to is Phase.MODELING else "work_alongside")
    # A stall made without a fact is read from its numbers.
    said = stall.fact or (
        fact("stalled_lost", count=stall.lost_reports, minutes=stall.quiet_minutes)
        if stall.to is Phase.MODELING and stall.lost_reports
        else fact("stalled_quiet", minutes=stall.quiet_minutes)
    )
    told = Explanation((said,), decision, why)
    return Recommendation(
        kind,
        rec.phase,
        stall.to,
        english(told),
        english(Explanation(decision=decision)),
        rec.readiness,
        rec.zpd,
        told,
    )

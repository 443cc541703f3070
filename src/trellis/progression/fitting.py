"""The engine learns from the school: fit its numbers from the whole evidence history.

Nouns: a **ParamsFit** is one refit of a school (versioned); its **TargetParams** are the
numbers of each learning target with how many students and opportunities stand behind them.
The fit is the engine's pooled (empirical-Bayes) fit, `trellis.grr.bkt.fit_pooled`: targets
with much history follow it, targets with little lean on the school's typical values, and
targets with none use them. Targets sharing a standards code form a family, whose typical
values are used first. The board reads the latest version (`params_for`); reasons say where
the numbers come from. With enough students who rated their confidence next to their answers,
the refit also learns the school's **rating profiles** (`trellis.grr.ratings`): how each kind
of rater's ratings sit against their work. The board then reads each student's ratings as
evidence through their own calibration (docs/engine.md, "Confidence ratings as evidence").

`refit` is a plain function run by `trellis readiness refit` (nightly, from cron), or as the
background job `refit_job` (`trellis readiness refit --enqueue`, run by `trellis worker`); it
reads the log in chunks and writes in one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Subquery
from django.utils import timezone

from trellis.accounts.models import School
from trellis.common.jobs import job
from trellis.curriculum.models import LearningTarget
from trellis.evidence import queries as evidence_queries
from trellis.evidence.actions import bump_marks
from trellis.evidence.verbs import Verb
from trellis.grr import MIN_STUDENTS_TO_FIT, BKTParams, capability_value
from trellis.grr.bkt import fit_pooled
from trellis.grr.ratings import RatingProfiles, Step, fit_profiles
from trellis.progression import engine
from trellis.progression.models import ParamsFit, TargetParams
from trellis.rosters.models import Classroom

__all__ = ["FittedNumbers", "params_for", "reason_for", "refit", "refit_job"]

CAPABILITY_VERBS = (Verb.ANSWERED, Verb.OBSERVED, Verb.SCORED)
_CHUNK = 5000
#: Rating profiles are learned only from at least this many (student, target) histories with
#: at least ``MIN_RATINGS`` confidence ratings each; with fewer, ratings are not read as
#: evidence (the board keeps the answers-only release rule).
MIN_RATED_HISTORIES = 50
MIN_RATINGS = 3


class FittedNumbers(dict):
    """target -> BKTParams of the latest fit, and that fit's rating ``profiles`` (None when
    the school's history had too few ratings to learn them, or there is no fit)."""

    profiles: RatingProfiles | None = None


def reason_for(source: str, n_students: int, family: str | None = None) -> str:
    """Where a target's numbers come from, in a teacher's words."""
    if source == "population":
        if family:
            return f"too little history: using the typical values of targets coded {family}"
        return "too little history: using the school's typical values"
    if n_students >= MIN_STUDENTS_TO_FIT:
        return f"learned from {n_students} students in your school"
    return f"learned from {n_students} students in your school, leaning on its typical values"


def _observations(target_ids: list[int]):
    """(student, target, y, rating) of every counting capability event (rating None) and
    confidence rating (y None), oldest first."""
    qs = evidence_queries.counting_events(
        target_id__in=target_ids,
        verb__in=[v.value for v in (*CAPABILITY_VERBS, Verb.RATED_CONFIDENCE)],
        subject__isnull=False,
    ).values_list("id", "subject_id", "verb", "target_id", "result", "occurred_at")
    for pk, subject, verb, target, result, at in qs.iterator(chunk_size=_CHUNK):
        item = engine.to_evidence(engine.Row(pk, subject, verb, target, None, result or {}, at), "")
        if item is None:
            continue
        if verb == Verb.RATED_CONFIDENCE:
            yield subject, target, None, int(item.value)  # type: ignore[call-overload]
            continue
        y = capability_value(item)
        if y is not None:
            yield subject, target, y, None


def _profiles(histories: dict, params: dict) -> tuple[RatingProfiles | None, int]:
    """The school's rating profiles from its (student, target) histories of answers and the
    ratings after them, or None with too few rated histories; and how many there were."""
    rated = [
        (target, steps)
        for (_student, target), steps in histories.items()
        if sum(len(r) for _y, r in steps) >= MIN_RATINGS and any(y is not None for y, _r in steps)
    ]
    if len(rated) < MIN_RATED_HISTORIES:
        return None, len(rated)
    seqs = [[Step(y, tuple(r)) for y, r in steps] for _target, steps in rated]
    return fit_profiles(seqs, [params[target] for target, _ in rated], k=3), len(rated)


def refit(school, *, restarts: int = 3, seed: int = 0, now=None) -> ParamsFit:
    """Fit every learning target of ``school`` from its whole history; store a new version."""
    started = time.perf_counter()
    targets = dict(
        LearningTarget.objects.filter(classroom__school=school).values_list("id", "code")
    )
    families = {t: (code.strip() or None) for t, code in targets.items()}
    students, target_of, ys = [], [], []
    histories: dict[tuple[int, int], list[tuple[float | None, list[int]]]] = {}
    for student, target, y, rating in _observations(list(targets)):
        steps = histories.setdefault((student, target), [])
        if rating is not None:
            if not steps:
                steps.append((None, []))
            steps[-1][1].append(rating)
            continue
        steps.append((y, []))
        students.append(student)
        target_of.append(target)
        ys.append(y)
    fitted = fit_pooled(
        students,
        target_of,
        ys,
        families=families,
        all_targets=targets,
        restarts=restarts,
        seed=seed,
    )
    population = fitted.populations[None]
    profiles, rated = _profiles(histories, fitted.params)
    with transaction.atomic():
        last = ParamsFit.objects.filter(school=school).aggregate(v=Max("version"))["v"] or 0
        fit = ParamsFit.objects.create(
            school=school,
            version=last + 1,
            created_at=now or timezone.now(),
            n_students=len(set(students)),
            n_opportunities=len(ys),
            n_targets=len(targets),
            population={
                "mean": {
                    k: getattr(population.mean, k) for k in ("prior", "learn", "guess", "slip")
                },
                "strength": dict(population.strength),
                "from_targets": population.n_targets,
                "rated_histories": rated,
                "rating_profiles": profiles.to_dict() if profiles is not None else None,
            },
            seconds=time.perf_counter() - started,
        )
        TargetParams.objects.bulk_create(
            TargetParams(
                fit=fit,
                target_id=target,
                prior=p.prior,
                learn=p.learn,
                guess=p.guess,
                slip=p.slip,
                forget=p.forget,
                source=p.source,
                reason=reason_for(
                    p.source,
                    p.n_students,
                    families[target] if families[target] in fitted.populations else None,
                ),
                n_students=p.n_students,
                n_opportunities=p.n_opportunities,
            )
            for target, p in fitted.params.items()
        )
        # New numbers change every board of the school: move the classes' marks so cached
        # readiness and grids (keyed by the mark) are recomputed with them.
        bump_marks(
            dict.fromkeys(Classroom.objects.filter(school=school).values_list("pk", flat=True), 0)
        )
    return fit


def params_for(classroom, target_ids: Iterable[int]) -> FittedNumbers:
    """The latest fitted numbers of these targets in the class's school, with the fit's rating
    profiles (one query); targets never fitted are left out (the engine then uses its
    defaults)."""
    target_ids = list(target_ids)
    out = FittedNumbers()
    if not target_ids:
        return out
    latest = (
        ParamsFit.objects.filter(school_id=classroom.school_id)
        .order_by("-version")
        .values("version")[:1]
    )
    rows = TargetParams.objects.filter(
        fit__school_id=classroom.school_id, target_id__in=target_ids, fit__version=Subquery(latest)
    ).values_list(
        "target_id", "prior", "learn", "guess", "slip", "forget", "source", "reason",
        "n_students", "n_opportunities", "fit__population",
    )  # fmt: skip
    for row in rows:
        t, prior, learn, guess, slip, forget, source, reason, students, opportunities, pop = row
        if out.profiles is None and (pop or {}).get("rating_profiles"):
            out.profiles = RatingProfiles.from_dict(pop["rating_profiles"])
        out[str(t)] = BKTParams(
            prior=prior,
            learn=learn,
            guess=guess,
            slip=slip,
            forget=forget,
            is_default=source == "population",
            reason=reason,
            n_students=students,
            n_opportunities=opportunities,
            source=source,
        )
    return out


@job(max_attempts=2)
def refit_job(progress, school_id: int, restarts: int = 3, seed: int = 0) -> dict:
    """The refit as a background job (`trellis readiness refit --enqueue`). Safe to run twice:
    a second run only adds one more version."""
    school = School.objects.get(pk=school_id)
    progress.start(total=1, message=f"fitting the engine's numbers for {school.name}")
    fit = refit(school, restarts=restarts, seed=seed)
    progress.advance(message=f"version {fit.version}: {fit.n_targets} targets")
    return {"version": fit.version, "n_targets": fit.n_targets, "n_students": fit.n_students}

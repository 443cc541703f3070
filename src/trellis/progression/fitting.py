"""The engine learns from the school: fit its numbers from the whole evidence history.

Nouns: a **ParamsFit** is one refit of a school (versioned); its **TargetParams** are the
numbers of each learning target with how many students and opportunities stand behind them.
The fit is the engine's pooled (empirical-Bayes) fit, `trellis.grr.bkt.fit_pooled`: targets
with much history follow it, targets with little lean on the school's typical values, and
targets with none use them. Targets sharing a standards code form a family, whose typical
values are used first. The board reads the latest version (`params_for`); reasons say where
the numbers come from.

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
from trellis.progression import engine
from trellis.progression.models import ParamsFit, TargetParams
from trellis.rosters.models import Classroom

__all__ = ["params_for", "reason_for", "refit", "refit_job"]

CAPABILITY_VERBS = (Verb.ANSWERED, Verb.OBSERVED, Verb.SCORED)
_CHUNK = 5000


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
    """(student, target, y) of every counting capability event, oldest first."""
    qs = evidence_queries.counting_events(
        target_id__in=target_ids,
        verb__in=[v.value for v in CAPABILITY_VERBS],
        subject__isnull=False,
    ).values_list("id", "subject_id", "verb", "target_id", "result", "occurred_at")
    for pk, subject, verb, target, result, at in qs.iterator(chunk_size=_CHUNK):
        item = engine.to_evidence(engine.Row(pk, subject, verb, target, None, result or {}, at), "")
        y = capability_value(item) if item is not None else None
        if y is not None:
            yield subject, target, y


def refit(school, *, restarts: int = 3, seed: int = 0, now=None) -> ParamsFit:
    """Fit every learning target of ``school`` from its whole history; store a new version."""
    started = time.perf_counter()
    targets = dict(
        LearningTarget.objects.filter(classroom__school=school).values_list("id", "code")
    )
    families = {t: (code.strip() or None) for t, code in targets.items()}
    students, target_of, ys = [], [], []
    for student, target, y in _observations(list(targets)):
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


def params_for(classroom, target_ids: Iterable[int]) -> dict[str, BKTParams]:
    """The latest fitted numbers of these targets in the class's school (one query); targets
    never fitted are left out (the engine then uses its defaults)."""
    target_ids = list(target_ids)
    if not target_ids:
        return {}
    latest = (
        ParamsFit.objects.filter(school_id=classroom.school_id)
        .order_by("-version")
        .values("version")[:1]
    )
    rows = TargetParams.objects.filter(
        fit__school_id=classroom.school_id, target_id__in=target_ids, fit__version=Subquery(latest)
    ).values_list(
        "target_id", "prior", "learn", "guess", "slip", "forget", "source", "reason",
        "n_students", "n_opportunities",
    )  # fmt: skip
    out = {}
    for t, prior, learn, guess, slip, forget, source, reason, students, opportunities in rows:
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

"""Rebuilding students' phases from the `moved` evidence (the log is the truth), class by class.

A school-wide rebuild runs one short transaction per class: it locks that class's phase rows
only (a teacher moving students in another class never waits), then reads the class's moves
(after the lock, so a move that committed meanwhile is included, never reverted), and writes
the differences with one bulk UPDATE and one bulk INSERT. (A single school-wide transaction
held every phase row of the school locked for a minute at district size.) It runs as a
background job too (`progression.jobs.rebuild_readiness`), which resumes where it stopped.
"""

from __future__ import annotations

from django.db import transaction

from trellis.curriculum.models import Task
from trellis.evidence.queries import counting_events
from trellis.evidence.verbs import Verb
from trellis.grr import Phase
from trellis.rosters.models import Classroom

from .. import engine
from ..models import StudentPhase

BATCH = 1000


def classes_to_rebuild(classroom_id: int | None = None, school_id: int | None = None) -> list[int]:
    """The classes a rebuild visits: one, a school's, or every class that has tasks."""
    if classroom_id is not None:
        return [classroom_id]
    tasks = Task.objects.all()
    if school_id is not None:
        tasks = tasks.filter(classroom__school_id=school_id)
    return sorted(set(tasks.values_list("classroom_id", flat=True)))


def rebuild_class(classroom_id: int) -> dict[str, int]:
    """One class in one transaction; returns counts of phase rows checked and changed."""
    modeling = int(Phase.MODELING)
    with transaction.atomic():
        task_ids = set(Task.objects.filter(classroom_id=classroom_id).values_list("pk", flat=True))
        existing = {
            (sp.task_id, sp.student_id): sp
            for sp in StudentPhase.objects.select_for_update().filter(task_id__in=task_ids)
        }
        folded: dict[tuple[int, int], tuple[int, int]] = {}
        moves = counting_events(verb=Verb.MOVED, object_type="task", classroom_id=classroom_id)
        for subject, object_id, context in moves.values_list("subject_id", "object_id", "context"):
            ext = (context or {}).get("extensions", {})
            try:
                task_id, phase = int(object_id), int(engine.phase_from_name(ext["to"]))
            except (KeyError, ValueError, TypeError):
                continue
            if task_id not in task_ids or subject is None:
                continue
            _, count = folded.get((task_id, subject), (0, 0))
            folded[(task_id, subject)] = (phase, count + 1)
        to_create, to_update = [], []
        for (task_id, student_id), (phase, version) in folded.items():
            sp = existing.get((task_id, student_id))
            if sp is None:
                to_create.append(
                    StudentPhase(
                        task_id=task_id, student_id=student_id, phase=phase, version=version
                    )
                )
            elif (sp.phase, sp.version) != (phase, version):
                sp.phase, sp.version = phase, version
                to_update.append(sp)
        for key, sp in existing.items():
            if key not in folded and (sp.phase, sp.version) != (modeling, 0):
                sp.phase, sp.version = modeling, 0
                to_update.append(sp)
        # A move may create a row meanwhile (it holds no lock we took): it then already says
        # what the log says, so a conflict is skipped, not an error.
        StudentPhase.objects.bulk_create(to_create, batch_size=BATCH, ignore_conflicts=True)
        StudentPhase.objects.bulk_update(to_update, ["phase", "version"], batch_size=BATCH)
    checked = len(existing) + len(to_create)
    return {"checked": checked, "changed": len(to_create) + len(to_update)}


def rebuild_phases(classroom: Classroom | None = None, *, school_id=None, progress=None):
    """Rebuild one class, a school, or everything, one class per transaction. With a job's
    `progress`, reports each class and skips those an earlier attempt finished."""
    class_ids = classes_to_rebuild(classroom.pk if classroom else None, school_id)
    totals = {"checked": 0, "changed": 0, "classes": 0}
    if progress is not None:
        totals = {**totals, **(progress.run.checkpoint.get("totals") or {})}
        progress.start(total=len(class_ids), message="Rebuilding phases from the evidence log")
    for classroom_id in class_ids:
        if progress is not None and progress.finished(classroom_id):
            continue
        counts = rebuild_class(classroom_id)
        totals["checked"] += counts["checked"]
        totals["changed"] += counts["changed"]
        totals["classes"] += 1
        if progress is not None:
            progress.advance(item=classroom_id, keep={"totals": totals})
    return totals

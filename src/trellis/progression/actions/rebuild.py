"""Rebuilding every student phase from the move log."""

from __future__ import annotations

from django.db import transaction

from trellis.curriculum.models import Task
from trellis.evidence.verbs import Verb
from trellis.grr import Phase

from .. import engine
from ..models import StudentPhase

# --------------------------------------------------------------------------- rebuilding


@transaction.atomic
def rebuild_phases(classroom=None) -> dict[str, int]:
    """Recompute every StudentPhase from the `moved` evidence (the log is the truth): the
    phase after the last move and one version per move; students with no move stand in
    modeling at version 0. Returns counts of rows checked and changed."""
    from trellis.evidence.queries import counting_events

    filters = {"verb": Verb.MOVED, "object_type": "task"}
    if classroom is not None:
        filters["classroom"] = classroom
    folded: dict[tuple[int, int], tuple[int, int]] = {}
    for subject, object_id, context in counting_events(**filters).values_list(
        "subject_id", "object_id", "context"
    ):
        ext = (context or {}).get("extensions", {})
        try:
            task_id, phase = int(object_id), int(engine.phase_from_name(ext["to"]))
        except (KeyError, ValueError, TypeError):
            continue
        _, count = folded.get((task_id, subject), (0, 0))
        folded[(task_id, subject)] = (phase, count + 1)
    rows = StudentPhase.objects.select_for_update()
    if classroom is not None:
        rows = rows.filter(task__classroom=classroom)
    existing = {(sp.task_id, sp.student_id): sp for sp in rows}
    valid_tasks = set(
        Task.objects.filter(pk__in={t for t, _ in folded}).values_list("pk", flat=True)
    )
    changed = 0
    for key, (phase, version) in folded.items():
        if key[0] not in valid_tasks or key[1] is None:
            continue
        sp = existing.get(key)
        if sp is None:
            StudentPhase.objects.create(
                task_id=key[0], student_id=key[1], phase=phase, version=version
            )
            changed += 1
        elif (sp.phase, sp.version) != (phase, version):
            StudentPhase.objects.filter(pk=sp.pk).update(phase=phase, version=version)
            changed += 1
    for key, sp in existing.items():
        if key not in folded and (sp.phase, sp.version) != (int(Phase.MODELING), 0):
            StudentPhase.objects.filter(pk=sp.pk).update(phase=int(Phase.MODELING), version=0)
            changed += 1
    return {"checked": len(existing) + len(set(folded) - set(existing)), "changed": changed}

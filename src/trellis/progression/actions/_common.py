"""Helpers shared by the release's writes: locked task reads, the live run, the evidence
envelope of a task act, text checks and student phases.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError
from trellis.common.text import clean_text
from trellis.curriculum.models import Task, TaskStep
from trellis.evidence.actions import record
from trellis.rosters import queries as roster_queries
from trellis.rosters.permissions import classes_managed_by

from ..models import StudentPhase, TaskRun
from ..permissions import student_classes_of
from ..queries._common import guided_attempt  # noqa: F401  (re-exported for the acts)

# --------------------------------------------------------------------------- helpers


def _managed_task(user: User, task: Task) -> Task:
    """The task re-read under a row lock (moves on one task queue up), if the user runs it."""
    try:
        return (
            Task.objects.select_for_update()
            .select_related("classroom")
            .get(pk=task.pk, classroom__in=classes_managed_by(user))
        )
    except Task.DoesNotExist:
        raise NotFound("task") from None


def _learner_task(user: User, task: Task) -> Task:
    try:
        return Task.objects.select_related("classroom").get(
            pk=task.pk, classroom__in=student_classes_of(user), is_active=True
        )
    except Task.DoesNotExist:
        raise NotFound("task") from None


def _live_run(task: Task, *, for_student: bool = False) -> TaskRun:
    run = TaskRun.objects.filter(task=task, ended_at__isnull=True).first()
    if run is None:
        if for_student:
            raise UserError(
                gettext("“%(title)s” is not running right now. Wait for your teacher to start it.")
                % {"title": task.title}
            )
        raise UserError(
            gettext("“%(title)s” has not been started. Start it from its run page first.")
            % {"title": task.title},
            field="task",
        )
    return run


def _steps(task: Task) -> list[TaskStep]:
    return list(task.steps.order_by("position", "id"))


def _primary_target_id(task: Task) -> int | None:
    first = task.targets.order_by("position", "id").values_list("pk", flat=True).first()
    return first


def _ext(task: Task, **more) -> dict:
    return {"extensions": {"task": task.pk, **more}}


_PRIMARY_TARGET = object()


def _record_task_act(
    task: Task,
    *,
    actor,
    verb,
    object_type,
    object_id,
    subject=None,
    result=None,
    occurred_at=None,
    target_id=_PRIMARY_TARGET,
    **extensions,
):
    """Write one act during a task to the evidence log: the class, the task's first target
    (unless given) and the task id (plus `extensions`) are the same envelope for every act."""
    if target_id is _PRIMARY_TARGET:
        target_id = _primary_target_id(task)
    return record(
        actor=actor,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        subject=subject,
        classroom=task.classroom,
        target_id=target_id,
        result=result,
        context=_ext(task, **extensions),
        occurred_at=occurred_at,
    )


def _text(value, limit: int, *, field: str, what: str, required: bool = True) -> str:
    return clean_text(value, limit=limit, field=field, what=what, required=required)


def _phase_of(task: Task, student: User) -> StudentPhase:
    sp, _ = StudentPhase.objects.get_or_create(task=task, student=student)
    return sp


def _ensure_phases(task: Task, student_ids: Iterable[int]) -> None:
    StudentPhase.objects.bulk_create(
        [StudentPhase(task=task, student_id=sid) for sid in student_ids], ignore_conflicts=True
    )


def _active_student_ids(classroom) -> list[int]:
    return roster_queries.active_student_ids(classroom)

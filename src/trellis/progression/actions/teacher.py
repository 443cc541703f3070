"""Acts of the teacher during a run: resolving help, observing, picking suggestions and
marking success checks.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError
from trellis.common.ids import as_id
from trellis.curriculum.models import Task
from trellis.evidence.actions import record
from trellis.evidence.verbs import Verb
from trellis.rosters import queries as roster_queries

from ..models import NOTE_MAX, HelpRequest, SuccessCheckAnswer, Suggestion, Verdict
from ._common import _ext, _managed_task, _primary_target_id, _record_task_act, _text

OBSERVATION_CHOICES = {
    "explained": "explained the step",
    "prompted": "needed prompting",
    "off-track": "off track",
}


@transaction.atomic
def resolve_help(user: User, task: Task, help_id) -> HelpRequest:
    task = _managed_task(user, task)
    help_request = (
        HelpRequest.objects.select_for_update()
        .select_related("student")
        .filter(task=task, pk=as_id(help_id))
        .first()
    )
    if help_request is None:
        raise NotFound("help request")
    if help_request.resolved_at is not None:
        raise UserError(
            gettext("%(name)s's request was already answered.")
            % {"name": help_request.student.name}
        )
    help_request.resolved_at, help_request.resolved_by = timezone.now(), user
    help_request.save(update_fields=["resolved_at", "resolved_by"])
    _record_task_act(
        task,
        actor=user,
        verb=Verb.RESOLVED_HELP,
        object_type="help-request",
        object_id=help_request.pk,
        subject=help_request.student,
    )
    return help_request


# --------------------------------------------------------------------------- teacher acts


def _enrolled_student(task: Task, student_id) -> User:
    student = roster_queries.enrolled_student(task.classroom, student_id)
    if student is None:
        raise UserError(
            gettext("That student is no longer enrolled in this class. Refresh the page."),
            field="student",
        )
    return student


@transaction.atomic
def observe(user: User, task: Task, student_id, seen: str, note: str = ""):
    """A teacher's one-tap observation during guided practice: explained the step, needed
    prompting, or off track, with an optional note."""
    task = _managed_task(user, task)
    student = _enrolled_student(task, student_id)
    if seen not in OBSERVATION_CHOICES:
        raise UserError(
            gettext("Choose explained the step, needed prompting or off track."), field="seen"
        )
    note = _text(note, NOTE_MAX, field="note", what=gettext("The note"), required=False)
    return record(
        actor=user,
        verb=Verb.OBSERVED,
        object_type="task",
        object_id=task.pk,
        subject=student,
        classroom=task.classroom,
        target_id=_primary_target_id(task),
        result={"response": seen},
        context=_ext(task, note=note),
    )


@transaction.atomic
def pick_suggestion(user: User, task: Task, suggestion_id) -> Suggestion:
    """The teacher follows one suggestion: it (and the ones grouped with it) is marked
    picked for its step, and the pick is an `endorsed` event about its author."""
    task = _managed_task(user, task)
    suggestion = (
        Suggestion.objects.select_related("student")
        .filter(task=task, pk=as_id(suggestion_id))
        .first()
    )
    if suggestion is None:
        raise NotFound("suggestion")
    Suggestion.objects.filter(task=task, step_id=suggestion.step_id).update(picked=False)
    Suggestion.objects.filter(pk=suggestion.pk).update(picked=True)
    suggestion.picked = True
    _record_task_act(
        task,
        actor=user,
        verb=Verb.ENDORSED,
        object_type="suggestion",
        object_id=suggestion.pk,
        subject=suggestion.student,
        result={"response": suggestion.text},
    )
    return suggestion


@transaction.atomic
def mark_success_check(user: User, task: Task, answer_id, verdict: str) -> SuccessCheckAnswer:
    """The teacher marks a success-check answer right or not yet: an `answered` event."""
    task = _managed_task(user, task)
    if verdict not in Verdict.values:
        raise UserError(gettext("Mark the answer right or not yet."), field="verdict")
    row = (
        SuccessCheckAnswer.objects.select_for_update()
        .select_related("student")
        .filter(task=task, pk=as_id(answer_id))
        .first()
    )
    if row is None:
        raise NotFound("answer")
    if row.verdict:
        raise UserError(
            gettext("%(name)s's answer is already marked %(lower)s.")
            % {"name": row.student.name, "lower": row.get_verdict_display().lower()}
        )
    row.verdict, row.marked_by, row.marked_at = verdict, user, timezone.now()
    row.save(update_fields=["verdict", "marked_by", "marked_at"])
    _record_task_act(
        task,
        actor=user,
        verb=Verb.ANSWERED,
        object_type="success-check",
        object_id=row.pk,
        subject=row.student,
        result={"success": verdict == Verdict.RIGHT, "response": row.answer},
        occurred_at=row.marked_at,
    )
    return row

"""Live acts of students during a run: lost signals, suggestions, guided plans and
reflections, help requests and success-check answers.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.db import write_transaction
from trellis.common.errors import UserError
from trellis.curriculum.models import Task, TaskStep
from trellis.evidence.actions import record
from trellis.evidence.verbs import Verb
from trellis.grr import MoveKind, Phase
from trellis.progression.queries.display import label

from ..models import (
    ANSWER_MAX,
    NOTE_MAX,
    PLAN_MAX,
    REFLECTION_MAX,
    SUGGESTION_MAX,
    GuidedEntry,
    HelpRequest,
    RunMode,
    StudentPhase,
    SuccessCheckAnswer,
    Suggestion,
)
from ..queries.learner import next_step_to_plan
from ._common import (
    _ext,
    _learner_task,
    _live_run,
    _phase_of,
    _primary_target_id,
    _record_task_act,
    _steps,
    _text,
    guided_attempt,
)
from ._moves import _move

# --------------------------------------------------------------------------- student acts


def _my_phase(user: User, task: Task) -> StudentPhase:
    return _phase_of(task, user)


@write_transaction()  # a whole class may press it at once
def signal_lost(user: User, task: Task):
    """A student's "I'm lost" during modeling or co-construction, on the step shown now."""
    task = _learner_task(user, task)
    run = _live_run(task, for_student=True)
    sp = _my_phase(user, task)
    if sp.phase > Phase.CO_CONSTRUCTION:
        raise UserError(
            gettext(
                "“I'm lost” is for while your teacher shows the steps. You are in "
                "%(label)s: ask for help there instead."
            )
            % {"label": label(Phase(sp.phase))}
        )
    steps = _steps(task)
    step = steps[min(run.current_step, len(steps) - 1)]
    return record(
        actor=user,
        verb=Verb.SIGNALLED_LOST,
        object_type="task-step",
        object_id=step.pk,
        classroom=task.classroom,
        target_id=_primary_target_id(task),
        result={"response": "lost"},
        context=_ext(task, step=run.current_step, mode=run.mode),
    )


@write_transaction()  # a whole class may press it at once
def signal_with_us(user: User, task: Task):
    """The other answer of co-construction's quick check: "I'm with you" on the step shown
    now. A confidence rating of 3 (confident), so a later "with you" outweighs an earlier
    "I'm lost" and the engine reads both (co-construction evidence)."""
    task = _learner_task(user, task)
    run = _live_run(task, for_student=True)
    sp = _my_phase(user, task)
    if run.mode != RunMode.CO_CONSTRUCTION or sp.phase > Phase.CO_CONSTRUCTION:
        raise UserError(
            gettext("“I'm with you” is for while the class directs your teacher's steps.")
        )
    steps = _steps(task)
    step = steps[min(run.current_step, len(steps) - 1)]
    return record(
        actor=user,
        verb=Verb.RATED_CONFIDENCE,
        object_type="task-step",
        object_id=step.pk,
        classroom=task.classroom,
        target_id=_primary_target_id(task),
        result={"response": "with us", "score": {"raw": WITH_US_RATING}},
        context=_ext(task, step=run.current_step, mode=run.mode, check="with-us"),
    )


# "I'm with you" counts as this confidence rating (1-4): confident, not yet "I could explain".
WITH_US_RATING = 3


@write_transaction()  # a whole class may press it at once
def suggest_next(user: User, task: Task, text: str) -> Suggestion:
    """A student's answer to "what comes next?" (at most 280 characters) during
    co-construction, about the step on the projector."""
    task = _learner_task(user, task)
    run = _live_run(task, for_student=True)
    text = _text(text, SUGGESTION_MAX, field="text", what=gettext("Your suggestion"))
    if run.mode != RunMode.CO_CONSTRUCTION:
        raise UserError(
            gettext(
                "Your teacher is modeling right now; suggestions open when they ask "
                "“what comes next?”."
            ),
            field="text",
        )
    sp = _my_phase(user, task)
    if sp.phase > Phase.CO_CONSTRUCTION:
        raise UserError(
            gettext("You are in %(label)s on this task, past co-construction.")
            % {"label": label(Phase(sp.phase))},
            field="text",
        )
    steps = _steps(task)
    step = steps[min(run.current_step, len(steps) - 1)]
    now = timezone.now()
    suggestion = Suggestion.objects.create(
        task=task, step=step, student=user, text=text, created_at=now
    )
    _record_task_act(
        task,
        actor=user,
        verb=Verb.SUGGESTED,
        object_type="task-step",
        object_id=step.pk,
        result={"response": text},
        step=run.current_step,
        suggestion=suggestion.pk,
        occurred_at=now,
    )
    return suggestion


def _guided_step(user: User, task: Task, step_id) -> tuple[Task, TaskStep, int]:
    task = _learner_task(user, task)
    sp = _my_phase(user, task)
    if sp.phase != Phase.GUIDED:
        raise UserError(
            gettext(
                "Plans and reflections belong to guided practice; you are in %(label)s "
                "on this task."
            )
            % {"label": label(Phase(sp.phase))}
        )
    try:
        step = task.steps.get(pk=int(step_id))
    except (TaskStep.DoesNotExist, TypeError, ValueError, OverflowError):
        raise UserError(gettext("Choose one of this task's steps."), field="step") from None
    return task, step, guided_attempt(task, user.pk)


@write_transaction()  # a whole class may press it at once
def plan_step(user: User, task: Task, step_id, plan: str) -> GuidedEntry:
    """Guided practice, before a step: what the student will do next (at most 280 chars)."""
    task, step, attempt = _guided_step(user, task, step_id)
    plan = _text(plan, PLAN_MAX, field="plan", what=gettext("Your plan"))
    # One step at a time, within this attempt: a step already planned may be re-planned; a new
    # one only once every earlier step is planned and reflected on (the same rule the page uses).
    steps = _steps(task)
    entries = {
        e.step_id: e for e in GuidedEntry.objects.filter(task=task, student=user, attempt=attempt)
    }
    if step.pk not in entries and step.pk != next_step_to_plan(steps, entries):
        first = next(
            (
                n
                for n, s in enumerate(steps, 1)
                if getattr(entries.get(s.pk), "reflected_at", None) is None
            ),
            1,
        )
        raise UserError(
            gettext(
                "Step %(first)s comes first: guided practice goes one step at a time, "
                "so plan it, do it and reflect on it before step %(value)s."
            )
            % {"first": first, "value": steps.index(step) + 1},
            field="step",
        )
    now = timezone.now()
    entry, created = GuidedEntry.objects.get_or_create(
        task=task,
        step=step,
        student=user,
        attempt=attempt,
        defaults={"plan": plan, "planned_at": now},
    )
    if not created:
        entry.plan, entry.planned_at = plan, now
        entry.save(update_fields=["plan", "planned_at"])
    _record_task_act(
        task,
        actor=user,
        verb=Verb.PLANNED,
        object_type="task-step",
        object_id=step.pk,
        result={"response": plan},
        step=step.position,
        occurred_at=now,
    )
    return entry


@write_transaction()  # a whole class may press it at once
def reflect_step(
    user: User, task: Task, step_id, reflection: str, confidence: int | None = None
) -> GuidedEntry:
    """Guided practice, after a step: a quick reflection and, optionally, how sure the student
    feels (1 = lost … 4 = I could explain it), recorded as a confidence rating."""
    task, step, attempt = _guided_step(user, task, step_id)
    entry = GuidedEntry.objects.filter(task=task, step=step, student=user, attempt=attempt).first()
    if entry is None:
        raise UserError(
            gettext("Write what you will do next before reflecting on this step."),
            field="reflection",
        )
    reflection = _text(
        reflection, REFLECTION_MAX, field="reflection", what=gettext("Your reflection")
    )
    if confidence not in (None, ""):
        try:
            confidence = int(confidence)
        except (TypeError, ValueError):
            confidence = 0
        if confidence not in (1, 2, 3, 4):
            raise UserError(gettext("Choose how sure you feel: 1, 2, 3 or 4."), field="confidence")
    else:
        confidence = None
    now = timezone.now()
    entry.reflection, entry.confidence, entry.reflected_at = reflection, confidence, now
    entry.save(update_fields=["reflection", "confidence", "reflected_at"])
    target = _primary_target_id(task)
    _record_task_act(
        task,
        actor=user,
        verb=Verb.REFLECTED,
        object_type="task-step",
        object_id=step.pk,
        target_id=target,
        result={"response": reflection},
        step=step.position,
        occurred_at=now,
    )
    if confidence is not None:
        _record_task_act(
            task,
            actor=user,
            verb=Verb.RATED_CONFIDENCE,
            object_type="task-step",
            object_id=step.pk,
            target_id=target,
            result={"score": {"raw": confidence, "min": 1, "max": 4}},
            step=step.position,
            occurred_at=now,
        )
    return entry


@write_transaction()  # a whole class may press it at once
def request_help(user: User, task: Task, note: str = "") -> HelpRequest:
    """ "I need help" during independent practice: the student goes back to guided practice at
    once (a HELP_REQUEST move, logged like any move) and their teacher sees the note."""
    task = _learner_task(user, task)
    _live_run(task, for_student=True)
    note = _text(note, NOTE_MAX, field="note", what=gettext("Your note"), required=False)
    sp = _my_phase(user, task)
    if sp.phase != Phase.INDEPENDENT:
        raise UserError(
            gettext(
                "“I need help” is for independent practice. You are in %(label)s, "
                "where your teacher is already working alongside you: put your hand up "
                "or write it in your plan."
            )
            % {"label": label(Phase(sp.phase))},
            field="note",
        )
    now = timezone.now()
    help_request = HelpRequest.objects.create(task=task, student=user, note=note, created_at=now)
    _record_task_act(
        task,
        actor=user,
        verb=Verb.REQUESTED_HELP,
        object_type="help-request",
        object_id=help_request.pk,
        result={"response": note},
        occurred_at=now,
    )
    _move(user, task, [user], MoveKind.HELP_REQUEST, note=note)
    return help_request


@write_transaction()  # a whole class may press it at once
def answer_success_check(user: User, task: Task, answer: str) -> SuccessCheckAnswer:
    """The student's answer to the plan's success check (after independent practice)."""
    task = _learner_task(user, task)
    plan = getattr(task, "plan", None)
    if plan is None or not plan.success_check:
        raise UserError(gettext("Your teacher has not set a success check for this task yet."))
    sp = _my_phase(user, task)
    if sp.phase < Phase.INDEPENDENT:
        raise UserError(
            gettext("The success check comes after independent practice; you are in %(label)s.")
            % {"label": label(Phase(sp.phase))},
            field="answer",
        )
    answer = _text(answer, ANSWER_MAX, field="answer", what=gettext("Your answer"))
    now = timezone.now()
    row = SuccessCheckAnswer.objects.create(
        task=task, student=user, question=plan.success_check, answer=answer, created_at=now
    )
    _record_task_act(
        task,
        actor=user,
        verb=Verb.SUBMITTED,
        object_type="success-check",
        object_id=row.pk,
        result={"response": answer},
        occurred_at=now,
    )
    return row

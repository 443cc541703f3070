"""Every write of the release: starting a task, stepping the projector, students' signals,
suggestions, plans, reflections and help requests, teachers' observations and marks, and the
phase moves of the release board.

Each act is one transaction and writes its evidence event (trellis.evidence.actions.record)
inside it, so the act and its evidence exist together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.db import write_transaction
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.curriculum.models import Task, TaskStep
from trellis.evidence.actions import record
from trellis.evidence.verbs import Verb
from trellis.grr import IllegalMove, Move, MoveKind, Phase, apply_move, label
from trellis.rosters.models import Enrollment, EnrollmentRole
from trellis.rosters.permissions import classes_managed_by

from . import engine
from .models import (
    ANSWER_MAX,
    NOTE_MAX,
    PLAN_MAX,
    REFLECTION_MAX,
    SUGGESTION_MAX,
    GuidedEntry,
    HelpRequest,
    PhaseMove,
    RunMode,
    StudentPhase,
    SuccessCheckAnswer,
    Suggestion,
    TaskRun,
    Verdict,
)
from .permissions import student_classes_of

OBSERVATION_CHOICES = {
    "explained": "explained the step",
    "prompted": "needed prompting",
    "off-track": "off track",
}


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
                f"“{task.title}” is not running right now. Wait for your teacher to start it."
            )
        raise UserError(
            f"“{task.title}” has not been started. Start it from its run page first.",
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
    value = (value or "").strip()
    if required and not value:
        raise UserError(
            f"{what} is empty. Write a few words (up to {limit} characters).", field=field
        )
    if len(value) > limit:
        raise UserError(
            f"{what} is {len(value)} characters; the limit is {limit}. Shorten it and send again.",
            field=field,
        )
    return value


def _phase_of(task: Task, student: User) -> StudentPhase:
    sp, _ = StudentPhase.objects.get_or_create(task=task, student=student)
    return sp


def _ensure_phases(task: Task, student_ids: Iterable[int]) -> None:
    StudentPhase.objects.bulk_create(
        [StudentPhase(task=task, student_id=sid) for sid in student_ids], ignore_conflicts=True
    )


def _active_student_ids(classroom) -> list[int]:
    return list(
        Enrollment.objects.filter(
            classroom=classroom, role=EnrollmentRole.STUDENT, is_active=True
        ).values_list("user_id", flat=True)
    )


# --------------------------------------------------------------------------- running a task


@transaction.atomic
def start_task(user: User, task: Task) -> TaskRun:
    """Start teaching ``task``: it joins the class's release board and every student of the
    class starts in modeling. A task without steps cannot be started (nothing to model)."""
    task = _managed_task(user, task)
    if not task.is_active:
        raise UserError(f"“{task.title}” is archived. Bring it back before starting it.")
    if not task.steps.exists():
        raise UserError(
            f"“{task.title}” has no steps yet, so there is nothing to model. Add at least one "
            "step on the task's edit page, then start it.",
            field="steps",
        )
    now = timezone.now()
    run = TaskRun.objects.filter(task=task).first()
    if run and run.ended_at is None:
        raise UserError(f"“{task.title}” is already running.")
    if run:
        run.ended_at = None
        run.save(update_fields=["ended_at", "updated_at"])
    else:
        run = TaskRun.objects.create(
            task=task,
            classroom=task.classroom,
            started_by=user,
            started_at=now,
            step_changed_at=now,
        )
    _ensure_phases(task, _active_student_ids(task.classroom))
    return run


@transaction.atomic
def end_task(user: User, task: Task) -> TaskRun:
    """Take ``task`` off the release board. Phases and evidence stay; it can be restarted."""
    task = _managed_task(user, task)
    run = _live_run(task)
    run.ended_at = timezone.now()
    run.save(update_fields=["ended_at", "updated_at"])
    return run


@transaction.atomic
def show_step(user: User, task: Task, *, index: int | None = None, delta: int = 0) -> TaskRun:
    """Put step ``index`` (0-based) on the projector, or move by ``delta`` (±1)."""
    task = _managed_task(user, task)
    run = _live_run(task)
    count = task.steps.count()
    new = run.current_step + delta if index is None else int(index)
    new = max(0, min(new, count - 1))
    if new != run.current_step:
        run.current_step = new
        run.step_changed_at = timezone.now()
        run.save(update_fields=["current_step", "step_changed_at", "updated_at"])
    return run


@transaction.atomic
def set_mode(user: User, task: Task, mode: str) -> TaskRun:
    """Switch the projector between modeling and co-construction ("what comes next?")."""
    task = _managed_task(user, task)
    run = _live_run(task)
    if mode not in RunMode.values:
        raise UserError("Choose modeling or co-construction.", field="mode")
    if run.mode != mode:
        run.mode = mode
        run.step_changed_at = timezone.now()
        run.save(update_fields=["mode", "step_changed_at", "updated_at"])
    return run


# --------------------------------------------------------------------------- moves


def _build_move(kind: MoveKind, to_phase, note: str, override: bool) -> Move:
    if kind is MoveKind.ADVANCE:
        return Move.advance(Phase(to_phase) if to_phase is not None else None, override=override)
    if kind is MoveKind.HOLD:
        return Move.hold(note or None)
    if kind is MoveKind.STEP_BACK:
        if to_phase is None:
            raise UserError("Choose the phase to step back to.", field="to_phase")
        if not note:
            raise UserError(
                "Say in the note why you are stepping back; students' move logs keep it.",
                field="note",
            )
        return Move.step_back(Phase(to_phase), reason=note)
    if kind is MoveKind.HELP_REQUEST:
        return Move.help_request()
    if kind is MoveKind.PAUSE_AND_BREAK_DOWN:
        return Move.pause_and_break_down(note or None)
    return Move.complete(override=override)


def _explain(error: IllegalMove, name: str, move: Move, current: Phase) -> UserError:
    """The engine's refusal in the teacher's words, naming the student and what to do."""
    here = label(current)
    if move.kind is MoveKind.ADVANCE and move.to is not None and move.to - current > 1:
        skipped = move.to - current - 1
        return UserError(
            f"Releasing {name} from {here} to {label(move.to)} skips {skipped} "
            f"phase{'s' if skipped > 1 else ''}. Tick “Skip phases on purpose” if you mean it.",
            field="override",
        )
    if move.kind is MoveKind.HELP_REQUEST:
        return UserError(
            f"A help request sends a student back to guided practice only from independent "
            f"practice; {name} is in {here}.",
            field="kind",
        )
    if move.kind is MoveKind.STEP_BACK:
        return UserError(
            f"{name} is in {here}, so {label(move.to)} is not a step back for them. "
            "Leave them out of this move, or choose an earlier phase.",
            field="to_phase",
        )
    if move.kind is MoveKind.ADVANCE and current is Phase.INDEPENDENT:
        return UserError(
            f"{name} is already in independent practice, the last phase. "
            "Use “Mark complete” when they have finished the task.",
            field="kind",
        )
    if move.kind is MoveKind.ADVANCE and move.to is not None and move.to <= current:
        return UserError(
            f"{name} is in {here}; releasing moves forward. Use “Step back” to go to "
            f"{label(move.to)}.",
            field="to_phase",
        )
    if current is Phase.COMPLETE:
        return UserError(f"{name} has completed this task; only “Hold” applies.", field="kind")
    return UserError(f"{name}: {error}", field="kind")


def _conflict(task: Task, stale: list[StudentPhase], names: Mapping[int, str]) -> Conflict:
    last = {
        m.student_id: m
        for m in PhaseMove.objects.filter(
            task=task, student_id__in=[sp.student_id for sp in stale]
        ).select_related("actor")
    }
    parts = []
    for sp in stale:
        move = last.get(sp.student_id)
        who = f" (moved by {move.actor.name if move.actor else 'someone'})" if move else ""
        parts.append(f"{names[sp.student_id]} is now in {label(Phase(sp.phase))}{who}")
    return Conflict(
        "This changed while you were looking: "
        + "; ".join(parts)
        + ". Nobody was moved. The board now shows the new state and your note is kept: "
        "check it and submit again.",
        field="students",
    )


def _student_ids(student_ids) -> list[int]:
    try:
        ids = sorted({int(s) for s in (student_ids or [])})
    except (TypeError, ValueError):
        raise UserError("Choose students from the board.", field="students") from None
    if not ids:
        raise UserError(
            "Select at least one student (tick the box by their name).", field="students"
        )
    return ids


def _move(
    actor: User,
    task: Task,
    students: list[User],
    kind: MoveKind,
    *,
    to_phase=None,
    note: str = "",
    seen_versions: Mapping | None = None,
    override: bool = False,
) -> list[StudentPhase]:
    """Apply one move to ``students`` of ``task`` (the caller has authorised and locked)."""
    note = _text(note, NOTE_MAX, field="note", what="The note", required=False)
    move = _build_move(kind, to_phase, note, override)
    ids = [s.pk for s in students]
    names = {s.pk: s.name for s in students}
    _ensure_phases(task, ids)
    phases = {
        sp.student_id: sp
        for sp in StudentPhase.objects.select_for_update().filter(task=task, student_id__in=ids)
    }
    if seen_versions is not None:
        seen = {}
        for key, value in seen_versions.items():
            try:
                seen[int(key)] = int(value)
            except (TypeError, ValueError):
                continue
        stale = [phases[i] for i in ids if i in seen and seen[i] != phases[i].version]
        if stale:
            raise _conflict(task, stale, names)
    target_ids = list(task.targets.values_list("pk", flat=True))
    evidence = engine.ClassEvidence.of(engine.load_rows(task.classroom, target_ids))
    now = timezone.now()
    primary = target_ids[0] if target_ids else None
    if target_ids:
        primary = _primary_target_id(task)
    result = []
    for student in sorted(students, key=lambda s: (s.last_name, s.first_name, s.pk)):
        sp = phases[student.pk]
        current = Phase(sp.phase)
        try:
            new = apply_move(current, move)
        except IllegalMove as error:
            raise _explain(error, student.name, move, current) from None
        rec = engine.recommendation_for(
            current, evidence.for_task(student.pk, task.pk, target_ids), now
        )
        updated = StudentPhase.objects.filter(pk=sp.pk, version=sp.version).update(
            phase=int(new), version=F("version") + 1, updated_at=now
        )
        if not updated:
            sp.refresh_from_db()
            raise _conflict(task, [sp], names)
        event = record(
            actor=actor,
            verb=Verb.MOVED,
            object_type="task",
            object_id=task.pk,
            subject=student,
            classroom=task.classroom,
            target_id=primary,
            result={"response": f"{engine.phase_name(current)}→{engine.phase_name(new)}"},
            context=_ext(
                task,
                **{
                    "from": engine.phase_name(current),
                    "to": engine.phase_name(new),
                    "kind": kind.value,
                    "note": note,
                    "version": sp.version + 1,
                    "recommendation": {
                        "kind": rec.kind.value,
                        "to": engine.phase_name(rec.to),
                        "reason": rec.reason,
                    },
                },
            ),
            occurred_at=now,
        )
        PhaseMove.objects.create(
            task=task,
            student=student,
            actor=actor,
            created_at=now,
            kind=kind.value,
            from_phase=int(current),
            to_phase=int(new),
            note=note,
            recommendation=rec.kind.value,
            recommendation_reason=rec.reason,
            evidence=event,
        )
        sp.phase, sp.version, sp.updated_at = int(new), sp.version + 1, now
        result.append(sp)
    return result


@transaction.atomic
def move_students(
    user: User,
    task: Task,
    student_ids,
    kind,
    *,
    to_phase=None,
    note: str = "",
    seen_versions: Mapping | None = None,
    override: bool = False,
) -> list[StudentPhase]:
    """Move students of a running task on the release board, as their teacher decided.

    Public: other apps (check-ins, student work) call this to turn a result into a move.

    - ``user``: a teacher of the task's class (or the school's admin); anyone else gets
      ``NotFound``.
    - ``task``: a ``trellis.curriculum.models.Task`` that has been started
      (``UserError`` otherwise).
    - ``student_ids``: ids of students actively enrolled in the class. One who is not (any
      more) makes the whole call fail with a ``UserError`` naming them; nobody is moved.
    - ``kind``: a ``trellis.grr.MoveKind`` (or its value): ADVANCE ("release"; one phase on,
      or to ``to_phase``), HOLD, STEP_BACK (needs ``to_phase`` and a ``note`` saying why),
      HELP_REQUEST (independent → guided), PAUSE_AND_BREAK_DOWN (modeling only), COMPLETE.
    - ``to_phase``: a ``trellis.grr.Phase`` for STEP_BACK, or to skip forward with ADVANCE.
      Skipping phases forward also needs ``override=True`` (the teacher's explicit tick).
    - ``note``: why (at most 500 characters); kept in the move log and the evidence.
    - ``seen_versions``: ``{student_id: version}`` as the caller last saw them (the
      ``version`` of each ``StudentPhase``). If any student has moved since, a ``Conflict``
      (HTTP 409) says who and where they are now, and nobody is moved. ``None`` skips the
      check (for automated callers acting on fresh state).

    Every move is checked by ``trellis.grr.apply_move`` (an illegal one raises ``UserError``
    naming the student and what to do), logged as a ``PhaseMove`` with the engine's
    recommendation at that moment, and written as a ``moved`` evidence event, all in one
    transaction. Returns the students' updated ``StudentPhase`` rows, sorted by name.
    """
    task = _managed_task(user, task)
    _live_run(task)
    try:
        kind = MoveKind(kind)
    except ValueError:
        raise UserError("Choose release, hold, step back or mark complete.", field="kind") from None
    ids = _student_ids(student_ids)
    enrolled = {
        e.user_id: e.user
        for e in Enrollment.objects.filter(
            classroom=task.classroom,
            role=EnrollmentRole.STUDENT,
            is_active=True,
            user_id__in=ids,
        ).select_related("user")
    }
    missing = [i for i in ids if i not in enrolled]
    if missing:
        gone = {u.pk: u.name for u in User.objects.filter(pk__in=missing)}
        who = ", ".join(gone.get(i, f"student #{i}") for i in missing)
        raise UserError(
            f"{who} {'is' if len(missing) == 1 else 'are'} no longer enrolled in "
            f"{task.classroom.name}. Nobody was moved: refresh the board and choose again.",
            field="students",
        )
    return _move(
        user,
        task,
        list(enrolled.values()),
        kind,
        to_phase=to_phase,
        note=note,
        seen_versions=seen_versions,
        override=override,
    )


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
            "“I'm lost” is for while your teacher shows the steps. You are in "
            f"{label(Phase(sp.phase))}: ask for help there instead."
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
def suggest_next(user: User, task: Task, text: str) -> Suggestion:
    """A student's answer to "what comes next?" (at most 280 characters) during
    co-construction, about the step on the projector."""
    task = _learner_task(user, task)
    run = _live_run(task, for_student=True)
    text = _text(text, SUGGESTION_MAX, field="text", what="Your suggestion")
    if run.mode != RunMode.CO_CONSTRUCTION:
        raise UserError(
            "Your teacher is modeling right now; suggestions open when they ask "
            "“what comes next?”.",
            field="text",
        )
    sp = _my_phase(user, task)
    if sp.phase > Phase.CO_CONSTRUCTION:
        raise UserError(
            f"You are in {label(Phase(sp.phase))} on this task, past co-construction.",
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


def _guided_step(user: User, task: Task, step_id) -> tuple[Task, TaskStep]:
    task = _learner_task(user, task)
    sp = _my_phase(user, task)
    if sp.phase != Phase.GUIDED:
        raise UserError(
            f"Plans and reflections belong to guided practice; you are in "
            f"{label(Phase(sp.phase))} on this task."
        )
    try:
        step = task.steps.get(pk=int(step_id))
    except (TaskStep.DoesNotExist, TypeError, ValueError):
        raise UserError("Choose one of this task's steps.", field="step") from None
    return task, step


@write_transaction()  # a whole class may press it at once
def plan_step(user: User, task: Task, step_id, plan: str) -> GuidedEntry:
    """Guided practice, before a step: what the student will do next (at most 280 chars)."""
    task, step = _guided_step(user, task, step_id)
    plan = _text(plan, PLAN_MAX, field="plan", what="Your plan")
    now = timezone.now()
    entry, created = GuidedEntry.objects.get_or_create(
        task=task, step=step, student=user, defaults={"plan": plan, "planned_at": now}
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
    task, step = _guided_step(user, task, step_id)
    entry = GuidedEntry.objects.filter(task=task, step=step, student=user).first()
    if entry is None:
        raise UserError(
            "Write what you will do next before reflecting on this step.", field="reflection"
        )
    reflection = _text(reflection, REFLECTION_MAX, field="reflection", what="Your reflection")
    if confidence not in (None, ""):
        try:
            confidence = int(confidence)
        except (TypeError, ValueError):
            confidence = 0
        if confidence not in (1, 2, 3, 4):
            raise UserError("Choose how sure you feel: 1, 2, 3 or 4.", field="confidence")
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
    note = _text(note, NOTE_MAX, field="note", what="Your note", required=False)
    sp = _my_phase(user, task)
    if sp.phase != Phase.INDEPENDENT:
        raise UserError(
            "“I need help” is for independent practice. You are in "
            f"{label(Phase(sp.phase))}, where your teacher is already working alongside you: "
            "put your hand up or write it in your plan.",
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


@transaction.atomic
def resolve_help(user: User, task: Task, help_id) -> HelpRequest:
    task = _managed_task(user, task)
    help_request = (
        HelpRequest.objects.select_for_update()
        .select_related("student")
        .filter(task=task, pk=help_id)
        .first()
    )
    if help_request is None:
        raise NotFound("help request")
    if help_request.resolved_at is not None:
        raise UserError(f"{help_request.student.name}'s request was already answered.")
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


@write_transaction()  # a whole class may press it at once
def answer_success_check(user: User, task: Task, answer: str) -> SuccessCheckAnswer:
    """The student's answer to the plan's success check (after independent practice)."""
    task = _learner_task(user, task)
    plan = getattr(task, "plan", None)
    if plan is None or not plan.success_check:
        raise UserError("Your teacher has not set a success check for this task yet.")
    sp = _my_phase(user, task)
    if sp.phase < Phase.INDEPENDENT:
        raise UserError(
            "The success check comes after independent practice; you are in "
            f"{label(Phase(sp.phase))}.",
            field="answer",
        )
    answer = _text(answer, ANSWER_MAX, field="answer", what="Your answer")
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


# --------------------------------------------------------------------------- teacher acts


def _enrolled_student(task: Task, student_id) -> User:
    try:
        sid = int(student_id)
    except (TypeError, ValueError):
        sid = None
    enrollment = (
        Enrollment.objects.filter(
            classroom=task.classroom, role=EnrollmentRole.STUDENT, is_active=True, user_id=sid
        )
        .select_related("user")
        .first()
    )
    if enrollment is None:
        raise UserError(
            "That student is no longer enrolled in this class. Refresh the page.",
            field="student",
        )
    return enrollment.user


@transaction.atomic
def observe(user: User, task: Task, student_id, seen: str, note: str = ""):
    """A teacher's one-tap observation during guided practice: explained the step, needed
    prompting, or off track, with an optional note."""
    task = _managed_task(user, task)
    student = _enrolled_student(task, student_id)
    if seen not in OBSERVATION_CHOICES:
        raise UserError("Choose explained the step, needed prompting or off track.", field="seen")
    note = _text(note, NOTE_MAX, field="note", what="The note", required=False)
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
        Suggestion.objects.select_related("student").filter(task=task, pk=suggestion_id).first()
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
        raise UserError("Mark the answer right or not yet.", field="verdict")
    row = (
        SuccessCheckAnswer.objects.select_for_update()
        .select_related("student")
        .filter(task=task, pk=answer_id)
        .first()
    )
    if row is None:
        raise NotFound("answer")
    if row.verdict:
        raise UserError(
            f"{row.student.name}'s answer is already marked {row.get_verdict_display().lower()}."
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

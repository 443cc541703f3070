"""The phase moves of the release board: the teacher moves one student or many."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import UserError
from trellis.curriculum.models import Task
from trellis.grr import MoveKind
from trellis.rosters import queries as roster_queries

from ..models import PhaseMove, StudentPhase
from ._common import _live_run, _managed_task
from ._moves import _move


def _student_ids(student_ids) -> list[int]:
    try:
        ids = sorted({int(s) for s in (student_ids or [])})
    except (TypeError, ValueError):
        raise UserError(gettext("Choose students from the board."), field="students") from None
    if not ids:
        raise UserError(
            gettext("Select at least one student (tick the box by their name)."), field="students"
        )
    return ids


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
      (HTTP 409) says who and where they are now, and nobody is moved; a student moved
      without an entry is a ``UserError`` (a person's move is never blind). ``None`` skips
      the check (for automated callers acting on fresh state).

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
        raise UserError(
            gettext("Choose release, hold, step back or mark complete."), field="kind"
        ) from None
    ids = _student_ids(student_ids)
    enrolled = roster_queries.enrolled_students(task.classroom, ids)
    missing = [i for i in ids if i not in enrolled]
    if missing:
        gone = {u.pk: u.name for u in User.objects.filter(pk__in=missing)}
        who = ", ".join(gone.get(i, f"student #{i}") for i in missing)
        raise UserError(
            gettext(
                "%(who)s %(value)s no longer enrolled in %(name)s. Nobody was moved: "
                "refresh the board and choose again."
            )
            % {
                "who": who,
                "value": "is" if len(missing) == 1 else "are",
                "name": task.classroom.name,
            },
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


@transaction.atomic
def undo_moves(user: User, task: Task, versions: Mapping) -> list[StudentPhase]:
    """Undo a board move: each student goes back to the phase their last move came from, as a
    new logged move ("Undo of the last move"), never by deleting the log.

    ``versions`` is ``{student_id: version}`` as the undone move left them; a student moved
    again since makes the whole undo fail with a ``Conflict`` (nobody is moved). Students
    whose last move changed nothing (a hold) are left as they are.
    """
    task = _managed_task(user, task)
    _live_run(task)
    try:
        versions = {int(k): int(v) for k, v in dict(versions).items()}
    except (TypeError, ValueError):
        raise UserError(
            gettext("There is no move to undo for these students."), field="students"
        ) from None
    ids = _student_ids(list(versions))
    enrolled = roster_queries.enrolled_students(task.classroom, ids)
    last: dict[int, PhaseMove] = {}
    for m in PhaseMove.objects.filter(task=task, student_id__in=list(enrolled)).order_by(
        "created_at", "id"
    ):
        last[m.student_id] = m
    by_phase: dict[tuple[int, int], list[User]] = {}
    for pk, student in enrolled.items():
        m = last.get(pk)
        if m is None or m.from_phase == m.to_phase:
            continue
        by_phase.setdefault((m.from_phase, m.to_phase), []).append(student)
    if not by_phase:
        raise UserError(gettext("There is no move to undo for these students."), field="students")
    result = []
    for (back_to, now_in), students in sorted(by_phase.items()):
        kind = MoveKind.STEP_BACK if back_to < now_in else MoveKind.ADVANCE
        result += _move(
            user,
            task,
            students,
            kind,
            to_phase=back_to,
            note="Undo of the last move",
            seen_versions={s.pk: versions[s.pk] for s in students},
            override=True,
        )
    return result

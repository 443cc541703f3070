"""Running a task: starting and ending a run, stepping the projector, switching its mode."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import UserError
from trellis.curriculum.models import Task

from ..models import RunMode, TaskRun
from ._common import _active_student_ids, _ensure_phases, _live_run, _managed_task

# --------------------------------------------------------------------------- running a task


@transaction.atomic
def start_task(user: User, task: Task) -> TaskRun:
    """Start teaching ``task``: it joins the class's release board and every student of the
    class starts in modeling. Restarting a task taken off the board keeps the phases students
    had (``run.restarted`` says which happened). A task without steps cannot be started."""
    task = _managed_task(user, task)
    if not task.is_active:
        raise UserError(
            gettext("“%(title)s” is archived. Bring it back before starting it.")
            % {"title": task.title}
        )
    if not task.steps.exists():
        raise UserError(
            gettext(
                "“%(title)s” has no steps yet, so there is nothing to model. Add at "
                "least one step on the task's edit page, then start it."
            )
            % {"title": task.title},
            field="steps",
        )
    now = timezone.now()
    run = TaskRun.objects.filter(task=task).first()
    if run and run.ended_at is None:
        raise UserError(gettext("“%(title)s” is already running.") % {"title": task.title})
    if run:
        # A restart keeps every student's phase (and evidence): only newcomers start modeling.
        run.ended_at = None
        # The stall rule's clock starts with the run, so a restart restarts it.
        run.started_at = now
        run.save(update_fields=["ended_at", "started_at", "updated_at"])
        run.restarted = True
    else:
        run = TaskRun.objects.create(
            task=task,
            classroom=task.classroom,
            started_by=user,
            started_at=now,
            step_changed_at=now,
        )
        run.restarted = False
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
        raise UserError(gettext("Choose modeling or co-construction."), field="mode")
    if run.mode != mode:
        run.mode = mode
        run.step_changed_at = timezone.now()
        run.save(update_fields=["mode", "step_changed_at", "updated_at"])
    return run

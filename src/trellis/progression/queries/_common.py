"""Small reads shared by the board, the run pages and the student's views."""

from __future__ import annotations

from trellis.accounts.models import User
from trellis.curriculum.models import Task, TaskStep
from trellis.grr import Phase
from trellis.rosters import queries as roster_queries
from trellis.rosters.models import Classroom

from ..models import PhaseMove, TaskRun


def _students(classroom: Classroom) -> list[User]:
    return roster_queries.active_students(classroom)


def _target_ids(task: Task) -> list[int]:
    # Uses the prefetched targets (ordered by position), so no query per task.
    return [t.pk for t in sorted(task.targets.all(), key=lambda t: (t.position, t.pk))]


def _run_and_steps(task: Task) -> tuple[TaskRun | None, list[TaskStep], TaskStep | None]:
    run = TaskRun.objects.filter(task=task, ended_at__isnull=True).first()
    steps = list(task.steps.order_by("position", "id"))
    step = steps[min(run.current_step, len(steps) - 1)] if run and steps else None
    return run, steps, step


def guided_attempt(task: Task, student_id: int) -> int:
    """Which guided-practice attempt the student is on: one more than the times they came back
    to guided practice from a later phase (read from the move log, so it is never stale)."""
    return 1 + (
        PhaseMove.objects.filter(
            task=task,
            student_id=student_id,
            to_phase=int(Phase.GUIDED),
            from_phase__gt=int(Phase.GUIDED),
        ).count()
    )

"""Classes and tasks fetched for a user, authorised in the same step."""

from __future__ import annotations

from django.db.models import QuerySet

from trellis.accounts.models import User
from trellis.common.access import get_visible
from trellis.common.ids import as_id
from trellis.curriculum.models import Task
from trellis.grr import Phase
from trellis.rosters import queries as roster_queries
from trellis.rosters.models import Classroom
from trellis.rosters.permissions import (
    classes_in_aggregate_for,
    classes_managed_by,
    classes_visible_to,
)

from ..models import PhaseMove, StudentPhase
from ..permissions import student_classes_of

# --------------------------------------------------------------------------- fetching


def active_tasks_for_class(user: User, classroom: Classroom) -> list[Task]:
    """The class's running tasks (started and not ended, not archived), oldest start first,
    with their targets and run; empty if the user may not see the class. Two queries.

    Public: other apps (check-ins) call this to offer "which task is this about?"."""
    return list(
        Task.objects.filter(
            classroom_id=classroom.pk,
            classroom__in=classes_visible_to(user),
            is_active=True,
            run__isnull=False,
            run__ended_at__isnull=True,
        )
        .select_related("run")
        .prefetch_related("targets")
        .order_by("run__started_at", "id")
    )


def active_task_qs(classroom: Classroom) -> QuerySet[Task]:
    return Task.objects.filter(classroom=classroom).select_related("classroom")


def get_run_class_for(user: User, class_id) -> Classroom:
    return get_visible(classes_managed_by(user), class_id, "class")


def get_learner_class_for(user: User, class_id) -> Classroom:
    return get_visible(student_classes_of(user), class_id, "class")


def _task_qs(classroom: Classroom) -> QuerySet[Task]:
    return Task.objects.filter(classroom=classroom).select_related("classroom", "plan")


def get_run_task_for(user: User, class_id, task_id) -> Task:
    classroom = get_run_class_for(user, class_id)
    return get_visible(_task_qs(classroom), task_id, "task")


def get_learner_task_for(user: User, class_id, task_id) -> Task:
    classroom = get_learner_class_for(user, class_id)
    return get_visible(_task_qs(classroom).filter(is_active=True), task_id, "task")


def student_names(classroom: Classroom, ids) -> list[str]:
    """The names of these students enrolled in the class, sorted (one query)."""
    students = roster_queries.enrolled_students(classroom, sorted(ids)).values()
    return [s.name for s in sorted(students, key=lambda s: (s.last_name, s.first_name, s.pk))]


def class_tasks_now(user: User, classroom: Classroom) -> tuple[list[Task], list[Task]]:
    """For the class page: the tasks running now and (for the class's teachers) the active
    tasks that can be started with one tap. One query; nothing for someone who may not see
    the class."""
    tasks = list(
        Task.objects.filter(
            classroom_id=classroom.pk, classroom__in=classes_visible_to(user), is_active=True
        )
        .select_related("run")
        .order_by("title", "id")
    )

    def running(t: Task) -> bool:
        run = getattr(t, "run", None)
        return run is not None and run.ended_at is None

    return [t for t in tasks if running(t)], [t for t in tasks if not running(t)]


def get_outcomes_class_for(user: User, class_id) -> tuple[Classroom, bool]:
    """The class for "how well do the recommendations work here", and whether the user may
    tune its thresholds: its teachers (and the school's admin) may; a leader of its school
    sees the aggregates only. Anyone else: not found."""
    managed = classes_managed_by(user).filter(pk=as_id(class_id)).first()
    if managed is not None:
        return managed, True
    return get_visible(classes_in_aggregate_for(user), class_id, "class"), False


def phase_counts(tasks) -> dict[int, dict[Phase, int]]:
    """Per task: how many of its class's active students stand in each phase (a student with
    no phase yet is in modeling, as on the release board). Counts only, no student: for pooled
    results across a teacher team's classes. Two queries whatever the number of tasks."""
    tasks = list(tasks)
    class_of = {t.pk: t.classroom_id for t in tasks}
    students: dict[int, set[int]] = {}
    for class_id, student_id in roster_queries.student_enrollments(
        classroom_id__in=set(class_of.values())
    ).values_list("classroom_id", "user_id"):
        students.setdefault(class_id, set()).add(student_id)
    phases: dict[tuple[int, int], int] = {
        (task_id, student_id): phase
        for task_id, student_id, phase in StudentPhase.objects.filter(
            task_id__in=list(class_of)
        ).values_list("task_id", "student_id", "phase")
    }
    out = {}
    for task_id, class_id in class_of.items():
        counts = dict.fromkeys(Phase, 0)
        for student_id in students.get(class_id, ()):
            counts[Phase(phases.get((task_id, student_id), int(Phase.MODELING)))] += 1
        out[task_id] = counts
    return out


def release_counts(classroom_ids, start, end) -> tuple[int, int]:
    """Across classes: (students released to independent practice, students moved) between
    ``start`` and ``end`` (dates, both included): of the students the teacher moved on any
    task then, how many were moved into independent practice at least once. Counts only (a
    teacher team's inquiry measure). One query."""
    moved: set[int] = set()
    released: set[int] = set()
    for student_id, to_phase in PhaseMove.objects.filter(
        task__classroom_id__in=list(classroom_ids),
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).values_list("student_id", "to_phase"):
        moved.add(student_id)
        if to_phase == int(Phase.INDEPENDENT):
            released.add(student_id)
    return len(released), len(moved)

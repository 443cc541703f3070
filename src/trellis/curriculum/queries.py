"""Reads for the target and task pages, scoped to the user, in a fixed number of queries."""

from django.db.models import Count, Prefetch, QuerySet

from trellis.common.access import get_visible
from trellis.common.errors import NotFound
from trellis.rosters.permissions import classes_managed_by

from .models import LearningTarget, ReleasePlan, Task, TaskStep
from .permissions import (
    targets_managed_by,
    targets_visible_to,
    tasks_managed_by,
    tasks_visible_to,
)


def targets_of(classroom, *, current_only: bool = False) -> list[LearningTarget]:
    qs = LearningTarget.objects.filter(classroom=classroom)
    if current_only:
        qs = qs.filter(is_active=True)
    return list(qs.order_by("position", "id"))


def current_targets_for(user, classroom) -> list[LearningTarget]:
    """The class's current (not retired) targets, if the user may see the class: one query."""
    return list(
        targets_visible_to(user)
        .filter(classroom_id=classroom.pk, is_active=True)
        .order_by("position", "id")
    )


def get_managed_target_for(user, classroom, target_id) -> LearningTarget:
    return get_visible(targets_managed_by(user).filter(classroom=classroom), target_id, "target")


def current_tasks_of(classroom) -> list[Task]:
    """The class's current (not archived) tasks: one query."""
    return list(Task.objects.filter(classroom=classroom, is_active=True).order_by("position", "id"))


def tasks_of(classroom) -> list[Task]:
    """Every task of a class with its targets and step count: two queries."""
    return list(
        Task.objects.filter(classroom=classroom)
        .annotate(step_count=Count("steps", distinct=True))
        .prefetch_related("targets")
        .order_by("-is_active", "position", "id")
    )


def _task_detail(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.select_related("classroom", "plan", "copied_from").prefetch_related(
        "targets", Prefetch("steps", queryset=TaskStep.objects.order_by("position", "id"))
    )


def get_managed_task_for(user, classroom, task_id) -> Task:
    return get_visible(
        _task_detail(tasks_managed_by(user).filter(classroom=classroom)), task_id, "task"
    )


def plan_of(task: Task) -> ReleasePlan:
    plan = getattr(task, "plan", None)
    return plan if plan is not None else ReleasePlan(task=task)


def other_classes_for_copy(user, classroom):
    return list(classes_managed_by(user).filter(is_active=True).exclude(pk=classroom.pk))


def get_step_image_for(user, class_id, task_id, step_id) -> TaskStep:
    """A step with a picture, if the user may see its task (the class's teachers and
    students): one query; NotFound otherwise."""
    try:
        class_id, task_id = int(class_id), int(task_id)
    except (TypeError, ValueError):
        raise NotFound("image") from None
    qs = TaskStep.objects.filter(
        task__in=tasks_visible_to(user).filter(classroom_id=class_id), task_id=task_id
    ).exclude(image="")
    return get_visible(qs, step_id, "image")

"""Targets and tasks follow their class: whoever may view the class sees its targets and
tasks; whoever manages the class writes them. Students never see a task's authoring pages
(notes, think-aloud); they meet a task through trellis.progression. A task marked *shared
with team* is also visible (to read and copy) to the teachers who share a teacher team with
its author (trellis.collaboration)."""

from django.db.models import QuerySet

from trellis.collaboration.permissions import teammate_ids
from trellis.rosters.permissions import classes_managed_by, classes_visible_to

from .models import LearningTarget, Task


def targets_visible_to(user) -> QuerySet[LearningTarget]:
    return LearningTarget.objects.filter(classroom__in=classes_visible_to(user))


def targets_managed_by(user) -> QuerySet[LearningTarget]:
    return LearningTarget.objects.filter(classroom__in=classes_managed_by(user))


def tasks_visible_to(user) -> QuerySet[Task]:
    return Task.objects.filter(classroom__in=classes_visible_to(user))


def tasks_managed_by(user) -> QuerySet[Task]:
    return Task.objects.filter(classroom__in=classes_managed_by(user))


def can_manage_task(user, task: Task) -> bool:
    return tasks_managed_by(user).filter(pk=task.pk).exists()


def tasks_shared_with(user) -> QuerySet[Task]:
    """Active tasks the user's teammates marked *shared with team* (the user's own included)."""
    return Task.objects.filter(
        shared_with_team=True,
        is_active=True,
        created_by__in=teammate_ids(user),
        classroom__school_id=user.school_id,
    )

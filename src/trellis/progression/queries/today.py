"""The teacher's "Today" page: every class they teach at once — the tasks running now, open
help requests, success checks and check-in answers to mark, and the feedback queue."""

from __future__ import annotations

from dataclasses import dataclass, field

from trellis.accounts.models import User
from trellis.checkins import queries as checkins_queries
from trellis.curriculum.models import Task
from trellis.rosters.models import Classroom
from trellis.rosters.permissions import classes_managed_by
from trellis.work import queries as work_queries

from ..models import HelpRequest, SuccessCheckAnswer


@dataclass
class ClassToday:
    classroom: Classroom
    running: list[Task] = field(default_factory=list)
    help: list[HelpRequest] = field(default_factory=list)
    checks: int = 0
    to_mark: list = field(default_factory=list)
    feedback: int = 0

    @property
    def quiet(self) -> bool:
        return not (self.running or self.help or self.checks or self.to_mark or self.feedback)


def today(user: User) -> list[ClassToday]:
    """One entry per class the user teaches, busiest first. Six queries whatever the number
    of classes, tasks or students."""
    classes = classes_managed_by(user)
    by_class = {c.pk: ClassToday(c) for c in classes.order_by("course", "section", "id")}
    if not by_class:
        return []
    ids = list(by_class)
    for t in (
        Task.objects.filter(
            classroom_id__in=ids, is_active=True, run__isnull=False, run__ended_at__isnull=True
        )
        .select_related("run")
        .order_by("run__started_at", "id")
    ):
        by_class[t.classroom_id].running.append(t)
    for h in (
        HelpRequest.objects.filter(task__classroom_id__in=ids, resolved_at__isnull=True)
        .select_related("student", "task")
        .order_by("created_at")
    ):
        by_class[h.task.classroom_id].help.append(h)
    for a in SuccessCheckAnswer.objects.filter(task__classroom_id__in=ids, verdict="").values(
        "task__classroom_id"
    ):
        by_class[a["task__classroom_id"]].checks += 1
    for m in checkins_queries.answers_to_mark(classes):
        by_class[m.classroom_id].to_mark.append(m)
    for class_id, n in work_queries.feedback_waiting(classes).items():
        by_class[class_id].feedback = n
    return sorted(by_class.values(), key=lambda d: d.quiet)

"""The teacher's "Today" page across classes: check-in runs with answers waiting for a mark."""

from dataclasses import dataclass

from django.db.models import Count

from ..models import Answer


@dataclass
class ToMark:
    run_id: int
    classroom_id: int
    title: str
    waiting: int


def answers_to_mark(classes) -> list[ToMark]:
    """Runs of ``classes`` (a queryset the caller has authorised) with short-text answers
    that have no mark yet, oldest first. One query."""
    rows = (
        Answer.objects.filter(run__classroom__in=classes, correct__isnull=True, mark="")
        .values("run_id", "run__classroom_id", "run__checkin__title")
        .annotate(n=Count("id"))
        .order_by("run_id")
    )
    return [
        ToMark(r["run_id"], r["run__classroom_id"], r["run__checkin__title"], r["n"]) for r in rows
    ]

"""The teacher's "Today" page across classes: how many hand-ins wait for feedback, per class."""

from django.db.models import Count, Exists, OuterRef

from ..models import Review, ReviewKind, Submission


def feedback_waiting(classes) -> dict[int, int]:
    """{class id: hand-ins whose latest revision has no teacher feedback yet} for ``classes``
    (a queryset of classes the caller has authorised). One query."""
    latest_teacher = Review.objects.filter(
        revision__submission=OuterRef("pk"),
        revision__number=OuterRef("latest_number"),
        kind=ReviewKind.TEACHER,
    )
    rows = (
        Submission.objects.filter(assignment__classroom__in=classes, latest_number__gt=0)
        .annotate(teacher_on_latest=Exists(latest_teacher))
        .filter(teacher_on_latest=False)
        .values("assignment__classroom_id")
        .annotate(n=Count("id"))
    )
    return {r["assignment__classroom_id"]: r["n"] for r in rows}

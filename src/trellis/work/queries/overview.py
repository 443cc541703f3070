"""The teacher's overview of an assignment's hand-ins: state, timing, feedback counts, marks.

Re-exported by `queries/work.py`, where the pages read them.
"""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from trellis.rosters import queries as roster_queries

from ..models import (
    FeedbackItem,
    FeedbackResponse,
    Review,
    ReviewKind,
    Revision,
    Submission,
    SummativeMark,
)


def timeliness(due_at, first_at, now=None) -> str:
    """ "late", "missing" or "": a marker only, never a penalty by itself."""
    if not due_at:
        return ""
    if first_at is None:
        return "missing" if (now or timezone.now()) > due_at else ""
    return "late" if first_at > due_at else ""


@dataclass
class OverviewRow:
    student: object
    submission: Submission | None
    timing: str = ""
    revisit_at: object = None  # when a required "then and now" revisit was made


def assignment_overview(assignment) -> list[OverviewRow]:
    """Every student of the class with their hand-in state: three queries."""
    students = roster_queries.active_students(assignment.classroom)
    subs = {s.student_id: s for s in _annotated_submissions(assignment.submissions.all())}
    now = timezone.now()
    rows = []
    for s in students:
        sub = subs.get(s.pk)
        first = sub.first_at if sub and sub.latest_number else None
        rows.append(OverviewRow(s, sub, timeliness(assignment.due_at, first, now)))
    return rows


def _annotated_submissions(qs):
    latest_teacher = Review.objects.filter(
        revision__submission=OuterRef("pk"),
        revision__number=OuterRef("latest_number"),
        kind=ReviewKind.TEACHER,
    )

    def items(**extra):
        return Subquery(
            FeedbackItem.objects.filter(review__revision__submission=OuterRef("pk"), **extra)
            .exclude(review__kind=ReviewKind.SELF)
            .values("review__revision__submission")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )

    return qs.annotate(
        teacher_on_latest=Exists(latest_teacher),
        feedback_total=items(),
        feedback_used=items(response=FeedbackResponse.USED),
        feedback_questions=items(response=FeedbackResponse.QUESTION),
        latest_revision_id=Subquery(
            Revision.objects.filter(submission=OuterRef("pk")).order_by("-number").values("pk")[:1]
        ),
        first_at=Subquery(
            Revision.objects.filter(submission=OuterRef("pk"), number=1).values("created_at")[:1]
        ),
        final_scaled=Subquery(
            SummativeMark.objects.filter(submission=OuterRef("pk"))
            .order_by("-created_at", "-id")
            .values("scaled")[:1]
        ),
    ).select_related("student", "assignment")


def reviewer_usage(assignment) -> dict[int, dict]:
    """Per peer reviewer: comments given, how many the authors used, their mean rating."""
    rows = (
        FeedbackItem.objects.filter(
            review__revision__submission__assignment=assignment, review__kind=ReviewKind.PEER
        )
        .values("review__reviewer")
        .annotate(
            given=Count("pk"),
            used=Count("pk", filter=Q(response=FeedbackResponse.USED)),
            rated=Avg("helpfulness"),
        )
    )
    return {r["review__reviewer"]: r for r in rows}


def feedback_queue(classroom) -> list[Submission]:
    """Hand-ins whose latest revision has no teacher feedback yet, oldest first."""
    qs = Submission.objects.filter(assignment__classroom=classroom, latest_number__gt=0)
    return [
        s
        for s in _annotated_submissions(qs).order_by("last_submitted_at", "id")
        if not s.teacher_on_latest
    ]

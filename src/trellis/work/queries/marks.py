"""The class's marks and feedback counts, one row per student per assignment (for the CSV).

Four queries whatever the size of the class: assignments, students, submissions with their
counts, and the feedback each student gave.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy

from trellis.rosters import queries as roster_queries

from ..models import Assignment, FeedbackItem, ReviewKind, Submission, SummativeMark
from .overview import _annotated_submissions, timeliness

HEADER = [
    gettext_lazy("Student"),
    gettext_lazy("Username"),
    gettext_lazy("Assignment"),
    gettext_lazy("Due"),
    gettext_lazy("Revisions"),
    gettext_lazy("First handed in"),
    gettext_lazy("Timing"),
    gettext_lazy("Feedback received"),
    gettext_lazy("Feedback used"),
    gettext_lazy("Peer comments given"),
    gettext_lazy("Final mark %"),
]


def marks_table(classroom) -> list[list]:
    assignments = list(Assignment.objects.filter(classroom=classroom).order_by("created_at", "id"))
    students = list(roster_queries.active_students(classroom))
    subs = {
        (s.assignment_id, s.student_id): s
        for s in _annotated_submissions(Submission.objects.filter(assignment__classroom=classroom))
    }
    given = {
        (row["review__revision__submission__assignment"], row["review__reviewer"]): row["n"]
        for row in FeedbackItem.objects.filter(
            review__revision__submission__assignment__classroom=classroom,
            review__kind=ReviewKind.PEER,
        )
        .values("review__revision__submission__assignment", "review__reviewer")
        .annotate(n=Count("pk"))
    }
    rows = []
    for student in students:
        for a in assignments:
            s = subs.get((a.pk, student.pk))
            handed = bool(s and s.latest_number)
            first = s.first_at if handed else None
            rows.append(
                [
                    student.name,
                    student.username,
                    a.title,
                    a.due_at.isoformat(timespec="minutes") if a.due_at else "",
                    s.latest_number if s else 0,
                    first.isoformat(timespec="minutes") if first else "",
                    timeliness(a.due_at, first) or ("on time" if handed else ""),
                    (s.feedback_total or 0) if s else 0,
                    (s.feedback_used or 0) if s else 0,
                    given.get((a.pk, student.pk), 0),
                    round(s.final_scaled * 100) if s and s.final_scaled is not None else "",
                ]
            )
    return rows


def assignments_of(classroom) -> list[Assignment]:
    """A class's assignments, newest first (one query): what a teacher can place in an LMS."""
    return list(Assignment.objects.filter(classroom=classroom).order_by("-created_at", "-id"))


def final_marks(assignment_id) -> dict[int, float]:
    """Each student's current final (summative) mark on one assignment, 0 to 1: the latest
    SummativeMark of their submission (one query). Formative feedback is never in it."""
    latest: dict[int, float] = {}
    rows = (
        SummativeMark.objects.filter(submission__assignment_id=assignment_id)
        .order_by("created_at", "id")
        .values_list("submission__student_id", "scaled")
    )
    for student_id, scaled in rows:
        latest[student_id] = scaled
    return latest

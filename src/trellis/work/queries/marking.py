"""Reads for marking a class set: the queue of hand-ins, one student's panel, the comment bank.

The panel reuses the revision page (`work.revision_page`) for the student's latest revision,
so what a teacher sees while marking is exactly what the revision page shows.
"""

from dataclasses import dataclass

from ..models import BankComment, Revision, Submission
from .work import RevisionPage, revision_page


def marking_queue(assignment) -> list[Submission]:
    """Hand-ins of this assignment in the order of the class list: one query."""
    return list(
        Submission.objects.filter(assignment=assignment, latest_number__gt=0)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student_id")
    )


def bank_for(user) -> list[BankComment]:
    """The teacher's own comments. The seam for team banks: once teams of teachers exist,
    also the comments whose ``owner_team_id`` is one of the user's teams."""
    return list(BankComment.objects.filter(owner=user).order_by("shortcut", "id"))


@dataclass
class MarkingPanel:
    submission: Submission
    position: int  # 1-based, in the queue
    total: int
    previous_id: int | None
    next_id: int | None
    page: RevisionPage


def marking_panel(user, assignment, submission_id=None) -> MarkingPanel | None:
    """The panel for one hand-in (the first when ``submission_id`` is not in the queue)."""
    queue = marking_queue(assignment)
    if not queue:
        return None
    ids = [s.pk for s in queue]
    try:
        index = ids.index(int(submission_id))
    except (TypeError, ValueError):
        index = 0
    submission = queue[index]
    submission.assignment = assignment
    revision = Revision.objects.filter(submission=submission).order_by("-number").first()
    revision.submission = submission
    return MarkingPanel(
        submission=submission,
        position=index + 1,
        total=len(ids),
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
        page=revision_page(user, revision),
    )

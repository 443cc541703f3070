"""Reads for marking a class set: the queue of hand-ins, one student's panel, the comment bank.

The panel reuses the revision page (`work.revision_page`) for the student's latest revision,
so what a teacher sees while marking is exactly what the revision page shows.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from trellis.collaboration import queries as collaboration_queries

from ..models import BankComment, Revision, Submission
from .work import RevisionPage, revision_page


def marking_queue(assignment) -> list[Submission]:
    """Hand-ins of this assignment in the order of the class list: one query."""
    return list(
        Submission.objects.filter(assignment=assignment, latest_number__gt=0)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student_id")
    )


@dataclass
class Bank:
    """What a teacher may insert: their own comments, then their teams' (``team``)."""

    mine: list[BankComment]
    team: list[BankComment] = field(default_factory=list)
    teams: list = field(default_factory=list)  # the teacher's teams, to share with

    def __len__(self) -> int:
        return len(self.mine) + len(self.team)


def share_teams(user) -> list:
    """The teacher teams the user may share a bank comment with: their own (one query)."""
    return collaboration_queries.teams_of(user)


def bank_for(user, teams: list | None = None) -> Bank:
    """The teacher's own comments, and the comments teammates shared with a team the teacher
    belongs to, while their author is still in that team: leaving (or being removed from) a
    team ends both seeing its comments and sharing into it. Three queries (one without
    teams)."""
    mine = list(BankComment.objects.filter(owner=user).order_by("shortcut", "id"))
    teams = share_teams(user) if teams is None else teams
    by_id = {t.pk: t for t in teams}
    for comment in mine:
        comment.team = by_id.get(comment.owner_team_id)
    if not teams:
        return Bank(mine=mine)
    author_still_in = Exists(
        collaboration_queries.membership(OuterRef("owner_team_id"), OuterRef("owner_id"))
    )
    shared = list(
        BankComment.objects.filter(author_still_in, owner_team_id__in=list(by_id))
        .exclude(owner=user)
        .select_related("owner")
        .order_by("shortcut", "owner__last_name", "id")
    )
    for comment in shared:
        comment.team = by_id[comment.owner_team_id]
    return Bank(mine=mine, team=shared, teams=teams)


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

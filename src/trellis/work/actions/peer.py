"""Writes about peer review: pairing reviewers with authors, and the review window."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext

from trellis.common.errors import Conflict, NotFound, UserError
from trellis.rosters import queries as roster_queries
from trellis.rosters.models import TeamMembership

from .. import peering
from ..models import PeerAssignment, PeerMode, Review, ReviewKind
from .submissions import _require_managed

MAX_PER_STUDENT = 5


def _handed_in(assignment) -> list[int]:
    active = set(roster_queries.active_student_ids(assignment.classroom))
    return sorted(
        sid
        for sid in assignment.submissions.filter(latest_number__gt=0).values_list(
            "student_id", flat=True
        )
        if sid in active
    )


def _reviews_started(assignment) -> bool:
    return Review.objects.filter(
        revision__submission__assignment=assignment, kind=ReviewKind.PEER
    ).exists()


@transaction.atomic
def auto_assign(user, assignment, *, mode, per_student, seed=None) -> list[PeerAssignment]:
    """Replace the pairs with a fresh set: everyone who handed in gives N and gets N."""
    assignment = _require_managed(user, assignment)
    try:
        n = int(per_student)
    except (TypeError, ValueError):
        raise UserError(
            gettext("Say how many classmates each student reviews."), field="per_student"
        ) from None
    if not 1 <= n <= MAX_PER_STUDENT:
        raise UserError(
            gettext("Each student can review 1 to %(MAX_PER_STUDENT)s classmates.")
            % {"MAX_PER_STUDENT": MAX_PER_STUDENT},
            field="per_student",
        )
    if _reviews_started(assignment):
        raise UserError(
            gettext(
                "Peer reviews have already started, so the pairs stay. Add pairs by hand instead."
            )
        )
    students = _handed_in(assignment)
    team_of = dict(
        TeamMembership.objects.filter(
            classroom_id=assignment.classroom_id, student_id__in=students
        ).values_list("student_id", "team_id")
    )
    try:
        if mode == PeerMode.RANDOM:
            pairs = peering.random_pairs(students, n, seed=seed)
        elif mode in (PeerMode.WITHIN_TEAM, PeerMode.ACROSS_TEAMS):
            loose = [s for s in students if s not in team_of]
            if loose:
                raise peering.PairingError(
                    ngettext(
                        "%(count)s student who handed in is in no team. Place them in a team "
                        "first, or pair at random.",
                        "%(count)s students who handed in are in no team. Place them in a team "
                        "first, or pair at random.",
                        len(loose),
                    )
                    % {"count": len(loose)}
                )
            fn = (
                peering.within_team_pairs
                if mode == PeerMode.WITHIN_TEAM
                else peering.across_team_pairs
            )
            pairs = fn(team_of, n, seed=seed)
        else:
            raise UserError(
                gettext("Choose how to pair: within teams, across teams, or random."), field="mode"
            )
    except peering.PairingError as e:
        raise UserError(str(e), field="per_student") from None
    assignment.peer_assignments.all().delete()
    return PeerAssignment.objects.bulk_create(
        PeerAssignment(assignment=assignment, reviewer_id=r, author_id=a) for r, a in pairs
    )


@transaction.atomic
def add_pair(user, assignment, *, reviewer_id, author_id) -> PeerAssignment:
    assignment = _require_managed(user, assignment)
    try:
        reviewer_id, author_id = int(reviewer_id), int(author_id)
    except (TypeError, ValueError):
        raise UserError(gettext("Choose a reviewer and an author."), field="reviewer") from None
    if reviewer_id == author_id:
        raise UserError(gettext("A student cannot review their own work."), field="author")
    enrolled = set(roster_queries.enrolled_students(assignment.classroom, [reviewer_id, author_id]))
    if enrolled != {reviewer_id, author_id}:
        raise UserError(gettext("Both must be students of this class."), field="reviewer")
    try:
        with transaction.atomic():
            return PeerAssignment.objects.create(
                assignment=assignment, reviewer_id=reviewer_id, author_id=author_id
            )
    except IntegrityError:
        raise Conflict(gettext("That student already reviews that work."), field="author") from None


@transaction.atomic
def remove_pair(user, assignment, pair_id) -> None:
    assignment = _require_managed(user, assignment)
    pair = assignment.peer_assignments.filter(pk=pair_id).first()
    if pair is None:
        raise NotFound("pair")
    if Review.objects.filter(
        revision__submission__assignment=assignment,
        revision__submission__student_id=pair.author_id,
        reviewer_id=pair.reviewer_id,
        kind=ReviewKind.PEER,
    ).exists():
        raise UserError(gettext("This reviewer has already given feedback, so the pair stays."))
    pair.delete()


@transaction.atomic
def update_peer_settings(user, assignment, *, anonymous: bool, closes_at: datetime | None):
    assignment = _require_managed(user, assignment)
    assignment.peer_anonymous = bool(anonymous)
    assignment.peer_review_closes_at = closes_at
    assignment.save(update_fields=["peer_anonymous", "peer_review_closes_at", "updated_at"])
    return assignment

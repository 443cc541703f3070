"""Who may see and change work. Each rule gives the queryset; per-object answers filter it.

- Rubrics and assignments follow their class: whoever may open the class page sees them;
  whoever manages the class (its teachers, the school admin) changes them.
- A student sees their own submissions, and a classmate's only while they are assigned to
  review it. Nobody else's.
- Feedback: the author of the work sees every review of it; a reviewer sees what they
  wrote; the class's teachers see everything in the class.
- Leaders see none of this (aggregates only); another school sees nothing.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from trellis.rosters.permissions import classes_managed_by, classes_visible_to

from .models import Assignment, FeedbackItem, PeerAssignment, Revision, Rubric, Submission


def rubrics_visible_to(user) -> QuerySet[Rubric]:
    return Rubric.objects.filter(classroom__in=classes_visible_to(user))


def rubrics_managed_by(user) -> QuerySet[Rubric]:
    return Rubric.objects.filter(classroom__in=classes_managed_by(user))


def assignments_visible_to(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(classroom__in=classes_visible_to(user))


def assignments_managed_by(user) -> QuerySet[Assignment]:
    return Assignment.objects.filter(classroom__in=classes_managed_by(user))


def _reviewing(user) -> Exists:
    return Exists(
        PeerAssignment.objects.filter(
            assignment=OuterRef("assignment"), author=OuterRef("student"), reviewer=user
        )
    )


def submissions_visible_to(user) -> QuerySet[Submission]:
    if not user.is_authenticated or not user.is_active:
        return Submission.objects.none()
    if user.is_student:
        return Submission.objects.filter(
            Q(student=user) | Q(_reviewing(user)),
            assignment__classroom__in=classes_visible_to(user),
        )
    return Submission.objects.filter(assignment__classroom__in=classes_managed_by(user))


def revisions_visible_to(user) -> QuerySet[Revision]:
    return Revision.objects.filter(submission__in=submissions_visible_to(user))


def feedback_visible_to(user) -> QuerySet[FeedbackItem]:
    if not user.is_authenticated or not user.is_active:
        return FeedbackItem.objects.none()
    if user.is_student:
        return FeedbackItem.objects.filter(
            Q(review__revision__submission__student=user) | Q(review__reviewer=user),
            review__revision__submission__assignment__classroom__in=classes_visible_to(user),
        )
    return FeedbackItem.objects.filter(
        review__revision__submission__assignment__classroom__in=classes_managed_by(user)
    )


def can_manage_class_of(user, classroom_id) -> bool:
    return classes_managed_by(user).filter(pk=classroom_id).exists()


def is_student_of(user, classroom_id) -> bool:
    return user.is_student and classes_visible_to(user).filter(pk=classroom_id).exists()


def may_comment_on_proposal(proposal, rubric: Rubric, *, manages: bool, is_student: bool) -> bool:
    """One rule for the rubric page and the action: an open proposal takes comments from the
    class's teachers always, and from its students while the rubric is open to co-design."""
    return proposal.status == "open" and (manages or (is_student and rubric.codesign_open))


def reviews_as_peer(user, submission: Submission) -> bool:
    return PeerAssignment.objects.filter(
        assignment_id=submission.assignment_id, reviewer=user, author_id=submission.student_id
    ).exists()

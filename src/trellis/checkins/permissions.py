"""Who may see, change and answer check-ins. Each rule gives the queryset and the yes/no.

- A teacher's question bank and check-ins are theirs to edit. A check-in marked *shared* is
  visible to the teachers who share a teacher team with its owner (trellis.collaboration),
  who may run it in their own classes and copy it (and its questions) into their bank.
- A run belongs to its class: whoever manages the class (its teachers, the school admin)
  controls the run and sees its results by name.
- A student answers runs of the classes they are actively enrolled in and sees only their own
  answers; the class distribution reaches them only in aggregate, once revealed.
- Leaders see no check-in content (aggregates live elsewhere); other schools see nothing but
  a check-in shared by a member of a network team they joined (to run it as it is).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from trellis.accounts.models import Role, User
from trellis.collaboration.permissions import teammate_ids
from trellis.rosters import queries as roster_queries
from trellis.rosters.permissions import classes_managed_by

from .models import CheckIn, CheckInItem, Question, Run


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.school_id)


def can_author(user: User) -> bool:
    return _active(user) and user.role == Role.TEACHER


def questions_managed_by(user: User) -> QuerySet[Question]:
    """Questions the user may edit: their own bank."""
    if not can_author(user):
        return Question.objects.none()
    return Question.objects.filter(owner=user)


def checkins_managed_by(user: User) -> QuerySet[CheckIn]:
    """Check-ins the user may edit: their own."""
    if not can_author(user):
        return CheckIn.objects.none()
    return CheckIn.objects.filter(owner=user, school_id=user.school_id)


def checkins_visible_to(user: User) -> QuerySet[CheckIn]:
    """Check-ins the user may open, run in a class they manage, and copy."""
    if not _active(user):
        return CheckIn.objects.none()
    if user.role == Role.ADMIN:
        return CheckIn.objects.filter(school_id=user.school_id)
    if user.role == Role.TEACHER:
        # A teammate's shared check-in: of the same school, or of another school of a network
        # team the user joined (run as it is, so the team's results pool across schools).
        return CheckIn.objects.filter(
            Q(owner=user, school_id=user.school_id)
            | Q(is_shared=True, owner__in=teammate_ids(user))
        )
    return CheckIn.objects.none()


def questions_visible_to(user: User) -> QuerySet[Question]:
    """Own questions, and the questions of check-ins the user may see (to copy them)."""
    if not _active(user) or user.role not in (Role.TEACHER, Role.ADMIN):
        return Question.objects.none()
    in_visible = Exists(
        CheckInItem.objects.filter(question=OuterRef("pk"), checkin__in=checkins_visible_to(user))
    )
    return Question.objects.filter(Q(owner=user) | in_visible)


def runs_managed_by(user: User) -> QuerySet[Run]:
    """Runs whose pace, reveal, marks and named results the user controls."""
    return Run.objects.filter(classroom__in=classes_managed_by(user))


def runs_answerable_by(user: User) -> QuerySet[Run]:
    """Runs a student may open and answer: those of classes they are actively enrolled in."""
    if not _active(user) or user.role != Role.STUDENT:
        return Run.objects.none()
    return Run.objects.filter(
        Exists(roster_queries.student_enrollments(classroom=OuterRef("classroom"), user=user)),
        classroom__school_id=user.school_id,
    )


def can_manage_run(user: User, run: Run) -> bool:
    return runs_managed_by(user).filter(pk=run.pk).exists()


def can_answer_run(user: User, run: Run) -> bool:
    return runs_answerable_by(user).filter(pk=run.pk).exists()

"""Who may see and change a class's charter, boards and pulses. One rule per question, giving
both the queryset and the per-object answer.

- Whoever may open a class (its students, its teachers, the school admin) reads its published
  charter and endorses it if they are a student of it.
- Whoever manages a class (its teachers, the school admin) runs the kickoff, the summary, the
  charter drafts and the pulses, and sees every team board.
- A team board is seen by the members of that team and by those who manage the class; a
  student of another team gets the same 404 as for a board that does not exist.
- Pulse results are seen by those who manage the class, and by its students once shared.
- Leaders see culture indicators as numbers per class, never a board, an answer or a name.
"""

from django.db.models import Q, QuerySet

from trellis.accounts.models import Role, User
from trellis.rosters.models import Classroom, Team
from trellis.rosters.permissions import (
    classes_in_aggregate_for,
    classes_managed_by,
    classes_visible_to,
)

from .models import Pulse


def charter_classes_visible_to(user: User) -> QuerySet[Classroom]:
    return classes_visible_to(user)


def charter_classes_managed_by(user: User) -> QuerySet[Classroom]:
    return classes_managed_by(user)


def indicator_classes_for(user: User) -> QuerySet[Classroom]:
    """Classes whose culture indicators (numbers only) the user may see."""
    if not user.is_authenticated or not user.is_active:
        return Classroom.objects.none()
    if user.role in (Role.LEADER, Role.ADMIN):
        return classes_in_aggregate_for(user)
    return classes_managed_by(user)


def boards_visible_to(user: User) -> QuerySet[Team]:
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    if user.role == Role.STUDENT:
        return Team.objects.filter(
            memberships__student=user, classroom__in=classes_visible_to(user)
        )
    return Team.objects.filter(classroom__in=classes_managed_by(user))


def can_view_board(user: User, team: Team) -> bool:
    return boards_visible_to(user).filter(pk=team.pk).exists()


def can_manage_charter(user: User, classroom: Classroom) -> bool:
    return charter_classes_managed_by(user).filter(pk=classroom.pk).exists()


def can_endorse(user: User, classroom: Classroom) -> bool:
    return user.is_student and charter_classes_visible_to(user).filter(pk=classroom.pk).exists()


def pulses_visible_to(user: User) -> QuerySet[Pulse]:
    """Pulses a user may open: all of a managed class; for students, those of their classes."""
    if not user.is_authenticated or not user.is_active:
        return Pulse.objects.none()
    if user.role == Role.STUDENT:
        return Pulse.objects.filter(classroom__in=classes_visible_to(user))
    return Pulse.objects.filter(classroom__in=classes_managed_by(user))


def pulse_results_visible_to(user: User) -> QuerySet[Pulse]:
    if not user.is_authenticated or not user.is_active:
        return Pulse.objects.none()
    if user.role == Role.STUDENT:
        return Pulse.objects.filter(
            Q(shared_at__isnull=False), classroom__in=classes_visible_to(user)
        )
    return Pulse.objects.filter(classroom__in=classes_managed_by(user))


def can_see_pulse_results(user: User, pulse: Pulse) -> bool:
    return pulse_results_visible_to(user).filter(pk=pulse.pk).exists()

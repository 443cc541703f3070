"""Who may see and change a class. Each rule gives the per-object answer and the queryset.

- A student sees the classes they are actively enrolled in (their own page, their team).
- A teacher sees and manages the classes they teach.
- A school admin sees and manages every class of their school.
- A leader sees classes only as aggregates (counts), never a roster.
"""

from django.db.models import Exists, OuterRef, QuerySet

from trellis.accounts.models import Role, User

from .models import Classroom, Enrollment, EnrollmentRole


def _enrolled(user: User, role: str | None = None) -> Exists:
    filters = {"classroom": OuterRef("pk"), "user": user, "is_active": True}
    if role:
        filters["role"] = role
    return Exists(Enrollment.objects.filter(**filters))


def classes_visible_to(user: User) -> QuerySet[Classroom]:
    """Classes whose page the user may open (students and teachers: their own; admin: school)."""
    if not user.is_authenticated or not user.is_active:
        return Classroom.objects.none()
    if user.role == Role.ADMIN:
        return Classroom.objects.filter(school_id=user.school_id)
    if user.role in (Role.TEACHER, Role.STUDENT):
        return Classroom.objects.filter(_enrolled(user), school_id=user.school_id)
    return Classroom.objects.none()


def classes_managed_by(user: User) -> QuerySet[Classroom]:
    """Classes whose roster, teams and join code the user may change."""
    if not user.is_authenticated or not user.is_active:
        return Classroom.objects.none()
    if user.role == Role.ADMIN:
        return Classroom.objects.filter(school_id=user.school_id)
    if user.role == Role.TEACHER:
        return Classroom.objects.filter(
            _enrolled(user, EnrollmentRole.TEACHER), school_id=user.school_id
        )
    return Classroom.objects.none()


def classes_in_aggregate_for(user: User) -> QuerySet[Classroom]:
    """Classes a leader (or admin) may see as numbers only."""
    if user.is_authenticated and user.is_active and user.role in (Role.LEADER, Role.ADMIN):
        return Classroom.objects.filter(school_id=user.school_id)
    return Classroom.objects.none()


def can_view_class(user: User, classroom: Classroom) -> bool:
    return classes_visible_to(user).filter(pk=classroom.pk).exists()


def can_manage_class(user: User, classroom: Classroom) -> bool:
    return classes_managed_by(user).filter(pk=classroom.pk).exists()


def can_create_class(user: User) -> bool:
    return (
        user.is_authenticated and user.role in (Role.TEACHER, Role.ADMIN) and bool(user.school_id)
    )


def can_join_class(user: User) -> bool:
    return user.is_authenticated and user.role == Role.STUDENT

"""Reads for guardians: their children, and one child's class in plain words; the bell."""

from dataclasses import dataclass

from django.utils import timezone

from trellis.accounts.models import Role, User
from trellis.charter import queries as charter_queries
from trellis.common.errors import NotFound
from trellis.common.ids import as_id
from trellis.progression import queries as progression_queries
from trellis.rosters import queries as roster_queries
from trellis.rosters.permissions import classes_visible_to
from trellis.work.permissions import assignments_visible_to

from ..models import (
    Audience,
    Collection,
    FamilyInvite,
    GuardianLink,
    Notification,
    StudentAge,
)
from ..permissions import children_of


def children(user) -> list[GuardianLink]:
    return list(children_of(user).select_related("student"))


def get_child_for(user, student_id):
    link = children_of(user).filter(student_id=student_id).select_related("student").first()
    if link is None:
        raise NotFound("student")
    return link.student


@dataclass
class ChildPage:
    child: object
    classes: list
    collections: list


def child_page(user, child) -> ChildPage:
    classes = list(classes_visible_to(child).filter(is_active=True).order_by("course"))
    collections = list(
        Collection.objects.filter(student=child, effective_audience__gte=Audience.FAMILY)
    )
    return ChildPage(child, classes, collections)


@dataclass
class ChildClassPage:
    child: object
    classroom: object
    charter: object
    learning: object
    upcoming: list
    collections: list


def child_class_page(user, child, class_id) -> ChildClassPage:
    classroom = classes_visible_to(child).filter(pk=class_id, is_active=True).first()
    if classroom is None:
        raise NotFound("class")
    upcoming = list(
        assignments_visible_to(child)
        .filter(classroom=classroom)
        .exclude(due_at__lt=timezone.now())
        .order_by("due_at")[:10]
    )
    return ChildClassPage(
        child=child,
        classroom=classroom,
        charter=charter_queries.published_version(classroom),
        learning=progression_queries.my_learning(child, classroom),
        upcoming=upcoming,
        collections=list(
            Collection.objects.filter(
                student=child, classroom=classroom, effective_audience__gte=Audience.FAMILY
            )
        ),
    )


def family_invites(user, classroom) -> list[FamilyInvite]:
    return list(
        FamilyInvite.objects.filter(classroom=classroom, used_at__isnull=True)
        .select_related("student")
        .order_by("student__last_name", "-created_at")
    )


def family_links(classroom) -> list[GuardianLink]:
    return list(
        GuardianLink.objects.filter(
            student__in=roster_queries.member_ids_of(classroom.pk), ended_at__isnull=True
        ).select_related("guardian", "student")
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notices(user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user)[:limit])


def family_links_of(student_ids) -> dict[tuple[int, int], tuple[str, bool]]:
    """(guardian id, student id) -> (source, in force) for these students (one query; the
    roster import compares its pairs with it)."""
    return {
        (g, s): (source, ended is None)
        for g, s, source, ended in GuardianLink.objects.filter(
            student_id__in=list(student_ids)
        ).values_list("guardian_id", "student_id", "source", "ended_at")
    }


def age_bands_of(student_ids) -> dict[int, tuple[bool, str]]:
    """student id -> (under 13, "roster" or "admin") for these students (one query)."""
    return {
        s: (under, source)
        for s, under, source in StudentAge.objects.filter(
            student_id__in=list(student_ids)
        ).values_list("student_id", "under_13", "source")
    }


def age_page(user, student_id) -> tuple:
    """The admin's age page for a student of their school: (student, StudentAge or None)."""
    student = None
    if user.is_school_admin:
        student = User.objects.filter(
            pk=as_id(student_id) or 0, role=Role.STUDENT, school_id=user.school_id
        ).first()
    if student is None:
        raise NotFound("student")
    return student, StudentAge.objects.filter(student=student).first()

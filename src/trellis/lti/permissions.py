"""Who may do what with LMS connections.

- A school administrator registers LMSs, edits registrations and rotates the tool's keys;
  they see only their own school's registrations (another school's is "not found").
- A course link's page, its roster sync and grade post belong to the class's teachers (and the
  school's admin), like the class itself.
"""

from django.db.models import QuerySet
from lti_tool.models import LtiRegistration

from trellis.accounts.models import Role
from trellis.rosters.permissions import classes_managed_by

from .models import CourseLink


def can_manage_lti(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role == Role.ADMIN and user.school_id
    )


def registrations_managed_by(user) -> QuerySet[LtiRegistration]:
    if not can_manage_lti(user):
        return LtiRegistration.objects.none()
    return LtiRegistration.objects.filter(trellis_connection__school_id=user.school_id)


def can_teach_course(user, classroom) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return classes_managed_by(user).filter(pk=classroom.pk).exists()


def course_links_managed_by(user) -> QuerySet[CourseLink]:
    if not (user.is_authenticated and user.is_active):
        return CourseLink.objects.none()
    return CourseLink.objects.filter(classroom__in=classes_managed_by(user))

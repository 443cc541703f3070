"""Who may see and change a class's release.

- The teachers of a class (and the school's admin) run its tasks, see every student's phase,
  readiness and signals, and move students: `classes_managed_by`.
- A student sees their own phase, signals and work in the classes they are enrolled in, and
  nobody else's: `student_classes_of`.
- Leaders see no individual student here (their aggregates live elsewhere).
"""

from django.db.models import QuerySet

from trellis.accounts.models import Role
from trellis.rosters.models import Classroom
from trellis.rosters.permissions import classes_managed_by, classes_visible_to


def student_classes_of(user) -> QuerySet[Classroom]:
    if not user.is_authenticated or user.role != Role.STUDENT:
        return Classroom.objects.none()
    return classes_visible_to(user)


def can_run_class(user, classroom) -> bool:
    return classes_managed_by(user).filter(pk=classroom.pk).exists()


def can_learn_in_class(user, classroom) -> bool:
    return student_classes_of(user).filter(pk=classroom.pk).exists()

"""Who may import rosters and export a class roster.

- A school admin imports OneRoster sets for their own school, and only theirs.
- A teacher (or admin) imports a simple class-list CSV into the classes they manage.
- A class roster CSV is for those who manage the class (its teachers, the school's admins);
  the queryset is rosters.permissions.classes_managed_by.
"""

from trellis.accounts.models import Role, User


def can_import_roster(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.ADMIN
        and bool(user.school_id)
    )


def can_import_simple(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role in (Role.TEACHER, Role.ADMIN)
        and bool(user.school_id)
    )

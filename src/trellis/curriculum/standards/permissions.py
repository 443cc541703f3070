"""A school's administrator imports standards into the classes of their school, and only those."""

from trellis.accounts.models import Role
from trellis.rosters.permissions import classes_managed_by


def can_import_standards(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.ADMIN
        and bool(user.school_id)
    )


def classes_for_import(user):
    if not can_import_standards(user):
        return classes_managed_by(user).none()
    return classes_managed_by(user).order_by("course", "section", "pk")

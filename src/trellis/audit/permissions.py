"""Who may read the audit log: a school's admins, their own school's entries only.

`can_see_audit(user)` answers for the page; `entries_visible_to(user)` is the one queryset
filter every read starts from.
"""

from trellis.accounts.models import Role, User

from .models import AuditEntry


def can_see_audit(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role == Role.ADMIN and user.school_id
    )


def entries_visible_to(user: User):
    if not can_see_audit(user):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(school_id=user.school_id)

"""Who may manage people: a school's admins, the people of their own school only.

`can_manage_people(user)` answers for the page; `people_managed_by(user)` is the one queryset
every read and change starts from, so another school's person is "not found", never
"forbidden".
"""

from django.db.models import QuerySet

from trellis.accounts.models import Role, User


def can_manage_people(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.role == Role.ADMIN and user.school_id
    )


def people_managed_by(user: User) -> QuerySet[User]:
    if not can_manage_people(user):
        return User.objects.none()
    return User.objects.filter(school_id=user.school_id)

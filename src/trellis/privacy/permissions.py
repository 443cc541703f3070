"""Who may export and erase whose data.

A school's admin may, for the people of their school (never another school's, never
themselves for erasure). Any person may export their own data.
"""

from trellis.accounts.models import User


def people_managed_by(user: User):
    if not (user.is_authenticated and user.is_school_admin and user.school_id):
        return User.objects.none()
    return User.objects.filter(school_id=user.school_id).exclude(username__startswith="erased-")


def can_manage_person(user: User, person: User) -> bool:
    return people_managed_by(user).filter(pk=person.pk).exists()

"""Who may help whom sign in.

- A school admin manages the sign-in of every person of their own school (invite, set a new
  password, unlock): never another school's, never their own through these pages.
- Only a teacher of a class prints its students' sign-in cards (not an admin or a leader:
  the cards are handed out in the room).
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from trellis.accounts.models import Role


def people_managed_by(user) -> QuerySet:
    User = get_user_model()
    if not may_manage_people(user):
        return User.objects.none()
    return User.objects.filter(school_id=user.school_id).exclude(pk=user.pk)


def may_manage_people(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.ADMIN
        and bool(user.school_id)
    )


def can_manage_sign_in(user, person) -> bool:
    return people_managed_by(user).filter(pk=person.pk).exists()


def may_print_cards(user) -> bool:
    """The role half of the card rule; the class half is rosters' "classes I manage"."""
    return user.is_authenticated and user.is_active and user.role == Role.TEACHER

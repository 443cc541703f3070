"""Who may help whom sign in.

- A school admin manages the sign-in of every person of their own school (invite, set a new
  password, unlock): never another school's, never their own through these pages.
- Only a teacher of a class prints its students' sign-in cards (not an admin or a leader:
  the cards are handed out in the room).
"""

from django.db.models import QuerySet

from trellis.accounts.models import Role
from trellis.accounts.people.permissions import can_manage_people
from trellis.accounts.people.permissions import people_managed_by as _school_people

may_manage_people = can_manage_people


def people_managed_by(user) -> QuerySet:
    """The people page's own rule, minus the admin themselves (their own sign-in is changed
    on their own account page)."""
    return _school_people(user).exclude(pk=user.pk)


def can_manage_sign_in(user, person) -> bool:
    return people_managed_by(user).filter(pk=person.pk).exists()


def may_print_cards(user) -> bool:
    """The role half of the card rule; the class half is rosters' "classes I manage"."""
    return user.is_authenticated and user.is_active and user.role == Role.TEACHER

"""Reads for the sign-in pages, scoped to the person asking, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from allauth.socialaccount.models import SocialAccount
from django.utils import timezone

from trellis.common.access import get_visible
from trellis.common.errors import NotFound
from trellis.rosters import queries as roster_queries

from . import throttle
from .models import SignInCard
from .permissions import may_print_cards, people_managed_by


def get_person_for(admin, person_id):
    return get_visible(people_managed_by(admin), person_id, "person")


@dataclass
class PersonSignIn:
    person: object
    locked_until: datetime | None
    has_password: bool
    sso_providers: list[str]


def person_sign_in(person) -> PersonSignIn:
    """How a person can sign in now: lock, own password, linked single sign-on (one query)."""
    providers = sorted({a.get_provider().name for a in SocialAccount.objects.filter(user=person)})
    return PersonSignIn(
        person=person,
        locked_until=throttle.account_locked_until(person.username),
        has_password=person.has_usable_password(),
        sso_providers=providers,
    )


def get_card_class_for(user, class_id):
    """A class whose cards the user may print: one they teach (missing and forbidden: 404)."""
    if not may_print_cards(user):
        raise NotFound("class")
    return roster_queries.get_managed_class_for(user, class_id)


@dataclass
class CardRow:
    student: object
    live_card: SignInCard | None


def students_of(classroom) -> list:
    """The class's active students, by name (the roster's own rule of who is in a class)."""
    return [row.enrollment.user for row in roster_queries.roster(classroom)]


def card_rows(classroom) -> list[CardRow]:
    """Each active student of the class with their unused, unexpired card: three queries."""
    students = students_of(classroom)
    live = {
        c.student_id: c
        for c in SignInCard.objects.filter(
            classroom=classroom,
            used_at__isnull=True,
            replaced_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
    }
    return [CardRow(s, live.get(s.pk)) for s in students]

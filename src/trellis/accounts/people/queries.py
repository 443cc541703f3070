"""Reads about a school's people for its admins, in a fixed number of queries."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q

from trellis.accounts.models import Role, User
from trellis.common.access import get_visible
from trellis.rosters import queries as roster_queries

from .permissions import people_managed_by


def names_of(school_id: int | None, user_ids) -> dict[int, str]:
    """Names of these people of the school, by id (one query; people of other schools and
    people since erased are left out)."""
    ids = {int(i) for i in user_ids}
    if not ids or school_id is None:
        return {}
    rows = User.objects.filter(pk__in=ids, school_id=school_id).only(
        "id", "username", "first_name", "last_name", "display_name"
    )
    return {u.pk: u.name for u in rows}


def find_person(school_id: int | None, text: str) -> User | None:
    """The person of the school named by "user:12" or by their username (one query)."""
    text = (text or "").strip()
    if not text or school_id is None:
        return None
    people = User.objects.filter(school_id=school_id)
    if text.startswith("user:") and text[5:].isdigit():
        return people.filter(pk=int(text[5:])).first()
    return people.filter(username__iexact=text).first()


PAGE_SIZE = 50
STATUSES = {"active": "Active", "inactive": "Deactivated"}


@dataclass
class PeopleFilters:
    q: str = ""
    role: str = ""
    class_id: int | None = None
    status: str = ""

    @classmethod
    def from_query(cls, params) -> "PeopleFilters":
        role = params.get("role", "")
        status = params.get("status", "")
        class_id = params.get("class", "")
        return cls(
            q=params.get("q", "").strip()[:100],
            role=role if role in Role.values else "",
            class_id=int(class_id) if class_id.isdigit() else None,
            status=status if status in STATUSES else "",
        )

    @property
    def any(self) -> bool:
        return bool(self.q or self.role or self.class_id or self.status)


@dataclass
class PeoplePage:
    page: Page
    classes: list
    filters: PeopleFilters


def people_page_for(user: User, filters: PeopleFilters, page_number=1) -> PeoplePage:
    """One page of the school's people with their last sign-in (three queries: the classes
    for the filter, the count, the page)."""
    qs = people_managed_by(user)
    if filters.q:
        words = filters.q.split()
        for word in words[:5]:
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(display_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.status:
        qs = qs.filter(is_active=filters.status == "active")
    classes = list(roster_queries.classes_for(user).only("id", "course", "section"))
    if filters.class_id:
        if filters.class_id not in {c.pk for c in classes}:
            filters.class_id = None  # not a class of this school: show everyone, say nothing
        else:
            qs = qs.filter(pk__in=roster_queries.member_ids_of(filters.class_id))
    qs = qs.only(
        "id",
        "username",
        "first_name",
        "last_name",
        "display_name",
        "email",
        "role",
        "is_active",
        "last_login",
        "password",
        "sourced_id",
        "school_id",
    ).order_by("last_name", "first_name", "username", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(page_number)
    return PeoplePage(page, classes, filters)


def get_person_for(user: User, person_id) -> User:
    return get_visible(people_managed_by(user), person_id, "person")

"""Reads of the audit log for a school's admins: the page, its filters, the CSV rows.

References are shown with the names they have today (a person's or a class's), looked up in
one query per kind for a whole page, so the page costs the same for 5 entries or 500.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.accounts.people import queries as people_queries
from trellis.rosters import queries as roster_queries

from .labels import ACTIONS, label
from .models import AuditEntry
from .permissions import entries_visible_to

PAGE_SIZE = 50


@dataclass
class Filters:
    action: str = ""
    person: str = ""  # "user:12" or a username
    person_error: str = ""
    person_found: User | None = None


@dataclass
class Row:
    entry: AuditEntry
    label: str
    actor_name: str
    targets: list[tuple[str, str]] = field(default_factory=list)  # (ref, name or "")


@dataclass
class AuditPage:
    page: Page
    rows: list[Row]
    actions: list[tuple[str, str]]
    filters: Filters


def _filtered(user: User, filters: Filters):
    qs = entries_visible_to(user)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.person:
        person = people_queries.find_person(user.school_id, filters.person)
        if person is None:
            filters.person_error = gettext(
                "No one in your school has the username “%(username)s”. Check the spelling, "
                "or open the person from the people page and follow “Audit log”."
            ) % {"username": filters.person}
            return qs.none()
        filters.person_found = person
        ref = f"user:{person.pk}"
        qs = qs.filter(actor_ref=ref) | qs.filter(targets__contains=f" {ref} ")
    return qs


def _names(user: User, entries: list[AuditEntry]) -> dict[str, str]:
    ids: dict[str, set[int]] = {"user": set(), "class": set()}
    for e in entries:
        for ref in (e.actor_ref, *e.target_list):
            kind, _, key = ref.partition(":")
            if kind in ids and key.isdigit():
                ids[kind].add(int(key))
    people = people_queries.names_of(user.school_id, ids["user"])
    names = {f"user:{k}": v for k, v in people.items()}
    names.update(
        (f"class:{k}", v)
        for k, v in roster_queries.class_names_in(user.school_id, ids["class"]).items()
    )
    return names


def _actor_name(ref: str, names: dict[str, str]) -> str:
    if ref.startswith("system:"):
        return f"Trellis ({ref.removeprefix('system:')})"
    return names.get(ref) or f"{ref} (no longer in this school)"


def _rows(user: User, entries: list[AuditEntry]) -> list[Row]:
    names = _names(user, entries)
    return [
        Row(
            entry=e,
            label=label(e.action),
            actor_name=_actor_name(e.actor_ref, names),
            targets=[(t, names.get(t, "")) for t in e.target_list],
        )
        for e in entries
    ]


def audit_page_for(user: User, filters: Filters, page_number=1) -> AuditPage:
    """One page of the school's log, newest first (a fixed number of queries)."""
    qs = _filtered(user, filters)
    page = Paginator(qs.order_by("-at", "-id"), PAGE_SIZE).get_page(page_number)
    present = set(entries_visible_to(user).values_list("action", flat=True).distinct())
    actions = sorted(((a, label(a)) for a in present | set(ACTIONS)), key=lambda a: a[1])
    return AuditPage(page, _rows(user, list(page.object_list)), actions, filters)


def export_rows_for(user: User, filters: Filters, chunk: int = 1000):
    """Every entry the filters select, oldest first, in chunks (for the CSV)."""
    qs = _filtered(user, filters).order_by("id")
    last = None
    while True:
        batch = qs.filter(id__gt=last) if last is not None else qs
        entries = list(batch[:chunk])
        if not entries:
            return
        yield from _rows(user, entries)
        last = entries[-1].id

"""Reads for collections: the student's list, one collection as its reader may see it, the
secret link's page, the conference view, and the teacher's approvals and moderation."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from trellis.collaboration import queries as collaboration_queries
from trellis.common.access import get_visible
from trellis.rosters.models import Classroom

from ..models import (
    Audience,
    Collection,
    CollectionItem,
    Response,
    ResponseStatus,
    ShareLink,
)
from ..permissions import collections_managed_by, collections_visible_to, is_outside


def _items():
    return Prefetch(
        "items",
        queryset=CollectionItem.objects.select_related(
            "reflection", "revision__submission__assignment", "revisit"
        ),
    )


def my_collections(user, classroom) -> list[Collection]:
    return list(
        Collection.objects.filter(student=user, classroom=classroom).prefetch_related("links")
    )


def get_collection_for(user, collection_id) -> Collection:
    return get_visible(
        collections_visible_to(user).select_related("student", "classroom", "linked_class__school"),
        collection_id,
        "collection",
    )


def linkable_classes(collection: Collection) -> QuerySet[Classroom]:
    """The classes a teacher may link as a collection's "class or school my teacher linked":
    the other active classes of its school, and those of the schools that share a network of
    schools with it (each school joined through its own leader). One query when read."""
    school_id = collection.classroom.school_id
    return (
        Classroom.objects.filter(
            Q(school_id=school_id)
            | Q(school_id__in=collaboration_queries.schools_sharing_a_network(school_id)),
            is_active=True,
        )
        .exclude(pk=collection.classroom_id)
        .select_related("school")
    )


@dataclass
class LinkChoices:
    """The choice of a linked class, grouped by school (the collection's school first)."""

    groups: list[tuple[str, list[Classroom]]]


def link_choices(collection: Collection) -> LinkChoices:
    home = collection.classroom.school_id
    groups: dict[int, tuple[str, list[Classroom]]] = {}
    for k in linkable_classes(collection).order_by("school__name", "course", "section", "id"):
        groups.setdefault(k.school_id, (k.school.name, []))[1].append(k)
    ordered = sorted(groups.items(), key=lambda kv: kv[0] != home)
    return LinkChoices([g for _, g in ordered])


def student_label(student, *, outside: bool, show_surname: bool) -> str:
    """The student's name as an audience reads it: no surname outside the class by default."""
    if outside and not show_surname:
        return student.first_name or student.display_name.split(" ")[0] or "A student"
    return student.name


def responder_label(response: Response, *, outside: bool, viewer) -> str:
    """Never another student's name to an outside audience."""
    if response.author_id is None:
        return response.visitor_name or "A visitor"
    a = response.author
    if viewer is not None and a.pk == viewer.pk:
        return "You"
    if a.is_guardian:
        return f"{a.first_name or 'A'} (family)"
    if a.is_student:
        return "A classmate" if outside else a.name
    return a.name if not outside else "A teacher"


@dataclass
class ResponseView:
    who: str
    body: str
    helped: bool
    status: str
    at: object


@dataclass
class CollectionPage:
    collection: Collection
    items: list
    name: str
    outside: bool
    owner: bool
    manages: bool
    responses: list[ResponseView]
    helped_count: int
    links: list
    may_respond: bool


def collection_page(user, collection: Collection, *, manages: bool) -> CollectionPage:
    outside = is_outside(user, collection)
    owner = user.pk == collection.student_id
    items = list(
        collection.items.select_related("reflection", "revision__submission__assignment", "revisit")
    )
    rs = Response.objects.filter(collection=collection).select_related("author")
    if not (owner or manages):
        # Other readers see what was shown, plus what they wrote themselves.
        rs = rs.filter(status=ResponseStatus.SHOWN) | rs.filter(author=user)
    elif owner:
        rs = rs.filter(status=ResponseStatus.SHOWN)
    responses = list(rs.order_by("created_at", "id"))
    views = [
        ResponseView(
            responder_label(r, outside=outside, viewer=user),
            r.body,
            r.helped,
            r.status,
            r.created_at,
        )
        for r in responses
    ]
    may_respond = not owner and (not user.is_guardian or collection.family_may_comment)
    return CollectionPage(
        collection=collection,
        items=items,
        name=student_label(
            collection.student, outside=outside, show_surname=collection.show_surname
        ),
        outside=outside,
        owner=owner,
        manages=manages,
        responses=views,
        helped_count=sum(1 for r in responses if r.helped),
        links=list(collection.links.all()) if owner else [],
        may_respond=may_respond,
    )


def shared_by_link(token: str) -> Collection | None:
    """The collection behind a secret link while it is live and still shared that far."""
    link = ShareLink.objects.filter(token=token or "").select_related("collection__student").first()
    if (
        link is None
        or link.revoked_at is not None
        or link.expires_at <= timezone.now()
        or link.collection.effective_audience < Audience.LINK
    ):
        return None
    return link.collection


def link_page(collection: Collection) -> tuple[list, str, list[ResponseView]]:
    items = list(
        collection.items.select_related("reflection", "revision__submission__assignment", "revisit")
    )
    responses = list(
        Response.objects.filter(collection=collection, status=ResponseStatus.SHOWN).select_related(
            "author"
        )
    )
    views = [
        ResponseView(
            responder_label(r, outside=True, viewer=None), r.body, r.helped, r.status, r.created_at
        )
        for r in responses
    ]
    return (
        items,
        student_label(collection.student, outside=True, show_surname=collection.show_surname),
        views,
    )


@dataclass
class Approvals:
    waiting: list[Collection]
    responses: list[Response]


def approvals(user, classroom) -> Approvals:
    """What waits for the teacher: audiences beyond the class, and outside responses."""
    managed = collections_managed_by(user).filter(classroom=classroom)
    waiting = [
        c
        for c in managed.filter(audience__gt=Audience.CLASS).select_related("student")
        if c.audience > max(Audience.CLASS, c.approved_audience)
    ]
    responses = list(
        Response.objects.filter(
            collection__in=managed, status=ResponseStatus.WAITING
        ).select_related("collection__student", "author")
    )
    return Approvals(waiting, responses)

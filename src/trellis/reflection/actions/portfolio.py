"""Collections, the audience ladder, secret links and audience responses."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from trellis.common.errors import Conflict, NotFound, UserError
from trellis.common.ids import as_id
from trellis.common.text import clean_text
from trellis.rosters import queries as roster_queries
from trellis.work.permissions import revisions_visible_to

from ..models import (
    COMMENT_MAX,
    NOTE_MAX,
    TITLE_MAX,
    Audience,
    Collection,
    CollectionItem,
    GuardianLink,
    PieceKind,
    Response,
    ResponseStatus,
    ShareLink,
    StudentAge,
    effective_audience,
)
from ..permissions import (
    children_of,
    collections_managed_by,
    collections_visible_to,
    is_outside,
    own_reflections,
    revisits_visible_to,
)
from ..queries.portfolio import linkable_classes
from .notices import notify

LINK_DAYS_MAX = 90


def _own(user, collection_id) -> Collection:
    c = Collection.objects.filter(pk=as_id(collection_id) or 0, student=user).first()
    if c is None or not user.is_student:
        raise NotFound("collection")
    return c


def under_13(student_id) -> bool:
    return StudentAge.objects.filter(student_id=student_id, under_13=True).exists()


def refresh_effective(collection: Collection) -> int:
    """Recompute the step in force and store it (the cache every permission reads)."""
    value = effective_audience(
        collection.audience,
        collection.approved_audience,
        collection.consented_audience,
        under_13(collection.student_id),
    )
    Collection.objects.filter(pk=collection.pk).update(effective_audience=value)
    collection.effective_audience = value
    return value


def create_collection(user, classroom, title: str) -> Collection:
    if not user.is_student or not roster_queries.is_active_student(user, classroom):
        raise NotFound("class")
    title = clean_text(title, limit=TITLE_MAX, field="title", what=gettext("The collection's name"))
    with transaction.atomic():
        return Collection.objects.create(student=user, classroom=classroom, title=title)


def add_piece(user, collection_id, kind: str, piece_id, note: str = "") -> CollectionItem:
    collection = _own(user, collection_id)
    note = clean_text(note, limit=NOTE_MAX, field="note", what=gettext("Your note"), required=False)
    pk = as_id(piece_id) or 0
    fields = {}
    if kind == PieceKind.REFLECTION:
        fields["reflection"] = (
            own_reflections(user).filter(pk=pk, classroom=collection.classroom_id).first()
        )
    elif kind == PieceKind.REVISION:
        fields["revision"] = (
            revisions_visible_to(user)
            .filter(pk=pk, submission__student=user)
            .filter(submission__assignment__classroom=collection.classroom_id)
            .first()
        )
    elif kind == PieceKind.REVISIT:
        fields["revisit"] = revisits_visible_to(user).filter(pk=pk, student=user).first()
    if not fields or next(iter(fields.values())) is None:
        raise UserError(gettext("Choose one of your own pieces from this class."), field="piece")
    with transaction.atomic():
        position = collection.items.count()
        item = CollectionItem.objects.create(
            collection=collection, kind=kind, note=note, position=position, **fields
        )
        Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


def choose_audience(
    user,
    collection_id,
    audience,
    version,
    *,
    family_may_comment: bool = True,
    show_surname: bool = False,
    is_conference: bool | None = None,
) -> Collection:
    """The student chooses who sees a collection. Beyond the class the teacher approves; for
    under-13s beyond the family a guardian consents too; until then the lower step holds."""
    collection = _own(user, collection_id)
    try:
        audience = Audience(int(audience))
    except (TypeError, ValueError):
        raise UserError(gettext("Choose who may see this collection."), field="audience") from None
    with transaction.atomic():
        changed = Collection.objects.filter(pk=collection.pk, version=as_id(version) or 0).update(
            audience=audience,
            family_may_comment=bool(family_may_comment),
            show_surname=bool(show_surname),
            is_conference=collection.is_conference if is_conference is None else is_conference,
            version=collection.version + 1,
        )
        if not changed:
            raise Conflict(
                gettext(
                    "This collection was changed in another window. Reload it and choose again."
                ),
                field="audience",
            )
        collection.refresh_from_db()
        before = collection.effective_audience
        after = refresh_effective(collection)
        if audience > max(Audience.CLASS, collection.approved_audience):
            notify(
                roster_queries.teachers_of(collection.classroom),
                "approval",
                f"{user.name} asks to share “{collection.title}” with: {audience.label.lower()}.",
                reverse("reflection:approvals", args=[collection.classroom_id]),
                about=collection.student_id,
            )
        if after >= Audience.FAMILY > before:
            _tell_family(collection)
    return collection


def _tell_family(collection: Collection) -> None:
    guardians = GuardianLink.objects.filter(
        student_id=collection.student_id, ended_at__isnull=True
    ).values_list("guardian_id", flat=True)
    notify(
        list(guardians),
        "shared",
        f"Something new was shared with you: “{collection.title}”.",
        reverse("reflection:collection", args=[collection.pk]),
        about=collection.student_id,
    )


def approve_audience(user, collection_id, approve: bool = True) -> Collection:
    """The teacher approves the step the student chose (or holds it at the class)."""
    collection = collections_managed_by(user).filter(pk=as_id(collection_id) or 0).first()
    if collection is None:
        raise NotFound("collection")
    with transaction.atomic():
        before = collection.effective_audience
        collection.approved_audience = collection.audience if approve else Audience.CLASS
        collection.approved_by = user
        collection.save(update_fields=["approved_audience", "approved_by", "updated_at"])
        after = refresh_effective(collection)
        if approve:
            notify(
                [collection.student_id],
                "approved",
                f"Your teacher approved sharing “{collection.title}”.",
                reverse("reflection:collection", args=[collection.pk]),
                about=collection.student_id,
            )
        if after >= Audience.FAMILY > before:
            _tell_family(collection)
    return collection


def link_class(user, collection_id, class_id) -> Collection:
    """The teacher links another class as the collection's wider audience (the "another class
    or school" step): a class of the school, or of a school that shares a network of schools
    with it; empty unlinks."""
    collection = (
        collections_managed_by(user)
        .filter(pk=as_id(collection_id) or 0)
        .select_related("classroom")
        .first()
    )
    if collection is None:
        raise NotFound("collection")
    other = None
    if class_id not in (None, ""):
        other = linkable_classes(collection).filter(pk=as_id(class_id) or 0).first()
        if other is None:
            raise UserError(
                gettext(
                    "That class cannot be linked. Choose another class of this school, or a "
                    "class of a school in one of its networks of schools, from the list."
                ),
                field="linked_class",
            )
    with transaction.atomic():
        Collection.objects.filter(pk=collection.pk).update(linked_class=other)
    collection.linked_class = other
    return collection


def decide_consent(user, collection_id, consent: bool) -> Collection:
    """A guardian consents to an audience beyond the family, or withdraws consent: then the
    collection is hidden from everyone but the student and the teacher, at once."""
    link = children_of(user)
    collection = Collection.objects.filter(
        pk=as_id(collection_id) or 0, student__in=link.values("student")
    ).first()
    if collection is None:
        raise NotFound("collection")
    with transaction.atomic():
        collection.consented_audience = Audience.LINK if consent else Audience.PRIVATE
        collection.consented_by = user
        collection.save(update_fields=["consented_audience", "consented_by", "updated_at"])
        refresh_effective(collection)
    return collection


def create_share_link(user, collection_id, days) -> ShareLink:
    collection = _own(user, collection_id)
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= LINK_DAYS_MAX:
        raise UserError(
            gettext("Choose between 1 and %(LINK_DAYS_MAX)s days.")
            % {"LINK_DAYS_MAX": LINK_DAYS_MAX},
            field="days",
        )
    with transaction.atomic():
        return ShareLink.objects.create(
            collection=collection,
            token=secrets.token_urlsafe(24),
            expires_at=timezone.now() + timedelta(days=days),
        )


def revoke_share_link(user, link_id) -> ShareLink:
    link = ShareLink.objects.filter(pk=as_id(link_id) or 0, collection__student=user).first()
    if link is None:
        raise NotFound("link")
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return link


def respond(
    user,
    collection: Collection,
    *,
    body: str,
    helped: bool,
    visitor_name: str = "",
    through_link: bool = False,
) -> Response:
    """A comment or a "this helped me think" from someone who may see the collection. From
    outside the class it waits for the teacher before the student sees it."""
    if through_link:
        outside = True
        author = None
    else:
        if not collections_visible_to(user).filter(pk=collection.pk).exists():
            raise NotFound("collection")
        if user.pk == collection.student_id:
            raise UserError(
                gettext("Responses come from your audience, not from you."), field="body"
            )
        if user.is_guardian and not collection.family_may_comment:
            raise UserError(
                gettext("This collection does not take comments from family."), field="body"
            )
        outside = is_outside(user, collection)
        author = user
    body = clean_text(
        body, limit=COMMENT_MAX, field="body", what=gettext("Your comment"), required=False
    )
    if not body and not helped:
        raise UserError(gettext("Write a comment or choose “this helped me think”."), field="body")
    visitor_name = clean_text(
        visitor_name, limit=60, field="visitor_name", what=gettext("Your name"), required=False
    )
    with transaction.atomic():
        response = Response.objects.create(
            collection=collection,
            author=author,
            visitor_name=visitor_name,
            helped=bool(helped),
            body=body,
            outside=outside,
            status=ResponseStatus.WAITING if outside else ResponseStatus.SHOWN,
        )
        if outside:
            notify(
                roster_queries.teachers_of(collection.classroom),
                "moderate",
                f"A response to “{collection.title}” waits for you.",
                reverse("reflection:approvals", args=[collection.classroom_id]),
                about=collection.student_id,
            )
        else:
            notify(
                [collection.student_id],
                "comment",
                f"A response to “{collection.title}” is there to read.",
                reverse("reflection:collection", args=[collection.pk]),
                about=collection.student_id,
            )
    return response


def moderate_response(user, response_id, show: bool) -> Response:
    response = (
        Response.objects.filter(
            pk=as_id(response_id) or 0, collection__in=collections_managed_by(user)
        )
        .select_related("collection")
        .first()
    )
    if response is None:
        raise NotFound("response")
    with transaction.atomic():
        response.status = ResponseStatus.SHOWN if show else ResponseStatus.HIDDEN
        response.moderated_by = user
        response.save(update_fields=["status", "moderated_by", "updated_at"])
        if show:
            notify(
                [response.collection.student_id],
                "comment",
                f"A response to “{response.collection.title}” is there to read.",
                reverse("reflection:collection", args=[response.collection_id]),
                about=response.collection.student_id,
            )
    return response

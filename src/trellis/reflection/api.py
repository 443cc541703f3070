"""/api/v1/reflection: the journal, portfolio collections and notices, read-only.

A student reads their own reflections and collections; a guardian reads the family view (their
children and the collections shared with the family); everyone reads their own notices. A
collection or reflection the caller may not see answers 404, exactly like one that does not
exist. Writing stays on the pages (audio, approvals and consent need them)."""

from datetime import datetime

from ninja import Router, Schema

from trellis.rosters import permissions as roster_permissions

from . import queries
from .models import Audience
from .permissions import children_of, collections_visible_to, own_reflections

router = Router(tags=["reflection"])
LIMIT = 200


class JournalEntryOut(Schema):
    id: int
    class_id: int
    moment: str
    prompt: str
    body: str
    transcript: str
    has_audio: bool
    target_id: int | None
    task_id: int | None
    created_at: datetime


class PortfolioPieceOut(Schema):
    kind: str
    note: str
    title: str
    text: str


class PortfolioResponseOut(Schema):
    who: str
    body: str
    helped: bool
    at: datetime


class PortfolioCollectionOut(Schema):
    id: int
    class_id: int
    title: str
    student: str
    audience: str  # the step in force
    updated_at: datetime


class PortfolioCollectionDetailOut(PortfolioCollectionOut):
    pieces: list[PortfolioPieceOut]
    responses: list[PortfolioResponseOut]


class NoticeOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    read: bool
    created_at: datetime


class FamilyChildOut(Schema):
    id: int
    first_name: str
    collections: list[PortfolioCollectionOut]


def _entry(r) -> JournalEntryOut:
    return JournalEntryOut(
        id=r.pk,
        class_id=r.classroom_id,
        moment=r.moment,
        prompt=r.prompt,
        body=r.body,
        transcript=r.transcript,
        has_audio=bool(r.audio_name),
        target_id=r.target_id,
        task_id=r.task_id,
        created_at=r.created_at,
    )


def _collection(c, name: str) -> dict:
    return {
        "id": c.pk,
        "class_id": c.classroom_id,
        "title": c.title,
        "student": name,
        "audience": str(Audience(c.effective_audience).label),
        "updated_at": c.updated_at,
    }


def _piece(item) -> PortfolioPieceOut:
    if item.reflection_id:
        title, text = "Reflection", item.reflection.body or item.reflection.transcript
    elif item.revision_id:
        r = item.revision
        title, text = f"{r.submission.assignment.title}, version {r.number}", r.text
    elif item.revisit_id:
        v = item.revisit
        title, text = f"Then and now: {v.then_label} / {v.now_label}", v.note
    else:
        title, text = item.get_kind_display(), ""
    return PortfolioPieceOut(kind=item.kind, note=item.note, title=title, text=text)


@router.get("/reflection/reflections", response=list[JournalEntryOut])
def list_journal_entries(request):
    """The caller's own reflections, newest first (at most 200)."""
    return [_entry(r) for r in own_reflections(request.auth)[:LIMIT]]


@router.get("/reflection/reflections/{reflection_id}", response=JournalEntryOut)
def get_journal_entry(request, reflection_id: int):
    return _entry(queries.get_reflection_for(request.auth, reflection_id))


@router.get("/reflection/collections", response=list[PortfolioCollectionOut])
def list_portfolio_collections(request):
    """A student's own collections; a guardian's children's collections shared with the
    family (names as the family page shows them: first names only)."""
    user = request.auth
    qs = collections_visible_to(user).select_related("student")
    if user.is_guardian:
        rows = qs.order_by("-updated_at", "-id")[:LIMIT]
        return [_collection(c, c.student.first_name or "Your child") for c in rows]
    rows = qs.filter(student=user).order_by("-updated_at", "-id")[:LIMIT]
    return [_collection(c, user.name) for c in rows]


@router.get("/reflection/collections/{collection_id}", response=PortfolioCollectionDetailOut)
def get_portfolio_collection(request, collection_id: int):
    """One collection the caller may see (its audience in force), with its pieces and the
    responses they may read."""
    user = request.auth
    c = queries.get_collection_for(user, collection_id)
    manages = roster_permissions.can_manage_class(user, c.classroom)
    page = queries.collection_page(user, c, manages=manages)
    return {
        **_collection(c, page.name),
        "pieces": [_piece(i) for i in page.items],
        "responses": [
            {"who": r.who, "body": r.body, "helped": r.helped, "at": r.at}
            for r in page.responses
            if r.status == "shown" or page.manages
        ],
    }


@router.get("/reflection/notices", response=list[NoticeOut])
def list_notices(request):
    """The caller's notices, newest first (at most 50), read or not."""
    return [
        NoticeOut(
            id=n.pk,
            kind=n.kind,
            text=n.text,
            url=n.url,
            read=n.read_at is not None,
            created_at=n.created_at,
        )
        for n in queries.notices(request.auth)
    ]


@router.get("/reflection/family/children", response=list[FamilyChildOut])
def list_family_children(request):
    """A guardian's children (links in force) and what each shared with the family. Anyone
    else gets an empty list."""
    user = request.auth
    links = list(children_of(user).select_related("student"))
    shared = {}
    for c in collections_visible_to(user).order_by("-updated_at", "-id"):
        shared.setdefault(c.student_id, []).append(c)
    return [
        FamilyChildOut(
            id=link.student_id,
            first_name=link.student.first_name,
            collections=[
                _collection(c, link.student.first_name or "Your child")
                for c in shared.get(link.student_id, [])
            ],
        )
        for link in links
    ]

"""The charter: drafting it from the summary, editing the draft, publishing, revising and
endorsing.
"""

import secrets

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError, refuse_stale
from trellis.common.text import clean_text as common_clean_text
from trellis.evidence import actions as evidence
from trellis.evidence.verbs import Verb
from trellis.rosters.models import Classroom

from ..models import (
    COMMITMENT_SECTIONS,
    TEXT_MAX,
    Charter,
    CharterItem,
    CharterVersion,
    Endorsement,
    Section,
)
from ..permissions import charter_classes_visible_to
from ._common import _int, _kickoff_of, _managed, _section, _swap, clean_text

# The charter and its versions -------------------------------------------------------------


def _new_key(taken: set[str]) -> str:
    while True:
        key = secrets.token_hex(4)
        if key not in taken:
            taken.add(key)
            return key


def _draft_of(charter: Charter) -> CharterVersion | None:
    return charter.versions.filter(published_at__isnull=True).first()


def latest_published(classroom: Classroom) -> CharterVersion | None:
    return (
        CharterVersion.objects.filter(charter__classroom=classroom, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def draft_charter_from_summary(user: User, classroom: Classroom) -> CharterVersion:
    """Turn the class summary into the charter's first draft (or refresh that draft)."""
    classroom = _managed(user, classroom)
    kickoff = _kickoff_of(classroom)
    items = list(kickoff.summary_items.order_by("section", "position", "id"))
    if not items:
        raise UserError(gettext("The class summary is empty. Teams send contributions first."))
    charter, _ = Charter.objects.get_or_create(classroom=classroom)
    if charter.versions.filter(published_at__isnull=False).exists():
        raise UserError(
            gettext(
                "This class's charter is already published. Start a revision on the "
                "charter page to change it."
            )
        )
    draft = _draft_of(charter)
    if draft is None:
        draft = CharterVersion.objects.create(charter=charter, number=1)
    draft.items.all().delete()
    taken: set[str] = set()
    CharterItem.objects.bulk_create(
        CharterItem(
            version=draft, key=_new_key(taken), section=i.section, text=i.text, position=i.position
        )
        for i in items
    )
    return draft


def _draft_for_edit(user: User, classroom: Classroom) -> CharterVersion:
    """The class's draft under its row lock; its edit count moves on (every change is one)."""
    classroom = _managed(user, classroom)
    charter = Charter.objects.filter(classroom=classroom).first()
    draft = None
    if charter is not None:
        draft = CharterVersion.objects.select_for_update().filter(
            charter=charter, published_at__isnull=True
        )
        draft = draft.first()
    if draft is None:
        raise UserError(
            gettext("A published charter never changes. Start a revision to make a new version.")
        )
    CharterVersion.objects.filter(pk=draft.pk).update(draft_version=F("draft_version") + 1)
    return draft


def draft_content(draft: CharterVersion) -> list[tuple[str, str]]:
    """A draft as a conflict shows it: each section's items, in order."""
    items = list(draft.items.order_by("section", "position", "id"))
    return [
        (label, "\n".join(f"– {i.text}" for i in items if i.section == value))
        for value, label in Section.choices
        if any(i.section == value for i in items)
    ]


def _draft_item(user: User, classroom: Classroom, item_id) -> CharterItem:
    draft = _draft_for_edit(user, classroom)
    item = draft.items.select_for_update().filter(pk=_int(item_id)).first()
    if item is None:
        raise NotFound("charter item")
    return item


@transaction.atomic
def add_charter_item(user: User, classroom: Classroom, section: str, text: str) -> CharterItem:
    draft = _draft_for_edit(user, classroom)
    section = _section(section)
    text = clean_text(text, field="text", what=gettext("The item"))
    taken = set(
        CharterItem.objects.filter(version__charter_id=draft.charter_id).values_list(
            "key", flat=True
        )
    )
    last = draft.items.filter(section=section).aggregate(m=Max("position"))["m"]
    return CharterItem.objects.create(
        version=draft,
        key=_new_key(taken),
        section=section,
        text=text,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def edit_charter_item(
    user: User, classroom: Classroom, item_id, text: str, *, version: int | None = None
) -> CharterItem:
    """Reword a draft item. ``version`` is the item's ``text_version`` as the form showed it;
    an older one raises ``StaleEdit`` with the newer wording (None: no check)."""
    item = _draft_item(user, classroom, item_id)
    refuse_stale(
        version,
        item.text_version,
        gettext("this charter item"),
        lambda: [(gettext("Item"), item.text)],
    )
    item.text = clean_text(text, field="text", what=gettext("The item"))
    item.text_version += 1
    item.save(update_fields=["text", "text_version", "updated_at"])
    return item


@transaction.atomic
def remove_charter_item(user: User, classroom: Classroom, item_id) -> None:
    _draft_item(user, classroom, item_id).delete()


@transaction.atomic
def move_charter_item(user: User, classroom: Classroom, item_id, direction: str) -> CharterItem:
    item = _draft_item(user, classroom, item_id)
    _swap(
        item,
        direction,
        item.version.items.filter(section=item.section).order_by("position", "id"),
    )
    return item


@transaction.atomic
def publish_charter(
    user: User, classroom: Classroom, note: str = "", *, version: int | None = None
) -> CharterVersion:
    """Publish the draft. ``version`` is the draft's ``draft_version`` as the page showed it:
    a draft changed since raises ``StaleEdit`` showing it (None: no check)."""
    draft = _draft_for_edit(user, classroom)
    refuse_stale(
        version, draft.draft_version, gettext("this draft charter"), lambda: draft_content(draft)
    )
    sections = set(draft.items.values_list("section", flat=True))
    missing = [s.label for s in COMMITMENT_SECTIONS if s.value not in sections]
    if missing:
        raise UserError(
            gettext(
                "A charter needs commitments in both columns. Add at least one item under "
                "%(sections)s, then publish."
            )
            % {"sections": gettext(" and ").join(f"“{m}”" for m in missing)},
            field="section",
        )
    note = common_clean_text(
        note, limit=300, field="note", what=gettext("The note"), required=False
    )
    if draft.number > 1 and not note:
        raise UserError(
            gettext(
                "Say in a sentence what changed and why, so the class can follow the revision."
            ),
            field="note",
        )
    draft.published_at = timezone.now()
    draft.published_by = user
    draft.note = note
    draft.save(update_fields=["published_at", "published_by", "note", "updated_at"])
    return draft


@transaction.atomic
def start_revision(user: User, classroom: Classroom) -> CharterVersion:
    """A new draft copying the published charter, items keeping their keys."""
    classroom = _managed(user, classroom)
    charter = Charter.objects.filter(classroom=classroom).first()
    if charter is None or not charter.versions.filter(published_at__isnull=False).exists():
        raise UserError(gettext("Publish the charter before revising it."))
    draft = _draft_of(charter)
    if draft:
        return draft  # one draft at a time: continue the one already started
    current = latest_published(classroom)
    draft = CharterVersion.objects.create(charter=charter, number=current.number + 1)
    CharterItem.objects.bulk_create(
        CharterItem(version=draft, key=i.key, section=i.section, text=i.text, position=i.position)
        for i in current.items.all()
    )
    return draft


@transaction.atomic
def endorse_charter(user: User, classroom: Classroom, would_change: str = "") -> Endorsement:
    """A student endorses the current charter; endorsing again updates what they would change."""
    if not user.is_student or not charter_classes_visible_to(user).filter(pk=classroom.pk).exists():
        raise NotFound("charter")
    version = latest_published(classroom)
    if version is None:
        raise UserError(gettext("The charter is not published yet; you can endorse it once it is."))
    would_change = " ".join((would_change or "").split())
    if len(would_change) > TEXT_MAX:
        raise UserError(
            gettext(
                "What you would change is %(count)s characters long; the limit is "
                "%(TEXT_MAX)s. Shorten it and send it again."
            )
            % {"count": len(would_change), "TEXT_MAX": TEXT_MAX},
            field="would_change",
        )
    endorsement, created = Endorsement.objects.update_or_create(
        version=version, student=user, defaults={"would_change": would_change}
    )
    if created:
        evidence.record(
            actor=user,
            verb=Verb.ENDORSED,
            object_type="charter-version",
            object_id=version.pk,
            classroom=classroom,
        )
    return endorsement

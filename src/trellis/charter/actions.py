"""Every write about the kickoff, the class summary, the charter and its pulses."""

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.evidence import actions as evidence
from trellis.evidence.verbs import Verb
from trellis.rosters.models import Classroom, EnrollmentRole, Team

from . import similarity
from .models import (
    COMMITMENT_SECTIONS,
    NUDGE_MAX,
    PROMPT_MAX,
    TEXT_MAX,
    BoardEntry,
    Charter,
    CharterItem,
    CharterVersion,
    Contribution,
    Endorsement,
    Kickoff,
    KickoffPrompt,
    Nudge,
    Pulse,
    PulseRating,
    PulseResponse,
    Section,
    SummaryItem,
    in_section_order,
)
from .permissions import charter_classes_managed_by, charter_classes_visible_to

# Our own wording of the kickoff conversation: learning outside school first, then this class.
DEFAULT_PROMPTS = [
    "Think of something you learned to do outside school — a sport, an instrument, a game, "
    "cooking, a language. What was it, and was it hard at first?",
    "What helped you get better at it? Think about practice, small goals, watching others.",
    "What feedback helped you — from a coach, a relative, a friend — and what did you do with it?",
    "Now this class: what would help you know what you are learning, and improve when you "
    "are stuck? What kind of feedback would you use?",
]
PULSE_DAYS_OPEN = 7
MOVES = ("up", "down")


class KickoffExists(Conflict):
    """The class already has a kickoff; the person is offered to continue it."""

    def __init__(self, kickoff: Kickoff):
        super().__init__(
            f"{kickoff.classroom.name} already has a kickoff, started "
            f"{_day(timezone.localtime(kickoff.created_at))}. Continue that one: a class "
            "builds one charter together."
        )
        self.kickoff = kickoff


# Helpers ----------------------------------------------------------------------------------


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}"


def clean_text(text, *, field: str, what: str, limit: int = TEXT_MAX) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise UserError(f"{what} is empty. Write a few words, then send it.", field=field)
    if len(text) > limit:
        raise UserError(
            f"{what} is {len(text)} characters long; the limit is {limit}. "
            "Shorten it and send it again (what you wrote is still in the box).",
            field=field,
        )
    return text


def _managed(user: User, classroom: Classroom) -> Classroom:
    try:
        return charter_classes_managed_by(user).select_for_update().get(pk=classroom.pk)
    except Classroom.DoesNotExist:
        raise NotFound("class") from None


def _kickoff_of(classroom: Classroom) -> Kickoff:
    kickoff = Kickoff.objects.filter(classroom=classroom).first()
    if kickoff is None:
        raise UserError("This class has no kickoff yet. Start one first.")
    return kickoff


def _swap(obj, direction: str, siblings):
    """Move `obj` one place up or down among `siblings` (a queryset in display order)."""
    if direction not in MOVES:
        raise UserError("Choose to move it up or down.", field="direction")
    ordered = list(siblings)
    # Renumber first: positions may have gaps or ties after deletions.
    for i, s in enumerate(ordered):
        s.position = i
    i = next(i for i, s in enumerate(ordered) if s.pk == obj.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    for pos, s in enumerate(ordered):
        s.position = pos
    type(obj).objects.bulk_update(ordered, ["position"])


# Kickoff ----------------------------------------------------------------------------------


@transaction.atomic
def start_kickoff(user: User, classroom: Classroom) -> Kickoff:
    """Start the class's kickoff with the default prompts; a second start raises KickoffExists."""
    classroom = _managed(user, classroom)
    existing = Kickoff.objects.filter(classroom=classroom).first()
    if existing:
        raise KickoffExists(existing)
    try:
        with transaction.atomic():
            kickoff = Kickoff.objects.create(classroom=classroom, started_by=user)
    except IntegrityError:
        raise KickoffExists(Kickoff.objects.get(classroom=classroom)) from None
    KickoffPrompt.objects.bulk_create(
        KickoffPrompt(kickoff=kickoff, text=t, position=i) for i, t in enumerate(DEFAULT_PROMPTS)
    )
    return kickoff


def _managed_prompt(user: User, prompt_id) -> KickoffPrompt:
    try:
        return KickoffPrompt.objects.select_related("kickoff").get(
            pk=int(prompt_id), kickoff__classroom__in=charter_classes_managed_by(user)
        )
    except (KickoffPrompt.DoesNotExist, TypeError, ValueError):
        raise NotFound("prompt") from None


@transaction.atomic
def add_prompt(user: User, classroom: Classroom, text: str) -> KickoffPrompt:
    classroom = _managed(user, classroom)
    kickoff = _kickoff_of(classroom)
    text = clean_text(text, field="text", what="The prompt", limit=PROMPT_MAX)
    last = kickoff.prompts.aggregate(m=Max("position"))["m"]
    return KickoffPrompt.objects.create(
        kickoff=kickoff, text=text, position=0 if last is None else last + 1
    )


@transaction.atomic
def edit_prompt(user: User, prompt_id, text: str) -> KickoffPrompt:
    prompt = _managed_prompt(user, prompt_id)
    prompt.text = clean_text(text, field="text", what="The prompt", limit=PROMPT_MAX)
    prompt.save(update_fields=["text", "updated_at"])
    return prompt


@transaction.atomic
def move_prompt(user: User, prompt_id, direction: str) -> KickoffPrompt:
    prompt = _managed_prompt(user, prompt_id)
    _swap(prompt, direction, prompt.kickoff.prompts.select_for_update().order_by("position", "id"))
    return prompt


@transaction.atomic
def remove_prompt(user: User, prompt_id) -> None:
    prompt = _managed_prompt(user, prompt_id)
    if prompt.entries.exists():
        raise UserError(
            "Teams have already written under this prompt, so it stays. Edit its wording "
            "instead, or move it to the end.",
            field="prompt",
        )
    prompt.delete()


# Team boards ------------------------------------------------------------------------------


def _team_for_writer(user: User, team_id) -> Team:
    """A team the user belongs to (students write on their own team's board only)."""
    try:
        return Team.objects.select_related("classroom").get(
            pk=int(team_id),
            memberships__student=user,
            classroom__in=charter_classes_visible_to(user),
        )
    except (Team.DoesNotExist, TypeError, ValueError):
        raise NotFound("team board") from None


@transaction.atomic
def add_board_entry(user: User, team_id, prompt_id, text: str) -> BoardEntry:
    team = _team_for_writer(user, team_id)
    kickoff = _kickoff_of(team.classroom)
    prompt = kickoff.prompts.filter(pk=_int(prompt_id)).first()
    if prompt is None:
        raise UserError("Choose one of the prompts on your board.", field="prompt")
    text = clean_text(text, field="text", what="Your response")
    return BoardEntry.objects.create(
        kickoff=kickoff, team=team, prompt=prompt, author=user, text=text
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def nudge_team(user: User, classroom: Classroom, team_id, message: str) -> Nudge:
    classroom = _managed(user, classroom)
    kickoff = _kickoff_of(classroom)
    team = classroom.teams.filter(pk=_int(team_id)).first()
    if team is None:
        raise NotFound("team")
    message = clean_text(message, field="message", what="The nudge", limit=NUDGE_MAX)
    return Nudge.objects.create(kickoff=kickoff, team=team, message=message, sent_by=user)


# Class summary ----------------------------------------------------------------------------


def _section(value) -> str:
    if value not in Section.values:
        raise UserError(
            "Choose which question this answers: what we would see, actions that help, "
            "what the teacher will do, or what students will do.",
            field="section",
        )
    return value


@transaction.atomic
def send_contribution(user: User, team_id, section: str, text: str) -> Contribution:
    """A team's answer to a summary question, placed in the group it most resembles."""
    team = _team_for_writer(user, team_id)
    kickoff = _kickoff_of(team.classroom)
    section = _section(section)
    text = clean_text(text, field="text", what="Your contribution")
    # Lock the kickoff so two teams sending at once do not both open the same new group.
    Kickoff.objects.select_for_update().filter(pk=kickoff.pk).first()
    items = list(
        SummaryItem.objects.filter(kickoff=kickoff, section=section).prefetch_related(
            "contributions"
        )
    )
    groups = [[i.text, *(c.text for c in i.contributions.all())] for i in items]
    match = similarity.best_group(text, groups)
    if match is None:
        last = max((i.position for i in items), default=-1)
        item = SummaryItem.objects.create(
            kickoff=kickoff, section=section, text=text, position=last + 1
        )
    else:
        item = items[match]
    return Contribution.objects.create(
        kickoff=kickoff, team=team, author=user, section=section, text=text, item=item
    )


def _managed_item(user: User, item_id) -> SummaryItem:
    try:
        return SummaryItem.objects.select_for_update().get(
            pk=int(item_id), kickoff__classroom__in=charter_classes_managed_by(user)
        )
    except (SummaryItem.DoesNotExist, TypeError, ValueError):
        raise NotFound("summary item") from None


@transaction.atomic
def merge_items(user: User, into_id, other_id) -> SummaryItem:
    """Fold another group into this one: its contributions join, its wording goes."""
    into = _managed_item(user, into_id)
    other = SummaryItem.objects.filter(
        pk=_int(other_id), kickoff=into.kickoff, section=into.section
    ).first()
    if other is None or other.pk == into.pk:
        raise UserError("Choose another idea from the same question to merge.", field="other")
    other.contributions.update(item=into)
    other.delete()
    return into


@transaction.atomic
def split_contribution(user: User, contribution_id) -> SummaryItem:
    """Take one contribution out of its group into a group of its own, just below."""
    try:
        c = Contribution.objects.select_related("item").get(
            pk=int(contribution_id), kickoff__classroom__in=charter_classes_managed_by(user)
        )
    except (Contribution.DoesNotExist, TypeError, ValueError):
        raise NotFound("contribution") from None
    if c.item.contributions.count() == 1:
        raise UserError("This contribution is already an idea of its own.", field="contribution")
    siblings = list(
        SummaryItem.objects.select_for_update()
        .filter(kickoff=c.kickoff, section=c.section)
        .order_by("position", "id")
    )
    at = next(i for i, s in enumerate(siblings) if s.pk == c.item_id) + 1
    new = SummaryItem.objects.create(kickoff=c.kickoff, section=c.section, text=c.text)
    siblings.insert(at, new)
    for pos, s in enumerate(siblings):
        s.position = pos
    SummaryItem.objects.bulk_update(siblings, ["position"])
    c.item = new
    c.save(update_fields=["item", "updated_at"])
    return new


@transaction.atomic
def reword_item(user: User, item_id, text: str) -> SummaryItem:
    item = _managed_item(user, item_id)
    item.text = clean_text(text, field="text", what="The wording")
    item.save(update_fields=["text", "updated_at"])
    return item


@transaction.atomic
def move_item(user: User, item_id, direction: str) -> SummaryItem:
    item = _managed_item(user, item_id)
    _swap(
        item,
        direction,
        SummaryItem.objects.filter(kickoff=item.kickoff, section=item.section).order_by(
            "position", "id"
        ),
    )
    return item


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
        raise UserError("The class summary is empty. Teams send contributions first.")
    charter, _ = Charter.objects.get_or_create(classroom=classroom)
    if charter.versions.filter(published_at__isnull=False).exists():
        raise UserError(
            "This class's charter is already published. Start a revision on the charter "
            "page to change it."
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
    classroom = _managed(user, classroom)
    charter = Charter.objects.filter(classroom=classroom).first()
    draft = _draft_of(charter) if charter else None
    if draft is None:
        raise UserError(
            "A published charter never changes. Start a revision to make a new version."
        )
    return draft


def _draft_item(user: User, classroom: Classroom, item_id) -> CharterItem:
    draft = _draft_for_edit(user, classroom)
    item = draft.items.filter(pk=_int(item_id)).first()
    if item is None:
        raise NotFound("charter item")
    return item


@transaction.atomic
def add_charter_item(user: User, classroom: Classroom, section: str, text: str) -> CharterItem:
    draft = _draft_for_edit(user, classroom)
    section = _section(section)
    text = clean_text(text, field="text", what="The item")
    taken = set(
        CharterItem.objects.filter(version__charter=draft.charter).values_list("key", flat=True)
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
def edit_charter_item(user: User, classroom: Classroom, item_id, text: str) -> CharterItem:
    item = _draft_item(user, classroom, item_id)
    item.text = clean_text(text, field="text", what="The item")
    item.save(update_fields=["text", "updated_at"])
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
def publish_charter(user: User, classroom: Classroom, note: str = "") -> CharterVersion:
    draft = _draft_for_edit(user, classroom)
    sections = set(draft.items.values_list("section", flat=True))
    missing = [s.label for s in COMMITMENT_SECTIONS if s.value not in sections]
    if missing:
        raise UserError(
            "A charter needs commitments in both columns. Add at least one item under "
            + " and ".join(f"“{m}”" for m in missing)
            + ", then publish.",
            field="section",
        )
    note = (note or "").strip()
    if len(note) > 300:
        raise UserError(
            f"The note is {len(note)} characters; the limit is 300. Shorten it.", field="note"
        )
    if draft.number > 1 and not note:
        raise UserError(
            "Say in a sentence what changed and why, so the class can follow the revision.",
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
        raise UserError("Publish the charter before revising it.")
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
        raise UserError("The charter is not published yet; you can endorse it once it is.")
    would_change = " ".join((would_change or "").split())
    if len(would_change) > TEXT_MAX:
        raise UserError(
            f"What you would change is {len(would_change)} characters long; the limit is "
            f"{TEXT_MAX}. Shorten it and send it again.",
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


# Pulses -----------------------------------------------------------------------------------


def respondent_key(pulse_id: int, user_id: int) -> str:
    """A keyed hash naming "this student, for this pulse" without storing who they are."""
    message = f"charter-pulse:{pulse_id}:{user_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def schedule_pulse(
    user: User,
    classroom: Classroom,
    opens_on: date | None,
    *,
    anonymous: bool = True,
    days_open: int = PULSE_DAYS_OPEN,
    today: date | None = None,
) -> Pulse:
    """Plan a pulse for a date (today opens it now). It stays open `days_open` days."""
    classroom = _managed(user, classroom)
    today = today or timezone.localdate()
    if opens_on is None:
        raise UserError("Choose the date the pulse opens (YYYY-MM-DD).", field="opens_on")
    if opens_on < today:
        raise UserError(
            f"{_day(opens_on)} has passed. Choose today or a later date, or press "
            "“Open a pulse now”.",
            field="opens_on",
        )
    version = latest_published(classroom)
    if version is None:
        raise UserError("Publish the charter first: a pulse asks about its commitments.")
    if Pulse.objects.filter(
        classroom=classroom, opens_on=opens_on, closed_at__isnull=True
    ).exists():
        raise Conflict(
            f"A pulse already opens on {_day(opens_on)}. Choose another date.",
            field="opens_on",
        )
    return Pulse.objects.create(
        classroom=classroom,
        version=version,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=max(0, days_open - 1)),
        anonymous=anonymous,
        created_by=user,
    )


def _managed_pulse(user: User, pulse_id) -> Pulse:
    try:
        return Pulse.objects.select_for_update().get(
            pk=int(pulse_id), classroom__in=charter_classes_managed_by(user)
        )
    except (Pulse.DoesNotExist, TypeError, ValueError):
        raise NotFound("pulse") from None


@transaction.atomic
def close_pulse(user: User, pulse_id) -> Pulse:
    pulse = _managed_pulse(user, pulse_id)
    if pulse.closed_at is None:
        pulse.closed_at = timezone.now()
        pulse.save(update_fields=["closed_at", "updated_at"])
    return pulse


@transaction.atomic
def share_pulse(user: User, pulse_id, shared: bool = True) -> Pulse:
    pulse = _managed_pulse(user, pulse_id)
    pulse.shared_at = timezone.now() if shared else None
    pulse.save(update_fields=["shared_at", "updated_at"])
    return pulse


@transaction.atomic
def answer_pulse(
    user: User,
    pulse_id,
    ratings: Mapping,
    doing_well: str = "",
    do_better: str = "",
    *,
    today: date | None = None,
) -> PulseResponse:
    """Record a student's answer; answering again replaces the earlier answer (it counts once)."""
    if not user.is_student:
        raise NotFound("pulse")
    try:
        pulse = Pulse.objects.select_related("classroom").get(
            pk=int(pulse_id),
            classroom__in=charter_classes_visible_to(user),
            classroom__enrollments__user=user,
            classroom__enrollments__role=EnrollmentRole.STUDENT,
            classroom__enrollments__is_active=True,
        )
    except (Pulse.DoesNotExist, TypeError, ValueError):
        raise NotFound("pulse") from None
    status = pulse.status(today)
    if status != "open":
        raise UserError(
            "This pulse is closed; your teacher will open the next one."
            if status == "closed"
            else f"This pulse opens on {_day(pulse.opens_on)}."
        )
    commitments = in_section_order(pulse.version.items.filter(section__in=COMMITMENT_SECTIONS))
    scores = {}
    for item in commitments:
        raw = ratings.get(item.pk, ratings.get(str(item.pk)))
        score = _int(raw)
        if score is None or not 1 <= score <= 5:
            raise UserError(
                f"Rate “{item.text}” from 1 (not yet) to 5 (every day).",
                field=f"item_{item.pk}",
            )
        scores[item.pk] = score
    limits = {}
    for field, value, what in (
        ("doing_well", doing_well, "“What are we doing well?”"),
        ("do_better", do_better, "“What should we do better?”"),
    ):
        value = " ".join((value or "").split())
        if len(value) > TEXT_MAX:
            raise UserError(
                f"Your answer to {what} is {len(value)} characters long; the limit is "
                f"{TEXT_MAX}. Shorten it and send it again.",
                field=field,
            )
        limits[field] = value
    key = respondent_key(pulse.pk, user.pk)
    response, created = PulseResponse.objects.update_or_create(
        pulse=pulse,
        respondent_key=key,
        defaults={"respondent": None if pulse.anonymous else user, **limits},
    )
    response.ratings.all().delete()
    PulseRating.objects.bulk_create(
        PulseRating(response=response, item_id=pk, score=s) for pk, s in scores.items()
    )
    if created:
        # For an anonymous pulse the evidence names nobody: it only counts participation.
        evidence.record(
            actor=None if pulse.anonymous else user,
            subject=None,
            verb=Verb.PULSE_ANSWERED,
            object_type="charter-pulse",
            object_id=pulse.pk,
            classroom=pulse.classroom,
        )
    return response

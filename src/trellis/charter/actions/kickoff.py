"""The kickoff: starting it, its prompts, team board entries and nudges."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from trellis.accounts.models import User
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.rosters.models import Classroom

from ..models import NUDGE_MAX, PROMPT_MAX, BoardEntry, Kickoff, KickoffPrompt, Nudge
from ..permissions import charter_classes_managed_by
from ._common import _day, _int, _kickoff_of, _managed, _swap, _team_for_writer, clean_text

# Our own wording of the kickoff conversation: learning outside school first, then this class.
DEFAULT_PROMPTS = [
    gettext_lazy(
        "Think of something you learned to do outside school — a sport, an "
        "instrument, a game, cooking, a language. What was it, and was it hard "
        "at first?"
    ),
    gettext_lazy(
        "What helped you get better at it? Think about practice, small goals, watching others."
    ),
    gettext_lazy(
        "What feedback helped you — from a coach, a relative, a friend — and "
        "what did you do with it?"
    ),
    gettext_lazy(
        "Now this class: what would help you know what you are learning, and "
        "improve when you are stuck? What kind of feedback would you use?"
    ),
]


class KickoffExists(Conflict):
    """The class already has a kickoff; the person is offered to continue it."""

    def __init__(self, kickoff: Kickoff):
        super().__init__(
            f"{kickoff.classroom.name} already has a kickoff, started "
            f"{_day(timezone.localtime(kickoff.created_at))}. Continue that one: a class "
            "builds one charter together."
        )
        self.kickoff = kickoff


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
    text = clean_text(text, field="text", what=gettext("The prompt"), limit=PROMPT_MAX)
    last = kickoff.prompts.aggregate(m=Max("position"))["m"]
    return KickoffPrompt.objects.create(
        kickoff=kickoff, text=text, position=0 if last is None else last + 1
    )


@transaction.atomic
def edit_prompt(user: User, prompt_id, text: str) -> KickoffPrompt:
    prompt = _managed_prompt(user, prompt_id)
    prompt.text = clean_text(text, field="text", what=gettext("The prompt"), limit=PROMPT_MAX)
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
            gettext(
                "Teams have already written under this prompt, so it stays. Edit its "
                "wording instead, or move it to the end."
            ),
            field="prompt",
        )
    prompt.delete()


@transaction.atomic
def add_board_entry(user: User, team_id, prompt_id, text: str) -> BoardEntry:
    team = _team_for_writer(user, team_id)
    kickoff = _kickoff_of(team.classroom)
    prompt = kickoff.prompts.filter(pk=_int(prompt_id)).first()
    if prompt is None:
        raise UserError(gettext("Choose one of the prompts on your board."), field="prompt")
    text = clean_text(text, field="text", what=gettext("Your response"))
    return BoardEntry.objects.create(
        kickoff=kickoff, team=team, prompt=prompt, author=user, text=text
    )


@transaction.atomic
def nudge_team(user: User, classroom: Classroom, team_id, message: str) -> Nudge:
    classroom = _managed(user, classroom)
    kickoff = _kickoff_of(classroom)
    team = classroom.teams.filter(pk=_int(team_id)).first()
    if team is None:
        raise NotFound("team")
    message = clean_text(message, field="message", what=gettext("The nudge"), limit=NUDGE_MAX)
    return Nudge.objects.create(kickoff=kickoff, team=team, message=message, sent_by=user)

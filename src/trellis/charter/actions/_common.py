"""Helpers shared by the charter's writes: text cleaning, the managed class, its kickoff,
the writing team, reordering and parsing.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import NotFound, UserError
from trellis.common.text import clean_text as common_clean_text
from trellis.rosters.models import Classroom, Team

from ..models import TEXT_MAX, Kickoff, Section
from ..permissions import charter_classes_managed_by, charter_classes_visible_to

MOVES = ("up", "down")


# Helpers ----------------------------------------------------------------------------------


def _day(d) -> str:
    """A day as the page's language writes it ("5 September 2026", "5 septembre 2026")."""
    return date_format(d, "j F Y")


def clean_text(text, *, field: str, what: str, limit: int = TEXT_MAX) -> str:
    # The charter's texts are one line each: runs of spaces and line breaks become one space.
    return common_clean_text(text, limit=limit, field=field, what=what, collapse=True)


def _managed(user: User, classroom: Classroom) -> Classroom:
    try:
        return charter_classes_managed_by(user).select_for_update().get(pk=classroom.pk)
    except Classroom.DoesNotExist:
        raise NotFound("class") from None


def _kickoff_of(classroom: Classroom) -> Kickoff:
    kickoff = Kickoff.objects.filter(classroom=classroom).first()
    if kickoff is None:
        raise UserError(gettext("This class has no kickoff yet. Start one first."))
    return kickoff


def _swap(obj, direction: str, siblings):
    """Move `obj` one place up or down among `siblings` (a queryset in display order)."""
    if direction not in MOVES:
        raise UserError(gettext("Choose to move it up or down."), field="direction")
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


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Class summary ----------------------------------------------------------------------------


def _section(value) -> str:
    if value not in Section.values:
        raise UserError(
            gettext(
                "Choose which question this answers: what we would see, actions that "
                "help, what the teacher will do, or what students will do."
            ),
            field="section",
        )
    return value

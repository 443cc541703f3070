"""Helpers the collaboration writes share: fetching under a lock with the permission applied."""

from django.utils.translation import gettext

from trellis.common.errors import NotFound, UserError
from trellis.common.text import clean_text

from .. import permissions as perms
from ..models import TeacherTeam


def locked_team(user, team: TeacherTeam) -> TeacherTeam:
    """The team re-read under a row lock, if the user may change it; else NotFound."""
    if not perms.can_manage_team(user, team):
        raise NotFound("team")
    return TeacherTeam.objects.select_for_update().get(pk=team.pk)


def member_team(user, team: TeacherTeam) -> TeacherTeam:
    """The team, if the user is one of its members (what only members do)."""
    if not perms.teams_of(user).filter(pk=team.pk).exists():
        raise NotFound("team")
    return team


def text(value, *, field: str, what: str, limit: int = 2000, required: bool = True) -> str:
    return clean_text(value, limit=limit, field=field, what=what, required=required)


def require_teacher(user) -> None:
    if not perms.is_teacher(user):
        raise UserError(gettext("Only teachers do this."), status=403)

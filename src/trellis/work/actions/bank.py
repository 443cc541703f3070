"""Writes to a teacher's comment bank: save, edit, share with a team, remove.

A bank comment is a starting point only: inserted into the comment box, edited, and sent
through the feedback coach like any comment. Its author may share it with one teacher team
they belong to (`owner_team_id`); the team's members then see and insert it, while only the
author edits or removes it. Team membership is read from `trellis.collaboration.queries`.
"""

import re

from django.db import transaction
from django.utils.translation import gettext

from trellis.collaboration import queries as collaboration_queries
from trellis.common.errors import NotFound, UserError
from trellis.common.text import clean_text

from ..models import BankComment

SHORTCUT = re.compile(r"^[a-z0-9][a-z0-9-]{0,19}$")
BODY_MAX = 2000
BANK_MAX = 200


def _check(user) -> None:
    if not (user.is_authenticated and not user.is_student):
        raise NotFound("comment bank")


def _shortcut(raw: str) -> str:
    shortcut = (raw or "").strip().lower().lstrip(";")
    if not SHORTCUT.match(shortcut):
        raise UserError(
            gettext(
                "A shortcut is 1 to 20 lower-case letters, digits or dashes, for "
                "example “evidence” or “ev-2”. You type it after a semicolon: "
                ";evidence."
            ),
            field="shortcut",
        )
    return shortcut


def _body(raw: str) -> str:
    return clean_text(
        raw,
        limit=BODY_MAX,
        field="body",
        what=gettext("The comment"),
        empty=gettext("Write the comment you want to reuse."),
    )


def _team_id(user, team) -> int | None:
    """The team to share with ("" or None: nobody). Only a team the user belongs to; any
    other id is refused like a missing one."""
    if team in (None, ""):
        return None
    return collaboration_queries.get_member_team_for(user, team).pk


@transaction.atomic
def save_comment(user, *, shortcut, body, team=None) -> BankComment:
    _check(user)
    shortcut, body = _shortcut(shortcut), _body(body)
    team_id = _team_id(user, team)
    if BankComment.objects.filter(owner=user).count() >= BANK_MAX:
        raise UserError(
            gettext("Your bank holds at most %(BANK_MAX)s comments; remove one first.")
            % {"BANK_MAX": BANK_MAX}
        )
    if BankComment.objects.filter(owner=user, shortcut=shortcut).exists():
        raise UserError(
            gettext(
                "You already have a comment with the shortcut “%(shortcut)s”. Choose "
                "another, or edit that one."
            )
            % {"shortcut": shortcut},
            field="shortcut",
        )
    return BankComment.objects.create(
        owner=user, shortcut=shortcut, body=body, owner_team_id=team_id
    )


def _mine(user, comment_id) -> BankComment:
    _check(user)
    try:
        return BankComment.objects.select_for_update().get(pk=int(comment_id), owner=user)
    except (BankComment.DoesNotExist, TypeError, ValueError):
        raise NotFound("bank comment") from None


@transaction.atomic
def edit_comment(user, comment_id, *, shortcut, body, team=None) -> BankComment:
    """Change a comment's shortcut, wording and sharing (``team`` empty: only the author)."""
    comment = _mine(user, comment_id)
    shortcut, body = _shortcut(shortcut), _body(body)
    team_id = _team_id(user, team)
    clash = BankComment.objects.filter(owner=user, shortcut=shortcut).exclude(pk=comment.pk)
    if clash.exists():
        raise UserError(
            gettext("Another comment already uses “%(shortcut)s”.") % {"shortcut": shortcut},
            field="shortcut",
        )
    comment.shortcut, comment.body, comment.owner_team_id = shortcut, body, team_id
    comment.save(update_fields=["shortcut", "body", "owner_team_id", "updated_at"])
    return comment


@transaction.atomic
def remove_comment(user, comment_id) -> None:
    _mine(user, comment_id).delete()

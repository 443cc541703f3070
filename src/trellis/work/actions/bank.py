"""Writes to a teacher's comment bank: save, edit, remove.

A bank comment is a starting point only: inserted into the comment box, edited, and sent
through the feedback coach like any comment.
"""

import re

from django.db import transaction

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
            "A shortcut is 1 to 20 lower-case letters, digits or dashes, for example "
            "“evidence” or “ev-2”. You type it after a semicolon: ;evidence.",
            field="shortcut",
        )
    return shortcut


def _body(raw: str) -> str:
    return clean_text(
        raw,
        limit=BODY_MAX,
        field="body",
        what="The comment",
        empty="Write the comment you want to reuse.",
    )


@transaction.atomic
def save_comment(user, *, shortcut, body) -> BankComment:
    _check(user)
    shortcut, body = _shortcut(shortcut), _body(body)
    if BankComment.objects.filter(owner=user).count() >= BANK_MAX:
        raise UserError(f"Your bank holds at most {BANK_MAX} comments; remove one first.")
    if BankComment.objects.filter(owner=user, shortcut=shortcut).exists():
        raise UserError(
            f"You already have a comment with the shortcut “{shortcut}”. Choose another, or "
            "edit that one.",
            field="shortcut",
        )
    return BankComment.objects.create(owner=user, shortcut=shortcut, body=body)


def _mine(user, comment_id) -> BankComment:
    _check(user)
    try:
        return BankComment.objects.select_for_update().get(pk=int(comment_id), owner=user)
    except (BankComment.DoesNotExist, TypeError, ValueError):
        raise NotFound("bank comment") from None


@transaction.atomic
def edit_comment(user, comment_id, *, shortcut, body) -> BankComment:
    comment = _mine(user, comment_id)
    shortcut, body = _shortcut(shortcut), _body(body)
    clash = BankComment.objects.filter(owner=user, shortcut=shortcut).exclude(pk=comment.pk)
    if clash.exists():
        raise UserError(f"Another comment already uses “{shortcut}”.", field="shortcut")
    comment.shortcut, comment.body = shortcut, body
    comment.save(update_fields=["shortcut", "body", "updated_at"])
    return comment


@transaction.atomic
def remove_comment(user, comment_id) -> None:
    _mine(user, comment_id).delete()

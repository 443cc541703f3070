"""Every write about people and their tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from trellis.common.errors import NotFound, UserError
from trellis.common.text import clean_text

from .models import ApiToken, Role, School, User

TOKEN_PREFIX = "trl_"


def _hash(secret: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


MAX_TOKEN_DAYS = 366


def create_api_token(
    user: User, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """Make a token; returns it and its secret, which is never stored and never shown again.

    `expires_in_days` (1–366) makes the token stop working after that many days; None never.
    """
    name = clean_text(
        name,
        limit=100,
        field="name",
        what=_("The token name"),
        empty=_("Give the token a name so you can tell it apart later."),
    )
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_TOKEN_DAYS:
            raise UserError(
                gettext(
                    "A token can expire after 1 to %(MAX_TOKEN_DAYS)s days; leave it empty "
                    "for a token that lasts until you revoke it."
                )
                % {"MAX_TOKEN_DAYS": MAX_TOKEN_DAYS},
                field="expires_in_days",
            )
        expires_at = timezone.now() + timedelta(days=expires_in_days)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=_hash(secret),
        expires_at=expires_at,
    )
    return token, secret


def revoke_all_api_tokens(user: User) -> int:
    """Revoke every live token of a person (after their password changed); returns how many."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), updated_at=timezone.now()
    )


@transaction.atomic
def revoke_api_token(user: User, token_id: int) -> ApiToken:
    try:
        token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    except (ApiToken.DoesNotExist, ValueError):
        raise NotFound("token") from None
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def user_for_token(secret: str) -> User | None:
    """The active user a token belongs to, or None for an unknown, revoked or expired token."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    # Write the last-used time at most once a minute: scripts may call in tight loops.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def set_display_preferences(
    user: User,
    *,
    text_size: str,
    reduce_motion: bool,
    high_contrast: bool,
    language: str | None = None,
) -> User:
    """A person's own display choices: text size, less motion, a high-contrast theme and, when
    given, the language of their pages ("" follows the school's default)."""
    from .models import TextSize

    if text_size not in TextSize.values:
        raise UserError(_("Text size: choose Normal, Large or Larger."), field="text_size")
    fields = ["text_size", "reduce_motion", "high_contrast"]
    if language is not None:
        if language and language not in dict(settings.LANGUAGES):
            raise UserError(
                _("Language: choose one of the languages listed, or your school's default."),
                field="language",
            )
        user.language = language
        fields.append("language")
    user.text_size = text_size
    user.reduce_motion = bool(reduce_motion)
    user.high_contrast = bool(high_contrast)
    user.save(update_fields=fields)
    return user


def set_school_language(actor: User, language: str) -> School:
    """An admin sets the language their school's pages use for people who chose none."""
    if actor.role != Role.ADMIN or actor.school_id is None:
        raise NotFound
    if language and language not in dict(settings.LANGUAGES):
        raise UserError(
            _("Default language: choose one of the languages listed, or none."), field="language"
        )
    school = actor.school
    school.language = language
    school.save(update_fields=["language", "updated_at"])
    return school

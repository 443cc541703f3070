"""Every write about people and their tokens."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from trellis.common.errors import NotFound, UserError

from .models import ApiToken, User

TOKEN_PREFIX = "trl_"


def _hash(secret: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token; returns it and its secret, which is never stored and never shown again."""
    name = (name or "").strip()
    if not name:
        raise UserError("Give the token a name so you can tell it apart later.", field="name")
    if len(name) > 100:
        raise UserError("A token name can be at most 100 characters.", field="name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6], key_hash=_hash(secret)
    )
    return token, secret


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
    """The active user a token belongs to, or None for an unknown or revoked token."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write the last-used time at most once a minute: scripts may call in tight loops.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

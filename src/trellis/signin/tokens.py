"""Signed one-time links: Django's password-reset tokens, and invitations built the same way.

A token is a signature over the person's password hash, last sign-in and email with a
timestamp: setting a password or signing in makes every earlier link stop working, and a
link older than its lifetime is refused. Nothing is stored.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "trellis.signin.invitation"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        max_age = settings.SIGNIN_INVITATION_DAYS * 24 * 3600
        return (self._num_seconds(self._now()) - ts) <= max_age


invitation_tokens = InvitationTokenGenerator()

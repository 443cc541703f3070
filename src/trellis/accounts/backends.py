"""Signing in, as Django's ModelBackend and allauth's backend, with one difference: the
signed-in user is read together with their school (a join, not another query), so every
request knows the school's time zone for free."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


class _SchoolUserMixin:
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("school").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class SchoolModelBackend(_SchoolUserMixin, ModelBackend):
    """Username and password (the throttled sign-in page, class cards, invitations)."""


class SchoolAllauthBackend(_SchoolUserMixin, AuthenticationBackend):
    """allauth's backend (single sign-on, its account flows)."""

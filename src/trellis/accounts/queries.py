"""Reads about people."""

from .models import ApiToken, User


def tokens_for(user: User):
    return ApiToken.objects.filter(user=user).order_by("-created_at")

"""Reads about people."""

from .models import ApiToken, School, User


def schools_for(user: User):
    """The schools a person may see: their own."""
    return School.objects.filter(pk__in=[user.school_id] if user.school_id else [])


def get_school_for(user: User, school_id) -> School | None:
    return schools_for(user).filter(pk=school_id).first()


def tokens_for(user: User):
    return ApiToken.objects.filter(user=user).order_by("-created_at")

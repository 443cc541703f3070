"""Times are shown in the school's time zone and pages in the person's language: a request
runs with both active."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers


def school_zone(school) -> zoneinfo.ZoneInfo:
    """The school's time zone (its setting, else the server's TIME_ZONE)."""
    name = (getattr(school, "time_zone", "") or "") if school is not None else ""
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class SchoolTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        school_id = getattr(user, "school_id", None) if user is not None else None
        if school_id:
            # The sign-in backend reads the school with the user (no extra query).
            timezone.activate(school_zone(user.school))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def language_for(request) -> str:
    """The language of this request's pages: the person's own choice, else their school's
    default, else the browser's Accept-Language (or Django's language cookie), else English.

    The signed-in user is read with their school (trellis.accounts.backends), so this costs no
    query beyond the ones that load the user."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = language_for_user(user)
        if chosen:
            return chosen
    return translation.get_language_from_request(request)


def language_for_user(user) -> str:
    """The person's own language, else their school's default; "" when neither is set."""
    chosen = getattr(user, "language", "") or ""
    if not chosen and getattr(user, "school_id", None):
        chosen = getattr(user.school, "language", "") or ""
    if not chosen:
        return ""
    try:
        return translation.get_supported_language_variant(chosen)
    except LookupError:
        return ""  # a language no longer offered: the browser's is used


class PersonLanguageMiddleware:
    """Django's LocaleMiddleware, with the person's and the school's choice first (no URL
    prefixes: every page keeps one address whatever its language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response

"""Times are shown in the school's time zone: a request runs with it active."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.utils import timezone


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

"""Ids that come from a person (a form field, a query string, a URL): parsed once, safely.

A tampered id ("abc", "-1", a number past the database's 64-bit integer) is "no such row",
never an error page: every lookup by an id a person sent goes through `as_id`.
"""

from __future__ import annotations

#: The largest id any supported database stores (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def as_id(value) -> int | None:
    """The positive integer in ``value``, or None when it is not one the database could hold."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text.isascii() or not text.isdigit():
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


class IdRangeMiddleware:
    """Answer 404 when a URL's integer argument is past what the database can hold: Django's
    `<int:...>` converter accepts any length of digits, and the database would raise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import Http404

        for value in list(view_args) + list(view_kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_ID:
                raise Http404("No such page.")
        return None

"""Errors a person can cause. Each says what was wrong, where, and what to do."""

from django.http import Http404


class UserError(Exception):
    """A mistake the person can fix. `field` names where it happened (a form field or a place)."""

    def __init__(self, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


class Conflict(UserError):
    """The thing changed while the person was looking at it."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, status=409)


class NotFound(Http404):
    """Raised for missing and for forbidden objects alike, so ids cannot be probed."""

    def __init__(self, what: str = "object"):
        super().__init__(f"No such {what}, or you do not have access to it.")

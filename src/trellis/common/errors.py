"""Errors a person can cause. Each says what was wrong, where, and what to do."""

from django.http import Http404
from django.utils.translation import gettext


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


class StaleEdit(Conflict):
    """Someone saved the same thing after the person opened it (their ``version`` is older).

    ``current`` is the newer content as (label, value) pairs, shown beside what the person
    typed (their form is re-rendered as they sent it, so nothing is lost); ``version`` is the
    newer version number: saving again with it replaces the newer content deliberately.
    """

    def __init__(self, what: str, *, version: int, current: list[tuple[str, str]]):
        # `what` names the thing with its article, in the page's language ("this task").
        super().__init__(
            gettext(
                "Someone else saved %(what)s while you were editing it. Their version is shown "
                "beside yours below; your text is kept in the form. Merge what you need and "
                "save again (saving again replaces their version)."
            )
            % {"what": what},
            field="version",
        )
        self.version = version
        self.current = current


def refuse_stale(seen, version: int, what: str, current) -> None:
    """Raise ``StaleEdit`` when ``seen`` (the version the person's form carried) is not
    ``version`` (the row's, read under its lock). ``seen=None`` (scripts, the demo) skips the
    check. ``current`` is called only on a conflict and returns the (label, value) pairs."""
    if seen is None:
        return
    try:
        seen = int(seen)
    except (TypeError, ValueError):
        seen = -1
    if seen != version:
        raise StaleEdit(what, version=version, current=list(current()))


class NotFound(Http404):
    """Raised for missing and for forbidden objects alike, so ids cannot be probed."""

    def __init__(self, what: str = "object"):
        super().__init__(f"No such {what}, or you do not have access to it.")

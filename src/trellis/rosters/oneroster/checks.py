"""The checks of each column's value in a OneRoster file (only run on non-empty values).

A bad value raises ``BadValue``: the sentence (marked with ``gettext_noop``, translated when
the problem is shown) and its values.
"""

import re
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_noop

from . import spec

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def parse_date(value: str) -> date:
    if not _DATE.match(value):
        raise ValueError
    return date.fromisoformat(value)


class BadValue(ValueError):
    """A cell's value is wrong: the sentence (marked with gettext_noop) and its values."""

    def __init__(self, msgid: str, params: dict | None = None):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params or {}


def _check_enum(allowed: set[str], what: str) -> Callable[[str], str]:
    # `what` is a sentence of its own per kind, e.g. "An org type must be one of %(allowed)s."
    def check(value: str) -> str:
        if value in allowed or spec.is_extension(value):
            return value
        raise BadValue(what, {"allowed": ", ".join(sorted(allowed))})

    return check


def _check_date(value: str) -> str:
    try:
        parse_date(value)
    except ValueError:
        raise BadValue(gettext_noop("Dates are written YYYY-MM-DD, e.g. 2026-09-01.")) from None
    return value


def _check_bool(value: str) -> str:
    if value.lower() in ("true", "false"):
        return value.lower()
    raise BadValue(gettext_noop("Write true or false."))


def _check_year(value: str) -> str:
    if _YEAR.match(value):
        return value
    raise BadValue(gettext_noop("A school year is written as four digits, e.g. 2027."))


_SIMPLE_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+$")


def _check_email(value: str) -> str:
    # The common shape is checked by a fast pattern; anything else gets Django's full check.
    if _SIMPLE_EMAIL.match(value):
        return value
    try:
        validate_email(value)
    except ValidationError:
        raise BadValue(
            gettext_noop("This is not an email address: correct it or leave it empty.")
        ) from None
    return value


def _check_user_role(value: str) -> str:
    if value in spec.USER_ROLES or spec.is_extension(value):
        return value
    raise BadValue(
        gettext_noop(
            "Unknown role. OneRoster roles are %(roles)s (or ext:... for a system's own)."
        ),
        {"roles": ", ".join(sorted(spec.USER_ROLES))},
    )


def _check_enrollment_role(value: str) -> str:
    if value in spec.ENROLLMENT_ROLES or spec.is_extension(value):
        return value
    raise BadValue(
        gettext_noop("Unknown enrollment role. OneRoster enrollment roles are %(roles)s."),
        {"roles": ", ".join(sorted(spec.ENROLLMENT_ROLES))},
    )


# Per file, the checks of each column's value (only run on non-empty values).
CHECKS: dict[str, dict[str, Callable[[str], str]]] = {
    "orgs": {
        "type": _check_enum(spec.ORG_TYPES, gettext_noop("An org type must be one of %(allowed)s."))
    },
    "academicSessions": {
        "type": _check_enum(
            spec.SESSION_TYPES, gettext_noop("A session type must be one of %(allowed)s.")
        ),
        "startDate": _check_date,
        "endDate": _check_date,
        "schoolYear": _check_year,
    },
    "courses": {},
    "classes": {
        "classType": _check_enum(
            spec.CLASS_TYPES, gettext_noop("A class type must be one of %(allowed)s.")
        )
    },
    "users": {"enabledUser": _check_bool, "email": _check_email, "role": _check_user_role},
    "roles": {
        "roleType": _check_enum(
            spec.ROLE_TYPES, gettext_noop("A role type must be one of %(allowed)s.")
        ),
        "role": _check_user_role,
        "beginDate": _check_date,
        "endDate": _check_date,
    },
    "demographics": {"birthDate": _check_date},
    "enrollments": {
        "role": _check_enrollment_role,
        "primary": _check_bool,
        "beginDate": _check_date,
        "endDate": _check_date,
    },
}

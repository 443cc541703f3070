"""Reading existing rows in bulk, keyed by sourcedId, and the small pieces the importer's
planning and writing share."""

import re
import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import models

CHUNK = 2000  # ids per IN (...) query: far below SQLite's and PostgreSQL's limits
BATCH = 1000  # rows per INSERT / UPDATE
_USERNAME = re.compile(r"^[\w.@+-]+\Z")


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _unusable_password() -> str:
    # What make_password(None) makes (Django's "!" prefix and a random tail), from one call
    # instead of forty: it matters for 10,000 people.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


class _Snapshot:
    """A row as loaded, values only: cheap to compare, and made into a model instance only
    when it changes. (Building 20,000 model instances costs more than comparing them.)"""

    def __init__(self, model, values: dict):
        self.__dict__.update(values)
        self._model = model

    @property
    def pk(self):
        return self.id

    def instance(self):
        names = {f.attname for f in self._model._meta.concrete_fields}
        obj = self._model(**{k: v for k, v in self.__dict__.items() if k in names})
        obj._state.adding = False
        obj.__dict__.update({k: v for k, v in self.__dict__.items() if k not in names})
        return obj


def _snapshots(model, queryset, fields) -> list[_Snapshot]:
    return [_Snapshot(model, values) for values in queryset.values(*fields)]


def _by_sourced_id(queryset, ids, out: dict | None = None, wrap=None) -> dict:
    """Add to `out` the rows of `queryset` with these sourcedIds (those not there yet)."""
    out = {} if out is None else out
    missing = sorted(i for i in ids if i not in out)
    for chunk in _chunks(missing):
        found = queryset.filter(sourced_id__in=chunk)
        out.update((o.sourced_id, o) for o in (wrap(found) if wrap else found))
    return out


# Only the columns an import compares or writes: loading whole users (dates, password
# hashes) for a district would cost more than the comparison itself.
USER_FIELDS = (
    "id",
    "sourced_id",
    "username",
    "first_name",
    "last_name",
    "display_name",
    "email",
    "role",
    "school_id",
    "is_active",
)
CLASS_FIELDS = (
    "id",
    "sourced_id",
    "school_id",
    "course",
    "section",
    "term",
    "grade_levels",
    "course_sourced_id",
    "term_sourced_ids",
    "is_active",
    "deactivated_at",
)
ENROLLMENT_FIELDS = (
    "id",
    "sourced_id",
    "classroom_id",
    "user_id",
    "role",
    "is_active",
    "deactivated_at",
)


class _NoRows:
    rejected: dict = {}


_NO_ROWS = _NoRows()


def _differs(obj, name: str, value) -> bool:
    if isinstance(value, models.Model):
        return value.pk is None or getattr(obj, f"{name}_id") != value.pk
    return getattr(obj, name) != value

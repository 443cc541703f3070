"""Fetch-and-authorize in one step: a missing object and a forbidden one look the same."""

from django.db.models import QuerySet

from trellis.common.errors import NotFound


def get_visible(queryset: QuerySet, pk, what: str):
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(what) from None

"""Reads for the privacy pages and the retention sweep."""

from datetime import timedelta

from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from trellis.accounts.models import User
from trellis.common.errors import NotFound

from .models import DEFAULT_KEEP_DAYS, RetentionPolicy
from .permissions import people_managed_by

PICKER_LIMIT = 50


def get_person_for(user: User, person_id) -> User:
    try:
        return people_managed_by(user).get(pk=int(person_id))
    except (User.DoesNotExist, TypeError, ValueError):
        raise NotFound("person") from None


def find_people(user: User, q: str) -> list[User]:
    q = (q or "").strip()
    people = people_managed_by(user)
    if q:
        people = people.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(display_name__icontains=q)
            | Q(email__icontains=q)
        )
    return list(people.order_by("last_name", "first_name", "username")[:PICKER_LIMIT])


def keep_days(school_id) -> int:
    policy = RetentionPolicy.objects.filter(school_id=school_id).first()
    return policy.keep_days if policy else DEFAULT_KEEP_DAYS


def leavers_due(school_id, keep: int, now=None) -> list[User]:
    """People who left the school (account switched off, in no class any more) longer ago than
    the school keeps data. They left on the day their last class membership ended."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=keep)
    return list(
        User.objects.filter(school_id=school_id, is_active=False)
        .exclude(username__startswith="erased-")
        .exclude(enrollments__is_active=True)
        .annotate(
            left_at=Coalesce(
                Max(Coalesce("enrollments__deactivated_at", "enrollments__updated_at")),
                "last_login",
                "date_joined",
            )
        )
        .filter(left_at__lt=cutoff)
        .order_by("pk")
    )


def everyone_due(now=None) -> list[User]:
    """Across schools: everyone whose school's retention period has passed since they left."""
    from trellis.accounts.models import School

    return [
        person
        for school_id in School.objects.order_by("name").values_list("pk", flat=True)
        for person in leavers_due(school_id, keep_days(school_id), now=now)
    ]

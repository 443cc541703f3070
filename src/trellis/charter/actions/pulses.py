"""Pulses: scheduling, closing, sharing and answering them (anonymously by default)."""

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from trellis.accounts.models import User
from trellis.common.errors import Conflict, NotFound, UserError
from trellis.evidence import actions as evidence
from trellis.evidence.verbs import Verb
from trellis.rosters import queries as roster_queries
from trellis.rosters.models import Classroom

from ..models import (
    COMMITMENT_SECTIONS,
    TEXT_MAX,
    Pulse,
    PulseParticipation,
    PulseRating,
    PulseResponse,
    in_section_order,
)
from ..permissions import charter_classes_managed_by, charter_classes_visible_to
from ._common import _day, _int, _managed
from .charter import latest_published

PULSE_DAYS_OPEN = 7


# Pulses -----------------------------------------------------------------------------------


@transaction.atomic
def schedule_pulse(
    user: User,
    classroom: Classroom,
    opens_on: date | None,
    *,
    anonymous: bool = True,
    days_open: int = PULSE_DAYS_OPEN,
    today: date | None = None,
) -> Pulse:
    """Plan a pulse for a date (today opens it now). It stays open `days_open` days."""
    classroom = _managed(user, classroom)
    today = today or timezone.localdate()
    if opens_on is None:
        raise UserError(gettext("Choose the date the pulse opens (YYYY-MM-DD)."), field="opens_on")
    if opens_on < today:
        raise UserError(
            gettext(
                "%(day)s has passed. Choose today or a later date, or press “Open a pulse now”."
            )
            % {"day": _day(opens_on)},
            field="opens_on",
        )
    version = latest_published(classroom)
    if version is None:
        raise UserError(gettext("Publish the charter first: a pulse asks about its commitments."))
    if Pulse.objects.filter(
        classroom=classroom, opens_on=opens_on, closed_at__isnull=True
    ).exists():
        raise Conflict(
            gettext("A pulse already opens on %(day)s. Choose another date.")
            % {"day": _day(opens_on)},
            field="opens_on",
        )
    return Pulse.objects.create(
        classroom=classroom,
        version=version,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=max(0, days_open - 1)),
        anonymous=anonymous,
        created_by=user,
    )


def _managed_pulse(user: User, pulse_id) -> Pulse:
    try:
        return Pulse.objects.select_for_update().get(
            pk=int(pulse_id), classroom__in=charter_classes_managed_by(user)
        )
    except (Pulse.DoesNotExist, TypeError, ValueError):
        raise NotFound("pulse") from None


@transaction.atomic
def close_pulse(user: User, pulse_id) -> Pulse:
    pulse = _managed_pulse(user, pulse_id)
    if pulse.closed_at is None:
        pulse.closed_at = timezone.now()
        pulse.save(update_fields=["closed_at", "updated_at"])
    return pulse


@transaction.atomic
def share_pulse(user: User, pulse_id, shared: bool = True) -> Pulse:
    pulse = _managed_pulse(user, pulse_id)
    pulse.shared_at = timezone.now() if shared else None
    pulse.save(update_fields=["shared_at", "updated_at"])
    return pulse


@transaction.atomic
def answer_pulse(
    user: User,
    pulse_id,
    ratings: Mapping,
    doing_well: str = "",
    do_better: str = "",
    *,
    today: date | None = None,
) -> PulseResponse:
    """Record a student's answer, once per pulse. A named answer can be replaced by answering
    again; an anonymous one is sealed (see ``PulseResponse``)."""
    if not user.is_student:
        raise NotFound("pulse")
    try:
        pulse = Pulse.objects.select_related("classroom").get(
            pk=int(pulse_id),
            classroom__in=charter_classes_visible_to(user),
            classroom_id__in=roster_queries.student_enrollments(user=user).values("classroom_id"),
        )
    except (Pulse.DoesNotExist, TypeError, ValueError):
        raise NotFound("pulse") from None
    status = pulse.status(today)
    if status != "open":
        raise UserError(
            gettext("This pulse is closed; your teacher will open the next one.")
            if status == "closed"
            else gettext("This pulse opens on %(day)s.") % {"day": _day(pulse.opens_on)}
        )
    commitments = in_section_order(pulse.version.items.filter(section__in=COMMITMENT_SECTIONS))
    scores = {}
    for item in commitments:
        raw = ratings.get(item.pk, ratings.get(str(item.pk)))
        score = _int(raw)
        if score is None or not 1 <= score <= 5:
            raise UserError(
                gettext("Rate “%(text)s” from 1 (not yet) to 5 (every day).") % {"text": item.text},
                field=f"item_{item.pk}",
            )
        scores[item.pk] = score
    limits = {}
    for field, value, what in (
        ("doing_well", doing_well, "“What are we doing well?”"),
        ("do_better", do_better, "“What should we do better?”"),
    ):
        value = " ".join((value or "").split())
        if len(value) > TEXT_MAX:
            raise UserError(
                gettext(
                    "Your answer to %(what)s is %(count)s characters long; the limit is "
                    "%(TEXT_MAX)s. Shorten it and send it again."
                )
                % {"what": what, "count": len(value), "TEXT_MAX": TEXT_MAX},
                field=field,
            )
        limits[field] = value
    _, first = PulseParticipation.objects.get_or_create(pulse=pulse, student=user)
    if pulse.anonymous:
        if not first:
            raise Conflict(
                gettext(
                    "You have already answered this pulse. Anonymous answers are sealed when "
                    "sent: Trellis keeps nothing that says which answer is yours, so it cannot "
                    "change it."
                )
            )
        response, created = PulseResponse.objects.create(pulse=pulse, **limits), True
    else:
        response, created = PulseResponse.objects.update_or_create(
            pulse=pulse, respondent=user, defaults=limits
        )
        response.ratings.all().delete()
    PulseRating.objects.bulk_create(
        PulseRating(response=response, item_id=pk, score=s) for pk, s in scores.items()
    )
    if created:
        # For an anonymous pulse the evidence names nobody: it only counts participation.
        evidence.record(
            actor=None if pulse.anonymous else user,
            subject=None,
            verb=Verb.PULSE_ANSWERED,
            object_type="charter-pulse",
            object_id=pulse.pk,
            classroom=pulse.classroom,
        )
    return response

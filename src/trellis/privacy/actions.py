"""Writes: export and erase one person, the retention setting and its sweep."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from trellis.accounts.models import School, User
from trellis.audit import actions as audit
from trellis.common.errors import NotFound, UserError

from . import engine, queries
from .models import RetentionPolicy
from .permissions import can_manage_person

MAX_KEEP_DAYS = 3650


def export_person(actor: User | None, person: User) -> bytes:
    """A zip of everything about or by `person`. `actor` None is the command line."""
    if actor is not None and actor.pk != person.pk and not can_manage_person(actor, person):
        raise NotFound("person")
    return engine.export_zip(person)


ERASE_ACTION = "privacy.erase"


def _record(actor, school_id, reason: str) -> None:
    # The audit log says that an erasure happened and who asked, never whose data it was: no
    # target, and a summary that names nobody.
    audit.record(
        actor if actor is not None else f"privacy-{reason}",
        ERASE_ACTION,
        school=school_id,
        summary=(
            "Erased a person's data on request"
            if reason == "request"
            else "Erased the data of a person who left, after the school's retention period"
        ),
    )


@transaction.atomic
def erase_person(actor: User | None, person: User, *, confirm: str, reason="request"):
    """Erase `person`: their own content goes, what others depend on is kept de-identified.

    `confirm` must be the person's username, typed again: erasure cannot be undone."""
    if actor is not None and not can_manage_person(actor, person):
        raise NotFound("person")
    if actor is not None and actor.pk == person.pk:
        raise UserError(
            gettext("You cannot erase your own account; ask another admin."), field="confirm"
        )
    if (confirm or "").strip() != person.username:
        raise UserError(
            gettext("Type the username “%(username)s” exactly to confirm; nothing was erased.")
            % {"username": person.username},
            field="confirm",
        )
    school_id = person.school_id
    report = engine.erase(person)
    _record(actor, school_id, reason)
    return report


@transaction.atomic
def set_keep_days(actor: User, days) -> RetentionPolicy:
    if not (actor.is_school_admin and actor.school_id):
        raise NotFound("school")
    try:
        days = int(str(days).strip())
    except (TypeError, ValueError):
        days = -1
    if not 30 <= days <= MAX_KEEP_DAYS:
        raise UserError(
            gettext(
                "Enter a number of days from 30 to %(MAX_KEEP_DAYS)s (365 keeps data for a year)."
            )
            % {"MAX_KEEP_DAYS": MAX_KEEP_DAYS},
            field="keep_days",
        )
    policy, _ = RetentionPolicy.objects.update_or_create(
        school_id=actor.school_id, defaults={"keep_days": days}
    )
    return policy


@dataclass
class SweepReport:
    dry_run: bool
    schools: dict[str, int] = field(default_factory=dict)  # school name -> people due
    erased: int = 0

    def lines(self) -> list[str]:
        verb = "would erase" if self.dry_run else "erased"
        out = [f"{name}: {verb} {n} who left" for name, n in self.schools.items()]
        return out or ["Nobody has been gone longer than their school keeps data."]


def sweep_retention(*, dry_run: bool = True, now=None) -> SweepReport:
    """Erase the people who left longer ago than their school keeps data. A dry run only
    counts them. Each erasure is its own transaction, so one failure leaves the rest done."""
    report = SweepReport(dry_run=dry_run)
    for school in School.objects.order_by("name"):
        due = queries.leavers_due(school.pk, queries.keep_days(school.pk), now=now)
        if not due:
            continue
        report.schools[school.name] = len(due)
        if dry_run:
            continue
        for person in due:
            erase_person(None, person, confirm=person.username, reason="retention")
            report.erased += 1
    return report

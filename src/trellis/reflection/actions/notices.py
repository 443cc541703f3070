"""The bell: a notice per event that matters to a person, and the optional weekly digest."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from ..models import DigestChoice, Notification


def notify(recipients, kind: str, text: str, url: str = "", *, about=None) -> None:
    """One unread notice for each recipient (called inside the caller's transaction). ``about``
    is the student the notice names or whose work it points at: erasing them removes it."""
    about_id = getattr(about, "pk", about)
    rows = [
        Notification(
            recipient_id=getattr(r, "pk", r), kind=kind, text=text[:300], url=url, about_id=about_id
        )
        for r in recipients
    ]
    if rows:
        Notification.objects.bulk_create(rows)


def notify_once(recipient, kind: str, text: str, url: str, *, about=None) -> None:
    """One unread notice, unless the recipient already has an unread one of this kind for this
    address (five comments on one piece of work ring the bell once). One query: an INSERT
    that selects nothing when such a notice exists, so the callers' budgets stay exact."""
    # The table name is the model's own; every value is a parameter.
    table = connection.ops.quote_name(Notification._meta.db_table)
    cols = "recipient_id, about_id, kind, text, url, created_at, read_at, emailed_at"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT %s, %s, %s, %s, %s, %s, NULL, NULL "  # noqa: S608
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE recipient_id = %s AND kind = %s "
            "AND url = %s AND read_at IS NULL)",
            [
                getattr(recipient, "pk", recipient),
                getattr(about, "pk", about),
                kind,
                text[:300],
                url,
                timezone.now(),
                getattr(recipient, "pk", recipient),
                kind,
                url,
            ],
        )


def mark_all_read(user) -> int:
    with transaction.atomic():
        return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def choose_digest(user, weekly: bool) -> None:
    with transaction.atomic():
        DigestChoice.objects.update_or_create(person=user, defaults={"weekly": bool(weekly)})


def send_digests(now=None) -> int:
    """Email each person who has unread notices not yet emailed one summary; returns how many
    emails went. Run weekly as a job (jobs.py); people without an email address are skipped."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(
            read_at__isnull=True, emailed_at__isnull=True, recipient__digest_choice__weekly=True
        )
        .exclude(recipient__email="")
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_person: dict[int, list[Notification]] = {}
    for n in pending:
        by_person.setdefault(n.recipient_id, []).append(n)
    sent = 0
    for notes in by_person.values():
        person = notes[0].recipient
        with transaction.atomic():
            # Claim the notices first: a second run at the same time (or a retry) finds them
            # taken and sends nothing twice.
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in notes], emailed_at__isnull=True
            ).update(emailed_at=now)
        if not claimed:
            continue
        lines = [f"- {n.text}" for n in notes]
        body = (
            f"Hello {person.first_name or person.name},\n\nSince last week in Trellis:\n\n"
            + "\n".join(lines)
            + "\n\nSign in to read them. You can stop these emails on the notices page.\n"
        )
        send_mail(
            "Your week in Trellis",
            body,
            getattr(settings, "DEFAULT_FROM_EMAIL", None),
            [person.email],
        )
        sent += 1
    return sent

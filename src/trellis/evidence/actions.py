"""Writing to the evidence log. Every app records its acts through `record`."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from trellis.audit import actions as audit
from trellis.common import outbound
from trellis.common.errors import UserError

from .models import ClassEvidenceMark, EvidenceEvent, LrsConnection
from .verbs import Verb


def record(
    *,
    actor,
    verb: Verb | str,
    object_type: str,
    object_id,
    subject=None,
    classroom=None,
    target_id: int | None = None,
    result: dict | None = None,
    context: dict | None = None,
    occurred_at: datetime | None = None,
) -> EvidenceEvent:
    """Append one event. Call it inside the caller's transaction so the act and its evidence
    are written together or not at all. Evidence about a target must name its class (a class's
    evidence is read by class: an event without one would never reach its board)."""
    verb = Verb(verb)
    if target_id is not None and classroom is None:
        raise ValueError(f"Evidence about target {target_id} must name its class.")
    event = EvidenceEvent.objects.create(
        occurred_at=occurred_at or timezone.now(),
        actor=actor,
        subject=subject if subject is not None else actor,
        verb=verb.value,
        object_type=object_type,
        object_id=str(object_id),
        target_id=target_id,
        classroom=classroom,
        result=result or {},
        context=context or {},
    )
    if event.classroom_id is not None:
        bump_marks({event.classroom_id: event.pk})
    return event


def record_many(events: list[dict]) -> list[EvidenceEvent]:
    """Append several events at once (one insert, one bump per class), each given as the
    keyword arguments of `record`. For acts on many students together, such as moving a
    whole class: the cost stays the same for 5 students and for 40."""
    rows = []
    for e in events:
        verb = Verb(e["verb"])
        classroom, target_id = e.get("classroom"), e.get("target_id")
        if target_id is not None and classroom is None:
            raise ValueError(f"Evidence about target {target_id} must name its class.")
        subject = e.get("subject")
        rows.append(
            EvidenceEvent(
                occurred_at=e.get("occurred_at") or timezone.now(),
                actor=e["actor"],
                subject=subject if subject is not None else e["actor"],
                verb=verb.value,
                object_type=e["object_type"],
                object_id=str(e["object_id"]),
                target_id=target_id,
                classroom=classroom,
                result=e.get("result") or {},
                context=e.get("context") or {},
            )
        )
    if not rows:
        return []
    made = EvidenceEvent.objects.bulk_create(rows)
    last: dict[int, int] = {}
    for event in made:
        if event.classroom_id is not None:
            last[event.classroom_id] = max(last.get(event.classroom_id, 0), event.pk)
    if last:
        bump_marks(last)
    return made


def bump_marks(last_ids: dict[int, int]) -> None:
    """Move the high-water mark of each class (classroom id → its newest event id). Called by
    `record` and `void`, and by anything that inserts evidence in bulk (imports, benchmarks).

    The UPDATE takes the mark's row lock until the caller's transaction ends, so versions
    follow commit order: a reader who sees version n also sees every event counted in it."""
    now = timezone.now()
    for classroom_id, last_id in sorted(last_ids.items()):
        bumped = ClassEvidenceMark.objects.filter(classroom_id=classroom_id).update(
            version=F("version") + 1,
            last_event_id=Greatest(F("last_event_id"), last_id),
            changed_at=now,
        )
        if bumped:
            continue
        try:
            with transaction.atomic():
                ClassEvidenceMark.objects.create(
                    classroom_id=classroom_id, version=1, last_event_id=last_id, changed_at=now
                )
        except IntegrityError:  # another writer made it first: bump theirs
            ClassEvidenceMark.objects.filter(classroom_id=classroom_id).update(
                version=F("version") + 1,
                last_event_id=Greatest(F("last_event_id"), last_id),
                changed_at=now,
            )


def void_many(actor, corrections: list[tuple[EvidenceEvent, str]]) -> list[EvidenceEvent]:
    """`void` for several events at once, each (event, reason): one check, one insert, one
    bump per class, whatever the count."""
    corrections = [(e, (reason or "").strip()) for e, reason in corrections]
    if not corrections:
        return []
    if any(not reason for _, reason in corrections):
        raise UserError(_("Say why this evidence should no longer count."), field="reason")
    if any(e.verb == Verb.VOIDED for e, _ in corrections):
        raise UserError(_("A correction cannot itself be voided; record the evidence again."))
    if EvidenceEvent.objects.filter(voids__in=[e for e, _ in corrections]).exists():
        raise UserError(_("This evidence was already voided."))
    now = timezone.now()
    made = EvidenceEvent.objects.bulk_create(
        EvidenceEvent(
            occurred_at=now,
            actor=actor,
            subject_id=e.subject_id,
            verb=Verb.VOIDED.value,
            object_type="evidence",
            object_id=str(e.pk),
            target_id=e.target_id,
            classroom_id=e.classroom_id,
            result={"response": reason},
            voids=e,
        )
        for e, reason in corrections
    )
    last: dict[int, int] = {}
    for c in made:
        if c.classroom_id is not None:
            last[c.classroom_id] = max(last.get(c.classroom_id, 0), c.pk)
    if last:
        bump_marks(last)
    return made


@transaction.atomic
def void(actor, event: EvidenceEvent, reason: str) -> EvidenceEvent:
    """Cancel an event with a correction; the original stays in the log."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError(_("Say why this evidence should no longer count."), field="reason")
    if event.verb == Verb.VOIDED:
        raise UserError(_("A correction cannot itself be voided; record the evidence again."))
    if EvidenceEvent.objects.filter(voids=event).exists():
        raise UserError(_("This evidence was already voided."))
    correction = EvidenceEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor,
        subject=event.subject,
        verb=Verb.VOIDED.value,
        object_type="evidence",
        object_id=str(event.pk),
        target_id=event.target_id,
        classroom=event.classroom,
        result={"response": reason},
        voids=event,
    )
    if correction.classroom_id is not None:
        bump_marks({correction.classroom_id: correction.pk})
    return correction


# --- Delivery to a learning record store (docs/xapi.md) -----------------------------------

LRS_BATCH = 100


def save_lrs_connection(user, *, endpoint: str, auth_key: str, auth_secret: str = "", enabled=True):
    """Set where the admin's school sends its statements. An empty secret keeps the stored one
    (the page never shows it back). Raises UserError naming the field."""
    from .permissions import can_manage_lrs

    if not can_manage_lrs(user):
        raise UserError(_("Only an administrator of the school can set its learning record store."))
    endpoint = (endpoint or "").strip()
    if not endpoint.lower().startswith(("http://", "https://")):
        raise UserError(
            _("Give the store's xAPI address, starting with https://."), field="endpoint"
        )
    outbound.check_url(endpoint, field="endpoint")  # internal addresses are refused
    if not endpoint.endswith("/"):
        endpoint += "/"
    auth_key = (auth_key or "").strip()
    if not auth_key:
        raise UserError(
            _("Give the key (user name) the store issued for this school."), field="auth_key"
        )
    with transaction.atomic():
        conn = LrsConnection.objects.select_for_update().filter(school_id=user.school_id).first()
        if conn is None and not auth_secret:
            raise UserError(
                _("Give the secret (password) the store issued with the key."), field="auth_secret"
            )
        if conn is None:
            conn = LrsConnection(school_id=user.school_id)
        moved = conn.pk is not None and conn.endpoint != endpoint
        conn.endpoint, conn.auth_key, conn.enabled = endpoint, auth_key, bool(enabled)
        if auth_secret:
            conn.auth_secret = auth_secret
        if moved:  # a new store has none of our statements yet
            conn.delivered_through, conn.delivered_count, conn.last_delivered_at = 0, 0, None
        conn.last_error, conn.last_error_at = "", None
        conn.save()
        audit.record(
            user,
            "lrs.configure",
            school=user.school_id,
            summary=f"{conn.endpoint} (key {conn.auth_key}, {'on' if conn.enabled else 'off'})",
        )
    return conn


def deliver_statements(school_id: int, progress=None) -> dict:
    """Send the school's events that the store does not have yet, oldest first, in batches.
    Each accepted batch moves the connection's mark forward in its own write, so a retry
    starts where the last attempt stopped; a batch sent twice is harmless (stable ids)."""
    from .queries import pending_count, pending_events
    from .xapi.lrs import LrsRefused, LrsUnavailable, post_statements
    from .xapi.statements import home_page, to_statement

    conn = LrsConnection.objects.filter(school_id=school_id, enabled=True).first()
    if conn is None:
        return {"sent": 0}
    if progress is not None:
        progress.start(total=pending_count(conn), message=_("Sending statements"))
    home, sent = home_page(), 0
    while True:
        batch = pending_events(conn, limit=LRS_BATCH)
        if not batch:
            break
        try:
            post_statements(
                conn.endpoint,
                conn.auth_key,
                conn.auth_secret,
                [to_statement(e, home=home) for e in batch],
            )
        except (LrsRefused, LrsUnavailable) as exc:
            LrsConnection.objects.filter(pk=conn.pk).update(
                last_error=str(exc)[:1000], last_error_at=timezone.now()
            )
            if isinstance(exc, LrsRefused):
                raise UserError(str(exc)) from exc
            raise
        conn.delivered_through = batch[-1].pk
        conn.delivered_count += len(batch)
        conn.last_delivered_at = timezone.now()
        LrsConnection.objects.filter(pk=conn.pk).update(
            delivered_through=conn.delivered_through,
            delivered_count=conn.delivered_count,
            last_delivered_at=conn.last_delivered_at,
            last_error="",
            last_error_at=None,
        )
        sent += len(batch)
        if progress is not None:
            progress.advance(len(batch))
    return {"sent": sent}

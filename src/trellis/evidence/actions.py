"""Writing to the evidence log. Every app records its acts through `record`."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from trellis.common.errors import UserError

from .models import EvidenceEvent
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
    are written together or not at all."""
    verb = Verb(verb)
    return EvidenceEvent.objects.create(
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


@transaction.atomic
def void(actor, event: EvidenceEvent, reason: str) -> EvidenceEvent:
    """Cancel an event with a correction; the original stays in the log."""
    reason = (reason or "").strip()
    if not reason:
        raise UserError("Say why this evidence should no longer count.", field="reason")
    if event.verb == Verb.VOIDED:
        raise UserError("A correction cannot itself be voided; record the evidence again.")
    if EvidenceEvent.objects.filter(voids=event).exists():
        raise UserError("This evidence was already voided.")
    return EvidenceEvent.objects.create(
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

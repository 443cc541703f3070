"""Reading the evidence log, and its xAPI export."""

from collections.abc import Iterable

from django.db.models import Count, Max
from django.db.models.fields.json import KT

from .models import ClassEvidenceMark, EvidenceEvent
from .verbs import Verb

ACTIVITY_BASE = "https://trellis.school/xapi/activities/"


def counting_events(*where, **filters):
    """Events that still count (see ``EvidenceQuerySet.counting``), oldest first. Every app
    that reads evidence reads it through here; ``where`` takes ``Q`` objects."""
    return EvidenceEvent.objects.counting().filter(*where, **filters).order_by("occurred_at", "id")


def counting_event(**filters) -> EvidenceEvent | None:
    """The oldest event matching ``filters`` that still counts, or None."""
    return counting_events(**filters).first()


def high_water(*where, **filters) -> tuple[int, int]:
    """(largest id, count) of every event matching, corrections included: any new event, even
    one that voids another, changes it. One query; callers key caches on it."""
    agg = EvidenceEvent.objects.filter(*where, **filters).aggregate(top=Max("id"), n=Count("id"))
    return agg["top"] or 0, agg["n"]


def class_rows(classroom_id: int, verbs: Iterable[Verb], *, student_id=None, student_ids=None):
    """The counting events of these verbs in one class (of one student, or of some), oldest
    first, as (id, subject_id, verb, target_id, result, task_ref, occurred_at) tuples: the
    release engine's one read of the log.

    Every event about a target names its class (`actions.record` insists), so this is the
    index range `classroom_id = X` (one student's: `classroom_id = X AND subject_id = S`) of the
    (classroom, subject, occurred_at) index: the cost follows the class, not the district
    (tests/evidence/test_query_plan.py checks the plan on both databases)."""
    qs = EvidenceEvent.objects.counting().filter(
        classroom_id=classroom_id, verb__in=[Verb(v).value for v in verbs]
    )
    if student_id is not None:
        qs = qs.filter(subject_id=student_id)
    if student_ids is not None:
        qs = qs.filter(subject_id__in=list(student_ids))
    return (
        qs.annotate(task_ref=KT("context__extensions__task"))
        .order_by("occurred_at", "id")
        # Only the task id is read from the context: decoding every context is the slow part.
        .values_list("id", "subject_id", "verb", "target_id", "result", "task_ref", "occurred_at")
    )


def class_version(classroom_id: int) -> int:
    """The class's evidence high-water mark (0 when it has no evidence): one primary-key read."""
    return (
        ClassEvidenceMark.objects.filter(classroom_id=classroom_id)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def class_versions(classroom_ids) -> dict[int, int]:
    """The marks of several classes in one query (classes with no evidence are 0)."""
    ids = list(classroom_ids)
    found = dict(
        ClassEvidenceMark.objects.filter(classroom_id__in=ids).values_list(
            "classroom_id", "version"
        )
    )
    return {pk: found.get(pk, 0) for pk in ids}


def to_xapi(event: EvidenceEvent, *, home_page: str = "https://trellis.school") -> dict:
    """One event as an xAPI 1.0.3 statement (actors as accounts, never e-mail addresses)."""

    def agent(user_id):
        return {"objectType": "Agent", "account": {"homePage": home_page, "name": str(user_id)}}

    statement = {
        "id": None,
        "actor": agent(event.actor_id),
        "verb": {"id": Verb(event.verb).iri, "display": {"en-US": event.verb}},
        "object": {
            "objectType": "Activity",
            "id": f"{ACTIVITY_BASE}{event.object_type}/{event.object_id}",
        },
        "timestamp": event.occurred_at.isoformat(),
        "stored": event.recorded_at.isoformat() if event.recorded_at else None,
    }
    if event.result:
        statement["result"] = event.result
    context = dict(event.context or {})
    extensions = dict(context.pop("extensions", {}))
    if event.classroom_id:
        extensions[f"{ACTIVITY_BASE}ext/classroom"] = event.classroom_id
    if event.target_id:
        extensions[f"{ACTIVITY_BASE}ext/target"] = event.target_id
    if event.subject_id and event.subject_id != event.actor_id:
        extensions[f"{ACTIVITY_BASE}ext/subject"] = event.subject_id
    if extensions:
        context["extensions"] = extensions
    if context:
        statement["context"] = context
    statement.pop("id")
    return statement


def export_xapi(events: Iterable[EvidenceEvent]) -> list[dict]:
    return [to_xapi(e) for e in events]

"""Reading the evidence log, and its xAPI export."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.fields.json import KT
from django.utils import timezone

from trellis.common.models import JobRun

from .models import ClassEvidenceMark, EvidenceEvent, LrsConnection
from .verbs import Verb
from .xapi.statements import home_page, to_statement


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


def to_xapi(event: EvidenceEvent) -> dict:
    """One event as an xAPI 1.0.3 statement (see xapi/statements.py)."""
    return to_statement(event)


def export_xapi(events: Iterable[EvidenceEvent]) -> list[dict]:
    home = home_page()
    return [to_statement(e, home=home) for e in events]


# An event's id is taken when it is written, but it is visible only when its transaction
# commits: a write still open when a delivery runs could commit an id below the mark the
# delivery moves to, and never be sent. Deliveries therefore take only events recorded at
# least this long ago (a request's transaction lasts milliseconds); the rest go next time.
SETTLE_SECONDS = 60


def _school_events(conn: LrsConnection):
    settle = getattr(settings, "TRELLIS_XAPI_SETTLE_SECONDS", SETTLE_SECONDS)
    return EvidenceEvent.objects.filter(
        classroom__school_id=conn.school_id,
        pk__gt=conn.delivered_through,
        recorded_at__lte=timezone.now() - timedelta(seconds=settle),
    )


def pending_events(conn: LrsConnection, *, limit: int) -> list[EvidenceEvent]:
    """The school's next events for its store, oldest first (corrections included: the store
    must hear of them too). One query."""
    return list(_school_events(conn).order_by("pk")[:limit])


def pending_count(conn: LrsConnection) -> int:
    return _school_events(conn).count()


def lrs_connection_for(user) -> LrsConnection | None:
    return LrsConnection.objects.filter(school_id=user.school_id).first()


def lrs_status(user) -> dict:
    """The admin page's status line: the connection, how many statements wait, the newest
    delivery job. Three queries at most, whatever the log's size."""
    conn = lrs_connection_for(user)
    if conn is None:
        return {"connection": None, "pending": 0, "run": None}
    run = (
        JobRun.objects.filter(key=delivery_key(conn.school_id))
        .order_by("-created_at", "-pk")
        .first()
    )
    return {"connection": conn, "pending": pending_count(conn), "run": run}


def schools_with_lrs() -> list[int]:
    """The schools whose statements go to a store (switched on)."""
    return list(
        LrsConnection.objects.filter(enabled=True).order_by("pk").values_list("pk", flat=True)
    )


def delivery_key(school_id: int) -> str:
    return f"xapi-delivery:{school_id}"

"""The evidence log: every act in a classroom, written once and never edited.

Nouns: an **EvidenceEvent** is one xAPI-shaped statement — an *actor* (who did it) did a
*verb* to an *object* (a target, a task step, a check-in item…), with a *result* and a
*context*, at a time. The *subject* is the student the evidence is about (usually the actor;
for a teacher's observation, the student observed). A correction is a new event with verb
`voided` that names the event it cancels; nothing is updated or deleted in place.

Every event about a learning target names its class, so a class's evidence is one index range
(`classroom`, …) however large the district's log grows. A **ClassEvidenceMark** is the class's
high-water mark: a version bumped in the same transaction as every event the class gets, so a
page or a poll knows whether anything changed with one primary-key read and no counting.

An **LrsConnection** is where a school's statements go: a learning record store's address and
credentials, and how far delivery has got (see `xapi/` and docs/xapi.md).
"""

from django.conf import settings
from django.db import models

from trellis.common.models import ImmutableError, WriteOnce, WriteOnceQuerySet

from .verbs import Verb

__all__ = [
    "ClassEvidenceMark",
    "EvidenceEvent",
    "EvidenceQuerySet",
    "ImmutableError",
    "LrsConnection",
]


class EvidenceQuerySet(WriteOnceQuerySet):
    def delete(self):
        raise ImmutableError("Evidence events are append-only; record a voided event instead.")

    def counting(self):
        """Events that still count: the one definition every reader uses. A correction (verb
        `voided`) is bookkeeping, not evidence; an event a correction names no longer counts."""
        # NOT EXISTS over the unique `voids` index: one probe per row on both databases (the
        # board's plan test, tests/evidence/test_query_plan.py, holds it to an index range).
        voided = EvidenceEvent.objects.filter(voids=models.OuterRef("pk"))
        return self.exclude(verb=Verb.VOIDED).filter(~models.Exists(voided))


class EvidenceEvent(WriteOnce):
    occurred_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence_about",
    )
    verb = models.CharField(max_length=32, choices=[(v.value, v.value) for v in Verb])
    # What was acted on, as "<kind>:<id>" pieces, e.g. object_type="task-step", object_id="12".
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    # The learning target the evidence bears on, when there is one (the engine's "skill").
    target_id = models.BigIntegerField(null=True, blank=True)
    # Indexed by the composite indexes below (a class's range, in time order), not alone.
    classroom = models.ForeignKey(
        "rosters.Classroom",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    result = models.JSONField(default=dict, blank=True)
    context = models.JSONField(default=dict, blank=True)
    # Set on a `voided` event: the event it cancels.
    voids = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="voided_by"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            # A class's evidence in time order: the board and its poll (no sort, no scan).
            models.Index(fields=["classroom", "occurred_at", "id"], name="evidence_class_time_idx"),
            # One student's evidence in a class: the detail drawer, My learning.
            models.Index(fields=["classroom", "subject", "occurred_at"]),
            models.Index(fields=["subject", "target_id", "occurred_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.actor_id} {self.verb} {self.object_type}:{self.object_id}"

    def delete(self, *args, **kwargs):
        raise ImmutableError("Evidence events are append-only; record a voided event instead.")


class ClassEvidenceMark(models.Model):
    """A class's evidence high-water mark: `version` grows by one with every event recorded
    for the class (in the event's own transaction), `last_event_id` is the newest event. A
    class with no row has version 0. Caches of what is derived from a class's evidence are
    keyed by the version: a newer version can only mean newer evidence."""

    classroom = models.OneToOneField(
        "rosters.Classroom", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.BigIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"class {self.classroom_id} evidence v{self.version}"


class LrsConnection(models.Model):
    """Where a school's statements go: a learning record store (docs/xapi.md).

    `delivered_through` is the id of the newest event the store has accepted: delivery sends
    the school's events after it, oldest first, in batches, and moves it forward after each
    accepted batch. Statement ids are stable, so a batch sent twice (a retry after a lost
    answer) is one set of statements in the store, never two."""

    school = models.OneToOneField(
        "accounts.School", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    # The LRS's xAPI base address (statements are POSTed to <endpoint>statements).
    endpoint = models.URLField(max_length=300)
    # HTTP basic authentication: the key and secret the LRS issued for this school.
    auth_key = models.CharField(max_length=200)
    auth_secret = models.CharField(max_length=200)
    enabled = models.BooleanField(default=True)
    delivered_through = models.BigIntegerField(default=0)
    delivered_count = models.BigIntegerField(default=0)
    last_delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"LRS of school {self.school_id}: {self.endpoint}"

"""What admins and roster imports did, kept as they happened.

Nouns: an **AuditEntry** says who (an admin, or the system for a nightly import) did which
**action** ("people.deactivate", "roster.import"...) when, to which records, in which school.
Records are named by stable references ("user:123", "class:5", "school:2") rather than by
foreign keys, so an entry outlives the records it names and never changes when they do.

The log is append-only: an entry is never updated or deleted. The one exception is the link
to the acting person (``actor``), which becomes empty when that person is erased; the entry
keeps their reference (``actor_ref``) and what they did.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from trellis.common.models import ImmutableError, WriteOnce, WriteOnceQuerySet


class AuditQuerySet(WriteOnceQuerySet):
    def delete(self):
        raise ImmutableError("The audit log is append-only; its entries are never deleted.")


class AuditEntry(WriteOnce):
    school = models.ForeignKey(
        "accounts.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "user:12" for a person, "system:<what>" for the nightly sync and other commands.
    actor_ref = models.CharField(max_length=80)
    action = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)
    # The records acted on, as space-separated references with a space at each end
    # (" user:3 class:5 "), so that one reference can be found exactly with LIKE.
    targets = models.TextField(blank=True, default="")
    summary = models.CharField(max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["school", "-at"], name="audit_school_at"),
            models.Index(fields=["school", "action", "-at"], name="audit_school_action_at"),
            models.Index(fields=["actor_ref"], name="audit_actor_ref"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_ref} {self.action}"

    @property
    def target_list(self) -> list[str]:
        return self.targets.split()

    def delete(self, *args, **kwargs):
        raise ImmutableError("The audit log is append-only; its entries are never deleted.")

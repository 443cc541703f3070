"""Data care settings and the record of erasures.

Nouns: a school's **RetentionPolicy** (how many days the data of people who left is kept);
an **ErasureRecord**, that a person's data was erased, by whom and when, and never whose
(the audit log's own place until ``trellis.audit`` exists).
"""

from django.conf import settings
from django.db import models

from trellis.common.models import TimeStamped

DEFAULT_KEEP_DAYS = 365


class RetentionPolicy(TimeStamped):
    school = models.OneToOneField(
        "accounts.School", on_delete=models.CASCADE, related_name="retention_policy"
    )
    keep_days = models.PositiveIntegerField(default=DEFAULT_KEEP_DAYS)

    def __str__(self):
        return f"{self.school}: {self.keep_days} days"


class ErasureRecord(models.Model):
    school = models.ForeignKey(
        "accounts.School", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who asked for it (an admin, or empty for the retention sweep). Never who was erased.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=32)  # "request" or "retention"
    happened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at", "-id"]

    def __str__(self):
        return f"erasure ({self.reason}) at {self.happened_at:%Y-%m-%d %H:%M}"

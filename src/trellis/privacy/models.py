"""Data care settings.

Nouns: a school's **RetentionPolicy** (how many days the data of people who left is kept).
That an erasure happened is written to the audit log (``trellis.audit``), never whose data.
"""

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

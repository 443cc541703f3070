"""What a class is learning.

Nouns: a **LearningTarget** is an "I can …" statement for a class, with its success
criteria (how we will know) and what evidence of knowing looks like, optionally coded to a
standards framework.
"""

from django.conf import settings
from django.db import models

from trellis.common.models import TimeStamped

STATEMENT_MAX = 300


class LearningTarget(TimeStamped):
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="targets"
    )
    statement = models.CharField(max_length=STATEMENT_MAX, help_text="Begins with “I can …”.")
    success_criteria = models.JSONField(default=list, blank=True)
    evidence_of_knowing = models.TextField(blank=True)
    code = models.CharField(max_length=64, blank=True, help_text="e.g. a CASE or state code")
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.statement

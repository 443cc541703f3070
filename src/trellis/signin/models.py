"""Signing in without a password of one's own.

Nouns: a **SignInCard**, a printed one-time code (and QR code) that signs one young student
in; only a hash of the code is kept, so the code exists on paper alone. A card is *used* once,
*expires* after a few days, and is *replaced* when the teacher prints a new one.

Passwords, reset and invitation links (Django's signed, one-time tokens) and the account lock
(a counter in the cache) need no table; single sign-on links live in django-allauth's tables.
"""

from django.conf import settings
from django.db import models

from trellis.common.models import TimeStamped


class SignInCard(TimeStamped):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_cards"
    )
    classroom = models.ForeignKey(
        "rosters.Classroom", on_delete=models.CASCADE, related_name="sign_in_cards"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["classroom", "student"])]

    def __str__(self):
        return f"card for {self.student_id} in {self.classroom_id}"

"""Pulse answers stop carrying a key derived from the student's id.

Until now an answer carried HMAC(SECRET_KEY, pulse id + user id), so anyone with the secret
could tie an anonymous answer to its student. This migration records who answered in a
separate PulseParticipation (recomputing the old key one last time to find them), then drops
the key, so that nothing links an anonymous answer to a person any more.
"""

import hashlib
import hmac
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def record_participations(apps, schema_editor):
    Pulse = apps.get_model("charter", "Pulse")
    PulseResponse = apps.get_model("charter", "PulseResponse")
    PulseParticipation = apps.get_model("charter", "PulseParticipation")
    Enrollment = apps.get_model("rosters", "Enrollment")
    secret = settings.SECRET_KEY.encode()
    rows = []
    for pulse in Pulse.objects.all().iterator():
        keys = set(
            PulseResponse.objects.filter(pulse=pulse).values_list("respondent_key", flat=True)
        )
        named = set(
            PulseResponse.objects.filter(pulse=pulse, respondent__isnull=False).values_list(
                "respondent_id", flat=True
            )
        )
        students = Enrollment.objects.filter(
            classroom_id=pulse.classroom_id, role="student"
        ).values_list("user_id", flat=True)
        for user_id in sorted(set(students) | named):
            message = f"charter-pulse:{pulse.pk}:{user_id}".encode()
            key = hmac.new(secret, message, hashlib.sha256).hexdigest()
            if user_id in named or key in keys:
                rows.append(PulseParticipation(pulse_id=pulse.pk, student_id=user_id))
    PulseParticipation.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0001_initial"),
        ("rosters", "0002_oneroster_import"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PulseParticipation",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "pulse",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="charter.pulse",
                    ),
                ),
                (
                    "student",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="pulseparticipation",
            constraint=models.UniqueConstraint(
                fields=("pulse", "student"), name="one_answer_per_student"
            ),
        ),
        migrations.RunPython(record_participations, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="pulseresponse", name="one_answer_each"),
        migrations.RemoveField(model_name="pulseresponse", name="respondent_key"),
        migrations.AddConstraint(
            model_name="pulseresponse",
            constraint=models.UniqueConstraint(
                condition=models.Q(("respondent__isnull", False)),
                fields=("pulse", "respondent"),
                name="one_named_answer_each",
            ),
        ),
    ]

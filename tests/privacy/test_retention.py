"""The retention sweep: a dry run reports, --apply erases people gone longer than kept."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from trellis.accounts.models import User
from trellis.audit.models import AuditEntry
from trellis.common import jobs
from trellis.privacy import actions
from trellis.privacy.models import RetentionPolicy
from trellis.rosters.models import Enrollment

pytestmark = pytest.mark.django_db


def _leave(user, days_ago):
    user.is_active = False
    user.save()
    Enrollment.objects.filter(user=user).update(
        is_active=False, deactivated_at=timezone.now() - timedelta(days=days_ago)
    )


def test_sweep_dry_run_reports_then_apply_erases_only_those_past_the_period(world, capsys):
    RetentionPolicy.objects.create(school=world.school, keep_days=90)
    _leave(world.student, 100)
    _leave(world.other_student, 10)
    report = actions.sweep_retention(dry_run=True)
    assert report.lines() == ["Maple Grove: would erase 1 who left"]
    assert User.objects.filter(username="student").exists()
    call_command("sweep_retention")
    assert "Dry run: nothing was erased" in capsys.readouterr().out
    call_command("sweep_retention", "--apply")
    assert "Queued the sweep as job" in capsys.readouterr().out
    assert User.objects.filter(username="student").exists()  # nothing runs in the command
    assert jobs.run_pending() == 1
    assert not User.objects.filter(username="student").exists()
    assert User.objects.filter(username="other_student").exists()
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.actor_ref == "system:privacy-retention" and entry.targets == ""
    # The stand-in that replaced her is never swept again.
    assert actions.sweep_retention(dry_run=True).schools == {}

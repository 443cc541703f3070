"""The weekly digest is a periodic job: the worker queues it once per ISO week through
common.jobs.enqueue_due (the project's one job mechanism), and a second run sends nothing
twice."""

from datetime import datetime, timedelta

from django.core import mail
from django.utils import timezone

from trellis.common import jobs
from trellis.common.models import JobRun
from trellis.reflection import actions
from trellis.reflection.jobs import weekly_digest

MONDAY = timezone.make_aware(datetime(2026, 11, 23, 9, 0))


def _digest_runs():
    return JobRun.objects.filter(key__startswith=f"periodic:{weekly_digest.module_path}:")


def test_the_digest_is_queued_once_per_week(db):
    first = jobs.enqueue_due(MONDAY)
    assert [r.key for r in first if "weekly_digest" in r.key] == [
        f"periodic:{weekly_digest.module_path}:2026-W48"
    ]
    # Later the same week (another worker, a restart, every minute): no second digest (daily
    # jobs, such as the LRS delivery, are queued again on a new day).
    later = jobs.enqueue_due(MONDAY + timedelta(days=6))
    assert [r for r in later if "weekly_digest" in r.key] == []
    assert _digest_runs().count() == 1
    jobs.run_pending()
    assert _digest_runs().get().status == JobRun.Status.DONE
    assert not [r for r in jobs.enqueue_due(MONDAY + timedelta(days=3)) if "digest" in r.key]
    # The next week: once again.
    jobs.enqueue_due(MONDAY + timedelta(days=7))
    assert sorted(_digest_runs().values_list("key", flat=True))[-1].endswith("2026-W49")
    assert _digest_runs().count() == 2


def test_the_queued_digest_emails_and_a_second_run_sends_nothing(refl, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    refl.guardian.email = "gita@example.org"
    refl.guardian.save(update_fields=["email"])
    actions.choose_digest(refl.guardian, True)
    actions.notify([refl.guardian], "shared", "Sam shared a collection with the family.")
    jobs.enqueue_due(MONDAY)
    jobs.run_pending()
    assert [m.to for m in mail.outbox] == [["gita@example.org"]]
    assert "Sam shared a collection" in mail.outbox[0].body
    assert actions.send_digests() == 0
    assert len(mail.outbox) == 1


def test_only_day_or_week(db):
    import pytest

    with pytest.raises(ValueError, match="day or week"):
        jobs.periodic("month")

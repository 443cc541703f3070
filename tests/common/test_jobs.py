"""The background job runner: progress, retries, restarts and idempotence (both databases)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.common import sample_jobs
from trellis.accounts.models import School
from trellis.common import jobs
from trellis.common.models import JobRun
from trellis.settings.base import tasks_settings

pytestmark = pytest.mark.django_db

NAMES = ["Ash", "Birch", "Cedar", "Dogwood"]


def test_a_job_runs_in_the_worker_and_reports_progress():
    run = jobs.enqueue(sample_jobs.make_schools, NAMES)
    assert run.status == JobRun.Status.QUEUED
    assert School.objects.filter(name__in=NAMES).count() == 0  # nothing ran in the request

    assert jobs.run_pending() == 1
    run.refresh_from_db()
    assert (run.status, run.attempts, run.total, run.done, run.percent) == ("done", 1, 4, 4, 100)
    assert run.result == {"made": 4}
    assert run.message == "Making schools"


def test_a_failed_attempt_is_retried_and_resumes_where_it_stopped():
    run = jobs.enqueue(sample_jobs.make_schools, NAMES, fail_on_first_attempt_after=2)

    jobs.run_pending(max_tasks=1)
    run.refresh_from_db()
    assert run.status == JobRun.Status.QUEUED  # queued again, not failed
    assert run.attempts == 1 and run.done == 2
    assert "the database went away" in run.error
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1

    jobs.run_pending()
    run.refresh_from_db()
    assert (run.status, run.attempts, run.done) == ("done", 2, 4)
    # Idempotent: the retry skipped the two schools the first attempt made.
    assert School.objects.filter(name__in=NAMES).count() == 4


def test_a_job_that_keeps_failing_stops_after_its_attempts():
    run = jobs.enqueue(sample_jobs.always_fails)
    assert jobs.run_pending() == 2
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("failed", 2)
    assert "still broken" in run.error
    assert jobs.run_pending() == 0


def test_bad_input_is_not_retried():
    run = jobs.enqueue(sample_jobs.bad_input)
    assert jobs.run_pending() == 1
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("failed", 1)
    assert "Class 99 does not exist." in run.error


def test_the_same_work_is_not_queued_twice_while_pending():
    first = jobs.enqueue(sample_jobs.make_schools, NAMES, key="schools")
    again = jobs.enqueue(sample_jobs.make_schools, NAMES, key="schools")
    assert again.pk == first.pk
    assert DBTaskResult.objects.count() == 1
    jobs.run_pending()
    # Once done, the same key may run again (a new rebuild tomorrow).
    later = jobs.enqueue(sample_jobs.make_schools, NAMES, key="schools")
    assert later.pk != first.pk


def test_a_second_delivery_of_a_finished_run_does_nothing():
    run = jobs.enqueue(sample_jobs.make_schools, NAMES)
    jobs.run_pending()
    # At-least-once queues can deliver a task twice: the duplicate must not redo the work.
    sample_jobs.make_schools.enqueue(NAMES, _trellis_run=run.pk)
    jobs.run_pending()
    run.refresh_from_db()
    assert run.attempts == 1
    assert School.objects.filter(name__in=NAMES).count() == 4


def test_a_job_whose_worker_died_is_run_again_by_the_next_worker():
    run = jobs.enqueue(sample_jobs.make_schools, NAMES)
    # A worker claims the task, starts it, finishes two schools, then is killed (no except,
    # no finally: the task result stays RUNNING and the heartbeat stops).
    task_result = DBTaskResult.objects.get()
    task_result.claim("worker-that-died")
    for name in NAMES[:2]:
        School.objects.create(name=name, slug=name.lower())
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.RUNNING,
        attempts=1,
        done=2,
        checkpoint={"items": NAMES[:2]},
        heartbeat_at=timezone.now() - timedelta(minutes=10),
    )
    # A fresh heartbeat is not stale: nothing to recover yet.
    assert jobs.recover_stale(now=timezone.now() - timedelta(minutes=9)) == 0

    assert jobs.recover_stale() == 1  # what `trellis worker` does when it starts
    task_result.refresh_from_db()
    assert task_result.status == "FAILED"
    assert jobs.run_pending() == 1
    run.refresh_from_db()
    assert (run.status, run.attempts, run.done) == ("done", 2, 4)
    assert School.objects.filter(name__in=NAMES).count() == 4


def test_a_dead_run_out_of_attempts_is_marked_failed():
    run = jobs.enqueue(sample_jobs.always_fails)
    DBTaskResult.objects.get().claim("dead")
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.RUNNING, attempts=2, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    assert jobs.recover_stale() == 0
    run.refresh_from_db()
    assert run.status == "failed" and "worker" in run.error


def test_heartbeat_keeps_a_long_step_alive():
    run = jobs.enqueue(sample_jobs.make_schools, NAMES)
    old = timezone.now() - timedelta(minutes=10)
    JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.RUNNING, heartbeat_at=old)
    jobs._running.add(run.pk)
    try:
        assert jobs.beat() == 1
    finally:
        jobs._running.discard(run.pk)
    assert jobs.recover_stale() == 0


def test_tasks_settings_default_to_the_database_and_name_what_rq_needs():
    tasks, rq = tasks_settings({})
    assert tasks["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend" and rq == {}
    tasks, rq = tasks_settings({"TRELLIS_TASKS_BACKEND": "rq", "REDIS_URL": "redis://r:6379/1"})
    assert tasks["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert rq == {"default": {"URL": "redis://r:6379/1"}}
    with pytest.raises(ImproperlyConfigured, match="needs REDIS_URL"):
        tasks_settings({"TRELLIS_TASKS_BACKEND": "rq"})
    with pytest.raises(ImproperlyConfigured, match="'celery' is not known"):
        tasks_settings({"TRELLIS_TASKS_BACKEND": "celery"})

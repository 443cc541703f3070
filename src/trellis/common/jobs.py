"""Background jobs: work that must not run inside a request (rebuilds, roster syncs, exports,
refits, statement delivery).

Jobs are Django Tasks (the `django-tasks` backport of Django 6's `django.tasks`). By default
they are stored in the database and run by `trellis worker` (which `trellis serve` starts beside
the server); a district with several machines can move them to Redis/RQ with one setting (see
docs/jobs.md). This module adds what the Tasks API leaves to the project:

- **progress**: a job receives a `Progress` and says how far it got; pages read `JobRun`;
- **retries**: a job that raises is queued again (with a growing delay) until `max_attempts`;
- **restarts**: a worker touches the run's heartbeat while the job runs; a run whose heartbeat
  stopped (its worker was killed or the machine rebooted) is queued again by the next worker;
- **idempotence**: a job must be safe to run twice. It can keep a checkpoint (what it already
  finished) so that a resumed attempt skips it; a run already done is never run again; the
  same `key` is not queued twice while a run with it is pending.

Writing a job::

    @job(max_attempts=3)
    def rebuild_readiness(progress, school_id):
        classes = ...
        progress.start(total=len(classes))
        for c in classes:
            if progress.finished(c.pk):
                continue
            ...  # one transaction per item
            progress.advance(item=c.pk)

    run = enqueue(rebuild_readiness, school.pk, key=f"rebuild:{school.pk}")

**Recurring jobs** (the weekly digest) are marked ``@periodic("week")`` (or ``"day"``) above
``@job``. Every ``trellis worker`` queues the ones due (at start, then every minute), once per
period: the run's key names the period (``periodic:<task>:2026-W48``) and a key already used
is never queued again. Nothing else schedules work; cron only runs commands (backups).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext, task, task_backends

from .errors import UserError
from .models import JobRun

logger = logging.getLogger("trellis.jobs")

# Seconds between heartbeats of a running job, and after how long without one a run counts as
# abandoned (its worker died) and is queued again.
HEARTBEAT_SECONDS = 10


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "TRELLIS_JOB_STALE_SECONDS", 120))


# The run the current worker thread is executing, for the heartbeat thread to touch.
_current = threading.local()
_running: set[int] = set()
_running_lock = threading.Lock()


class Progress:
    """What a job reports while it runs; every call is one small UPDATE outside the job's own
    transactions, so a page polling the run sees it at once."""

    def __init__(self, run: JobRun):
        self.run = run

    def start(self, total: int, message: str = "") -> None:
        self._save(total=total, message=message[:200])

    def advance(
        self, n: int = 1, *, item=None, message: str | None = None, keep: dict | None = None
    ) -> None:
        """`n` more items done; `item` (JSON) is remembered so a retry can skip it, and `keep`
        (JSON, e.g. running totals) is stored beside it for the retry to start from."""
        fields = {"done": self.run.done + n}
        if item is not None or keep:
            checkpoint = {**self.run.checkpoint, **(keep or {})}
            if item is not None:
                checkpoint["items"] = [*self.run.checkpoint.get("items", []), item]
            fields["checkpoint"] = checkpoint
        if message is not None:
            fields["message"] = message[:200]
        self._save(**fields)

    def finished(self, item) -> bool:
        """Whether an earlier attempt of this run already finished `item`."""
        return item in self.run.checkpoint.get("items", ())

    @property
    def attempt(self) -> int:
        return self.run.attempts

    def _save(self, **fields) -> None:
        fields["heartbeat_at"] = timezone.now()
        for name, value in fields.items():
            setattr(self.run, name, value)
        JobRun.objects.filter(pk=self.run.pk).update(**fields)


def _default_key(task_path: str, args, kwargs) -> str:
    blob = json.dumps([args, kwargs], sort_keys=True, default=str)
    return f"{task_path}:{hashlib.sha256(blob.encode()).hexdigest()[:24]}"


def job(function=None, *, max_attempts: int = 3, retry_delay: float = 5.0, queue_name=None):
    """Make `function(progress, *args, **kwargs)` a background job (a Django Task).

    Arguments must be JSON values (ids, not objects). A failed attempt is queued again after
    `retry_delay * attempt` seconds; a `UserError` (bad input) is not retried."""

    def decorate(func):
        @functools.wraps(func)
        def runner(context: TaskContext, *args, _trellis_run: int | None = None, **kwargs):
            task_obj = _tasks[runner.__module__, runner.__qualname__]
            result_id = str(context.task_result.id)
            run = _claim(task_obj, result_id, _trellis_run, args, kwargs, max_attempts)
            if run is None:  # already done, or another worker holds it: nothing to do
                return None
            with _running_lock:
                _running.add(run.pk)
            try:
                value = func(Progress(run), *args, **kwargs)
            except Exception as exc:
                _failed(task_obj, run, exc, args, kwargs, retry_delay)
                raise
            finally:
                with _running_lock:
                    _running.discard(run.pk)
            JobRun.objects.filter(pk=run.pk).update(
                status=JobRun.Status.DONE,
                result=value,
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
                error="",
            )
            return value

        # The Tasks API checks the signature for `context`; don't let it see `func`'s.
        del runner.__wrapped__
        options = {"takes_context": True}
        if queue_name:
            options["queue_name"] = queue_name
        task_obj = task(**options)(runner)
        _tasks[runner.__module__, runner.__qualname__] = task_obj
        _max_attempts_of[task_obj.module_path] = max_attempts
        return task_obj

    return decorate(function) if function is not None else decorate


_tasks: dict[tuple[str, str], object] = {}
_max_attempts_of: dict[str, int] = {}


def _claim(task_obj, result_id, run_id, args, kwargs, max_attempts) -> JobRun | None:
    with transaction.atomic():
        if run_id is None:
            run, _ = JobRun.objects.get_or_create(
                result_id=result_id,
                defaults={
                    "key": _default_key(task_obj.module_path, args, kwargs),
                    "task_path": task_obj.module_path,
                    "max_attempts": max_attempts,
                },
            )
            run = JobRun.objects.select_for_update().get(pk=run.pk)
        else:
            run = JobRun.objects.select_for_update().filter(pk=run_id).first()
            if run is None:
                logger.warning("Job run %s is gone; task %s does nothing.", run_id, result_id)
                return None
        if run.status in (JobRun.Status.DONE, JobRun.Status.FAILED):
            return None
        if run.result_id != result_id and run.status == JobRun.Status.RUNNING:
            # A second delivery of a run another worker is executing (at-least-once queues).
            return None
        run.status = JobRun.Status.RUNNING
        run.result_id = result_id
        run.attempts += 1
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["status", "result_id", "attempts", "heartbeat_at"])
        return run


def _failed(task_obj, run: JobRun, exc: Exception, args, kwargs, retry_delay: float) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if isinstance(exc, UserError) or run.attempts >= run.max_attempts:
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.FAILED, error=error, finished_at=timezone.now()
        )
        logger.error("Job %s failed for good after %s attempt(s): %s", run, run.attempts, error)
        return
    _requeue(task_obj, run, args, kwargs, delay=retry_delay * run.attempts, error=error)


def _requeue(task_obj, run: JobRun, args, kwargs, *, delay: float, error: str) -> None:
    later = task_obj.using(run_after=timezone.now() + timedelta(seconds=delay))
    result = later.enqueue(*args, _trellis_run=run.pk, **kwargs)
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.QUEUED, result_id=str(result.id), error=error
    )
    logger.warning("Job %s attempt %s failed (%s); queued again.", run, run.attempts, error)


def enqueue(task_obj, *args, key: str | None = None, **kwargs) -> JobRun:
    """Queue a job and return its run (progress, status). With the same `key` as a run still
    queued or running, returns that run instead of queueing the work twice."""
    key = key or _default_key(task_obj.module_path, list(args), kwargs)
    with transaction.atomic():
        pending = (
            JobRun.objects.select_for_update()
            .filter(key=key, status__in=[JobRun.Status.QUEUED, JobRun.Status.RUNNING])
            .first()
        )
        if pending is not None:
            return pending
        run = JobRun.objects.create(
            key=key,
            task_path=task_obj.module_path,
            max_attempts=_max_attempts(task_obj),
        )
        result = task_obj.enqueue(*args, _trellis_run=run.pk, **kwargs)
        run.result_id = str(result.id)
        run.save(update_fields=["result_id"])
    return run


# Recurring jobs: (task, "day" or "week"), registered by @periodic in the apps' jobs.py.
_periodic: list[tuple[object, str]] = []
PERIODS = ("day", "week")


def periodic(every: str):
    """Mark a job (decorate the result of @job) to be queued once per day or ISO week."""
    if every not in PERIODS:
        raise ValueError(f"A periodic job runs every {' or '.join(PERIODS)}, not {every!r}.")

    def decorate(task_obj):
        _periodic.append((task_obj, every))
        return task_obj

    return decorate


def period_of(every: str, now) -> str:
    """The period `now` falls in: "2026-11-28" for a day, "2026-W48" for an ISO week."""
    if every == "day":
        return now.date().isoformat()
    year, week, _ = now.isocalendar()
    return f"{year}-W{week:02d}"


def enqueue_due(now=None) -> list[JobRun]:
    """Queue every periodic job not yet queued in its current period (school-local time);
    returns the runs queued now. Safe to call often and from several workers: a period's
    key is used once."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("jobs")  # each app's jobs.py registers its periodic jobs
    now = timezone.localtime(now or timezone.now())
    queued = []
    for task_obj, every in _periodic:
        key = f"periodic:{task_obj.module_path}:{period_of(every, now)}"
        if JobRun.objects.filter(key=key).exists():
            continue
        queued.append(enqueue(task_obj, key=key))
    return queued


def _max_attempts(task_obj) -> int:
    return _max_attempts_of.get(task_obj.module_path, 3)


def beat() -> int:
    """Touch the heartbeat of every run this process is executing (the worker calls it every
    HEARTBEAT_SECONDS from a side thread, so a long step without progress is not abandoned)."""
    with _running_lock:
        ids = list(_running)
    if not ids:
        return 0
    return JobRun.objects.filter(pk__in=ids, status=JobRun.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def recover_stale(now=None) -> int:
    """Queue again every run whose worker stopped beating (killed, rebooted); a run out of
    attempts is marked failed. Safe to call from several workers at once. Returns how many."""
    from django.utils.module_loading import import_string

    now = now or timezone.now()
    recovered = 0
    with transaction.atomic():
        stale = list(
            JobRun.objects.select_for_update(skip_locked=True).filter(
                status=JobRun.Status.RUNNING, heartbeat_at__lt=now - stale_after()
            )
        )
        for run in stale:
            _abandon_backend_result(run.result_id)
            error = "The worker running this job stopped (killed or restarted)."
            if run.attempts >= run.max_attempts:
                JobRun.objects.filter(pk=run.pk).update(
                    status=JobRun.Status.FAILED, error=error, finished_at=now
                )
                continue
            task_obj = import_string(run.task_path)
            original = task_obj.get_backend().get_result(run.result_id)
            _requeue(
                task_obj,
                run,
                list(original.args),
                {k: v for k, v in original.kwargs.items() if k != "_trellis_run"},
                delay=0,
                error=error,
            )
            recovered += 1
    return recovered


def _abandon_backend_result(result_id: str) -> None:
    """On the database backend, the dead worker's task result stays RUNNING: close it."""
    if not uses_database_backend():
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=result_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="trellis.common.jobs.WorkerStopped",
        traceback="The worker running this task stopped; the job was queued again.",
    )


def uses_database_backend(alias: str = "default") -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[alias], DatabaseBackend)


def run_pending(max_tasks: int | None = None) -> int:
    """Run the database backend's ready tasks in this process, then return how many ran.

    For tests and one-off scripts; production uses `trellis worker`. Unlike the worker loop it
    never closes the database connection, so it works inside a test's transaction."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    ran = 0
    while max_tasks is None or ran < max_tasks:
        with transaction.atomic():
            found = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if found is None:
                break
            found.claim(worker.worker_id)
        worker.run_task(found)
        ran += 1
    return ran

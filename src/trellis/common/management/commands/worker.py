"""`trellis worker`: run background jobs until stopped (Ctrl-C or SIGTERM finish the current
job first). `trellis serve` starts one beside the development server. It also queues the
recurring jobs that are due (common.jobs.enqueue_due: at start, then every minute)."""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.crypto import get_random_string

from trellis.common import jobs


class Command(BaseCommand):
    help = (
        "Run background jobs (rebuilds, roster syncs, exports). With the database backend this "
        "is Django Tasks' db_worker plus retries and recovery of jobs whose worker died; with "
        "TRELLIS_TASKS_BACKEND=rq it runs an RQ worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="*", help="Queues to run, comma-separated.")
        parser.add_argument("--interval", type=float, default=1.0, help="Idle poll, seconds.")
        parser.add_argument("--batch", action="store_true", help="Run what is ready, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, queue, interval, batch, max_tasks, verbosity, **options):
        if not jobs.uses_database_backend():
            jobs.enqueue_due()  # recurring jobs due now; RQ workers run them like any other
            queues = ["default"] if queue == "*" else queue.split(",")
            call_command("rqworker", *queues, job_class="django_tasks_rq.Job", burst=batch)
            return
        recovered = jobs.recover_stale()
        if recovered and verbosity:
            self.stdout.write(f"Queued again {recovered} job(s) whose worker had stopped.")
        due = jobs.enqueue_due()
        if due and verbosity:
            self.stdout.write(f"Queued {len(due)} recurring job(s) due this period.")
        stop = threading.Event()
        side = threading.Thread(target=_heartbeat, args=(stop,), daemon=True)
        side.start()
        try:
            call_command(
                "db_worker",
                queue_name=queue,
                interval=interval,
                batch=batch,
                max_tasks=max_tasks,
                reload=False,
                startup_delay=not batch,
                worker_id=get_random_string(32),
                verbosity=verbosity,
            )
        finally:
            stop.set()


def _heartbeat(stop: threading.Event) -> None:
    """Keep this worker's running jobs alive, and pick up jobs other workers abandoned."""
    ticks = 0
    while not stop.wait(jobs.HEARTBEAT_SECONDS):
        ticks += 1
        try:
            jobs.beat()
            if ticks % 6 == 0:
                jobs.recover_stale()
                jobs.enqueue_due()
        except Exception:  # the database may be briefly away; the next beat retries
            jobs.logger.exception("Job heartbeat failed")
        finally:
            connection.close()

"""The nightly roster sync as a background job, for the job runner (trellis.common.jobs).

Queue it from a scheduler or the command (``trellis import-roster PATH --background``); a
worker runs the same import as the command and keeps the same RosterRun. Importing one set
twice changes nothing the second time, so a retried or repeated run is safe.
"""

from trellis.common.jobs import enqueue, job
from trellis.rosters.models import RosterRun

from .actions import sync_roster


@job(max_attempts=2, retry_delay=60)
def sync_roster_job(progress, source: str, school: str | None = None):
    progress.start(total=1, message=f"Importing the roster set at {source}")
    report, run = sync_roster(source, school=school, trigger=RosterRun.Trigger.TASK)
    progress.advance(item="imported", message=report.summary()[:200])
    return {"ok": report.ok, "run": run.pk if run else None, "summary": report.summary()}


def queue_sync(source: str, school: str | None = None):
    """Queue one sync of `source`; the same source is not queued twice while one waits."""
    return enqueue(sync_roster_job, str(source), school, key=f"roster-sync:{source}:{school}")

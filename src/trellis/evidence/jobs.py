"""Sending a school's statements to its learning record store, as a background job.

Retried with a growing delay (1, 2, 3, 4 minutes apart: `retry_delay * attempt`) while the
store is unreachable or failing; a refusal (wrong key, a batch the store rejects) is not
retried: the admin page shows it until it is fixed. Safe to run twice (stable statement ids,
and the connection's mark moves after each accepted batch).

Every school with a store switched on gets one delivery a day without anyone pressing
**Send now** (`deliver_daily`, a recurring job: docs/jobs.md).
"""

from trellis.common.jobs import enqueue, job, periodic

from . import actions
from .queries import delivery_key, schools_with_lrs


@job(max_attempts=5, retry_delay=60)
def deliver_to_lrs(progress, school_id: int):
    return actions.deliver_statements(school_id, progress=progress)


def queue_delivery(school_id: int):
    """Queue one delivery for the school; not twice while one waits or runs."""
    return enqueue(deliver_to_lrs, school_id, key=delivery_key(school_id))


@periodic("day")
@job(max_attempts=1)
def deliver_daily(progress):
    """Queue one delivery for each school whose store is switched on."""
    schools = schools_with_lrs()
    progress.start(total=len(schools), message="Queueing the day's deliveries")
    for school_id in schools:
        queue_delivery(school_id)
        progress.advance()
    return {"queued": len(schools)}

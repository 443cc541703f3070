"""The weekly email digest of unread notices, as a background job (trellis.common.jobs). It is
periodic: every `trellis worker` queues it once per ISO week (common.jobs.enqueue_due)."""

from trellis.common.jobs import job, periodic

from . import actions


@periodic("week")
@job(max_attempts=1)
def weekly_digest(progress):
    """Send each person who asked for it one email of their unread notices."""
    progress.start(1, "Sending weekly digests")
    sent = actions.send_digests()
    progress.advance(1, message=f"{sent} emails sent")
    return sent

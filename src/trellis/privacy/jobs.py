"""The retention sweep as a background job (see trellis.common.jobs and docs/jobs.md)."""

from trellis.common.jobs import job


@job(max_attempts=3)
def sweep_retention(progress):
    """Erase everyone whose school's retention period has passed since they left. Safe to run
    twice: an erased person is gone, so a second run finds only who is still due. It keeps no
    checkpoint on purpose: a list of erased people's ids would outlive them."""
    from . import actions, queries

    due = queries.everyone_due()
    progress.start(total=len(due), message="Erasing people who left")
    for person in due:
        actions.erase_person(None, person, confirm=person.username, reason="retention")
        progress.advance()
    return {"erased": len(due)}

"""Jobs the job-runner tests queue (a task must live at an importable module path)."""

from trellis.accounts.models import School
from trellis.common.errors import UserError
from trellis.common.jobs import job


@job(max_attempts=3, retry_delay=0)
def make_schools(progress, names, fail_on_first_attempt_after=None):
    """Creates one school per name (a plain INSERT: not idempotent by itself), skipping the
    names a previous attempt finished, so the job as a whole is."""
    progress.start(total=len(names), message="Making schools")
    for i, name in enumerate(names):
        if progress.finished(name):
            continue
        if progress.attempt == 1 and fail_on_first_attempt_after == i:
            raise RuntimeError("the database went away")
        School.objects.create(name=name, slug=name.lower())
        progress.advance(item=name)
    return {"made": School.objects.filter(name__in=names).count()}


@job(max_attempts=2, retry_delay=0)
def always_fails(progress):
    raise RuntimeError("still broken")


@job(max_attempts=3, retry_delay=0)
def bad_input(progress):
    raise UserError("Class 99 does not exist.")

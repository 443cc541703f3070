"""Background jobs of the release (see trellis.common.jobs and docs/jobs.md)."""

from django.utils.translation import gettext

from trellis.common.errors import UserError
from trellis.common.jobs import job
from trellis.rosters.models import Classroom

from .actions import rebuild_phases


@job(max_attempts=3)
def rebuild_readiness(progress, class_id: int | None = None, school_id: int | None = None):
    """`trellis rebuild-readiness --background`: rebuild phases one class at a time."""
    classroom = None
    if class_id is not None:
        classroom = Classroom.objects.filter(pk=class_id).first()
        if classroom is None:
            raise UserError(
                gettext("No class with id %(class_id)s.") % {"class_id": class_id}, field="class_id"
            )
    return rebuild_phases(classroom, school_id=school_id, progress=progress)

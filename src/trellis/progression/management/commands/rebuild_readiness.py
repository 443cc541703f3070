"""`trellis rebuild-readiness`: recompute the release's derived state from the evidence log."""

from django.core.management.base import BaseCommand, CommandError

from trellis.common.jobs import enqueue
from trellis.progression.actions import rebuild_phases
from trellis.progression.jobs import rebuild_readiness
from trellis.rosters.models import Classroom


class Command(BaseCommand):
    help = (
        "Rebuild every student's phase from the `moved` evidence, one class per transaction "
        "(readiness itself is never stored: it is recomputed from the log on every read)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--class", dest="class_id", type=int, help="Only this class (id).")
        parser.add_argument("--school", dest="school_id", type=int, help="Only this school (id).")
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue it as a background job (run by `trellis worker`) and return at once.",
        )

    def handle(self, class_id=None, school_id=None, background=False, **options):
        classroom = None
        if class_id is not None:
            classroom = Classroom.objects.filter(pk=class_id).first()
            if classroom is None:
                raise CommandError(f"No class with id {class_id}. List them with the admin pages.")
        if background:
            run = enqueue(
                rebuild_readiness,
                class_id=class_id,
                school_id=school_id,
                key=f"rebuild-readiness:{class_id}:{school_id}",
            )
            self.stdout.write(f"Queued as job run {run.pk}; `trellis worker` runs it.")
            return
        counts = rebuild_phases(classroom, school_id=school_id)
        self.stdout.write(
            f"Checked {counts['checked']} student phase(s) in {counts['classes']} class(es); "
            f"{counts['changed']} differed from the evidence log and were rebuilt."
        )

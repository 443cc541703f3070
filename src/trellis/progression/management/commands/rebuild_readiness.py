"""`trellis rebuild-readiness`: recompute the release's derived state from the evidence log."""

from django.core.management.base import BaseCommand, CommandError

from trellis.progression.actions import rebuild_phases
from trellis.rosters.models import Classroom


class Command(BaseCommand):
    help = (
        "Rebuild every student's phase from the `moved` evidence (readiness itself is never "
        "stored: it is recomputed from the log on every read)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--class", dest="class_id", type=int, help="Only this class (id).")

    def handle(self, class_id=None, **options):
        classroom = None
        if class_id is not None:
            classroom = Classroom.objects.filter(pk=class_id).first()
            if classroom is None:
                raise CommandError(f"No class with id {class_id}. List them with the admin pages.")
        counts = rebuild_phases(classroom)
        self.stdout.write(
            f"Checked {counts['checked']} student phase(s); {counts['changed']} differed from "
            "the evidence log and were rebuilt."
        )

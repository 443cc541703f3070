"""`trellis sweep-retention [--apply]`: people who left longer ago than their school keeps
data. Without --apply it is a dry run that reports, per school, how many would be erased; with
--apply it queues the sweep as a background job that `trellis worker` runs (cron runs this
nightly, see docs/operations.md)."""

from django.core.management.base import BaseCommand

from trellis.common.jobs import enqueue
from trellis.privacy import actions
from trellis.privacy.jobs import sweep_retention


class Command(BaseCommand):
    help = "Report (or, with --apply, queue the erasure of) people past their school's retention."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="erase; default is a dry run")

    def handle(self, apply, **options):
        report = actions.sweep_retention(dry_run=True)
        for line in report.lines():
            self.stdout.write(line)
        if not apply:
            self.stdout.write("Dry run: nothing was erased. Add --apply to erase.")
            return
        run = enqueue(sweep_retention, key="privacy:sweep-retention")
        self.stdout.write(f"Queued the sweep as job {run.pk}; `trellis worker` runs it.")

"""`trellis sweep-retention [--apply]`: erase people who left longer ago than their school
keeps data. Without --apply it is a dry run that only reports. Run it nightly from cron
(docs/operations.md) until Trellis has a background job runner."""

from django.core.management.base import BaseCommand

from trellis.privacy import actions


class Command(BaseCommand):
    help = "Report (or, with --apply, erase) people whose school's retention period has passed."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="erase; default is a dry run")

    def handle(self, apply, **options):
        report = actions.sweep_retention(dry_run=not apply)
        for line in report.lines():
            self.stdout.write(line)
        if report.dry_run:
            self.stdout.write("Dry run: nothing was erased. Add --apply to erase.")

"""`trellis backup --out DIR`: the database and the uploaded files, with a checksum manifest."""

from django.core.management.base import BaseCommand, CommandError

from trellis.privacy.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files into a new folder (see docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="a new or empty folder")

    def handle(self, out, **options):
        try:
            manifest = backup(out)
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"Backed up {manifest['engine']} and {len(manifest['files'])} files to {out}."
        )

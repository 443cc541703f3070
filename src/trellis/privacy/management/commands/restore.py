"""`trellis restore DIR`: put a backup back. A damaged backup is refused before anything
changes."""

from django.core.management.base import BaseCommand, CommandError

from trellis.privacy.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database and uploaded files from a backup made by `trellis backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--database", help="PostgreSQL only: restore into this database instead (a drill)"
        )
        parser.add_argument("--media", help="restore the uploaded files here instead (a drill)")

    def handle(self, folder, database=None, media=None, **options):
        try:
            manifest = restore(folder, database=database, media=media)
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"Restored the backup of {manifest['created_at']} from {folder}.")

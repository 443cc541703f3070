"""`trellis export-person USERNAME --out FILE.zip`: everything Trellis holds about one person."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trellis.accounts.models import User
from trellis.privacy import actions


class Command(BaseCommand):
    help = "Export every record about or by a person, with their files, as a zip."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--out", required=True, help="the zip file to write")

    def handle(self, username, out, **options):
        person = User.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"No person has the username {username!r}; check the spelling.")
        data = actions.export_person(None, person)
        Path(out).write_bytes(data)
        self.stdout.write(
            f"Wrote {out} ({len(data)} bytes). Its README.md says what each file holds."
        )

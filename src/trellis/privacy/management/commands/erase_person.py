"""`trellis erase-person USERNAME --yes`: erase one person (cannot be undone)."""

from django.core.management.base import BaseCommand, CommandError

from trellis.accounts.models import User
from trellis.common.errors import UserError
from trellis.privacy import actions


class Command(BaseCommand):
    help = (
        "Erase a person: their own content is deleted; what classmates depend on is kept "
        "with a nameless stand-in. Cannot be undone; export first if the person asked for it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--yes", action="store_true", help="confirm: erasure is final")

    def handle(self, username, yes, **options):
        person = User.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"No person has the username {username!r}; nothing was erased.")
        if not yes:
            raise CommandError(
                f"Erasing {username} cannot be undone. Run again with --yes to confirm."
            )
        try:
            report = actions.erase_person(None, person, confirm=username)
        except UserError as e:
            raise CommandError(e.message) from None
        self.stdout.write(
            f"Erased {username}: {report.deleted} records deleted, {report.kept} kept "
            "without a name for their classes."
        )

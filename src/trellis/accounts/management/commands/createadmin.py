import getpass

from django.core.management.base import BaseCommand, CommandError

from trellis.accounts.models import Role, School, User


class Command(BaseCommand):
    help = "Create a Trellis administrator (a school admin who may also use /django-admin/)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--school", help="slug of the school this admin manages")
        parser.add_argument(
            "--password-env",
            help="read the password from this environment variable instead of prompting",
        )

    def handle(self, username, email, school, password_env, **options):
        import os

        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named “{username}” already exists; choose another name.")
        school_obj = None
        if school:
            school_obj = School.objects.filter(slug=school).first()
            if school_obj is None:
                slugs = ", ".join(School.objects.values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"No school with slug “{school}”. Known schools: {slugs}.")
        if password_env:
            password = os.environ.get(password_env)
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty or unset.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ; nothing was created.")
        User.objects.create_superuser(
            username=username, email=email, password=password, role=Role.ADMIN, school=school_obj
        )
        self.stdout.write(f"Administrator “{username}” created.")

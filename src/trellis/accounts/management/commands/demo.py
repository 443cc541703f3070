from django.core.management.base import BaseCommand

from trellis.demo import DEMO_PASSWORD, build_demo, demo_logins


class Command(BaseCommand):
    help = "Create the demo school, or refresh it if it exists (nothing is deleted)."

    def handle(self, *args, **options):
        ctx = build_demo()
        students = sum(len(s) for s in ctx.students_by_class.values())
        self.stdout.write(
            f"Demo school ready: {ctx.school.name}, "
            f"{len(ctx.classes)} classes, {students} students."
        )
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        for role, username, what in demo_logins(ctx):
            self.stdout.write(f"  {role:<8} {username:<22} {what}")

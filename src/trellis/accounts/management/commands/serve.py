from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Trellis for development on 127.0.0.1 (use gunicorn in production)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, port, host, **options):
        call_command("runserver", f"{host}:{port}", use_reloader=False)

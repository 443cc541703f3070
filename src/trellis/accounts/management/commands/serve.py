"""`trellis serve`: the web server and, beside it, a background-job worker.

Without `--workers` it is Django's development server (one process, threads). With
`--workers N` it is gunicorn with N processes, the production server (static files through
WhiteNoise under the production settings). Either way a `trellis worker` runs beside it unless
`--no-worker` (e.g. when workers run on other machines) and stops when the server stops."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Trellis on 127.0.0.1 with a job worker beside it (--workers N: gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--workers", type=int, default=0, help="Serve with gunicorn and this many processes."
        )
        parser.add_argument("--threads", type=int, default=1, help="Threads per gunicorn worker.")
        parser.add_argument(
            "--no-worker",
            dest="with_worker",
            action="store_false",
            help="Do not start a background-job worker beside the server.",
        )

    def handle(self, port, host, workers, threads, with_worker, **options):
        # SIGTERM (systemd, a supervisor) stops the server and its worker like Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        worker = _start_worker() if with_worker else None
        try:
            if workers > 0:
                _gunicorn(host, port, workers, threads)
            else:
                call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                _stop(worker)


def _trellis() -> list[str]:
    exe = Path(sys.executable).with_name("trellis")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "trellis.cli"]


def _start_worker() -> subprocess.Popen:
    # Our own executable with fixed arguments, no shell.
    return subprocess.Popen([*_trellis(), "worker"], env=os.environ.copy())  # noqa: S603


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # finishes the job it is running, then exits
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    exe = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(exe) if exe.exists() else "gunicorn",
        "trellis.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
    ]
    process = subprocess.Popen(cmd, env=os.environ.copy())  # noqa: S603 (fixed argv)
    try:
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        _stop(process)

"""`trellis serve --workers N`: gunicorn processes, static files through WhiteNoise, and a job
worker beside them that stops with the server."""

import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.migrated import TRELLIS, command_env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def test_serve_with_gunicorn_workers_serves_pages_and_static_then_stops_cleanly(
    migrated_data_dir,
):
    env = command_env(
        migrated_data_dir,
        DJANGO_SETTINGS_MODULE="trellis.settings.production",
        TRELLIS_SECRET_KEY=secrets.token_urlsafe(60),
        TRELLIS_SSL_REDIRECT="0",
    )
    # A deploy's steps: migrate (the copied database is migrated: nothing left to apply),
    # collect the static files, serve.
    for args in (["migrate", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        done = subprocess.run([str(TRELLIS), *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    port = _free_port()
    server = subprocess.Popen(
        [str(TRELLIS), "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert body is not None and "csrfmiddlewaretoken" in body
        css = next(p for p in body.split('"') if p.startswith("/static/") and p.endswith(".css"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{css}", timeout=5) as r:
            assert r.status == 200
            assert "max-age=315360000" in r.headers["Cache-Control"]  # WhiteNoise, hashed name
        kids = _children(server.pid)
        assert len(kids) == 2  # gunicorn's arbiter and the job worker
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    time.sleep(1)
    for pid in kids:
        assert (
            not Path(f"/proc/{pid}").exists()
            or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
        )

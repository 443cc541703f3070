import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from trellis.settings.base import DEV_SECRET_KEY

TRELLIS = Path(sys.executable).with_name("trellis")


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trellis.settings.production",
        "TRELLIS_SECRET_KEY": secrets.token_urlsafe(60),
        "TRELLIS_ALLOWED_HOSTS": "trellis.example.org",
        "TRELLIS_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    out = subprocess.run(
        [str(TRELLIS), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trellis.settings.production",
        "TRELLIS_DATA_DIR": str(tmp_path),
    }
    env.pop("TRELLIS_SECRET_KEY", None)
    out = subprocess.run(
        [str(TRELLIS), "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode != 0
    assert "TRELLIS_SECRET_KEY" in out.stderr


def _import_entry_point(module: str, tmp_path, **extra):
    env = {**os.environ, "TRELLIS_DATA_DIR": str(tmp_path), **extra}
    for name in ("DJANGO_SETTINGS_MODULE", "TRELLIS_SECRET_KEY", "DATABASE_URL"):
        if name not in extra:
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["trellis.wsgi", "trellis.asgi"])
def test_wsgi_and_asgi_default_to_production_and_say_what_to_set(module, tmp_path):
    """Forgetting DJANGO_SETTINGS_MODULE must not serve the development settings (DEBUG on, a
    public key with which anonymous answers could be linked to students)."""
    out = _import_entry_point(module, tmp_path)
    assert out.returncode != 0
    assert "TRELLIS_SECRET_KEY is not set" in out.stderr
    assert "secrets.token_urlsafe(50)" in out.stderr
    public = _import_entry_point(module, tmp_path, TRELLIS_SECRET_KEY=DEV_SECRET_KEY)
    assert public.returncode != 0 and "public development key" in public.stderr
    short = _import_entry_point(module, tmp_path, TRELLIS_SECRET_KEY="abc123")
    assert short.returncode != 0 and "too short" in short.stderr
    good = _import_entry_point(
        module,
        tmp_path,
        TRELLIS_SECRET_KEY=secrets.token_urlsafe(60),
        TRELLIS_ALLOWED_HOSTS="trellis.example.org",
    )
    assert good.returncode == 0, good.stderr

import os
import secrets
import subprocess
import sys
from pathlib import Path

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

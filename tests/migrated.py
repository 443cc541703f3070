"""A data directory whose SQLite database has every migration applied, for the tests that run
`trellis` commands in their own process (tests/test_cli.py, tests/test_serve.py,
tests/common/test_worker_command.py) and for tests/test_migrations.py on SQLite, which compares
its schema with the models'.

Migrating a fresh SQLite file takes about 13 CPU seconds. It is done once per pytest run, by
`trellis migrate` itself on an empty file, shared by the xdist workers (under a lock, in the
run's shared temporary directory), and each test gets its own copy: tests/test_cli.py builds
the demo school in one (`make run`'s path: migrate an empty data dir, then `trellis demo`).
"""

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TRELLIS = Path(sys.executable).with_name("trellis")
DATABASE = "trellis.sqlite3"


def command_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `trellis` command on `data_dir`'s SQLite database: none of the
    test run's own database or settings."""
    drop = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["TRELLIS_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def _shared_root(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker has its own base; their parent belongs to this run only.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def _migrated_database(tmp_path_factory) -> Path:
    root = _shared_root(tmp_path_factory)
    built = root / "migrated"
    with open(root / "migrated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (built / DATABASE).exists():
            work = root / "migrated-building"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            done = subprocess.run(
                [str(TRELLIS), "migrate", "-v", "0"],
                env=command_env(work),
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            work.rename(built)  # whole, or not at all
    return built / DATABASE


@pytest.fixture
def migrated_data_dir(_migrated_database, tmp_path) -> Path:
    """A fresh data dir (`tmp_path`) holding its own copy of the migrated database."""
    shutil.copy(_migrated_database, tmp_path / DATABASE)
    return tmp_path

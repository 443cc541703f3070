"""Shared fixtures. Django is imported inside them so that the engine's tests (tests/grr)
also run without Django: `pytest tests/grr -p no:django -o addopts=""` (the project's addopts
name pytest-django's --no-migrations, which that plugin adds)."""

import os

import pytest

from tests.migrated import _migrated_database, migrated_data_dir  # noqa: F401 (fixtures)


@pytest.fixture
def count_queries():
    """Run a callable and return how many queries it made (for query budgets)."""

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    return run


@pytest.fixture
def world(db):
    """Two schools and every kind of person a permission test needs (see `build_world`)."""
    from tests.world import build_world

    return build_world()


def _django_configured() -> bool:
    """False when the engine's tests run without Django (`-p no:django`)."""
    try:
        from django.conf import settings
    except ImportError:
        return False
    return settings.configured


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_on_postgresql():
    """After each transactional test (the browser tests and a few others) Django empties every
    table with one `TRUNCATE` of all 135: on PostgreSQL that makes a new file for each table
    and index, about 0.85 s per test here. `DELETE FROM` each table, with the foreign-key
    triggers off for the flush's own transaction (`SET LOCAL session_replication_role =
    replica`, which needs a superuser, as the test user is; otherwise the TRUNCATE stays),
    leaves the same empty tables in about 15 ms: a test leaves a few rows, not millions.
    Sequences are not reset either way (Django's flush keeps them unless a test asks, and then
    the TRUNCATE is used)."""
    if not _django_configured():  # the engine's tests, run without Django
        yield
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    ops = type(connection.ops)
    truncate = ops.sql_flush
    superuser: list[bool] = []

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not superuser:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                superuser.append(cursor.fetchone()[0])
        if not tables or reset_sequences or not superuser[0]:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            "SET LOCAL session_replication_role = replica",
            *(f"DELETE FROM {self.quote_name(table)}" for table in tables),
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ops, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def _fresh_shared_cache():
    """Test databases reuse ids after a rollback: nothing cached may leak across tests. (The
    engine's tests run without Django: then there is no cache.)"""
    if not _django_configured():
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _uses_database(item) -> bool:
    """A test that asks for no database fixture cannot reach the database (pytest-django
    blocks it), so its result cannot depend on the backend."""
    if item.get_closest_marker("one_backend"):
        return False
    if item.get_closest_marker("django_db"):
        return True
    names = getattr(item, "fixturenames", ())
    # live_server asks for the database at run time (pytest-django's _live_server_helper).
    return "django_db_setup" in names or "live_server" in names


# Modules that take long and hold few tests (a browser, a subprocess, the demo school), run
# first. pytest-xdist hands whole modules (--dist loadfile) to the worker that is free; run last,
# one of these leaves the other worker idle until it ends. scripts/test.sh turns off xdist's own
# ordering by test count (--no-loadscope-reorder), which would put exactly these last.
LONG_FIRST = (
    "tests/e2e/",
    "tests/demo/",
    "tests/test_serve.py",
    "tests/common/test_worker_command.py",
    "tests/test_cli.py",
    "tests/test_api_contract.py",
    "tests/test_migrations.py",
)


def _long_first(item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return 0 if path.startswith(LONG_FIRST) else 1


def pytest_collection_modifyitems(config, items):
    items.sort(key=_long_first)  # stable: every module's tests stay together and in order
    _keep_database_tests(config, items)


def _keep_database_tests(config, items):
    """The second backend's run (`make test` sets TRELLIS_DATABASE_TESTS_ONLY=1 for PostgreSQL)
    runs only the tests that touch the database: the others (the pure engine, static checks,
    the commands run in their own SQLite data dir, and the `one_backend` browser tests, which
    check markup, layout and words that are the same on both) already ran, unchanged, in the
    first run. The run's summary says how many, and why (`pytest_terminal_summary`)."""
    if os.environ.get("TRELLIS_DATABASE_TESTS_ONLY") != "1":
        return
    keep, left_out = [], []
    for item in items:
        (keep if _uses_database(item) else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = keep
    _note_left_out(config, len(left_out), sum(1 for i in left_out if "/e2e/" in i.nodeid))


def _note_left_out(config, tests: int, browser: int) -> None:
    config.stash[LEFT_OUT] = (tests, browser)
    if hasattr(config, "workeroutput"):  # an xdist worker: tell the controller
        config.workeroutput["trellis_left_out"] = (tests, browser)


LEFT_OUT = pytest.StashKey[tuple]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist: each worker collected every test, so each reports the same numbers."""
    left_out = getattr(node, "workeroutput", {}).get("trellis_left_out")
    if left_out:
        node.config.stash[LEFT_OUT] = tuple(left_out)


def pytest_terminal_summary(terminalreporter, config):
    tests, browser = config.stash.get(LEFT_OUT, (0, 0))
    if tests:
        terminalreporter.write_line(
            f"Not run again on this backend: {tests} tests that ran in the first (SQLite) run "
            f"and cannot depend on the database ({browser} of them browser tests marked "
            "one_backend: markup, layout and words); see tests/conftest.py _uses_database."
        )

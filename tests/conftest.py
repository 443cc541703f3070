"""Shared fixtures. Django is imported inside them so that the engine's tests (tests/grr)
also run without Django: `pytest tests/grr -p no:django`."""

import os

import pytest


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


@pytest.fixture(autouse=True)
def _fresh_shared_cache():
    """Test databases reuse ids after a rollback: nothing cached may leak across tests. (The
    engine's tests run without Django: then there is no cache.)"""
    try:
        from django.conf import settings

        if not settings.configured:
            raise ImportError
        from django.core.cache import cache
    except ImportError:
        yield
        return
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


def pytest_collection_modifyitems(config, items):
    """The second backend's run (`make test` sets TRELLIS_DATABASE_TESTS_ONLY=1 for PostgreSQL)
    runs only the tests that touch the database: the others (the pure engine, static checks,
    the commands run in their own SQLite data dir, and the `one_backend` browser walks of every
    page, whose markup is the same on both) already ran, unchanged, in the first run.
    pytest reports them as deselected, with their number."""
    if os.environ.get("TRELLIS_DATABASE_TESTS_ONLY") != "1":
        return
    keep = [item for item in items if _uses_database(item)]
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if not _uses_database(i)])
        items[:] = keep

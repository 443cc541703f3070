"""Rows built once for a whole test module and rolled back at its end, with every test still
isolated: Django's `TestCase.setUpTestData`, for pytest.

    _school_rows = built_once(lambda: build_school("large"))   # module-scoped

    @pytest.fixture
    def school(request, _school_rows, db):
        return for_test(request, _school_rows)   # a deep copy, fresh for each test

The module's rows are written inside a transaction opened before its first test and rolled
back after its last. Each test runs, as every `db` test does, inside a savepoint of its own
(pytest-django's TestCase atomics, nested), so what a test writes is undone before the next
test, and the Python objects it gets are a deep copy (as `setUpTestData` gives), so what a
test changes on them does not leak either. The database is reachable only while the rows are
built and rolled back, never in between: a test that asks for no database still gets none.

Only for modules (classes) whose tests all use `db`, not `transactional_db` or `live_server`
(which would commit or flush the shared transaction): `for_test` refuses any other test.
"""

import copy
import inspect

import pytest


def _atomic_all():
    from django.db import connections, transaction

    return [transaction.atomic(using=alias) for alias in connections]


def built_once(build, scope="module"):
    """A module-scoped (or `scope="class"`) fixture: `build()` run once, its rows kept until
    the module (class) ends. Tests do not take it directly: a function fixture returns
    `for_test(request, rows)`. A `build` taking one argument receives a directory of its own
    (for uploaded files)."""

    @pytest.fixture(scope=scope)
    def rows(django_db_setup, django_db_blocker, tmp_path_factory):
        from django.core.cache import cache
        from django.db import transaction

        with django_db_blocker.unblock():
            atomics = _atomic_all()
            for atomic in atomics:
                atomic.__enter__()
            try:
                if inspect.signature(build).parameters:
                    built = build(tmp_path_factory.mktemp("built_once"))
                else:
                    built = build()
            except BaseException:
                _roll_back(atomics, transaction)
                raise
            cache.clear()  # tests start with a clear cache (tests/conftest.py)
        yield built
        with django_db_blocker.unblock():
            _roll_back(atomics, transaction)

    return rows


def for_test(request, rows):
    """A deep copy of `rows` for one test, which must run in a transaction (`db`)."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in names or "live_server" in names
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        transactional = True
    if transactional or "db" not in names:
        pytest.fail("rows built once need tests in a transaction (`db`), not transactional_db")
    return copy.deepcopy(rows)


def _roll_back(atomics, transaction):
    for atomic in reversed(atomics):
        transaction.set_rollback(True, using=atomic.using)
        atomic.__exit__(None, None, None)

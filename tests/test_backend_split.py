"""`make test` runs the suite on SQLite, then on PostgreSQL only the tests that can reach a
database (TRELLIS_DATABASE_TESTS_ONLY=1): these check how a test is classified."""

import pytest

from tests.conftest import _uses_database


def test_a_test_with_the_db_fixture_runs_on_both_backends(db, request):
    assert _uses_database(request.node)


@pytest.mark.django_db
def test_a_test_with_the_django_db_mark_runs_on_both_backends(request):
    assert _uses_database(request.node)


def test_a_browser_test_runs_on_both_backends():
    # Every browser test uses live_server (through new_page), which asks for the database only
    # at run time: its static fixture closure has no django_db_setup.
    class BrowserTest:
        fixturenames = ("new_page", "browser", "live_server", "request")

        def get_closest_marker(self, name):
            return None

    assert _uses_database(BrowserTest())


def test_a_test_without_a_database_runs_once(request):
    assert not _uses_database(request.node)

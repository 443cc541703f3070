"""The suite itself: under pytest-xdist every worker has a database of its own."""

import os

import pytest
from django.db import connection

from tests.shared_rows import built_once, for_test

pytestmark = pytest.mark.django_db


def test_each_worker_has_its_own_test_database():
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if connection.vendor == "sqlite":
        # In memory: private to the worker's process (the live server shares its connection).
        assert connection.is_in_memory_db()
    elif worker:
        assert connection.settings_dict["NAME"].endswith(f"_{worker}"), connection.settings_dict[
            "NAME"
        ]
    else:
        assert connection.settings_dict["NAME"].startswith("test_")


# tests/shared_rows.py: rows built once for a class stay isolated between its tests.
def _shared_school():
    from tests.factories import SchoolFactory

    return SchoolFactory(name="Built once")


_school_rows = built_once(_shared_school, scope="class")


@pytest.fixture
def shared_school(request, _school_rows, db):
    return for_test(request, _school_rows)


class TestBuiltOnce:
    def test_a_test_changes_the_rows_and_the_objects(self, shared_school):
        from tests.factories import SchoolFactory

        shared_school.name = "Changed"
        shared_school.save()
        SchoolFactory(name="Added by a test")

    def test_the_next_test_sees_none_of_it(self, shared_school):
        from trellis.accounts.models import School

        assert shared_school.name == "Built once"
        assert School.objects.get(pk=shared_school.pk).name == "Built once"
        assert not School.objects.filter(name="Added by a test").exists()


def test_the_rows_are_gone_after_the_class():
    from trellis.accounts.models import School

    assert not School.objects.filter(name__in=["Built once", "Changed"]).exists()

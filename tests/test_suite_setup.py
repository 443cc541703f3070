"""The suite itself: under pytest-xdist every worker has a database of its own."""

import os

import pytest
from django.db import connection

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

"""One demo school for every test that reads it.

Building the demo school takes tens of seconds, and a dozen tests read it. Here it is built
once per test run (and built a second time, which must change nothing), inside a transaction
that is rolled back when the package ends. Every test runs in its own savepoint on top of it
(pytest-django's ``db``), so a test that changes the demo (an erasure, an import) leaves the
next test the demo as built. The tests live in one module (test_demo.py) and
`scripts/test.sh` runs xdist with ``--dist loadfile``: one worker runs them one after another,
and the demo is built once. (``--dist loadgroup`` with ``xdist_group`` would allow several
modules, but with pytest 9.2 and xdist 3.8 it does not keep a group on one worker.)
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings

from tests.privacy.conftest import bump_user_ids

DEMO = [pytest.mark.django_db]


def model_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in ("sessions", "admin", "contenttypes", "auth")
    }


@dataclass
class DemoWorld:
    ctx: object  # trellis.demo.DemoContext
    first: dict[str, int]  # rows per model after the first build
    second: dict[str, int]  # ... and after building it again
    media: Path


@pytest.fixture(scope="package")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from trellis.demo import build_demo

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            bump_user_ids()  # long, distinctive user ids: the erasure scan looks for them
            ctx = build_demo()
            first = model_counts()
            build_demo()
            yield DemoWorld(ctx, first, model_counts(), media)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_world, db, settings):
    """The demo school's context, for a test running in its own savepoint on top of it."""
    settings.MEDIA_ROOT = str(demo_world.media)
    return demo_world.ctx


@pytest.fixture
def media(demo, settings, tmp_path):
    """A copy of the demo's uploaded files for one test (files are not rolled back)."""
    copy = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, copy)
    settings.MEDIA_ROOT = str(copy)
    return copy

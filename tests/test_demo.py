import pytest
from django.apps import apps

from trellis.demo import build_demo
from trellis.rosters.teaming import MAX_SIZE, MIN_SIZE

pytestmark = pytest.mark.django_db


def _counts():
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in ("sessions", "admin", "contenttypes", "auth")
    }


def test_demo_is_complete_and_a_second_run_changes_no_counts():
    ctx = build_demo()
    first = _counts()
    assert first["accounts.User"] >= 100
    assert len(ctx.classes) == 4
    for classroom in ctx.classes:
        sizes = [t.memberships.count() for t in classroom.teams.all()]
        assert sizes and all(MIN_SIZE <= s <= MAX_SIZE for s in sizes)
    build_demo()
    assert _counts() == first


def test_demo_logins_work(client):
    build_demo()
    for username in ("teacher.rivera", "principal.okafor", "admin"):
        assert client.login(username=username, password="trellis-demo"), username

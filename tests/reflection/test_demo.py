"""The demo school has journals, a portfolio at every audience step and a guardian login."""

import pytest

from trellis.demo import build_demo, demo_logins
from trellis.reflection.models import Audience, Collection, Reflection, Revisit
from trellis.reflection.permissions import collections_visible_to

pytestmark = pytest.mark.django_db


def test_demo_reflection(client):
    ctx = build_demo()
    assert Reflection.objects.filter(moment="lesson", shown_to_class=True).exists()
    assert Reflection.objects.filter(author__role="student").count() >= 10
    assert Revisit.objects.exists()
    steps = set(Collection.objects.values_list("effective_audience", flat=True))
    assert set(Audience.values) <= steps
    guardian = next(u for role, u, _ in demo_logins(ctx) if role == "Guardian")
    assert client.login(username=guardian, password="trellis-demo")
    from trellis.accounts.models import User

    g = User.objects.get(username=guardian)
    assert collections_visible_to(g).filter(effective_audience=Audience.FAMILY).exists()
    r = client.get("/reflection/family/")
    assert r.status_code == 200

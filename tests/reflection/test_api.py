"""/api/v1/reflection: who reads what (a forbidden object answers 404 like a missing one), what
the family view holds, and fixed query budgets for few and many rows."""

import pytest

from tests.budgets import assert_budget
from tests.reflection.conftest import collection_of, reflection_of
from tests.reflection.test_permissions import PEOPLE, codes
from tests.reflection.test_permissions import _m_rows as _m_rows  # built once per module
from tests.reflection.test_permissions import m as m  # the fixture
from trellis.reflection import actions
from trellis.reflection.models import Audience

pytestmark = pytest.mark.django_db

OBJECTS = [
    (
        "own reflection",
        lambda m: f"/api/v1/reflection/reflections/{m.reflection.pk}",
        codes(anonymous=401, student=200, teacher=200, admin=200, rest=404),
    ),
    (
        "family collection",
        lambda m: f"/api/v1/reflection/collections/{m.collection.pk}",
        codes(anonymous=401, student=200, teacher=200, admin=200, guardian=200, rest=404),
    ),
    (
        "private collection",
        lambda m: f"/api/v1/reflection/collections/{m.private.pk}",
        codes(anonymous=401, student=200, teacher=200, admin=200, rest=404),
    ),
    (
        "missing collection",
        lambda m: "/api/v1/reflection/collections/999999",
        codes(anonymous=401, rest=404),
    ),
]


@pytest.mark.parametrize("name,url,expected", OBJECTS, ids=[o[0] for o in OBJECTS])
def test_object_matrix(client, m, name, url, expected):
    for actor in PEOPLE:
        client.logout()
        if actor != "anonymous":
            client.force_login(getattr(m, actor))
        r = client.get(url(m))
        assert r.status_code == expected[actor], (name, actor, r.status_code)


def test_lists_are_the_callers_own(client, m):
    client.force_login(m.student)
    assert {c["id"] for c in client.get("/api/v1/reflection/collections").json()} == {
        m.collection.pk,
        m.private.pk,
    }
    assert m.reflection.pk in {r["id"] for r in client.get("/api/v1/reflection/reflections").json()}
    client.force_login(m.classmate)
    assert client.get("/api/v1/reflection/collections").json() == []
    assert m.reflection.pk not in {
        r["id"] for r in client.get("/api/v1/reflection/reflections").json()
    }


def test_the_family_view_holds_only_what_was_shared_and_first_names(client, m):
    client.force_login(m.guardian)
    (child,) = client.get("/api/v1/reflection/family/children").json()
    assert child["id"] == m.student.pk and child["first_name"] == m.student.first_name
    assert [c["id"] for c in child["collections"]] == [m.collection.pk]
    assert child["collections"][0]["student"] == m.student.first_name
    assert child["collections"][0]["audience"] == Audience.FAMILY.label
    listed = client.get("/api/v1/reflection/collections").json()
    assert [c["id"] for c in listed] == [m.collection.pk]
    detail = client.get(f"/api/v1/reflection/collections/{m.collection.pk}").json()
    assert m.student.last_name not in detail["student"]
    assert [p["kind"] for p in detail["pieces"]] == ["reflection"]
    # The guardian of another child sees no child and no collection.
    client.force_login(m.other_guardian)
    assert client.get("/api/v1/reflection/family/children").json() == [
        {"id": m.other_student.pk, "first_name": m.other_student.first_name, "collections": []}
    ]
    assert client.get("/api/v1/reflection/collections").json() == []
    # A link that ended: nothing at all.
    actions.end_guardian_link(m.teacher, m.link_row.pk)
    client.force_login(m.guardian)
    assert client.get("/api/v1/reflection/family/children").json() == []
    assert client.get(f"/api/v1/reflection/collections/{m.collection.pk}").status_code == 404


def test_notices_are_the_callers_own(client, m):
    actions.notify([m.student], "approved", "Your collection was approved.", "/x/")
    client.force_login(m.student)
    notes = client.get("/api/v1/reflection/notices").json()
    assert "Your collection was approved." in [n["text"] for n in notes]
    assert all(n["read"] is False for n in notes)
    client.force_login(m.other_student)
    assert "Your collection was approved." not in [
        n["text"] for n in client.get("/api/v1/reflection/notices").json()
    ]


def test_budgets_same_for_few_and_many(client, m):
    for n in (1, 15):
        for _ in range(n):
            reflection_of(m)
            c = collection_of(m, Audience.FAMILY)
            actions.approve_audience(m.teacher, c.pk)
            actions.notify([m.student, m.guardian], "shared", "Something new.", "/x/")
        client.force_login(m.student)
        assert_budget(client, "api-v1:list_journal_entries", 3)
        assert_budget(client, "api-v1:get_journal_entry", 3, m.reflection.pk)
        assert_budget(client, "api-v1:list_portfolio_collections", 3)
        assert_budget(client, "api-v1:get_portfolio_collection", 6, m.collection.pk)
        assert_budget(client, "api-v1:list_notices", 3)
        client.force_login(m.guardian)
        assert_budget(client, "api-v1:list_family_children", 4)
        assert_budget(client, "api-v1:get_portfolio_collection", 5, m.collection.pk)

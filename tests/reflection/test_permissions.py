"""Who gets what, for every page and action of the reflection app, at every audience step.

Actors are the `world` people (tests/permissions.py) plus `guardian` (of `student`) and
`other_guardian` (of `other_student`, another class). `student` owns every piece here. A
forbidden object answers like a missing one (404).
"""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.permissions import ACTORS
from tests.reflection.conftest import WEBM, build_refl, collection_of
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.reflection import actions
from trellis.reflection.models import Audience, Collection

pytestmark = pytest.mark.django_db

PEOPLE = [*ACTORS, "guardian", "other_guardian"]


def codes(**given):
    rest = given.pop("rest")
    return {a: given.get(a, rest) for a in PEOPLE}


STAFF = {"teacher": 200, "admin": 200}


def _build_m(w):
    w.reflection = actions.write_reflection(
        w.student,
        w.klass,
        moment="guided",
        body="Planning first helped.",
        audio=SimpleUploadedFile("r.webm", WEBM, "audio/webm"),
    )
    w.revisit = actions.make_revisit(
        w.student,
        w.klass,
        then_kind="revision",
        then_id=w.revision.pk,
        now_kind="reflection",
        now_id=w.reflection.pk,
        note="Now I plan before I write.",
    )
    w.collection = collection_of(w, Audience.FAMILY)
    actions.approve_audience(w.teacher, w.collection.pk)
    w.private = collection_of(w)
    w.response = actions.respond(w.guardian, w.collection, body="Lovely", helped=True)
    w.invite = actions.make_family_invite(w.teacher, w.klass, w.student.pk)
    w.link_row = w.guardian.children_links.get()
    return w


def _build_once(media):
    with override_settings(MEDIA_ROOT=media):
        return media, _build_m(build_refl(build_world()))


# Built once for the module (tests/shared_rows.py): each test gets its own savepoint, a copy of
# the objects and a copy of the uploaded files (the recording).
_m_rows = built_once(_build_once)


@pytest.fixture
def m(request, _m_rows, db, tmp_path, settings):
    media, w = for_test(request, _m_rows)
    settings.MEDIA_ROOT = tmp_path / "media"
    shutil.copytree(media, settings.MEDIA_ROOT)
    return w


def _run(client, m, actor, method, url, data=None):
    client.logout()
    if actor != "anonymous":
        client.force_login(getattr(m, actor))
    return getattr(client, method)(url, data or {})


FAMILY_SEES = {"student": 200, "teacher": 200, "admin": 200, "guardian": 200}

PAGES = [
    (
        "journal",
        "get",
        lambda m: f"/reflection/classes/{m.klass.pk}/journal/",
        codes(anonymous=302, student=200, teacher=302, admin=302, rest=404),
    ),
    (
        "timeline",
        "get",
        lambda m: f"/reflection/classes/{m.klass.pk}/timeline/",
        codes(anonymous=302, student=200, rest=404),
    ),
    (
        "class page",
        "get",
        lambda m: f"/reflection/classes/{m.klass.pk}/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "new revisit",
        "get",
        lambda m: f"/reflection/classes/{m.klass.pk}/revisits/new/",
        codes(anonymous=302, student=200, rest=404),
    ),
    (
        "collections",
        "get",
        lambda m: f"/reflection/classes/{m.klass.pk}/collections/",
        codes(anonymous=302, student=200, rest=404),
    ),
    (
        "approvals",
        "get",
        lambda m: f"/reflection/classes/{m.klass.pk}/approvals/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "family codes",
        "get",
        lambda m: f"/reflection/classes/{m.klass.pk}/family-codes/",
        codes(anonymous=302, **STAFF, rest=404),
    ),
    (
        "transcript",
        "get",
        lambda m: f"/reflection/reflections/{m.reflection.pk}/transcript/",
        codes(anonymous=302, student=200, rest=404),
    ),
    (
        "audio",
        "get",
        lambda m: f"/reflection/reflections/{m.reflection.pk}/audio/",
        codes(anonymous=302, student=200, **STAFF, rest=404),
    ),
    (
        "revisit",
        "get",
        lambda m: f"/reflection/revisits/{m.revisit.pk}/",
        codes(anonymous=302, student=200, **STAFF, rest=404),
    ),
    (
        "family collection",
        "get",
        lambda m: f"/reflection/collections/{m.collection.pk}/",
        codes(anonymous=302, **FAMILY_SEES, rest=404),
    ),
    (
        "private collection",
        "get",
        lambda m: f"/reflection/collections/{m.private.pk}/",
        codes(anonymous=302, student=200, **STAFF, rest=404),
    ),
    (
        "conference",
        "get",
        lambda m: f"/reflection/collections/{m.collection.pk}/conference/",
        codes(anonymous=302, **FAMILY_SEES, rest=404),
    ),
    (
        "respond page",
        "get",
        lambda m: f"/reflection/collections/{m.collection.pk}/respond/",
        codes(anonymous=302, **FAMILY_SEES, rest=404),
    ),
    (
        "family home",
        "get",
        lambda m: "/reflection/family/",
        codes(anonymous=302, guardian=200, other_guardian=200, rest=404),
    ),
    (
        "child",
        "get",
        lambda m: f"/reflection/family/children/{m.student.pk}/",
        codes(anonymous=302, guardian=200, rest=404),
    ),
    (
        "child class",
        "get",
        lambda m: f"/reflection/family/children/{m.student.pk}/classes/{m.klass.pk}/",
        codes(anonymous=302, guardian=200, rest=404),
    ),
    ("join", "get", lambda m: "/reflection/family/join/", codes(rest=200)),
    ("notices", "get", lambda m: "/reflection/notices/", codes(anonymous=302, rest=200)),
    ("bell", "get", lambda m: "/reflection/notices/bell/", codes(anonymous=302, rest=200)),
    # Actions: 404 for whoever may not, a redirect (302) for whoever may.
    (
        "prompt",
        "post",
        lambda m: f"/reflection/classes/{m.klass.pk}/prompts/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "invite",
        "post",
        lambda m: f"/reflection/classes/{m.klass.pk}/family-codes/new/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "require",
        "post",
        lambda m: f"/reflection/assignments/{m.assignment.pk}/revisit/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "add piece",
        "post",
        lambda m: f"/reflection/collections/{m.collection.pk}/pieces/",
        codes(anonymous=302, student=302, rest=404),
    ),
    (
        "audience",
        "post",
        lambda m: f"/reflection/collections/{m.collection.pk}/audience/",
        codes(anonymous=302, student=302, rest=404),
    ),
    (
        "approve",
        "post",
        lambda m: f"/reflection/collections/{m.collection.pk}/approve/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "consent",
        "post",
        lambda m: f"/reflection/collections/{m.collection.pk}/consent/",
        codes(anonymous=302, guardian=302, rest=404),
    ),
    (
        "make link",
        "post",
        lambda m: f"/reflection/collections/{m.collection.pk}/links/",
        codes(anonymous=302, student=302, rest=404),
    ),
    (
        "moderate",
        "post",
        lambda m: f"/reflection/responses/{m.response.pk}/moderate/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "end link",
        "post",
        lambda m: f"/reflection/family/links/{m.link_row.pk}/end/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "age page",
        "get",
        lambda m: f"/reflection/students/{m.student.pk}/age/",
        codes(anonymous=302, admin=200, rest=404),
    ),
    (
        "set age",
        "post",
        lambda m: f"/reflection/students/{m.student.pk}/age/",
        # The admin may post; an empty form is then a bad-input page (400), not a 404.
        codes(anonymous=302, admin=400, rest=404),
    ),
    ("read all", "post", lambda m: "/reflection/notices/read/", codes(anonymous=302, rest=302)),
    ("digest", "post", lambda m: "/reflection/notices/digest/", codes(anonymous=302, rest=302)),
]


@pytest.mark.parametrize("name,method,url,expected", PAGES, ids=[p[0] for p in PAGES])
def test_matrix(client, m, name, method, url, expected):
    for actor in PEOPLE:
        if name == "end link":
            # Each allowed actor ends it; link it again for the next.
            actions.link_guardian(m.guardian, m.student)
        r = _run(client, m, actor, method, url(m))
        assert r.status_code == expected[actor], (name, actor, r.status_code)


def test_revoking_a_link_is_the_owners_alone(client, m):
    c = Collection.objects.get(pk=m.collection.pk)
    link = actions.create_share_link(m.student, c.pk, 5)
    for actor in ("classmate", "teacher", "guardian", "other_student"):
        client.force_login(getattr(m, actor))
        assert client.post(f"/reflection/links/{link.pk}/revoke/").status_code == 404
    client.force_login(m.student)
    assert client.post(f"/reflection/links/{link.pk}/revoke/").status_code == 302


def test_a_classmate_sees_class_pieces_not_private_ones(client, m):
    client.force_login(m.classmate)
    assert client.get(f"/reflection/collections/{m.collection.pk}/").status_code == 200
    assert client.get(f"/reflection/collections/{m.private.pk}/").status_code == 404
    assert client.get(f"/reflection/reflections/{m.reflection.pk}/audio/").status_code == 404
    assert client.get(f"/reflection/revisits/{m.revisit.pk}/").status_code == 404


def test_a_secret_link_is_public_until_it_is_not(client, m):
    c = m.collection
    c = actions.choose_audience(m.student, c.pk, Audience.LINK, c.version)
    actions.approve_audience(m.teacher, c.pk)
    link = actions.create_share_link(m.student, c.pk, 5)
    client.logout()
    r = client.get(f"/reflection/s/{link.token}/")
    assert r.status_code == 200 and r["X-Robots-Tag"].startswith("noindex")
    assert m.student.last_name not in r.content.decode()
    actions.revoke_share_link(m.student, link.pk)
    r = client.get(f"/reflection/s/{link.token}/")
    assert r.status_code == 410 and "No longer shared" in r.content.decode()
    assert client.get("/reflection/s/not-a-token/").status_code == 410

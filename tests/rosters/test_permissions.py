"""Who gets what, for every page and API endpoint of the foundation.

Actors: anonymous, student, student of another class, teacher, teacher of another class,
leader, admin, and users of another school. A forbidden object answers exactly like a
missing one (404), so ids cannot be probed.
"""

import pytest

from tests.permissions import ACTORS, codes, request_as
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.accounts import actions as account_actions

pytestmark = pytest.mark.django_db

# Built once for the module (tests/shared_rows.py): each test gets its own savepoint and copy.
_world_rows = built_once(build_world)


@pytest.fixture
def world(request, _world_rows, db):
    return for_test(request, _world_rows)


# (name, method, url(world), expected codes). 302 for anonymous pages is the login redirect.
PAGES = [
    ("home", "get", lambda w: "/", codes(anonymous=302, rest=200)),
    ("tokens", "get", lambda w: "/account/tokens/", codes(anonymous=302, rest=200)),
    (
        "class page",
        "get",
        lambda w: f"/classes/{w.klass.pk}/",
        codes(anonymous=302, student=200, teacher=200, admin=200, rest=404),
    ),
    (
        "teams page",
        "get",
        lambda w: f"/classes/{w.klass.pk}/teams/",
        codes(anonymous=302, teacher=200, admin=200, rest=404),
    ),
    (
        "rotate code",
        "post",
        lambda w: f"/classes/{w.klass.pk}/join-code/rotate/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "form teams",
        "post",
        lambda w: f"/classes/{w.klass.pk}/teams/form/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "lock teams",
        "post",
        lambda w: f"/classes/{w.klass.pk}/teams/lock/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "move student",
        "post",
        lambda w: f"/classes/{w.klass.pk}/teams/move/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "avoid pair",
        "post",
        lambda w: f"/classes/{w.klass.pk}/teams/avoid/",
        codes(anonymous=302, teacher=302, admin=302, rest=404),
    ),
    (
        "create class",
        "get",
        lambda w: "/classes/new/",
        codes(
            anonymous=302,
            teacher=200,
            other_teacher=200,
            admin=200,
            far_teacher=200,
            far_admin=200,
            rest=404,
        ),
    ),
    (
        "join page",
        "get",
        lambda w: "/classes/join/",
        codes(anonymous=302, student=200, other_student=200, rest=404),
    ),
    (
        "missing class",
        "get",
        lambda w: "/classes/999999/",
        codes(anonymous=302, rest=404),
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "method", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client, world, actor, name, method, url, expected):
    response = request_as(client, world, actor, method, url(world))
    assert response.status_code == expected[actor], (name, actor)
    if response.status_code == 302 and actor == "anonymous":
        assert response["Location"].startswith("/login/")


API = [
    ("me", "get", lambda w: "/api/v1/me", codes(anonymous=401, rest=200)),
    ("schools", "get", lambda w: "/api/v1/schools", codes(anonymous=401, rest=200)),
    (
        "school",
        "get",
        lambda w: f"/api/v1/schools/{w.school.pk}",
        codes(anonymous=401, far_teacher=404, far_admin=404, rest=200),
    ),
    ("classes", "get", lambda w: "/api/v1/classes", codes(anonymous=401, rest=200)),
    (
        "class",
        "get",
        lambda w: f"/api/v1/classes/{w.klass.pk}",
        codes(anonymous=401, student=200, teacher=200, admin=200, rest=404),
    ),
    (
        "enrollments",
        "get",
        lambda w: f"/api/v1/classes/{w.klass.pk}/enrollments",
        codes(anonymous=401, student=200, teacher=200, admin=200, rest=404),
    ),
    (
        "teams",
        "get",
        lambda w: f"/api/v1/classes/{w.klass.pk}/teams",
        codes(anonymous=401, student=200, teacher=200, admin=200, rest=404),
    ),
    (
        "form teams",
        "post",
        lambda w: f"/api/v1/classes/{w.klass.pk}/teams/form",
        codes(anonymous=401, teacher=200, admin=200, rest=404),
    ),
    (
        "rotate code",
        "post",
        lambda w: f"/api/v1/classes/{w.klass.pk}/join-code/rotate",
        codes(anonymous=401, teacher=200, admin=200, rest=404),
    ),
    ("tokens", "get", lambda w: "/api/v1/tokens", codes(anonymous=401, rest=200)),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "method", "url", "expected"), API, ids=[a[0] for a in API])
def test_api_with_tokens(client, world, actor, name, method, url, expected):
    headers = {}
    if actor != "anonymous":
        _, secret = account_actions.create_api_token(getattr(world, actor), "matrix")
        headers["Authorization"] = f"Bearer {secret}"
    response = getattr(client, method)(url(world), headers=headers, content_type="application/json")
    assert response.status_code == expected[actor], (name, actor, response.content[:200])


def test_forbidden_and_missing_look_the_same(client, world):
    client.force_login(world.other_teacher)
    forbidden = client.get(f"/api/v1/classes/{world.klass.pk}")
    missing = client.get("/api/v1/classes/987654")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


def test_student_sees_only_self_in_enrollments_and_only_own_team(client, world):
    from trellis.rosters import actions

    actions.form_teams(world.teacher, world.klass, seed=1)
    client.force_login(world.student)
    people = client.get(f"/api/v1/classes/{world.klass.pk}/enrollments").json()
    assert [p["user"]["id"] for p in people] == [world.student.pk]
    teams = client.get(f"/api/v1/classes/{world.klass.pk}/teams").json()
    assert len(teams) == 1
    assert world.student.pk in [m["id"] for m in teams[0]["members"]]
    detail = client.get(f"/api/v1/classes/{world.klass.pk}").json()
    assert detail["join_code"] is None


def test_leader_gets_numbers_not_names(client, world):
    client.force_login(world.leader)
    classes = client.get("/api/v1/classes").json()
    assert {c["name"] for c in classes} == {"Algebra · A", "Biology · A"}
    # Both classes have fewer than 10 students: the counts are hidden, and the API says why.
    assert all(c["student_count"] is None and c["team_count"] is None for c in classes)
    assert {c["suppressed"] for c in classes} == {"fewer than 10 students"}
    page = client.get("/").content.decode()
    assert world.student.last_name not in page


def test_two_student_class_is_hidden_on_the_leader_home_and_in_the_api(client, world):
    from tests.factories import StudentFactory, TeacherFactory, class_with
    from trellis.rosters import actions
    from trellis.rosters.models import EnrollmentRole

    small = class_with(TeacherFactory(school=world.school), students=2, school=world.school)
    big = class_with(TeacherFactory(school=world.school), students=0, school=world.school)
    for _ in range(12):
        actions.enroll(big, StudentFactory(school=world.school), EnrollmentRole.STUDENT)
    client.force_login(world.leader)
    page = client.get("/").content.decode()
    row = page[page.index(small.name) :].split("</tr>")[0]
    assert "fewer than 10 students" in row and "<td>2</td>" not in row
    big_row = page[page.index(big.name) :].split("</tr>")[0]
    assert "<td>12</td>" in big_row
    by_id = {c["id"]: c for c in client.get("/api/v1/classes").json()}
    assert by_id[small.pk]["student_count"] is None
    assert by_id[small.pk]["suppressed"] == "fewer than 10 students"
    assert by_id[big.pk]["student_count"] == 12 and by_id[big.pk]["suppressed"] is None
    # The class's own teacher manages it and still sees the count.
    client.force_login(small.enrollments.get(role="teacher").user)
    mine = client.get("/api/v1/classes").json()
    assert [c["student_count"] for c in mine] == [2]

"""Permission matrix: every check-in page and API endpoint, for every kind of person.

Missing and forbidden look the same (404), so ids cannot be probed; anonymous visitors are
sent to sign in (pages) or get 401 (API).
"""

import json

import pytest

from tests.checkins.world import build_scene
from tests.shared_rows import built_once, for_test
from tests.world import build_world

pytestmark = pytest.mark.django_db


def _build_once():
    world = build_world()
    return world, build_scene(world)


# Built once for the module (tests/shared_rows.py): each test gets its own savepoint and copy.
_checkin_rows = built_once(_build_once)


@pytest.fixture
def _shared(request, _checkin_rows, db):
    return for_test(request, _checkin_rows)


@pytest.fixture
def world(_shared):
    return _shared[0]


@pytest.fixture
def scene(_shared):
    return _shared[1]


ROLES = [
    "anonymous",
    "student",
    "other_student",
    "teacher",
    "other_teacher",
    "leader",
    "admin",
    "far_teacher",
]


def _client(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def _urls(world, s):
    c, r = s.checkin.pk, s.run.pk
    q1, q2 = s.questions[0].pk, s.questions[1].pk
    item = s.checkin.items.first().pk
    return {
        "index": ("get", "/checkins/", {}),
        "create": ("get", "/checkins/new/", {}),
        "detail": ("get", f"/checkins/{c}/", {}),
        "edit": ("post", f"/checkins/{c}/edit/", {"title": "Renamed", "is_shared": "on"}),
        "copy": ("post", f"/checkins/{c}/copy/", {}),
        "add_item": ("post", f"/checkins/{c}/items/add/", {"question": q1}),
        "remove_item": ("post", f"/checkins/{c}/items/{item}/remove/", {}),
        "move_item": ("post", f"/checkins/{c}/items/{item}/move/", {"direction": "down"}),
        "start_run": (
            "post",
            f"/checkins/{c}/run/",
            {"classroom": world.klass.pk, "mode": "live"},
        ),
        "bank": ("get", "/checkins/bank/", {}),
        "question_new": ("get", "/checkins/bank/new/", {}),
        "question_edit": ("get", f"/checkins/bank/{q1}/edit/", {}),
        "question_copy": ("post", f"/checkins/bank/{q1}/copy/", {}),
        "class": ("get", f"/checkins/class/{world.klass.pk}/", {}),
        "run": ("get", f"/checkins/runs/{r}/", {}),
        "results": ("get", f"/checkins/runs/{r}/results/", {}),
        "go": ("post", f"/checkins/runs/{r}/go/", {"position": 0}),
        "reveal": ("post", f"/checkins/runs/{r}/reveal/", {"question": q1}),
        "close": ("post", f"/checkins/runs/{r}/close/", {}),
        "marking": ("get", f"/checkins/runs/{r}/marking/", {}),
        "mark": (
            "post",
            f"/checkins/runs/{r}/marking/mark/",
            {"question": q2, "normalised": "subtraction", "mark": "right"},
        ),
        "move": ("get", f"/checkins/runs/{r}/move/?question={q1}&group=not_yet", {}),
        "take": ("get", f"/checkins/runs/{r}/take/", {}),
        "take_state": ("get", f"/checkins/runs/{r}/take/state/?s=x", {}),
        "answer": ("post", f"/checkins/runs/{r}/answer/{q2}/", {"text": "minus", "idem": "k9"}),
        "confidence": ("post", f"/checkins/runs/{r}/confidence/{q1}/", {"confidence": "3"}),
    }


TEACHERS = {"teacher", "other_teacher", "far_teacher"}
RUN_STAFF = {"teacher", "admin"}
PAGES = {
    # page: roles that get through (everyone else: 404, anonymous: sign-in redirect)
    "index": TEACHERS | {"admin"},
    "create": TEACHERS,
    "detail": RUN_STAFF,
    "edit": {"teacher"},
    "copy": {"teacher"},
    "add_item": {"teacher"},
    "remove_item": {"teacher"},
    "move_item": {"teacher"},
    "start_run": RUN_STAFF,
    "bank": TEACHERS,
    "question_new": TEACHERS,
    "question_edit": {"teacher"},
    "question_copy": {"teacher"},
    "class": RUN_STAFF | {"student"},
    "run": RUN_STAFF | {"student"},
    "results": RUN_STAFF,
    "go": RUN_STAFF,
    "reveal": RUN_STAFF,
    "close": RUN_STAFF,
    "marking": RUN_STAFF,
    "mark": RUN_STAFF,
    "move": RUN_STAFF,
    "take": {"student"},
    "take_state": {"student"},
    "answer": {"student"},
    "confidence": {"student"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(client, world, scene, page, role):
    method, url, data = _urls(world, scene)[page]
    response = getattr(_client(client, world, role), method)(url, data)
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif role in PAGES[page]:
        assert response.status_code in (200, 204, 302), response.content[:300]
        if response.status_code == 302:
            assert "/login/" not in response["Location"]
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["other_teacher", "far_teacher", "admin"])
def test_lists_show_only_what_the_user_may_see(client, world, scene, role):
    body = _client(client, world, role).get("/checkins/").content.decode()
    assert ("Adding up" in body) is (role == "admin")
    if role != "admin":
        bank = client.get("/checkins/bank/").content.decode()
        assert "What is 2 + 3?" not in bank


def test_shared_checkin_is_visible_to_teammates_not_to_other_schools(client, world, scene):
    from tests.checkins.factories import same_team
    from tests.factories import TeacherFactory
    from trellis.checkins import actions

    actions.update_checkin(world.teacher, scene.checkin, title="Adding up", is_shared=True)
    client.force_login(world.other_teacher)
    assert client.get(f"/checkins/{scene.checkin.pk}/").status_code == 404  # no team yet
    same_team(world.teacher, world.other_teacher)
    client.force_login(world.other_teacher)
    assert client.get(f"/checkins/{scene.checkin.pk}/").status_code == 200
    assert client.post(f"/checkins/bank/{scene.questions[0].pk}/copy/").status_code == 302
    client.force_login(world.far_teacher)
    assert client.get(f"/checkins/{scene.checkin.pk}/").status_code == 404
    client.force_login(TeacherFactory(school=world.school))  # same school, not in the team
    assert client.get(f"/checkins/{scene.checkin.pk}/").status_code == 404


def test_students_never_see_names_or_answers_of_others(client, world, scene):
    from trellis.checkins import actions

    actions.reveal(world.teacher, scene.run, [scene.questions[0].pk])
    classmate = scene.classmate
    actions.submit_answer(classmate, scene.run, scene.questions[0].pk, {"keys": ["A"]})
    client.force_login(world.student)
    body = client.get(f"/checkins/runs/{scene.run.pk}/take/").content.decode()
    assert classmate.name not in body
    assert "The class: 1 of 2 right" in body  # aggregate only
    assert client.get(f"/checkins/runs/{scene.run.pk}/results/").status_code == 404
    api = client.get(f"/api/v1/checkin-runs/{scene.run.pk}/results")
    assert api.status_code == 404


# ---------------------------------------------------------------- API


def _api(world, s):
    c, r, q1 = s.checkin.pk, s.run.pk, s.questions[0].pk
    question = {
        "kind": "number",
        "prompt": "Half of 9?",
        "number_answer": "4,5",
    }
    return {
        "list": ("get", "/api/v1/checkins", None),
        "create": ("post", "/api/v1/checkins", {"title": "New"}),
        "detail": ("get", f"/api/v1/checkins/{c}", None),
        "add_question": ("post", f"/api/v1/checkins/{c}/questions", question),
        "edit_question": ("put", f"/api/v1/checkin-questions/{q1}", question),
        "start_run": (
            "post",
            f"/api/v1/checkins/{c}/runs",
            {"class_id": world.klass.pk, "mode": "live"},
        ),
        "run": ("get", f"/api/v1/checkin-runs/{r}", None),
        "results": ("get", f"/api/v1/checkin-runs/{r}/results", None),
        "answer": (
            "post",
            f"/api/v1/checkin-runs/{r}/answers",
            {"question_id": s.questions[1].pk, "text": "minus"},
        ),
        "confidence": ("post", f"/api/v1/checkin-runs/{r}/answers/{q1}/confidence", {"value": 2}),
        "my_answers": ("get", f"/api/v1/checkin-runs/{r}/my-answers", None),
    }


API = {
    # endpoint: {role: status} for the roles that do not get 404
    "list": {r: 200 for r in ROLES if r != "anonymous"},
    "create": {
        "teacher": 201,
        "other_teacher": 201,
        "far_teacher": 201,
        "student": 403,
        "other_student": 403,
        "leader": 403,
        "admin": 403,
    },
    "detail": {"teacher": 200, "admin": 200},
    "add_question": {"teacher": 201},
    "edit_question": {"teacher": 200},
    "start_run": {"teacher": 201, "admin": 201},
    "run": {"teacher": 200, "admin": 200, "student": 200},
    "results": {"teacher": 200, "admin": 200},
    "answer": {"student": 201},
    "confidence": {"student": 200},
    "my_answers": {"student": 200},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(API))
def test_api_matrix(client, world, scene, endpoint, role):
    method, url, body = _api(world, scene)[endpoint]
    c = _client(client, world, role)
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
    response = getattr(c, method)(url, **kwargs)
    if role == "anonymous":
        assert response.status_code == 401
        return
    expected = API[endpoint].get(role, 404)
    assert response.status_code == expected, response.content[:300]
    if endpoint == "list":
        titles = [row["title"] for row in response.json()]
        assert ("Adding up" in titles) is (role in RUN_STAFF)

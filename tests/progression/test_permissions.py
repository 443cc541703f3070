"""Permission matrix: every page and endpoint of the release, for every kind of person.

Teachers' pages: the class's teacher and the school's admin may; everyone else gets the same
404 (missing and forbidden look alike); anonymous visitors are sent to sign in. Students'
pages: only a student enrolled in the class. The API answers 401 to anonymous callers.
"""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD
from tests.progression.factories import running_task
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.progression import actions
from trellis.progression.models import StudentPhase

pytestmark = pytest.mark.django_db


PEOPLE = [
    "anonymous",
    "student",
    "other_student",
    "teacher",
    "other_teacher",
    "leader",
    "admin",
    "far_teacher",
    "far_admin",
]
TEACHERS = {"teacher", "admin"}
LEARNERS = {"student"}


def _build_setup(world):
    task = running_task(world.teacher, world.klass)
    actions.move_students(
        world.teacher, task, [world.student.pk], "advance", to_phase=3, override=True
    )
    help_request = actions.request_help(world.student, task, "stuck")
    actions.move_students(world.teacher, task, [world.student.pk], "advance")
    from trellis.curriculum import actions as curriculum

    curriculum.save_release_plan(world.teacher, task, success_check="Solve 2x = 8")
    answer = actions.answer_success_check(world.student, task, "x = 4")
    actions.set_mode(world.teacher, task, "co_construction")
    classmate = world.klass.enrollments.filter(role="student").exclude(user=world.student)[0]
    world.suggestion = actions.suggest_next(classmate.user, task, "divide by 3")
    return world, task, help_request, answer


# The world and its running task built once for the module (tests/shared_rows.py); each test
# still gets its own copy, in its own savepoint.
_setup_rows = built_once(lambda: _build_setup(build_world()))


@pytest.fixture
def setup(request, _setup_rows, db):
    return for_test(request, _setup_rows)


def client_for(client, world, who):
    if who != "anonymous":
        assert client.login(username=getattr(world, who).username, password=PASSWORD)
    return client


def teacher_pages(world, task, help_request, answer):
    c, t = world.klass.pk, task.pk
    target = task.targets.first().pk
    return {
        "progression:board": [c],
        "progression:board_grid": [c],
        "progression:board_cell": [c, t, world.student.pk],
        "progression:board_csv": [c],
        "progression:run": [c, t],
        "progression:run_live": [c, t],
        "progression:run_guided": [c, t],
        "progression:projector": [c, t],
        "curriculum:targets": [c],
        "curriculum:target_edit": [c, target],
        "curriculum:tasks": [c],
        "curriculum:task_create": [c],
        "curriculum:task": [c, t],
        "curriculum:task_edit": [c, t],
        "curriculum:task_plan": [c, t],
    }


def teacher_posts(world, task, help_request, answer):
    c, t = world.klass.pk, task.pk
    return {
        "progression:board_move": ([c], {"task": t, "kind": "hold", "student": world.student.pk}),
        "progression:board_undo": ([c], {}),
        "progression:run_start": ([c, t], {}),
        "progression:projector_step": ([c, t], {"go": "next"}),
        "progression:projector_mode": ([c, t], {"mode": "co_construction"}),
        "progression:pick": ([c, t], {"suggestion": world.suggestion.pk}),
        "progression:observe": ([c, t], {"student": world.student.pk, "seen": "explained"}),
        "progression:resolve_help": ([c, t, help_request.pk], {}),
        "progression:mark_check": ([c, t, answer.pk], {"verdict": "right"}),
        "curriculum:task_copy": ([c, t], {"classroom": c}),
        "curriculum:task_archive": ([c, t], {"archived": "0"}),
        "progression:run_end": ([c, t], {}),
    }


def learner_pages(world, task):
    c, t = world.klass.pk, task.pk
    return {
        "progression:learn": [c, t],
        "progression:learn_live": [c, t],
        "progression:my_learning": [c],
    }


def learner_posts(world, task):
    c, t = world.klass.pk, task.pk
    step = task.steps.first().pk
    return {
        "progression:learn_lost": ([c, t], {}),
        "progression:learn_suggest": ([c, t], {"text": "next: divide"}),
        "progression:learn_plan": ([c, t], {"step": step, "plan": "divide"}),
        "progression:learn_reflect": ([c, t], {"step": step, "reflection": "ok"}),
        "progression:learn_help": ([c, t], {"note": "help"}),
        "progression:learn_check": ([c, t], {"answer": "x = 4"}),
    }


@pytest.mark.parametrize("who", PEOPLE)
def test_teacher_pages(setup, client, who):
    world, task, help_request, answer = setup
    client = client_for(client, world, who)
    for name, args in teacher_pages(world, task, help_request, answer).items():
        response = client.get(reverse(name, args=args))
        if who == "anonymous":
            assert response.status_code == 302 and "/login/" in response.url, name
        elif who in TEACHERS:
            assert response.status_code == 200, (name, who)
        else:
            assert response.status_code == 404, (name, who)


@pytest.mark.parametrize("who", PEOPLE)
def test_teacher_actions(setup, client, who):
    world, task, help_request, answer = setup
    client = client_for(client, world, who)
    for name, (args, data) in teacher_posts(world, task, help_request, answer).items():
        response = client.post(reverse(name, args=args), data)
        if who == "anonymous":
            assert response.status_code == 302 and "/login/" in response.url, name
        elif who in TEACHERS:
            assert response.status_code in (200, 302, 400), (name, who, response.status_code)
        else:
            assert response.status_code == 404, (name, who)


@pytest.mark.parametrize("who", PEOPLE)
def test_learner_pages_and_actions(setup, client, who):
    world, task, _, _ = setup
    client = client_for(client, world, who)
    for name, args in learner_pages(world, task).items():
        response = client.get(reverse(name, args=args))
        if who == "anonymous":
            assert response.status_code == 302 and "/login/" in response.url, name
        elif who in LEARNERS:
            assert response.status_code == 200, (name, who)
        else:
            assert response.status_code == 404, (name, who)
    for name, (args, data) in learner_posts(world, task).items():
        response = client.post(reverse(name, args=args), data)
        if who == "anonymous":
            assert response.status_code == 302 and "/login/" in response.url, name
        elif who in LEARNERS:
            assert response.status_code in (200, 302, 400), (name, who)
        else:
            assert response.status_code == 404, (name, who)


@pytest.mark.parametrize("who", PEOPLE)
def test_api_matrix(setup, client, who):
    world, task, _, _ = setup
    client = client_for(client, world, who)
    c = world.klass.pk
    board = client.get(f"/api/v1/classes/{c}/board")
    mine = client.get(f"/api/v1/classes/{c}/my-phases")
    seen = StudentPhase.objects.get(task=task, student=world.student).version
    move = client.post(
        f"/api/v1/classes/{c}/tasks/{task.pk}/moves",
        {
            "student_ids": [world.student.pk],
            "kind": "hold",
            "seen_versions": {world.student.pk: seen},
        },
        content_type="application/json",
    )
    if who == "anonymous":
        assert {board.status_code, mine.status_code, move.status_code} == {401}
        return
    assert board.status_code == (200 if who in TEACHERS else 404), who
    assert mine.status_code == (200 if who in LEARNERS else 404), who
    assert move.status_code == (200 if who in TEACHERS else 404), who


def test_students_see_only_their_own_phase(setup, client):
    world, task, _, _ = setup
    client_for(client, world, "student")
    page = client.get(reverse("progression:my_learning", args=[world.klass.pk]))
    html = page.content.decode()
    classmates = [
        e.user.name
        for e in world.klass.enrollments.filter(role="student").exclude(user=world.student)
    ]
    assert classmates and not any(name in html for name in classmates)
    data = client.get(f"/api/v1/classes/{world.klass.pk}/my-phases").json()
    assert data == [{"task_id": task.pk, "title": task.title, "phase": "independent"}]

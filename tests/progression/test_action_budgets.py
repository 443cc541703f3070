"""Exact query budgets of the release's actions: moving students on the board and through
the API, starting and ending a run, the projector's step, mode and pick, observations, help
and success-check marking, and a student's posts while learning. Each is measured for a
class of 5 and a class of 40 (moves take every student of the class)."""

import pytest

from tests.budgets import assert_budget
from tests.factories import TeacherFactory, class_with
from tests.progression.factories import make_task, running_task, students_of
from trellis.curriculum import actions as curriculum
from trellis.grr import Phase
from trellis.progression import actions
from trellis.progression.models import HelpRequest, StudentPhase, Suggestion

pytestmark = pytest.mark.django_db

SIZES = (5, 40)


def _class(n):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n)
    task = running_task(teacher, klass, steps=3)
    curriculum.save_release_plan(teacher, task, success_check="Solve 2x = 8")
    return teacher, klass, task, students_of(klass)


def _login(client, user):
    client.force_login(user)
    client.get("/")


@pytest.mark.parametrize("n", SIZES)
def test_moving_the_whole_class(client, n):
    teacher, klass, task, students = _class(n)
    _login(client, teacher)
    ids = [s.pk for s in students]
    data = {"task": task.pk, "kind": "advance", "student": ids, "note": "ready", "confirm": "1"}
    data.update({f"v-{task.pk}-{s}": 0 for s in ids})
    # (+1: the class's thresholds, read once for the recorded recommendations.)
    assert_budget(
        client, "progression:board_move", 27, klass.pk, method="post", data=data, status=302
    )
    phases = StudentPhase.objects.filter(task=task, student_id__in=ids)
    assert {p.phase for p in phases} == {Phase.CO_CONSTRUCTION}
    response = assert_budget(
        client,
        "api-v1:move",
        20,  # +1: the class thresholds
        klass.pk,
        task.pk,
        method="post",
        json={"student_ids": ids, "kind": "advance", "seen_versions": dict.fromkeys(ids, 1)},
    )
    assert len(response.json()) == n
    assert {p.phase for p in phases.all()} == {Phase.GUIDED}


@pytest.mark.parametrize("n", SIZES)
def test_running_the_projector(client, n):
    teacher, klass, task, students = _class(n)
    actions.set_mode(teacher, task, "co_construction")
    actions.move_students(teacher, task, [s.pk for s in students], "advance")
    suggestion = actions.suggest_next(students[1], task, "divide by 3")
    _login(client, teacher)
    c, t = klass.pk, task.pk
    hx = {"HX-Request": "true"}
    assert_budget(
        client,
        "progression:projector_step",
        15,
        c,
        t,
        method="post",
        data={"go": "next"},
        headers=hx,
    )
    assert_budget(
        client,
        "progression:projector_mode",
        13,
        c,
        t,
        method="post",
        data={"mode": "modeling"},
        headers=hx,
    )
    actions.set_mode(teacher, task, "co_construction")
    assert_budget(
        client,
        "progression:pick",
        16,
        c,
        t,
        method="post",
        data={"suggestion": suggestion.pk},
        status=302,
    )
    suggestion.refresh_from_db()
    assert_budget(
        client,
        "progression:observe",
        14,
        c,
        t,
        method="post",
        data={"student": students[0].pk, "seen": "explained", "note": "clear"},
        status=302,
    )


@pytest.mark.parametrize("n", SIZES)
def test_help_and_success_checks(client, n):
    teacher, klass, task, students = _class(n)
    student = students[0]
    actions.move_students(teacher, task, [student.pk], "advance", to_phase=3, override=True)
    help_request = actions.request_help(student, task, "stuck")
    actions.move_students(teacher, task, [student.pk], "advance")
    answer = actions.answer_success_check(student, task, "x = 4")
    _login(client, teacher)
    c, t = klass.pk, task.pk
    assert_budget(
        client, "progression:resolve_help", 15, c, t, help_request.pk, method="post", status=302
    )
    help_request.refresh_from_db()
    assert help_request.resolved_at is not None
    assert_budget(
        client,
        "progression:mark_check",
        15,
        c,
        t,
        answer.pk,
        method="post",
        data={"verdict": "right"},
        status=302,
    )


@pytest.mark.parametrize("n", SIZES)
def test_ending_and_starting_a_run(client, n):
    teacher, klass, task, _students = _class(n)
    other = make_task(teacher, klass, title="Graph a line")
    _login(client, teacher)
    assert_budget(client, "progression:run_end", 12, klass.pk, task.pk, method="post", status=302)
    assert_budget(
        client, "progression:run_start", 15, klass.pk, other.pk, method="post", status=302
    )
    assert StudentPhase.objects.filter(task=other).count() == n
    # Starting again keeps every student's phase.
    assert_budget(client, "progression:run_start", 15, klass.pk, task.pk, method="post", status=302)


@pytest.mark.parametrize("n", SIZES)
def test_a_student_learning(client, n):
    teacher, klass, task, students = _class(n)
    student = students[0]
    c, t = klass.pk, task.pk
    step = task.steps.first()
    actions.set_mode(teacher, task, "co_construction")
    actions.move_students(teacher, task, [student.pk], "advance")
    _login(client, student)
    assert_budget(
        client,
        "progression:learn_suggest",
        17,
        c,
        t,
        method="post",
        data={"text": "Subtract 5 from both sides"},
        status=302,
    )
    assert Suggestion.objects.get(task=task).text == "Subtract 5 from both sides"
    actions.move_students(teacher, task, [student.pk], "advance")
    assert_budget(
        client,
        "progression:learn_plan",
        22,
        c,
        t,
        method="post",
        data={"step": step.pk, "plan": "undo the +5 first"},
        status=302,
    )
    assert_budget(
        client,
        "progression:learn_reflect",
        20,
        c,
        t,
        method="post",
        data={"step": step.pk, "reflection": "went fine", "confidence": "3"},
        status=302,
    )
    actions.move_students(teacher, task, [student.pk], "advance")
    assert_budget(
        client,
        "progression:learn_check",
        16,
        c,
        t,
        method="post",
        data={"answer": "x = 4"},
        status=302,
    )
    assert_budget(
        client,
        "progression:learn_help",
        27,  # +1: the class thresholds (the step back is recorded with its recommendation)
        c,
        t,
        method="post",
        data={"note": "stuck on step 2"},
        status=302,
    )
    assert HelpRequest.objects.get(task=task).note == "stuck on step 2"

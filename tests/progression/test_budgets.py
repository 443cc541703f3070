"""Exact query budgets of the release board, the run and projector, and a student's task
pages, including the polls (`board_grid`, `run_live`, `learn_live`) that a class of 30 sends
every few seconds. Each is measured for a class of 5 and a class of 40."""

import pytest

from tests.budgets import assert_budget
from tests.factories import TeacherFactory, class_with
from tests.progression.factories import running_task, students_of
from trellis.grr import MoveKind
from trellis.progression import actions
from trellis.progression.queries import clear_readiness_cache, student_live
from trellis.progression.views import clear_grid_cache

pytestmark = pytest.mark.django_db

SIZES = (5, 40)


def _class(n):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n)
    task = running_task(teacher, klass, steps=3)
    students = students_of(klass)
    actions.move_students(teacher, task, [s.pk for s in students], MoveKind.ADVANCE)
    for s in students:
        actions.observe(teacher, task, s.pk, "explained")
    actions.signal_lost(students[0], task)
    return teacher, klass, task, students


@pytest.mark.parametrize("n", SIZES)
def test_teacher_pages_and_polls(client, n):
    teacher, klass, task, _ = _class(n)
    client.force_login(teacher)
    client.get(f"/classes/{klass.pk}/board/")  # the session's first request stores its CSRF
    clear_readiness_cache()
    clear_grid_cache()
    assert_budget(client, "progression:board", 12, klass.pk)  # +2: fitted numbers, thresholds
    assert_budget(client, "progression:board_grid", 8, klass.pk)
    # The CSV: the board's state and its open help requests (the readiness is cached).
    assert_budget(client, "progression:board_csv", 9, klass.pk)
    assert_budget(client, "progression:run", 15, klass.pk, task.pk)
    # The run page and the projector poll this: session, user, class, task, then
    # live_for_teacher's run, steps, students and "I'm lost" signals.
    assert_budget(client, "progression:run_live", 8, klass.pk, task.pk)
    assert_budget(client, "progression:projector", 8, klass.pk, task.pk)
    # The guided list's poll: session, user, class, task, students, phases, plans, notes.
    assert_budget(client, "progression:run_guided", 8, klass.pk, task.pk)


@pytest.mark.parametrize("n", SIZES)
def test_student_pages_and_the_live_poll(client, n):
    _, klass, task, students = _class(n)
    student = students[0]
    client.force_login(student)
    client.get(f"/classes/{klass.pk}/my-learning/")
    assert_budget(client, "progression:my_learning", 8, klass.pk)
    assert_budget(client, "progression:learn", 14, klass.pk, task.pk)
    light = student_live(student, task)
    # Every poll: session, user, class, task, then student_live's four (phase, run, steps,
    # "lost on this step").
    # Nothing changed: an empty answer.
    assert_budget(
        client,
        "progression:learn_live",
        8,
        klass.pk,
        task.pk,
        query={"state": light.state, "seen": light.seen},
        status=204,
    )
    # The step moved on: the step on show only.
    assert_budget(
        client, "progression:learn_live", 8, klass.pk, task.pk, query={"state": light.state}
    )
    # The phase or mode changed: the work area too.
    assert_budget(client, "progression:learn_live", 18, klass.pk, task.pk, query={"state": "x"})


@pytest.mark.parametrize("n", SIZES)
def test_board_cell_and_the_api(client, n):
    teacher, klass, task, students = _class(n)
    client.force_login(teacher)
    client.get("/")
    clear_readiness_cache()
    assert_budget(client, "progression:board_cell", 12, klass.pk, task.pk, students[0].pk)
    assert_budget(client, "api-v1:get_board", 12, klass.pk)
    client.force_login(students[0])
    client.get("/")
    assert_budget(client, "api-v1:my_phases", 8, klass.pk)


@pytest.mark.parametrize("n", SIZES)
def test_curriculum_pages(client, n):
    teacher, klass, task, _ = _class(n)
    target = task.targets.first()
    client.force_login(teacher)
    client.get("/")
    assert_budget(client, "curriculum:targets", 4, klass.pk)
    assert_budget(client, "curriculum:target_edit", 4, klass.pk, target.pk)
    assert_budget(client, "curriculum:tasks", 5, klass.pk)
    assert_budget(client, "curriculum:task_create", 4, klass.pk)
    assert_budget(client, "curriculum:task", 7, klass.pk, task.pk)
    assert_budget(client, "curriculum:task_edit", 7, klass.pk, task.pk)
    assert_budget(client, "curriculum:task_plan", 6, klass.pk, task.pk)


@pytest.mark.parametrize("n", SIZES)
def test_the_lost_signal_a_class_sends_at_once(client, n):
    _, klass, task, students = _class(n)
    client.force_login(students[2])
    client.get("/")
    assert_budget(
        client,
        "progression:learn_lost",
        23,  # the signal, its evidence, then the whole work area again (with its history)
        klass.pk,
        task.pk,
        method="post",
        headers={"HX-Request": "true"},
    )


@pytest.mark.parametrize("n", (6, 40))
def test_board_confirm_and_undo(client, n):
    teacher, klass, task, students = _class(n)
    client.force_login(teacher)
    client.get("/")
    six = [s.pk for s in students[:6]]
    data = {"task": task.pk, "kind": "advance", "student": six, "note": ""}
    data.update({f"v-{task.pk}-{s}": 1 for s in six})  # the versions the board showed (moved once)
    # More than five students: the confirmation page (session, user, class, the running
    # tasks and their targets, the students' names).
    assert_budget(client, "progression:board_move", 6, klass.pk, method="post", data=data)
    data["confirm"] = "1"
    assert client.post(f"/classes/{klass.pk}/board/move/", data).status_code == 302
    # Undo of the six (written in bulk, like any move): the same count in a class of 6 or 40.
    # (+1: the class's thresholds, read once for the recorded recommendations.)
    assert_budget(client, "progression:board_undo", 25, klass.pk, method="post", status=302)


@pytest.mark.parametrize("n", SIZES)
def test_one_tap_observation(client, n):
    teacher, klass, task, students = _class(n)
    actions.move_students(teacher, task, [students[1].pk], MoveKind.ADVANCE)
    client.force_login(teacher)
    client.get("/")
    # The observation (authorise, the student, its evidence event and the class's mark), then
    # the guided list again; the same for 5 or 40 students.
    assert_budget(
        client, "progression:observe", 15, klass.pk, task.pk, method="post",
        data={"student": students[1].pk, "seen": "prompted", "note": "sign"},
        headers={"HX-Request": "true"},
    )  # fmt: skip

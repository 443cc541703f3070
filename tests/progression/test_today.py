"""A teacher's "Today" page across classes (issue 14): what runs, who asked for help, what
waits for a mark or feedback; an exact query budget whatever the number of classes."""

import pytest
from django.urls import reverse

from tests.budgets import assert_budget
from tests.factories import class_with
from tests.permissions import ACTORS, codes, request_as
from tests.progression.factories import running_task, students_of
from trellis.curriculum import actions as curriculum
from trellis.progression import actions

pytestmark = pytest.mark.django_db


def _busy_class(teacher, n):
    klass = class_with(teacher, students=n)
    task = running_task(teacher, klass, title=f"Fractions {n}")
    students = students_of(klass)
    ids = [students[0].pk, students[1].pk]
    actions.move_students(teacher, task, ids, "advance", to_phase=3, override=True)
    actions.request_help(students[0], task, "question 4")
    curriculum.save_release_plan(teacher, task, success_check="2/4 = ?")
    actions.answer_success_check(students[1], task, "1/2")
    return klass, task


def test_today_lists_what_needs_the_teacher(client, world):
    _busy_class(world.teacher, 3)
    client.force_login(world.teacher)
    html = client.get(reverse("progression:today")).content.decode()
    assert "Fractions 3" in html and "question 4" in html
    assert "1 success-check answer" in html
    assert world.klass.name in html and "Nothing waiting." in html
    # The other teacher's class is not there.
    client.force_login(world.other_teacher)
    assert "Fractions 3" not in client.get(reverse("progression:today")).content.decode()


@pytest.mark.parametrize("classes", [1, 4])
def test_today_has_a_flat_budget(client, world, classes):
    for i in range(classes):
        _busy_class(world.teacher, 5 if i % 2 else 30)
    client.force_login(world.teacher)
    client.get("/")
    # Session, user, classes, running tasks, help requests, success checks, check-in answers
    # to mark, hand-ins waiting for feedback.
    assert_budget(client, "progression:today", 8)


EXPECTED = codes(anonymous=302, teacher=200, other_teacher=200, admin=200, far_teacher=200,
                 far_admin=200, rest=404)  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
def test_who_may_open_today(client, world, actor):
    response = request_as(client, world, actor, "get", reverse("progression:today"))
    assert response.status_code == EXPECTED[actor]

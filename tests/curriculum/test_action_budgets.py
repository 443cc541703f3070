"""Exact query budgets of copying a task into another class and archiving it. A copy costs
the same for a task with one step and one target as for one with many of each."""

import pytest

from tests.budgets import assert_budget
from tests.factories import TeacherFactory, class_with
from tests.progression.factories import make_task
from trellis.curriculum.models import Task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("steps", "targets"), [(1, 1), (8, 5)])
def test_copying_and_archiving_a_task(client, steps, targets):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=3)
    other = class_with(teacher, students=3)
    task = make_task(teacher, klass, steps=steps, targets=targets)
    client.force_login(teacher)
    client.get("/")
    assert_budget(
        client,
        "curriculum:task_copy",
        25,
        klass.pk,
        task.pk,
        method="post",
        data={"classroom": other.pk},
        status=302,
    )
    copy = Task.objects.get(classroom=other)
    assert copy.steps.count() == steps and copy.targets.count() == targets
    assert_budget(
        client,
        "curriculum:task_archive",
        13,
        klass.pk,
        task.pk,
        method="post",
        data={"archived": "1"},
        status=302,
    )
    task.refresh_from_db()
    assert not task.is_active

"""The API's board move (`api-v1:move`): seen_versions is required, and its exact budget for a
class of 5 and of 40 (one student moved, with the version they were seen at)."""

import pytest

from tests.budgets import assert_budget
from tests.factories import TeacherFactory, class_with
from tests.progression.factories import running_task, students_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", (5, 40))
def test_move_budget(client, n):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n)
    task = running_task(teacher, klass, steps=3)
    student = students_of(klass)[0]
    client.force_login(teacher)
    client.get("/")
    body = {"student_ids": [student.pk], "kind": "advance", "seen_versions": {student.pk: 0}}
    r = assert_budget(client, "api-v1:move", 23, klass.pk, task.pk, method="post", json=body)
    assert r.json()[0]["version"] == 1
    # Stale: 409 and nobody moved, in a fixed number of queries too.
    assert_budget(
        client, "api-v1:move", 13, klass.pk, task.pk, method="post", json=body, status=409
    )

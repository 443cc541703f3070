"""Exact query budgets of the check-in actions: editing, copying and filling a check-in,
starting, stepping, revealing, closing and marking a run, and the API's writes. Costs that
could grow (copying, starting, marking a class's answers) are measured at two sizes."""

import pytest

from tests.budgets import assert_budget
from tests.checkins.factories import checkin_with, same_team, short, single, students_of
from tests.factories import TeacherFactory, class_with
from trellis.checkins import actions
from trellis.checkins.models import Answer, CheckIn, Question

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    client.get("/")


@pytest.mark.parametrize("questions", [1, 6])
def test_editing_and_copying_a_checkin(client, questions):
    teacher = TeacherFactory()
    checkin, made = checkin_with(teacher, [single(f"Q{i}?") for i in range(questions)])
    spare = actions.create_question(teacher, short())
    _login(client, teacher)
    c = checkin.pk
    assert_budget(
        client, "checkins:edit", 10, c, method="post", data={"title": "Renamed"}, status=302
    )
    checkin.refresh_from_db()
    assert checkin.title == "Renamed"
    assert_budget(
        client, "checkins:add_item", 15, c, method="post", data={"question": spare.pk}, status=302
    )
    items = list(checkin.items.order_by("position"))
    assert len(items) == questions + 1
    assert_budget(
        client,
        "checkins:move_item",
        9,
        c,
        items[-1].pk,
        method="post",
        data={"direction": "up"},
        status=302,
    )
    assert_budget(client, "checkins:remove_item", 12, c, items[-1].pk, method="post", status=302)
    assert checkin.items.count() == questions
    assert_budget(client, "checkins:copy", 12, c, method="post", status=302)
    copy = CheckIn.objects.exclude(pk=c).get()
    assert copy.items.count() == questions
    colleague = TeacherFactory(school=teacher.school)
    same_team(colleague, teacher)  # "shared with my team" means a teacher team
    shared, _ = checkin_with(
        colleague, [single(f"P{i}?") for i in range(questions)], title="Shared", shared=True
    )
    assert_budget(client, "checkins:copy", 15, shared.pk, method="post", status=302)
    assert CheckIn.objects.get(owner=teacher, copied_from=shared).items.count() == questions
    assert_budget(client, "checkins:question_copy", 12, made[0].pk, method="post", status=302)
    assert Question.objects.filter(owner=teacher).count() == 2 * questions + 2


@pytest.mark.parametrize("n", [4, 40])
def test_running_and_marking(client, n):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n)
    checkin, (q1, q2) = checkin_with(teacher, [single(), short()])
    _login(client, teacher)
    assert_budget(
        client,
        "checkins:start_run",
        20,
        checkin.pk,
        method="post",
        data={"classroom": klass.pk, "mode": "live"},
        status=302,
    )
    run = checkin.runs.get()
    assert_budget(client, "checkins:go", 9, run.pk, method="post", data={"position": 1}, status=302)
    for i, student in enumerate(students_of(klass)):
        actions.submit_answer(student, run, q2.pk, "Subtraction" if i % 2 else "plus")
    assert_budget(
        client,
        "checkins:mark",
        17,
        run.pk,
        method="post",
        data={"question": q2.pk, "normalised": "subtraction", "mark": "right"},
        headers={"HX-Request": "true"},
    )
    assert Answer.objects.filter(run=run, mark="right").count() == n // 2
    assert_budget(
        client,
        "checkins:reveal",
        12,
        run.pk,
        method="post",
        data={"question": [q1.pk, q2.pk]},
        status=302,
    )
    assert_budget(client, "checkins:close", 10, run.pk, method="post", status=302)
    run.refresh_from_db()
    assert run.closed_at is not None


@pytest.mark.parametrize("questions", [1, 6])
def test_the_api_writes(client, questions):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=5)
    _login(client, teacher)
    response = assert_budget(
        client, "api-v1:create_checkin", 5, method="post", json={"title": "Ratios"}, status=201
    )
    checkin = CheckIn.objects.get(pk=response.json()["id"])
    body = {
        "kind": "single",
        "prompt": "Pick 5",
        "options": [{"text": "5", "correct": True}, {"text": "6", "misconception": "off by one"}],
    }
    for _ in range(questions):
        response = assert_budget(
            client, "api-v1:add_new_question", 16, checkin.pk, method="post", json=body, status=201
        )
    question = response.json()["id"]
    response = assert_budget(
        client,
        "api-v1:edit_question",
        9,
        question,
        method="put",
        json={**body, "prompt": "Pick five"},
    )
    assert response.json()["prompt"] == "Pick five"
    assert_budget(
        client,
        "api-v1:start_run",
        11,
        checkin.pk,
        method="post",
        json={"class_id": klass.pk, "mode": "live"},
        status=201,
    )
    assert checkin.runs.count() == 1

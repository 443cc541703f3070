"""Exact query budgets of the roster actions (join codes, teams, keep-apart pairs), the class
and token API operations, and revoking a token. Team actions are measured for a class of 8 and
a class of 40: forming or moving must not cost more for a bigger class."""

import pytest

from tests.budgets import assert_budget
from tests.factories import StudentFactory, TeacherFactory, class_with
from trellis.accounts import actions as account_actions
from trellis.accounts.models import ApiToken
from trellis.rosters.models import AvoidPair, Team, TeamMembership

pytestmark = pytest.mark.django_db

SIZES = (8, 40)


def _teacher_with_class(client, n):
    teacher = TeacherFactory()
    klass = class_with(teacher, students=n)
    client.force_login(teacher)
    client.get("/")
    return teacher, klass


def _students(klass):
    from tests.progression.factories import students_of

    return students_of(klass)


def test_revoking_a_token_on_the_page_and_in_the_api(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    client.get("/")
    token, _ = account_actions.create_api_token(teacher, "script")
    assert_budget(client, "accounts:revoke_token", 9, token.pk, method="post", status=302)
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = assert_budget(
        client, "api-v1:create_token", 3, method="post", json={"name": "nightly"}, status=201
    )
    new = ApiToken.objects.get(pk=response.json()["id"])
    assert_budget(client, "api-v1:revoke_token", 6, new.pk, method="delete", status=204)
    new.refresh_from_db()
    assert new.revoked_at is not None


def test_creating_joining_and_rotating_a_class(client):
    teacher, klass = _teacher_with_class(client, 3)
    response = assert_budget(
        client, "api-v1:create_class", 6, method="post", json={"course": "Chemistry"}, status=201
    )
    assert response.json()["course"] == "Chemistry"
    old = klass.join_code
    assert_budget(client, "rosters:rotate_code", 11, klass.pk, method="post", status=302)
    klass.refresh_from_db()
    assert klass.join_code != old
    response = assert_budget(client, "api-v1:rotate_join_code", 8, klass.pk, method="post")
    assert response.json()["join_code"] not in (old, klass.join_code)
    klass.refresh_from_db()
    student = StudentFactory(school=teacher.school)
    client.force_login(student)
    client.get("/")
    response = assert_budget(
        client, "api-v1:join_class", 10, method="post", json={"code": klass.join_code}
    )
    assert response.json()["id"] == klass.pk


@pytest.mark.parametrize("n", SIZES)
def test_forming_and_moving_teams(client, n):
    _teacher, klass = _teacher_with_class(client, n)
    a, b = _students(klass)[:2]
    assert_budget(
        client,
        "rosters:avoid_add",
        13,
        klass.pk,
        method="post",
        data={"student_a": a.pk, "student_b": b.pk},
        status=302,
    )
    pair = AvoidPair.objects.get(classroom=klass)
    assert_budget(client, "rosters:teams_form", 14, klass.pk, method="post", status=302)
    assert TeamMembership.objects.filter(classroom=klass).count() == n
    response = assert_budget(client, "api-v1:form_teams", 20, klass.pk, method="post")
    assert sum(len(t["members"]) for t in response.json()["teams"]) == n
    teams = list(Team.objects.filter(classroom=klass).order_by("position"))
    mover = TeamMembership.objects.filter(team=teams[0]).first().student
    assert_budget(
        client,
        "rosters:teams_move",
        16,
        klass.pk,
        method="post",
        data={"student": mover.pk, "team": teams[1].pk},
        status=302,
    )
    assert TeamMembership.objects.get(student=mover).team == teams[1]
    response = assert_budget(
        client,
        "api-v1:move_student",
        17,
        klass.pk,
        method="post",
        json={"student_id": mover.pk, "team_id": teams[0].pk},
    )
    assert response.json()["team"]["id"] == teams[0].pk
    assert_budget(client, "rosters:avoid_remove", 10, klass.pk, pair.pk, method="post", status=302)
    assert not AvoidPair.objects.filter(pk=pair.pk).exists()
    assert_budget(
        client, "rosters:teams_lock", 10, klass.pk, method="post", data={"locked": "1"}, status=302
    )
    klass.refresh_from_db()
    assert klass.teams_locked

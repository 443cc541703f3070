"""The admin's people page: who may use it, what each change does (and records), the
filters, and its query budget."""

import pytest
from django.urls import reverse

from tests.budgets import assert_budget
from tests.factories import PASSWORD, StudentFactory, TeacherFactory, class_with
from tests.permissions import ACTORS, codes, request_as
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.accounts import actions as account_actions
from trellis.accounts.models import Role, User
from trellis.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


# The `world` (tests/world.py) built once for the module (tests/shared_rows.py); each test
# still gets its own copy, in its own savepoint.
_world_rows = built_once(build_world)


@pytest.fixture
def world(request, _world_rows, db):
    return for_test(request, _world_rows)


ADMIN_ONLY_POST = codes(anonymous=302, admin=302, rest=404)


@pytest.mark.parametrize("actor", ACTORS)
def test_page_is_for_admins(client, world, actor):
    expected = codes(anonymous=302, admin=200, far_admin=200, rest=404)[actor]
    assert request_as(client, world, actor, "get", reverse("people:list")).status_code == expected


@pytest.mark.parametrize("name", ["deactivate", "reactivate", "reset_signin", "change_role"])
@pytest.mark.parametrize("actor", ACTORS)
def test_changes_are_for_admins_of_the_same_school(client, world, actor, name):
    url = reverse(f"people:{name}", args=[world.student.pk])
    response = request_as(client, world, actor, "post", url, data={"role": "teacher"})
    assert response.status_code == ADMIN_ONLY_POST[actor], (actor, name)
    world.student.refresh_from_db()
    changed = (
        not world.student.is_active
        or world.student.role != Role.STUDENT
        or not world.student.has_usable_password()
    )
    assert changed == (actor == "admin" and name != "reactivate")


def test_admin_lists_own_school_only_with_last_signin(client, world):
    client.post(reverse("login"), {"username": "teacher", "password": PASSWORD})
    client.force_login(world.admin)
    page = client.get(reverse("people:list")).content.decode()
    assert world.teacher.name in page and world.far_teacher.name not in page
    row = page.split(f'id="person-{world.teacher.pk}"')[1].split("</tr>")[0]
    assert "<time" in row
    row = page.split(f'id="person-{world.other_teacher.pk}"')[1].split("</tr>")[0]
    assert "Never" in row


def test_filters(client, world):
    client.force_login(world.admin)
    url = reverse("people:list")

    def names(**params):
        body = client.get(url, params).content.decode()
        return {u.username for u in User.objects.all() if f'id="person-{u.pk}"' in body}

    assert names(role="teacher") == {"teacher", "other_teacher"}
    assert names(q=world.student.last_name) == {"student"}
    assert "other_student" in names(**{"class": world.other_class.pk})
    assert "student" not in names(**{"class": world.other_class.pk})
    # Another school's class id is not a filter (nothing leaks, everyone is listed).
    assert "student" in names(**{"class": world.far_class.pk})
    client.post(reverse("people:deactivate", args=[world.other_student.pk]))
    assert names(status="inactive") == {"other_student"}
    assert "other_student" not in names(status="active")


def test_deactivate_signs_out_and_reactivate(client, world):
    student_client = client.__class__()
    student_client.force_login(world.student)
    assert student_client.get("/").status_code == 200
    _, secret = account_actions.create_api_token(world.student, "script")
    client.force_login(world.admin)
    response = client.post(
        reverse("people:deactivate", args=[world.student.pk]), {"next": "/people/?role=student"}
    )
    assert response.status_code == 302 and response["Location"] == "/people/?role=student"
    assert student_client.get("/").status_code == 302  # signed out
    assert account_actions.user_for_token(secret) is None
    client.post(reverse("people:reactivate", args=[world.student.pk]))
    world.student.refresh_from_db()
    assert world.student.is_active
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "targets"))
    ref = f" user:{world.student.pk} "
    assert actions == [("people.deactivate", ref), ("people.reactivate", ref)]


def test_reset_signin_ends_sessions_and_tokens(client, world):
    teacher_client = client.__class__()
    assert teacher_client.login(username="teacher", password=PASSWORD)
    _, secret = account_actions.create_api_token(world.teacher, "script")
    client.force_login(world.admin)
    client.post(reverse("people:reset_signin", args=[world.teacher.pk]))
    world.teacher.refresh_from_db()
    assert not world.teacher.has_usable_password()
    assert teacher_client.get("/").status_code == 302
    assert not teacher_client.login(username="teacher", password=PASSWORD)
    assert account_actions.user_for_token(secret) is None
    entry = AuditEntry.objects.get(action="people.reset_signin")
    assert entry.actor == world.admin and "1 API token revoked" in entry.summary


def test_change_role_and_its_errors(client, world):
    client.force_login(world.admin)
    client.post(reverse("people:change_role", args=[world.teacher.pk]), {"role": "leader"})
    world.teacher.refresh_from_db()
    assert world.teacher.role == Role.LEADER
    entry = AuditEntry.objects.get(action="people.change_role")
    assert entry.summary == "Role changed from Teacher to School leader"

    response = client.post(
        reverse("people:change_role", args=[world.teacher.pk]), {"role": "wizard"}, follow=True
    )
    assert "Choose one of the roles" in response.content.decode()
    response = client.post(
        reverse("people:change_role", args=[world.admin.pk]), {"role": "teacher"}, follow=True
    )
    assert "You cannot change the role of your own account" in response.content.decode()
    response = client.post(reverse("people:deactivate", args=[world.admin.pk]), follow=True)
    assert "You cannot deactivate your own account" in response.content.decode()
    world.admin.refresh_from_db()
    assert world.admin.is_active and world.admin.role == Role.ADMIN
    assert AuditEntry.objects.count() == 1


def test_next_cannot_leave_the_site(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("people:deactivate", args=[world.student.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("people:list")


@pytest.mark.parametrize("n", [5, 500])
def test_same_query_count_for_5_and_500_people(client, world, n):
    klass = class_with(world.teacher, students=0, school=world.school)
    for _ in range(n):
        StudentFactory(school=world.school)
        TeacherFactory(school=world.school)
    client.force_login(world.admin)
    assert_budget(client, "people:list", 5)
    assert_budget(
        client, "people:list", 5, query={"q": "Given", "role": "student", "status": "active"}
    )
    assert_budget(client, "people:list", 5, query={"class": klass.pk})


@pytest.mark.parametrize("n", [5, 100])
def test_each_change_costs_the_same_for_5_and_100_people(client, world, n):
    for _ in range(n):
        StudentFactory(school=world.school)
    client.force_login(world.admin)
    pk = world.student.pk
    assert_budget(client, "people:deactivate", 10, pk, method="post", status=302)
    assert_budget(client, "people:reactivate", 10, pk, method="post", status=302)
    assert_budget(client, "people:reset_signin", 11, pk, method="post", status=302)
    assert_budget(
        client, "people:change_role", 10, pk, method="post", data={"role": "teacher"}, status=302
    )

"""An admin's sign-in help: invitations, a new password set for a person, unlocking."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests.budgets import assert_budget
from tests.factories import PASSWORD, StudentFactory, TeacherFactory
from tests.permissions import ACTORS, codes, request_as
from tests.shared_rows import built_once, for_test
from tests.world import build_world
from trellis.accounts import actions as account_actions
from trellis.accounts.models import ApiToken
from trellis.signin import throttle

pytestmark = pytest.mark.django_db


# The `world` (tests/world.py) built once for the module (tests/shared_rows.py); each test
# still gets its own copy, in its own savepoint.
_world_rows = built_once(build_world)


@pytest.fixture
def world(request, _world_rows, db):
    return for_test(request, _world_rows)


NEW = "a brand new passphrase 42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _invite_link(body: str) -> str:
    return re.search(r"https?://[^/]+(/sign-in/invitation/\S+/)", body).group(1)


def _accept(client, link, password=NEW):
    return client.post(client.get(link).url, {"new_password1": password, "new_password2": password})


def test_an_invited_teacher_sets_a_password_once(client, world):
    teacher = TeacherFactory(school=world.school, email="new@maple.example")
    teacher.set_unusable_password()
    teacher.save()
    client.force_login(world.admin)
    response = client.post(reverse("signin:invite", args=[teacher.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "invited you to Trellis at Maple Grove" in body and teacher.username in body
    link = _invite_link(body)
    visitor = Client()
    assert _accept(visitor, link).url == "/sign-in/reset/done/"
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)
    # The same link does nothing the second time, and says so.
    page = Client().get(link).content.decode()
    assert "This invitation link has expired or has already been used" in page


def test_an_expired_invitation_is_refused(client, world):
    teacher = TeacherFactory(school=world.school, email="new@maple.example")
    client.force_login(world.admin)
    client.post(reverse("signin:invite", args=[teacher.pk]))
    with override_settings(SIGNIN_INVITATION_DAYS=-1):
        page = Client().get(_invite_link(mail.outbox[0].body)).content.decode()
    assert "This invitation link has expired" in page
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)


def test_an_invitation_link_is_not_a_reset_link(client, world):
    teacher = TeacherFactory(school=world.school, email="new@maple.example")
    client.force_login(world.admin)
    client.post(reverse("signin:invite", args=[teacher.pk]))
    link = _invite_link(mail.outbox[0].body).replace("/invitation/", "/reset/")
    assert "has expired or has already been used" in Client().get(link).content.decode()


def test_a_person_without_email_gets_a_link_shown_to_the_admin(client, world):
    student = StudentFactory(school=world.school, email="")
    client.force_login(world.admin)
    response = client.post(reverse("signin:invite", args=[student.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and mail.outbox == []
    link = re.search(r'id="invitation-link">https?://[^/]+([^<]+)<', html).group(1)
    assert _accept(Client(), link).status_code == 302


def test_a_deactivated_person_cannot_be_invited(client, world):
    teacher = TeacherFactory(school=world.school, email="gone@maple.example", is_active=False)
    client.force_login(world.admin)
    response = client.post(reverse("signin:invite", args=[teacher.pk]), follow=True)
    assert "account is turned off" in response.content.decode()
    assert mail.outbox == []


def test_an_admin_sets_a_new_password_which_ends_sessions_and_tokens(client, world):
    elsewhere = Client()
    elsewhere.force_login(world.teacher)
    account_actions.create_api_token(world.teacher, "script")
    client.force_login(world.admin)
    url = reverse("signin:set_password", args=[world.teacher.pk])
    response = client.post(url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "New password set for" in response.content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.check_password(NEW)
    assert elsewhere.get("/").status_code == 302
    assert not ApiToken.objects.filter(user=world.teacher, revoked_at__isnull=True).exists()


@pytest.mark.parametrize(
    "one, two, message",
    [
        (NEW, NEW + "x", "The two passwords differ"),
        ("123", "123", "This password is too short"),
    ],
)
def test_a_bad_new_password_is_refused_and_changes_nothing(client, world, one, two, message):
    client.force_login(world.admin)
    url = reverse("signin:set_password", args=[world.teacher.pk])
    response = client.post(url, {"new_password1": one, "new_password2": two})
    assert response.status_code == 400
    assert message in response.content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.check_password(PASSWORD)


def test_the_person_page_shows_a_lock_and_unlocks(client, world):
    for _ in range(10):
        Client().post("/login/", {"username": "teacher", "password": "wrong"})
    client.force_login(world.admin)
    page = client.get(reverse("signin:person", args=[world.teacher.pk])).content.decode()
    assert "This account is locked after too many failed sign-ins" in page
    client.post(reverse("signin:unlock", args=[world.teacher.pk]))
    assert throttle.account_locked_until("teacher") is None
    assert (
        Client().post("/login/", {"username": "teacher", "password": PASSWORD}).status_code == 302
    )


def test_the_old_sign_in_help_list_is_now_the_people_page(client, world):
    """One people page: the sign-in help list's old address (and search) lands on it, and
    each person there links to their sign-in help."""
    response = client.get(reverse("signin:people"), {"q": "teacher"})
    assert response.status_code == 301
    assert response.url == reverse("people:list") + "?q=teacher"
    client.force_login(world.admin)
    html = client.get(response.url).content.decode()
    assert world.teacher.name in html and world.other_teacher.name in html
    assert world.far_teacher.name not in html
    assert reverse("signin:person", args=[world.teacher.pk]) in html
    assert reverse("signin:person", args=[world.admin.pk]) not in html


# --- permissions: only admins, only within their own school ----------------------------------

PERSON_ENDPOINTS = [
    ("get", "signin:person", {}),
    ("post", "signin:invite", {}),
    ("post", "signin:set_password", {"new_password1": NEW, "new_password2": NEW}),
    ("post", "signin:unlock", {}),
]


@pytest.mark.parametrize("method, name, data", PERSON_ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_an_admin_of_the_school_manages_a_persons_sign_in(
    client, world, actor, method, name, data
):
    world.teacher.email = "teacher@maple.example"
    world.teacher.save()
    ok = 200 if method == "get" else 302
    expected = codes(admin=ok, anonymous=302, rest=404)[actor]
    url = reverse(name, args=[world.teacher.pk])
    response = request_as(client, world, actor, method, url, data=data)
    assert response.status_code == expected
    if expected == 302 and actor == "anonymous":
        assert response.url.startswith("/login/")
    world.teacher.refresh_from_db()
    if actor != "admin":
        assert world.teacher.check_password(PASSWORD)


def test_an_admin_cannot_manage_their_own_sign_in_here(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("signin:person", args=[world.admin.pk])).status_code == 404


# --- query budgets ----------------------------------------------------------------------------


def test_person_page_budget(client, world):
    client.force_login(world.admin)
    client.get(reverse("signin:person", args=[world.teacher.pk]))
    assert_budget(client, "signin:person", 4, world.teacher.pk)


def test_each_admin_action_is_in_the_audit_log(client, world):
    from trellis.audit.models import AuditEntry

    world.teacher.email = "teacher@maple.example"
    world.teacher.save()
    client.force_login(world.admin)
    client.post(reverse("signin:invite", args=[world.teacher.pk]))
    client.post(
        reverse("signin:set_password", args=[world.teacher.pk]),
        {"new_password1": NEW, "new_password2": NEW},
    )
    client.post(reverse("signin:unlock", args=[world.teacher.pk]))
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "actor", "targets"))
    assert [e[0] for e in entries] == ["signin.invite", "signin.set_password", "signin.unlock"]
    assert all(e[1] == world.admin.pk and f"user:{world.teacher.pk}" in e[2] for e in entries)
    assert NEW not in str(list(AuditEntry.objects.values()))


def test_a_refused_change_leaves_no_audit_entry(client, world):
    from trellis.audit.models import AuditEntry

    client.force_login(world.far_admin)
    client.post(reverse("signin:unlock", args=[world.teacher.pk]))
    assert not AuditEntry.objects.exists()

"""Exact query budgets of the sign-in pages and actions (the same for small and large data),
including the single sign-on pages Trellis serves itself."""

import re

import httpx
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from tests.budgets import assert_budget
from tests.factories import PASSWORD, StudentFactory, TeacherFactory
from tests.signin import oidc

pytestmark = pytest.mark.django_db
NEW = "a brand new passphrase 42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _with_people(world, n):
    for _ in range(n):
        StudentFactory(school=world.school)
        TeacherFactory(school=world.school)


def _uid_token(body: str, kind: str) -> tuple[str, str]:
    uid, token = re.search(rf"/sign-in/{kind}/([^/\s]+)/([^/\s]+)/", body).groups()
    return uid, token


@pytest.mark.parametrize("n", [1, 30])
def test_password_reset_budgets(world, n):
    _with_people(world, n)
    teacher = TeacherFactory(school=world.school, email="ada@maple.example")
    client = Client()
    assert_budget(client, "signin:reset", 0)
    assert_budget(
        client, "signin:reset", 1, method="post", data={"email": "nobody@x.example"}, status=302
    )
    assert_budget(client, "signin:reset_sent", 0)
    client.post("/sign-in/reset/", {"email": "ada@maple.example"})
    uid, token = _uid_token(mail.outbox[-1].body, "reset")
    assert_budget(client, "signin:reset_confirm", 5, uid, token, status=302)
    assert_budget(client, "signin:reset_confirm", 2, uid, "set-password")
    assert_budget(
        client,
        "signin:reset_confirm",
        7,
        uid,
        "set-password",
        method="post",
        data={"new_password1": NEW, "new_password2": NEW},
        status=302,
    )
    assert_budget(client, "signin:reset_complete", 1)
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)


@pytest.mark.parametrize("n", [1, 30])
def test_invitation_budgets(world, n):
    _with_people(world, n)
    teacher = TeacherFactory(school=world.school, email="ada@maple.example")
    admin = Client()
    admin.force_login(world.admin)
    assert_budget(admin, "signin:invite", 8, teacher.pk, method="post", status=302)
    uid, token = _uid_token(mail.outbox[-1].body, "invitation")
    client = Client()
    assert_budget(client, "signin:invitation", 5, uid, token, status=302)
    assert_budget(client, "signin:invitation", 2, uid, "set-password")
    assert_budget(
        client,
        "signin:invitation",
        7,
        uid,
        "set-password",
        method="post",
        data={"new_password1": NEW, "new_password2": NEW},
        status=302,
    )
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)


@pytest.mark.parametrize("n", [1, 30])
def test_password_change_budgets(client, world, n):
    _with_people(world, n)
    client.force_login(world.teacher)
    assert_budget(client, "signin:password_change", 2)
    assert_budget(
        client,
        "signin:password_change",
        13,
        method="post",
        status=302,
        data={"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )


@pytest.mark.parametrize("n", [1, 30])
def test_admin_sign_in_help_budgets(client, world, n):
    _with_people(world, n)
    client.force_login(world.admin)
    assert_budget(client, "signin:people", 2, status=301)
    assert_budget(client, "signin:person", 4, world.teacher.pk)
    assert_budget(client, "signin:invite", 7, world.student.pk, method="post")
    assert_budget(
        client,
        "signin:set_password",
        12,
        world.teacher.pk,
        method="post",
        status=302,
        data={"new_password1": NEW, "new_password2": NEW},
    )
    assert_budget(client, "signin:unlock", 8, world.teacher.pk, method="post", status=302)


@pytest.mark.parametrize(
    "name, status",
    [
        ("socialaccount_login_cancelled", 200),
        ("socialaccount_login_error", 403),
        ("socialaccount_signup", 403),
        ("socialaccount_connections", 403),
    ],
)
def test_the_sso_pages_trellis_serves_cost_nothing(world, name, status):
    client = Client()
    assert_budget(client, name, 0, status=status)
    client.force_login(world.teacher)
    assert_budget(client, name, 2, status=status)


@pytest.fixture(scope="module")
def provider_url():
    with oidc.provider() as url:
        yield url


@pytest.mark.parametrize("n", [1, 30])
def test_the_openid_connect_budgets(world, provider_url, n):
    _with_people(world, n)
    teacher = TeacherFactory(school=world.school, email="ada@maple.example")
    oidc.set_identity(provider_url, f"ada-{n}", email="ada@maple.example", email_verified=True)
    with override_settings(SOCIALACCOUNT_PROVIDERS=oidc.providers_setting(provider_url)):
        client = Client()
        assert_budget(client, "openid_connect_login", 1, provider_id=oidc.PROVIDER_ID)
        to_provider = assert_budget(
            client,
            "openid_connect_login",
            11,
            method="post",
            status=302,
            provider_id=oidc.PROVIDER_ID,
        )
        assert to_provider.url.startswith(provider_url)
        back = httpx.post(to_provider.url, data={"sub": f"ada-{n}"})
        location = httpx.URL(back.headers["location"])
        response = assert_budget(
            client,
            "openid_connect_callback",
            25,
            query=dict(location.params.items()),
            status=302,
            provider_id=oidc.PROVIDER_ID,
        )
        assert response.url == "/" and client.get("/").context["user"] == teacher

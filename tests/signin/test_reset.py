"""Password reset by email: a generic answer, a one-time expiring link, and what a new
password ends (other sessions, API tokens)."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from tests.factories import PASSWORD, TeacherFactory
from trellis.accounts import actions as account_actions
from trellis.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

NEW = "a brand new passphrase 42"


def _imported_teacher(world, **kw):
    """A teacher as the roster import makes them: an email, no usable password."""
    teacher = TeacherFactory(school=world.school, email="ada@maple.example", **kw)
    teacher.set_unusable_password()
    teacher.save()
    return teacher


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/sign-in/reset/\S+/)", message.body).group(1)


def _reset(client, link, password=NEW):
    form_url = client.get(link).url  # Django swaps the token for a session key first
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_login_page_links_to_reset(client):
    assert 'href="/sign-in/reset/"' in client.get("/login/").content.decode()


def test_an_imported_teacher_gets_a_link_and_sets_a_password(client, world):
    teacher = _imported_teacher(world)
    response = client.post("/sign-in/reset/", {"email": "ADA@maple.example"})
    assert response.status_code == 302 and response.url == "/sign-in/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@maple.example"]
    assert "Choose a new Trellis password" in mail.outbox[0].subject
    assert _reset(client, _link(mail.outbox[0])).url == "/sign-in/reset/done/"
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)
    assert (
        client.post("/login/", {"username": teacher.username, "password": NEW}).status_code == 302
    )


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, world):
    known = client.post("/sign-in/reset/", {"email": "nobody@nowhere.example"})
    assert known.status_code == 302 and known.url == "/sign-in/reset/sent/"
    assert mail.outbox == []
    page = client.get(known.url).content.decode()
    assert "If that address belongs to a Trellis account" in page


def test_a_deactivated_person_gets_no_email(client, world):
    _imported_teacher(world, is_active=False)
    client.post("/sign-in/reset/", {"email": "ada@maple.example"})
    assert mail.outbox == []


def test_a_used_link_is_refused_with_a_message_and_changes_nothing(client, world):
    teacher = _imported_teacher(world)
    client.post("/sign-in/reset/", {"email": "ada@maple.example"})
    link = _link(mail.outbox[0])
    _reset(client, link)
    again = Client().get(link)
    page = Client().get(again.url if again.status_code == 302 else link).content.decode()
    assert "This password reset link has expired or has already been used" in page
    assert "Ask for a new link" in page
    teacher.refresh_from_db()
    assert teacher.check_password(NEW)


def test_an_expired_link_is_refused(client, world):
    teacher = _imported_teacher(world)
    client.post("/sign-in/reset/", {"email": "ada@maple.example"})
    link = _link(mail.outbox[0])
    with override_settings(PASSWORD_RESET_TIMEOUT=-1):
        page = client.get(link).content.decode()
    assert "has expired or has already been used" in page
    teacher.refresh_from_db()
    assert not teacher.has_usable_password()


def test_a_new_password_ends_other_sessions_and_tokens(client, world):
    teacher = world.teacher
    teacher.email = "t@maple.example"
    teacher.save()
    elsewhere = Client()
    elsewhere.force_login(teacher)
    assert elsewhere.get("/").status_code == 200
    _, secret = account_actions.create_api_token(teacher, "script")
    client.post("/sign-in/reset/", {"email": "t@maple.example"})
    _reset(client, _link(mail.outbox[0]))
    assert elsewhere.get("/").status_code == 302  # signed out
    assert ApiToken.objects.get(user=teacher).revoked_at is not None
    api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.status_code == 401


def test_changing_ones_password_keeps_this_session_only(client, world):
    elsewhere = Client()
    elsewhere.force_login(world.teacher)
    account_actions.create_api_token(world.teacher, "script")
    client.force_login(world.teacher)
    response = client.post(
        "/sign-in/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert not ApiToken.objects.filter(user=world.teacher, revoked_at__isnull=True).exists()


def test_a_reset_lifts_an_account_lock(client, world):
    from trellis.signin import throttle

    teacher = _imported_teacher(world)
    for _ in range(10):
        client.post("/login/", {"username": teacher.username, "password": "wrong"})
    assert throttle.account_locked_until(teacher.username)
    client.post("/sign-in/reset/", {"email": "ada@maple.example"})
    _reset(client, _link(mail.outbox[0]))
    assert throttle.account_locked_until(teacher.username) is None


def test_a_weak_password_is_refused_beside_the_field(client, world):
    _imported_teacher(world)
    client.post("/sign-in/reset/", {"email": "ada@maple.example"})
    response = _reset(client, _link(mail.outbox[0]), password="123")
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()


@pytest.mark.parametrize(
    "env, backend",
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        ({"TRELLIS_EMAIL_BACKEND": "file"}, "django.core.mail.backends.filebased.EmailBackend"),
        ({"EMAIL_HOST": "mail.example"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_email_settings_from_the_environment(env, backend, tmp_path):
    from trellis.settings.signin import email_settings

    assert email_settings(env, default_dir=tmp_path)["EMAIL_BACKEND"] == backend


def test_email_url_is_parsed(tmp_path):
    from trellis.settings.signin import email_settings

    s = email_settings(
        {"EMAIL_URL": "smtp+tls://mailer%40school.example:p%2Fss@smtp.example:2525"},
        default_dir=tmp_path,
    )
    assert (s["EMAIL_HOST"], s["EMAIL_PORT"], s["EMAIL_USE_TLS"]) == ("smtp.example", 2525, True)
    assert (s["EMAIL_HOST_USER"], s["EMAIL_HOST_PASSWORD"]) == ("mailer@school.example", "p/ss")
    with pytest.raises(ValueError, match="EMAIL_URL scheme"):
        email_settings({"EMAIL_URL": "smtps://x"}, default_dir=tmp_path)
